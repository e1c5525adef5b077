import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { SignInPage, expectAccessible, launch, watchConsole } from './browser.js';

let app: TestApp;
let browser: Browser;
let applicationId: string;

/** The pre-employment checks page of one application. */
class PreEmploymentPage {
  constructor(private readonly page: Page, private readonly base: string) {}

  async open(id: string) {
    await this.page.goto(`${this.base}/vetting/applications/${id}/pre-employment`);
    await this.verifyOnPage();
  }

  async verifyOnPage() {
    await expect.poll(() => this.page.locator('h1').textContent()).toBe('Pre-employment checks');
  }

  coverage() {
    return this.page.locator('[data-qa=coverage]');
  }
}

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  const advisor = { viewer: { userId: null, personId: null, roles: ['senior_vetting_advisor' as const], label: 'setup' }, correlationId: 'setup' };
  applicationId = (await app.services.vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Marigold', surname: 'Thistlethwaite', level: 'RV', receivedOn: '2026-06-30' })).id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('pre-employment checks in the browser (Chromium, axe-core on every page)', () => {
  it('records history with its gaps, a qualification and an interview with its record', async () => {
    const { totpSecret } = await app.user('browser.pre-employment', ['vetting_researcher']);
    const page = await (await browser.newContext()).newPage();
    const problems = watchConsole(page);
    await new SignInPage(page, app.url).signIn('browser.pre-employment', totpSecret);

    await page.goto(`${app.url}/vetting/applications/${applicationId}`);
    await expectAccessible(page);
    await page.click('[data-qa=pre-employment-link]');
    const checks = new PreEmploymentPage(page, app.url);
    await checks.verifyOnPage();
    await expectAccessible(page);

    await page.click('[data-qa=add-employment]');
    await page.click('[data-qa=save-entry]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose what the applicant was doing');
    await expectAccessible(page);
    await page.check('#kind');
    await page.fill('#organisation', 'Harrowgate Mills');
    await page.fill('#role', 'Shift supervisor');
    await page.fill('#fromOn', '01/03/2023');
    await page.check('#verification-2'); // verified: the details appear
    await page.selectOption('#verificationMethod', 'employer_contact');
    await page.fill('#verifiedBy', 'Vetting Officer Pell Ashdown');
    await page.fill('#verifiedOn', '02/07/2026');
    await expectAccessible(page);
    await page.click('[data-qa=save-entry]');
    await checks.verifyOnPage();
    await expect.poll(() => checks.coverage().getAttribute('data-reaches-back')).toBe('no');
    expect(await page.locator('[data-qa=gaps]').textContent()).toContain('nothing is recorded from 30 June 2021 to 28 February 2023');
    await expectAccessible(page);

    await page.click('[data-qa=add-qualification]');
    await page.fill('#title', 'Level 3 Certificate in Knowledge of Policing');
    await page.fill('#awardingBody', 'Synthetic Awarding Body');
    await page.fill('#awardedOn', '14/07/2022');
    await page.check('#neededForPost');
    await page.click('[data-qa=save-qualification]');
    await checks.verifyOnPage();
    expect(await page.locator('[data-qa=qualifications]').textContent()).toContain('Not yet verified');

    await page.click('[data-qa=add-interview]');
    await expectAccessible(page);
    await page.fill('#scheduledOn', '15/07/2026');
    await page.fill('#scheduledTime', '10:30');
    await page.fill('#location', 'Headquarters, room 2.14');
    await page.fill('#interviewerName', 'Vetting Officer Pell Ashdown');
    await page.click('[data-qa=save-interview]');
    await expect.poll(() => page.locator('[data-qa=interview-status]').getAttribute('data-status')).toBe('scheduled');
    await expectAccessible(page);

    const dir = mkdtempSync(join(tmpdir(), 'probity-interview-'));
    const record = join(dir, 'interview-record.txt');
    writeFileSync(record, 'Agreed record of the vetting interview (synthetic).\n');
    await page.check('#outcome');
    await page.fill('#heldOn', '15/07/2026');
    await page.setInputFiles('#record', record);
    await page.click('[data-qa=save-outcome]');
    await expect.poll(() => page.locator('[data-qa=interview-status]').getAttribute('data-status')).toBe('held');
    expect(await page.locator('[data-qa=download-record]').textContent()).toBe('interview-record.txt');
    await expectAccessible(page);
    await page.fill('#copyGivenOn', '17/07/2026');
    await page.click('[data-qa=save-copy-given]');
    await expect.poll(() => page.locator('[data-qa=interview-status]').textContent()).toContain('copy given to the interviewee on 17 July 2026');

    await checks.open(applicationId);
    await page.click('text=Remove');
    await expectAccessible(page);
    await page.click('[data-qa=confirm-remove]');
    await checks.verifyOnPage();
    await expect.poll(() => checks.coverage().getAttribute('data-gaps')).toBe('1');
    expect(await page.locator('[data-qa=employment-history]').textContent()).toContain('No employment history recorded yet');
    expect(problems).toEqual([]);
  });
});

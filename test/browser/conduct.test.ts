import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { CONDUCT_PEOPLE, CONDUCT_UNITS, seedPeople } from '../support/people.js';
import { expectAccessible, launch, signedInPage, watchConsole } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  Object.assign(ids, await seedPeople(app, CONDUCT_UNITS, CONDUCT_PEOPLE));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('complaints and conduct in the browser (Chromium, axe-core on every page)', () => {
  it('takes a complaint on the public form at phone width, with an accessible error summary and acknowledgement', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })).newPage();
    const problems = watchConsole(page);
    await page.goto(`${app.url}/complaints/new`);
    await expectAccessible(page);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.click('[data-qa=send-complaint]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Tell us what happened');
    await expectAccessible(page);
    await page.click('.govuk-error-summary a[href="#email"]');
    await page.fill('#forenames', 'Ivo');
    await page.fill('#surname', 'Lanterngate');
    await page.fill('#email', 'ivo@example.com');
    await page.check('#affected');
    await page.fill('#whatHappened', 'The officer who stopped me was rude and would not give a collar number.');
    await page.click('[data-qa=send-complaint]');
    await page.waitForURL(/\/complaints\/submitted$/);
    expect(await page.locator('[data-qa=complaint-reference]').textContent()).toMatch(/^PSD-\d{4}-[2-9A-Z]{8}$/);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('a chief inspector in PSD works a case through every page', async () => {
    const { page, problems } = await signedInPage(app, browser, ['psd_supervisor'], { personId: ids.W1 });
    await expectAccessible(page); // home, with the conduct card
    await page.goto(`${app.url}/conduct`);
    await expectAccessible(page);
    await page.click('[data-qa=open-case]');
    await expectAccessible(page);
    await page.click('[data-qa=create-case]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.check('#kind-2');
    await page.fill('#summary', 'Inappropriate comments to a colleague at a briefing.');
    await page.click('[data-qa=create-case]');
    await expect.poll(() => page.locator('[data-qa=case-reference]').count()).toBe(1);
    await expectAccessible(page);

    await page.click('summary:has-text("Add an allegation")');
    await page.selectOption('#allegation-category', 'F2');
    await page.fill('#allegation-description', 'Sexual comments about a colleague.');
    await page.fill('#allegation-subjectPayrollNumbers', 'S1');
    await page.click('[data-qa=add-allegation]');
    await expect.poll(() => page.locator('[data-qa=subjects]').textContent()).toContain('Arlowen Quillfeather');
    await expectAccessible(page);
    await page.click('summary:has-text("Add or remove a flag")');
    await page.check('#flag-flag-2');
    await page.click('[data-qa=add-flag]');
    await expect.poll(() => page.locator('[data-qa=case-flags]').textContent()).toContain('Abuse of position for a sexual purpose');
    await expectAccessible(page);

    await page.click('[data-qa=parties-link]');
    await expectAccessible(page);
    await page.check('#purpose-3');
    await page.click('[data-qa=choose-purpose]');
    await expectAccessible(page);
    await page.click('[data-qa=add-party]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.check('#party-role-2');
    await page.check('#party-colleague');
    await page.fill('#party-forenames', 'Gwenllian');
    await page.fill('#party-surname', 'Brackenridge');
    await page.click('[data-qa=add-party]');
    await expect.poll(() => page.locator('[data-qa=party]').count()).toBe(1);
    await page.click('summary:has-text("Record or update the support plan")');
    await expectAccessible(page);

    await page.goto(page.url().replace(/\/parties\?.*$/, '/decisions'));
    await expectAccessible(page);
    await page.check('#recording-decision');
    await page.fill('#recording-rationale', 'A recordable conduct matter.');
    await page.click('[data-qa=decide-recording]');
    await expect.poll(() => page.locator('[data-qa=case-status]').textContent()).toBe('Recorded');
    await expectAccessible(page);
    await page.click('[data-qa=decide-severity]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose the severity');
    await expectAccessible(page);

    for (const path of ['/conduct/data-quality', '/conduct/reports/seniority', `/people/${ids.S1}`]) {
      await page.goto(app.url + path);
      await expectAccessible(page);
    }
    await page.goto(`${app.url}/conduct/data-quality`);
    expect(await page.locator('[data-qa=finding-apsp_without_public]').count()).toBe(1);
    await page.goto(`${app.url}/people/${ids.S1}`);
    expect(await page.locator('[data-qa=conduct-history]').textContent()).toContain('Conduct matter');
    expect(problems).toEqual([]);
  });
});

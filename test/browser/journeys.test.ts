import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { currentCode } from '../../src/platform/auth/totp.js';
import { SignInPage, expectAccessible, launch, watchConsole, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};

const newSignedInPage = (roles: Parameters<TestApp['user']>[1], personId: string | null = null) => signedInPage(app, browser, roles, { personId });

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  await app.db.query(`insert into posts (code, title, unit_id, required_vetting_level, designated) values
    ('PST-1', 'Response sergeant', (select id from units where code = 'RESP'), 'RV', false),
    ('PST-2', 'PSD investigator', (select id from units where code = 'PSD'), 'MV', true)`);
  const hr = { viewer: { userId: null, personId: null, roles: ['hr' as const], label: 'setup' }, correlationId: 'setup' };
  await app.services.workforce.syncFromHr(hr, [
    { payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01', postCode: 'PST-1', collarNumber: '4471', sex: 'Female' },
    { payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'staff', unitCode: 'PSD', startDate: '2012-01-01', lineManagerPayrollNumber: 'P1', postCode: 'PST-2' },
  ], 'delta');
  for (const p of ['P1', 'P2']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('browser journeys (Chromium, axe-core on every page)', () => {
  it('signs in, with accessible sign-in and error pages', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems = watchConsole(page);
    await page.goto(`${app.url}/sign-in`);
    await expectAccessible(page);
    await page.click('[data-qa=sign-in]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter your username');
    await expectAccessible(page);
    const { totpSecret } = await app.user('journey.signin', ['hr']);
    await page.fill('#username', 'journey.signin');
    await page.fill('#password', 'correct horse battery');
    await page.click('[data-qa=sign-in]');
    await page.waitForURL(/second-factor/);
    await expectAccessible(page);
    await new SignInPage(page, app.url).signIn('journey.signin', totpSecret).catch(() => undefined);
    expect(problems).toEqual([]);
  });

  it('searches people and opens a person page', async () => {
    const { page, problems } = await newSignedInPage(['hr']);
    await expectAccessible(page);
    await page.goto(`${app.url}/people`);
    await page.fill('[data-qa=people-search]', 'quill');
    await page.click('[data-qa=search-button]');
    await expect.poll(() => page.locator('[data-qa=result-count]').textContent()).toContain('1 person found');
    await expectAccessible(page);
    await page.click('text=Quillfeather, Arlowen');
    await expect.poll(() => page.locator('[data-qa=person-name]').textContent()).toBe('Arlowen Quillfeather');
    await expectAccessible(page);
    await page.click('text=View protected characteristics');
    await expectAccessible(page);
    await page.check('text=Reasonable adjustments');
    await page.click('button:has-text("Continue")');
    await expect.poll(() => page.locator('[data-qa=protected-characteristics]').textContent()).toContain('Female');
    await expectAccessible(page);
    for (const path of ['/posts', `/posts?filter=designated`, '/accessibility', '/workforce/imports/format', '/people/00000000-0000-4000-8000-000000000000']) {
      await page.goto(app.url + path);
      await expectAccessible(page);
    }
    await page.goto(`${app.url}/posts`);
    await page.click('text=PST-2');
    await expect.poll(() => page.locator('h1').textContent()).toBe('PSD investigator');
    await expectAccessible(page);
    await page.click('text=Edit post');
    await expectAccessible(page);
    await page.check('#requiredVettingLevel-3');
    await page.click('[data-qa=save]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('A designated post needs management vetting');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('imports a file with errors, shows every problem, then imports the corrected file', async () => {
    const { page, problems } = await newSignedInPage(['hr']);
    const dir = mkdtempSync(join(tmpdir(), 'probity-upload-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Payroll number,Forenames,Surname,Person type,Unit code,Start date,Post code\nP3,,Thistlewick,officer,RESP,2020-01-01,\nP4,Dorrin,Underwhistle,officer,RESP,2020-02-30,PST-9\n');
    await page.goto(`${app.url}/workforce/imports`);
    await expectAccessible(page);
    await page.click('[data-qa=import-submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Select a CSV or Excel file');
    await expectAccessible(page);
    await page.setInputFiles('#file', bad);
    await page.click('[data-qa=import-submit]');
    await expect.poll(async () => (await page.reload(), page.locator('[data-qa=import-status]').getAttribute('data-status')), { timeout: 20_000 }).toBe('rejected');
    const errors = await page.locator('[data-qa=import-errors] tbody tr').allTextContents();
    expect(errors).toHaveLength(3);
    expect(errors.join(' ')).toContain('Post PST-9 does not exist');
    await expectAccessible(page);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'Payroll number,Forenames,Surname,Person type,Unit code,Start date\nP3,Corvin,Thistlewick,officer,RESP,2020-01-01\nP4,Dorrin,Underwhistle,officer,RESP,2020-02-28\n');
    await page.goto(`${app.url}/workforce/imports`);
    await page.setInputFiles('#file', good);
    await page.click('[data-qa=import-submit]');
    await expect.poll(async () => (await page.reload(), page.locator('[data-qa=import-status]').getAttribute('data-status')), { timeout: 20_000 }).toBe('succeeded');
    expect(await page.locator('[data-qa=import-summary]').textContent()).toMatch(/New people\s*2/);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('shows a stale edit a clear conflict message and keeps the first save', async () => {
    const first = await newSignedInPage(['hr']);
    const second = await newSignedInPage(['hr']);
    for (const { page } of [first, second]) await page.goto(`${app.url}/people/${ids.P2}/edit`);
    await expectAccessible(first.page);
    await first.page.fill('#surname', 'Marrowby-First');
    await first.page.click('[data-qa=save]');
    await expect.poll(() => first.page.locator('.govuk-notification-banner').textContent()).toContain('Changes saved');
    await expectAccessible(first.page);
    await second.page.fill('#surname', 'Marrowby-Second');
    await second.page.click('[data-qa=save]');
    await expect.poll(() => second.page.locator('.govuk-error-summary').textContent()).toContain('Someone else changed this record after you opened it');
    expect(await second.page.inputValue('#surname')).toBe('Marrowby-First');
    await expect.poll(() => second.page.locator('[data-qa=conflict]').count()).toBe(1);
    await expectAccessible(second.page);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('keeps administrator and auditor pages accessible', async () => {
    const admin = await newSignedInPage(['system_admin']);
    for (const path of ['/admin/users', '/admin/users/new', '/admin/tokens']) {
      await admin.page.goto(app.url + path);
      await expectAccessible(admin.page);
    }
    await admin.page.goto(`${app.url}/admin/users/new`);
    await admin.page.click('button:has-text("Add user")');
    await expect.poll(() => admin.page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(admin.page);
    await admin.page.fill('#username', 'new.person');
    await admin.page.fill('#displayName', 'New Person');
    await admin.page.check('input[value=psd_caseworker]');
    await admin.page.click('button:has-text("Add user")');
    await expect.poll(() => admin.page.locator('[data-qa=temporary-password]').count()).toBe(1);
    await expectAccessible(admin.page);
    const password = (await admin.page.locator('[data-qa=temporary-password]').textContent())!.trim();
    await admin.page.click('text=Go to the user');
    await expectAccessible(admin.page);
    // The new user sets up their second factor at first sign-in.
    const newcomer = await (await browser.newContext()).newPage();
    await newcomer.goto(`${app.url}/sign-in`);
    await newcomer.fill('#username', 'new.person');
    await newcomer.fill('#password', password);
    await newcomer.click('[data-qa=sign-in]');
    await newcomer.waitForURL(/set-up-second-factor/);
    await expectAccessible(newcomer);
    const secret = (await newcomer.locator('[data-qa=totp-secret]').textContent())!.replace(/\s/g, '');
    await newcomer.fill('#code', currentCode(secret));
    await newcomer.click('button:has-text("Continue")');
    // A temporary password must be replaced before anything else.
    await newcomer.waitForURL(/\/account\/password/);
    await expect.poll(() => newcomer.locator('[data-qa=signed-in-as]').textContent()).toBe('New Person');
    await expectAccessible(newcomer);
    await newcomer.goto(`${app.url}/people`);
    expect(newcomer.url()).toMatch(/\/account\/password$/);
    await newcomer.fill('#currentPassword', password);
    await newcomer.fill('#newPassword', 'short');
    await newcomer.click('[data-qa=change-password]');
    await expect.poll(() => newcomer.locator('.govuk-error-summary').textContent()).toContain('at least 12 characters');
    await expectAccessible(newcomer);
    await newcomer.fill('#currentPassword', password);
    await newcomer.fill('#newPassword', 'lantern orchard pebble');
    await newcomer.fill('#confirmPassword', 'lantern orchard pebble');
    await newcomer.click('[data-qa=change-password]');
    await expect.poll(() => newcomer.locator('.govuk-notification-banner').textContent()).toContain('Your password has been changed');
    const auditor = await newSignedInPage(['auditor']);
    await auditor.page.goto(`${app.url}/audit?action=person`);
    await expectAccessible(auditor.page);
    await auditor.page.goto(`${app.url}/audit?from=2026-13-45`);
    await expectAccessible(auditor.page);
    expect([...admin.problems, ...auditor.problems]).toEqual([]);
  });

  it('takes a vetting application from opening to a decision, refusing one without its rationale', async () => {
    const { page, problems } = await newSignedInPage(['senior_vetting_advisor']);
    await expect.poll(() => page.locator('[data-qa=conditions-due]').count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${app.url}/vetting`);
    await expectAccessible(page);
    await page.click('text=Open an application');
    await expectAccessible(page);
    await page.click('[data-qa=open-application]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.check('#kind-4'); // renewal
    await page.fill('#payrollNumber', 'P2');
    await page.check('#level-3'); // RV
    await page.click('[data-qa=open-application]');
    await expect.poll(() => page.locator('[data-qa=applicant]').textContent()).toMatch(/^Bexley Marrowby/);
    await expectAccessible(page);
    await page.click('summary:has-text("Record a check")');
    await page.selectOption('#checkType', 'financial');
    await page.check('#result-2');
    await page.fill('#checkedOn', '2026-11-02');
    await page.selectOption('#traceCategory', 'financial');
    await page.fill('#traceDescription', 'County court judgment, 2021, satisfied');
    await page.click('[data-qa=record-check]');
    await expect.poll(() => page.locator('[data-qa=checks]').textContent()).toContain('County court judgment');
    await page.check('#outcome');
    await page.click('[data-qa=record-decision]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('write the threat and risk assessment part of the rationale');
    await expectAccessible(page);
    await page.check('#outcome');
    for (const [field, text] of [['information', 'Financial check found a satisfied county court judgment.'], ['threatAndRisk', 'Low risk: paid, declared, no further debt.'], ['powersAndPolicy', 'APP Vetting on financial vulnerability.'], ['options', 'Refuse, clear, or clear with a review.'], ['decisionAndReview', 'Clear; review at the next renewal.']]) await page.fill(`#${field}`, text!);
    await page.check('text=Financial vulnerability');
    await page.click('[data-qa=record-decision]');
    await expect.poll(() => page.locator('[data-qa=decision]').textContent()).toContain('Clearance');
    await expectAccessible(page);
    await page.click('[data-qa=letter]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Vetting decision: clearance granted');
    await expectAccessible(page);
    const pdf = await page.request.get(page.url() + '.pdf');
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.goto(`${app.url}/people/${ids.P2}`);
    await expect.poll(() => page.locator('[data-qa=current-clearance]').textContent()).toContain('RV');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('has a second decision maker ratify an officer’s decision from the work list, and a condition owner review the condition', async () => {
    const advisor = { viewer: { userId: (await app.user('browser.decider', ['senior_vetting_advisor'])).id, personId: null, roles: ['senior_vetting_advisor' as const], label: 'Decider' }, correlationId: 'setup' };
    const vetting = app.services.vetting;
    const { id } = await vetting.createApplication(advisor, { kind: 'renewal', personId: ids.P1!, level: 'RV', receivedOn: '2026-11-01' });
    await vetting.recordCheck(advisor, id, { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-02', traces: [{ category: 'financial', description: 'Debt relief order in 2020' }] });
    const rationale = { information: 'Debt relief order in 2020, discharged in 2021.', threatAndRisk: 'Some financial vulnerability; mitigated by a review.', riskFactors: ['Financial vulnerability'], powersAndPolicy: 'APP Vetting on financial checks.', options: 'Refuse, clear, or clear with conditions.', decisionAndReview: 'Clear with an annual financial review.' };
    const owner = await app.user('browser.owner', ['ccu_intelligence_officer']);
    await vetting.decide(advisor, id, { outcome: 'clearance_with_conditions', version: (await vetting.view(advisor, id)).application.version, rationale, conditions: [{ description: 'Annual financial review', responsibleUnit: 'ccu', ownerName: 'CCU owner', ownerUsername: 'browser.owner', reviewOn: '2026-11-30' }] });

    const { page, problems } = await newSignedInPage(['force_vetting_manager']);
    await page.goto(`${app.url}/vetting/work`);
    await expectAccessible(page);
    await page.click(`[data-qa=work-ratify] a`);
    await expect.poll(() => page.locator('[data-qa=awaiting-ratification]').count()).toBe(1);
    expect(await page.locator('[data-qa=letter]').count()).toBe(0);
    await expectAccessible(page);
    await page.click('[data-qa=record-ratification]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose whether you ratify the decision');
    await expectAccessible(page);
    await page.check('#verdict');
    await page.fill('#ratificationNote', 'The review condition mitigates the risk.');
    await page.click('[data-qa=record-ratification]');
    await expect.poll(() => page.locator('[data-qa=ratified]').textContent()).toContain('The review condition mitigates the risk.');
    await expect.poll(() => page.locator('[data-qa=timeline]').textContent()).toContain('Decision ratified');
    await page.goto(`${app.url}/vetting/rules`);
    await expectAccessible(page);
    await page.fill('[id="value-vetting.compliance.pndRecheckMonths"]', 'twelve');
    await page.click('text=Save periodic pnd re-check');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('write the value as JSON');
    await expectAccessible(page);
    expect(problems).toEqual([]);

    const ownerPage = await (await browser.newContext()).newPage();
    const ownerProblems = watchConsole(ownerPage);
    await new SignInPage(ownerPage, app.url).signIn('browser.owner', owner.totpSecret);
    await ownerPage.click('[data-qa=conditions-due] a');
    await expect.poll(() => ownerPage.locator('[data-qa=condition]').textContent()).toContain('Annual financial review');
    await expectAccessible(ownerPage);
    await ownerPage.click('[data-qa=record-condition-review]');
    await expect.poll(() => ownerPage.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(ownerPage);
    await ownerPage.check('#finding');
    await ownerPage.fill('#note', 'Finances reviewed: no new debt.');
    await ownerPage.fill('#nextReviewOn', '2099-11-30');
    await ownerPage.click('[data-qa=record-condition-review]');
    await expect.poll(() => ownerPage.locator('[data-qa=condition]').textContent()).toContain('30 November 2099');
    expect(ownerProblems).toEqual([]);
  });

  it('works without JavaScript', async () => {
    const { totpSecret } = await app.user('nojs.user', ['hr']);
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await new SignInPage(page, app.url).signIn('nojs.user', totpSecret);
    await page.goto(`${app.url}/people?q=bexley`);
    expect(await page.locator('[data-qa=result-count]').textContent()).toContain('1 person found');
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import type { ActorContext } from '../../src/platform/access/guard.js';
import { expectAccessible, launch, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

const newSignedInPage = (roles: Parameters<TestApp['user']>[1]) => signedInPage(app, browser, roles, { prefix: 'appeals' });

/** An application decided today by a senior vetting advisor. */
async function decided(outcome: 'refusal' | 'clearance', who: { personId?: string; forenames?: string; surname?: string }) {
  const advisor: ActorContext = { viewer: { userId: ids.advisor!, personId: null, roles: ['senior_vetting_advisor'], label: 'advisor.b' }, correlationId: 'setup' };
  const vetting = app.services.vetting;
  const { id } = await vetting.createApplication(advisor, { kind: who.personId ? 'renewal' : 'recruit', ...who, level: 'RV', receivedOn: '2026-11-01' });
  await vetting.recordCheck(advisor, id, { checkType: 'pnc', result: 'clear', checkedOn: '2026-11-02', traces: [] });
  await vetting.decide(advisor, id, { outcome, version: (await vetting.view(advisor, id)).application.version, conditions: [] });
  return id;
}

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  const hr = { viewer: { userId: null, personId: null, roles: ['hr' as const], label: 'setup' }, correlationId: 'setup' };
  await app.services.workforce.syncFromHr(hr, [{ payrollNumber: 'B1', forenames: 'Marlow', surname: 'Ashdown-Pike', personType: 'officer', unitCode: 'RESP', startDate: '2011-01-01' }], 'delta');
  ids.B1 = (await app.services.workforce.personIdByPayroll('B1'))!;
  ids.advisor = (await app.user('advisor.b', ['senior_vetting_advisor'])).id;
  await app.user('head.psd.b', ['head_of_psd']);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('vetting appeals and withdrawal in the browser (axe-core on every page)', () => {
  it('takes an appeal against refusal from lodging to a letter', async () => {
    const applicationId = await decided('refusal', { forenames: 'Elspeth', surname: 'Varley-Knox' });
    const { page, problems } = await newSignedInPage(['force_vetting_manager']);
    await page.goto(`${app.url}/vetting/applications/${applicationId}`);
    await expect.poll(() => page.locator('[data-qa=section-appeals]').count()).toBe(1);
    await expectAccessible(page);
    await page.click('[data-qa=lodge-appeal-link]');
    await expectAccessible(page);
    await page.click('[data-qa=lodge-appeal]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose the decision being appealed');
    await expectAccessible(page);
    await page.check('#against');
    await page.fill('#grounds', 'The refusal relied on a record that is not mine.');
    await page.click('[data-qa=lodge-appeal]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Appeal APL-\d{4}-\d{6} lodged/);
    await expectAccessible(page);

    await page.click('[data-qa=check-criteria]');
    await expectAccessible(page);
    await page.click('[data-qa=save-criteria]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    for (const code of ['grounds_in_writing', 'new_information', 'unreasonable', 'guidance_not_followed', 'unfair_process']) {
      await page.check(`input[name=met_${code}][value=${code === 'grounds_in_writing' || code === 'new_information' ? 'yes' : 'no'}]`);
      await page.fill(`#criteria-${code}-notes`, `Considered: ${code.replace(/_/g, ' ')}`);
    }
    await page.click('[data-qa=save-criteria]');
    await expect.poll(() => page.locator('[data-qa=appeal-status]').textContent()).toContain('panel to appoint');

    await page.click('[data-qa=appoint-panel]');
    await expectAccessible(page);
    await page.fill('#chair', 'advisor.b');
    await page.click('[data-qa=save-panel]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('made the decision under appeal');
    await expectAccessible(page);
    await page.fill('#chair', 'head.psd.b');
    await page.click('[data-qa=save-panel]');
    await expect.poll(() => page.locator('[data-qa=panel]').textContent()).toContain('head.psd.b (chair)');

    await page.click('[data-qa=record-outcome]');
    await expectAccessible(page);
    await page.check('#outcome-2');
    await page.fill('#rationale', 'The panel found the refusal was reasonable on the information held.');
    await page.click('[data-qa=save-outcome]');
    await expect.poll(() => page.locator('[data-qa=outcome]').textContent()).toContain('Not upheld');
    await expectAccessible(page);
    await page.click('[data-qa=appeal-letter]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Vetting appeal: not upheld');
    await expectAccessible(page);
    await page.goto(`${app.url}/vetting/appeals?state=decided`);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('runs a withdrawal assessment through its pages', async () => {
    await decided('clearance', { personId: ids.B1 });
    const { page, problems } = await newSignedInPage(['force_vetting_manager']);
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.locator('[data-qa=appeals-withdrawals-card]').count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${app.url}/vetting/withdrawals`);
    await expectAccessible(page);
    await page.click('[data-qa=open-withdrawal]');
    await expectAccessible(page);
    await page.fill('#payrollNumber', 'B1');
    await page.click('[data-qa=open-assessment]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter the concern');
    await expectAccessible(page);
    await page.fill('#concern', 'Charged with an offence of dishonesty');
    await page.selectOption('#concernSource', 'criminal_investigation');
    await page.fill('#information', 'Charged on 3 November with fraud by false representation.');
    await page.fill('#threatAndRisk', 'Dishonesty goes to the heart of the evidential chain.');
    await page.fill('#powersAndPolicy', 'Police (Vetting) Regulations 2025; statutory guidance.');
    await page.fill('#options', 'Retain pending trial; retain with restrictions; withdraw.');
    await page.fill('#decisionAndReview', 'Assess withdrawal; review on the outcome of the trial.');
    await page.check('input[name=riskFactors][value="Dishonesty or integrity"]');
    await page.check('#linkedProcess-2');
    await page.fill('#linkedReference', 'PSD-2026-0100');
    await page.click('[data-qa=open-assessment]');
    await expect.poll(() => page.locator('[data-qa=subject-name]').textContent()).toContain('Marlow Ashdown-Pike');
    await expectAccessible(page);
    await page.click('[data-qa=serve-notice]');
    await expectAccessible(page);
    await page.check('#method');
    await page.fill('#servedOn', today);
    await page.click('[data-qa=save-notice]');
    await expect.poll(() => page.locator('[data-qa=notice]').textContent()).toContain('in person');
    await expect.poll(() => page.locator('[data-qa=not-ready]').count()).toBe(1);
    await page.click('[data-qa=record-representations]');
    await expectAccessible(page);
    await page.fill('#summary', 'The officer denies the charge and will plead not guilty.');
    await page.click('[data-qa=save-representations]');
    // Wait for the case page after each save, or the next click lands on the page being left.
    await expect.poll(() => page.locator('[data-qa=representations]').textContent()).toContain('will plead not guilty');
    await page.click('[data-qa=record-interview]');
    await expectAccessible(page);
    await page.fill('#record', 'Interviewed with a police friend present; the officer repeated the denial.');
    await page.click('[data-qa=save-interview]');
    await expect.poll(() => page.locator('[data-qa=interview]').textContent()).toContain('repeated the denial');
    await page.click('[data-qa=decide-withdrawal]');
    await expectAccessible(page);
    await page.click('[data-qa=save-decision]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.check('#decision');
    for (const [field, text] of [['information', 'Charge confirmed by the CPS; trial listed for next year.'], ['threatAndRisk', 'A charge of dishonesty cannot be mitigated by conditions.'],
      ['powersAndPolicy', 'Police (Vetting) Regulations 2025 regulation on withdrawal.'], ['options', 'Retain; retain with conditions; withdraw clearance.'], ['decisionAndReview', 'Withdraw; the appeal route is explained in the notice.']]) await page.fill(`#${field}`, text!);
    await page.check('input[name=riskFactors][value="Dishonesty or integrity"]');
    await page.click('[data-qa=save-decision]');
    await expect.poll(() => page.locator('[data-qa=withdrawal-decision]').textContent()).toContain('Withdraw clearance');
    await expectAccessible(page);
    await page.goto(`${app.url}/vetting/withdrawals?state=concluded`);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../src/platform/access/guard.js';
import type { Role } from '../../src/platform/access/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { SignInPage, expectAccessible, launch, watchConsole } from './browser.js';

let app: TestApp;
let browser: Browser;
const accounts: Record<string, { id: string; totpSecret: string; roles: Role[] }> = {};
const applications: Record<string, string> = {};
let signIns = 0;

const RATIONALE = {
  information: 'Financial check shows a county court judgment from 2021, since satisfied.',
  threatAndRisk: 'Low risk of financial vulnerability now; judgment paid and declared.', riskFactors: ['Financial vulnerability'],
  powersAndPolicy: 'APP Vetting on financial checks; force policy on debt.', options: 'Refuse, clear, or clear with a financial review condition.',
  decisionAndReview: 'Refused on the whole picture; the applicant may reapply in a year.',
};

const actor = (name: string): ActorContext => ({ viewer: { userId: accounts[name]!.id, personId: null, roles: accounts[name]!.roles, label: name }, correlationId: 'browser-setup' });

/** A refusal (or clearance) decided and, where needed, ratified, with its events delivered. */
async function decide(outcome: 'refusal' | 'clearance', adverse: boolean, surname: string) {
  const vetting = app.services.vetting;
  const { id } = await vetting.createApplication(actor('ada.decider'), { kind: 'recruit', forenames: 'Tamsin', surname, level: 'RV', receivedOn: '2026-11-01' });
  await vetting.recordCheck(actor('ada.decider'), id, adverse
    ? { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-03', traces: [{ category: 'financial', description: 'County court judgment, 2021, satisfied' }] }
    : { checkType: 'financial', result: 'clear', checkedOn: '2026-11-03', traces: [] });
  const version = (await vetting.view(actor('ada.decider'), id)).application.version;
  await vetting.decide(actor('ada.decider'), id, { outcome, version, rationale: adverse ? RATIONALE : undefined, conditions: [] });
  const [d] = await app.db.query<{ status: string }>('select status from vetting_decisions where application_id = $1', [id]);
  if (d?.status === 'awaiting_ratification') await vetting.ratify(actor('rory.ratifier'), id, { verdict: 'ratify', note: 'Ratified: the reasoning is sound.' });
  await app.services.bus.dispatch();
  return id;
}

/** Signs in as a fresh account with the named account's roles (a one-time code works once), or as the account itself. */
async function signedIn(name: string, sameUser = false): Promise<{ page: Page; problems: string[] }> {
  let username = name;
  let secret = accounts[name]!.totpSecret;
  if (!sameUser) {
    username = `${name}.b${++signIns}`;
    secret = (await app.user(username, accounts[name]!.roles)).totpSecret;
  }
  const page = await (await browser.newContext()).newPage();
  const problems = watchConsole(page);
  await new SignInPage(page, app.url).signIn(username, secret);
  return { page, problems };
}

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  for (const [name, roles] of Object.entries({ 'ada.decider': ['senior_vetting_advisor'], 'bram.checker': ['senior_vetting_advisor'], 'cass.manager': ['force_vetting_manager'], 'rory.ratifier': ['force_vetting_manager'] } as Record<string, Role[]>)) {
    accounts[name] = { ...(await app.user(name, roles)), roles };
  }
  await app.db.transaction((tx) => app.services.settings.put(tx, 'vetting.qa.sampleAllRefusals', true, null, 0));
  applications.refused = await decide('refusal', true, 'Wrenfold');
  applications.cleared = await decide('clearance', false, 'Pennick');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('quality assurance of vetting decisions (Chromium, axe-core on every page)', () => {
  it('takes a sampled refusal from the work list to a finding, with an error summary first', async () => {
    const { page, problems } = await signedIn('bram.checker');
    await page.goto(`${app.url}/vetting/quality`);
    await expectAccessible(page);
    await page.click('[data-qa=qa-work-list] a.govuk-link');
    await expect.poll(() => page.locator('[data-qa=qa-heading]').textContent()).toBe('Quality assurance: Tamsin Wrenfold');
    await expectAccessible(page);
    await page.click('[data-qa=qa-record-finding]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose a finding');
    await expectAccessible(page);
    await page.check('#finding-3');
    await page.click('[data-qa=qa-record-finding]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Write feedback for the decision maker');
    await expectAccessible(page);
    await page.check('input[name=learningThemes][value="Risk assessment of the adverse information"]');
    await page.fill('#feedback', 'A satisfied judgment alone does not support refusal: weigh the time elapsed.');
    await page.check('#action');
    await page.click('[data-qa=qa-record-finding]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Finding recorded');
    expect(await page.locator('[data-qa=qa-finding]').textContent()).toContain('Referred to the force vetting manager');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('shows the decision maker the feedback on their home page, and takes their acknowledgement', async () => {
    const { page, problems } = await signedIn('ada.decider', true);
    await expect.poll(() => page.locator('[data-qa=qa-feedback]').textContent()).toContain('Disagree');
    await expectAccessible(page);
    await page.click('[data-qa=qa-feedback] a');
    await expect.poll(() => page.locator('[data-qa=qa-own-decision]').count()).toBe(1);
    await expectAccessible(page);
    await page.click('[data-qa=qa-acknowledge]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Feedback acknowledged');
    await page.goto(`${app.url}/vetting/quality/feedback`);
    await expectAccessible(page);
    await page.goto(`${app.url}/vetting/applications/${applications.refused}`);
    await expect.poll(() => page.locator('[data-qa=section-quality]').textContent()).toContain('Quality-assured: disagree');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('gives the manager referrals, reports, settings and adding a decision by hand', async () => {
    const { page, problems } = await signedIn('cass.manager');
    await page.goto(`${app.url}/vetting/quality?status=referred`);
    await expectAccessible(page);
    await page.click('[data-qa=qa-work-list] a.govuk-link');
    await page.click('[data-qa=qa-referral-submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter the response to the referral');
    await expectAccessible(page);
    await page.fill('#response', 'Discussed with the decision maker; the applicant is invited to reapply.');
    await page.click('[data-qa=qa-referral-submit]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Response to the referral recorded');
    await expectAccessible(page);

    await page.goto(`${app.url}/vetting/quality/reports`);
    expect(await page.locator('[data-qa=qa-report-decision-makers]').textContent()).toContain('ada.decider');
    await expectAccessible(page);
    await page.fill('#from', '2026-13');
    await page.click('[data-qa=qa-report-show]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);

    await page.goto(`${app.url}/vetting/quality/settings`);
    await expectAccessible(page);
    await page.fill('#sampleSharePercent', 'lots');
    await page.click('[data-qa=qa-settings-save]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('percentage from 0 to 100');
    await expectAccessible(page);

    await page.goto(`${app.url}/vetting/applications/${applications.cleared}`);
    await expect.poll(() => page.locator('[data-qa=section-quality]').textContent()).toContain('Not in the quality-assurance pool');
    await expectAccessible(page);
    await page.click('[data-qa=qa-add]');
    await page.click('[data-qa=qa-add-submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.fill('#reason', 'A new decision maker’s first month of clearances.');
    await page.click('[data-qa=qa-add-submit]');
    await expect.poll(() => page.locator('[data-qa=qa-selection]').textContent()).toContain('Added to the sample by');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

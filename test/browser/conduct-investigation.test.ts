import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../src/platform/access/guard.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { CONDUCT_PEOPLE, CONDUCT_UNITS, seedPeople } from '../support/people.js';
import { expectAccessible, launch, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};
let caseId = '';

const setup = (personId: string, roles: ActorContext['viewer']['roles']): ActorContext => ({ viewer: { userId: null, personId, roles, label: 'setup' }, correlationId: 'setup' });

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  Object.assign(ids, await seedPeople(app, CONDUCT_UNITS, CONDUCT_PEOPLE));
  // A recorded case flagged prejudicial and improper behaviour, to be investigated locally.
  const conduct = app.services.conduct;
  const boss = setup(ids.W1!, ['psd_supervisor']);
  const { id } = await conduct.createCase(boss, { kind: 'conduct_matter', summary: 'Sexual comments to a colleague at a briefing.', receivedOn: '2026-11-02' });
  await conduct.addAllegation(boss, id, { category: 'F2', description: 'Sexual comments to a colleague.', subjects: [{ personId: ids.S1! }], version: 1 });
  await conduct.setFlag(boss, id, { flag: 'prejudicial_improper_behaviour', version: 2 }, true);
  await conduct.decide(boss, id, 'recording', { decision: 'record', rationale: 'Recordable.', version: 3 });
  await conduct.decide(boss, id, 'handling_route', { route: 'investigation_local', rationale: 'Local investigation.', version: 4 });
  caseId = id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('investigations in the browser (Chromium, axe-core on every page)', () => {
  it('a PSD supervisor opens and endorses a plan, works lines of inquiry, and finalisation is refused while lines are open', async () => {
    const { page, problems } = await signedInPage(app, browser, ['psd_supervisor'], { personId: ids.W1, prefix: 'investigation' });
    await page.goto(`${app.url}/conduct/cases/${caseId}`);
    expect(await page.locator('[data-qa=section-investigation] [data-qa=plan-status]').textContent()).toContain('No plan yet');
    await expectAccessible(page);
    await page.click('[data-qa=investigation-link]');
    await expectAccessible(page);

    await page.click('[data-qa=save-plan]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter the terms of reference');
    await expectAccessible(page);
    await page.fill('#plan-termsOfReference', 'Establish what was said at the briefing, and whether it was repeated.');
    await page.click('[data-qa=save-plan]');
    await expect.poll(() => page.locator('[data-qa=line]').count()).toBe(6);
    await expectAccessible(page);

    // Progress before endorsement is refused on the form, with the reason in the error summary.
    await page.locator('summary:has-text("Record progress on ‘Body-worn video’")').click();
    await page.locator('[data-qa=line]', { hasText: 'Body-worn video' }).locator('textarea').first().fill('Requested footage.');
    await page.locator('[data-qa=line]', { hasText: 'Body-worn video' }).locator('[data-qa=record-progress]').click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('has not been endorsed by a supervisor');
    await expectAccessible(page);

    await page.click('[data-qa=endorse-plan]');
    await expect.poll(() => page.locator('[data-qa=plan-status]').textContent()).toContain('Endorsed by');
    const bwv = page.locator('[data-qa=line]', { hasText: 'Body-worn video' });
    await bwv.locator('summary:has-text("done or closed")').click();
    await bwv.locator('[data-qa=conclude-line]').click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose whether the line was done');
    await expectAccessible(page);
    const bwvAgain = page.locator('[data-qa=line]', { hasText: 'Body-worn video' });
    await bwvAgain.locator('input[value=done]').check();
    await bwvAgain.locator('textarea[name=conclusion]').fill('No footage: the camera was not recording.');
    await bwvAgain.locator('[data-qa=conclude-line]').click();
    await expect.poll(() => page.locator('[data-qa=line-counts]').textContent()).toContain('5 open, 1 done');

    await page.click('summary:has-text("Record a review")');
    await page.check('#review-kind');
    await page.fill('#review-summary', 'Plan proportionate; prioritise the IT systems check.');
    await page.click('[data-qa=record-review]');
    await expect.poll(() => page.locator('[data-qa=reviews]').textContent()).toContain('Plan proportionate');
    await page.click('summary:has-text("Record a notice served on a subject")');
    await page.check('#notice-kind');
    await page.check('#notice-method');
    await page.click('[data-qa=serve-notice]');
    await expect.poll(() => page.locator('[data-qa=notices]').textContent()).toContain('Regulation 17 notice');
    await expectAccessible(page);

    // The core's finalisation form lists what is open.
    await page.goto(`${app.url}/conduct/cases/${caseId}/decisions`);
    await page.fill('#finalisation-rationale', 'Investigation complete.');
    await page.click('[data-qa=decide-finalisation]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain("Line of inquiry 'Radio location checks' is still open");
    expect(await page.locator('.govuk-error-summary li').count()).toBe(5);
    await expectAccessible(page);

    for (const path of ['/conduct/investigations', '/conduct/investigations/past-twelve-months', `/conduct/cases/${caseId}`, '/']) {
      await page.goto(app.url + path);
      await expectAccessible(page);
    }
    expect(await page.locator('[data-qa=investigation-overdue]').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});

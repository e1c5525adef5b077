import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { CONDUCT_PEOPLE, CONDUCT_UNITS, seedPeople } from '../support/people.js';
import { expectAccessible, launch, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  Object.assign(ids, await seedPeople(app, CONDUCT_UNITS, CONDUCT_PEOPLE));
  // One recorded conduct matter with an allegation flagged as prejudicial and improper behaviour.
  const conduct = app.services.conduct;
  const psd = { viewer: { userId: null, personId: ids.W1!, roles: ['psd_supervisor' as const], label: 'setup' }, correlationId: 'setup' };
  const { id } = await conduct.createCase(psd, { kind: 'conduct_matter', summary: 'Sexual comments to a colleague at a briefing.', receivedOn: '2026-01-12' });
  const allegationId = await conduct.addAllegation(psd, id, { category: 'F2', description: 'Sexual comments to a colleague.', subjects: [{ personId: ids.S1! }], version: 1 });
  await conduct.setFlag(psd, id, { flag: 'prejudicial_improper_behaviour', allegationId, version: 2 }, true);
  await conduct.decide(psd, id, 'recording', { decision: 'record', rationale: 'A recordable conduct matter.', version: 3 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('conduct reporting in the browser (Chromium, axe-core on every page)', () => {
  it('the head of PSD filters cases, reads the reports and runs a review of PIB allegations', async () => {
    const { page, problems } = await signedInPage(app, browser, ['head_of_psd'], { personId: ids.W1 });
    page.setDefaultTimeout(10_000); // a missing element fails with its selector, well inside the test's time
    await page.goto(`${app.url}/conduct/reports`);
    await expectAccessible(page);
    await page.click('[data-qa=work-lists] a[href="/conduct/reports/cases?queue=to_assess"]');
    await expect.poll(() => page.locator('[data-qa=case-count]').textContent()).toBe('1 case');
    await expectAccessible(page);
    await page.fill('#receivedFrom', '2026-02-01');
    await page.fill('#receivedTo', '2026-01-01');
    await page.click('[data-qa=filter-cases]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('The end of the period must be on or after its start');
    await expectAccessible(page);
    await page.fill('#receivedFrom', '');
    await page.fill('#receivedTo', '');
    await page.selectOption('#queue', '');
    await page.selectOption('#flag', 'prejudicial_improper_behaviour');
    await page.fill('#subject', 'S1');
    await page.click('[data-qa=filter-cases]');
    await expect.poll(() => page.locator('[data-qa=found-cases] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-qa=export-cases]').count()).toBe(1);

    for (const path of ['/conduct/reports/timeliness', '/conduct/reports/volumes']) {
      await page.goto(app.url + path);
      await expectAccessible(page);
    }
    expect(await page.locator('[data-qa=volume-totals]').textContent()).toContain('1 case and 1 allegation');

    await page.goto(`${app.url}/conduct/reviews/pib`);
    await expectAccessible(page);
    await page.click('[data-qa=open-review]');
    await expectAccessible(page);
    await page.click('[data-qa=create-review]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter the title of the review');
    await expectAccessible(page);
    await page.fill('#title', 'PIB review 2023 to 2026');
    await page.fill('#reviewerName', 'Superintendent Greyholt');
    await page.click('[data-qa=create-review]');
    await expect.poll(() => page.locator('[data-qa=review-items] [data-qa=item]').count()).toBe(1);
    await expectAccessible(page);

    await page.click('[data-qa=record-finding]');
    await expectAccessible(page);
    await page.check('#victimsSupported-3'); // No
    await page.check('#assessmentRight');
    await page.check('#investigationComprehensive');
    await page.click('[data-qa=save-finding]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Explain in the notes what fell short');
    await expectAccessible(page);
    await page.fill('#notes', 'The colleague victim had no support plan.');
    await page.click('[data-qa=save-finding]');
    await expect.poll(() => page.locator('[data-qa=review-progress]').textContent()).toContain('1 of 1 findings recorded');
    expect(await page.locator('[data-qa=summary-victimsSupported]').textContent()).toContain('No: 1');
    await page.fill('#summary', 'The one colleague victim was not supported.');
    await page.click('[data-qa=complete-review]');
    await expect.poll(() => page.locator('[data-qa=review-summary]').textContent()).toContain('was not supported');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('OPCC scrutiny sees the aggregate reports and nothing about cases', async () => {
    const { page, problems } = await signedInPage(app, browser, ['opcc_scrutiny']);
    await page.goto(`${app.url}/conduct/reports`);
    await expectAccessible(page);
    expect(await page.locator('[data-qa=work-lists]').count()).toBe(0);
    await page.click('[data-qa=timeliness-link]');
    await expect.poll(() => page.locator('[data-qa=timeliness]').count()).toBe(1);
    await expectAccessible(page);
    await page.fill('#from', '2026-13');
    await page.click('[data-qa=show-timeliness]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    expect((await page.goto(`${app.url}/conduct/reports/cases`))!.status()).toBe(403);
    expect(problems).toEqual([]);
  });
});

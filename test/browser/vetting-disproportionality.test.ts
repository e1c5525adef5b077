import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launch, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
let externalId: string;

const newSignedInPage = (roles: Role[]) => signedInPage(app, browser, roles, { prefix: 'dispro' });

/** n decided applications with monitoring rows, seeded straight into the tables the report reads. */
async function seed(n: number, ethnicity: string, outcome: string) {
  const rows = await app.db.query<{ id: string }>(
    `insert into vetting_applications (reference, kind, applicant_forenames, applicant_surname, level, status, received_on)
     select 'SEED-' || nextval('vetting_reference_seq'), 'recruit', 'Seeded', 'Applicant', 'RV', 'decided', '2026-01-01' from generate_series(1, $1::int) returning id`,
    [n],
  );
  const idList = rows.map((r) => r.id);
  await app.db.query(`insert into vetting_decisions (application_id, outcome, level, decided_on, decided_by_label, had_adverse_information) select unnest($1::uuid[]), $2, 'RV', '2026-03-01', 'Seed', false`, [idList, outcome]);
  await app.db.query(`insert into vetting_equality_monitoring (application_id, application_kind, ethnicity) select unnest($1::uuid[]), 'recruit', $2`, [idList, ethnicity]);
}

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  await seed(6, 'White', 'refusal');
  await seed(54, 'White', 'clearance');
  await seed(8, 'Black, Black British, Caribbean or African', 'refusal');
  await seed(12, 'Black, Black British, Caribbean or African', 'clearance');
  await seed(2, 'Mixed or multiple ethnic groups', 'refusal');
  const advisor = { viewer: { userId: null, personId: null, roles: ['senior_vetting_advisor' as const], label: 'setup' }, correlationId: 'setup' };
  externalId = (await app.services.vetting.createApplication(advisor, { kind: 'non_police', forenames: 'Corvin', surname: 'Thistlewick', dateOfBirth: '1999-02-03', level: 'NPPV2', receivedOn: '2026-11-01' })).id;
  await app.services.bus.dispatch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('vetting disproportionality in the browser (Chromium, axe-core on every page)', () => {
  it('shows the report with an accessible chart and table, then the overview', async () => {
    const { page, problems } = await newSignedInPage(['force_vetting_manager']);
    await page.goto(`${app.url}/vetting/disproportionality`);
    await expectAccessible(page);
    await page.selectOption('#outcome', 'refusal');
    await page.fill('#from', '2026-01-01');
    await page.click('[data-qa=show-figures]');
    await expect.poll(() => page.locator('[data-qa=summary]').textContent()).toContain('Refusal by ethnic group, decided on or after 1 January 2026');
    expect(await page.locator('svg[role=img] title').textContent()).toBe('Relative rate of refusal by ethnic group, compared with White');
    expect(await page.locator('[data-qa=chart-row]').count()).toBe(8);
    const black = page.locator('[data-qa=row]', { hasText: 'Black, Black British' });
    expect(await black.textContent()).toMatch(/4\.00[\s\S]*1\.58 to 10\.13[\s\S]*Higher/);
    expect(await page.locator('[data-qa=row]', { hasText: 'Mixed or multiple' }).textContent()).toContain('<5');
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.click('[data-qa=csv-link]');
    expect((await download).suggestedFilename()).toBe('vetting-disproportionality-ethnicity-refusal-from-2026-01-01.csv');

    await page.click('[data-qa=overview-link]');
    await expect.poll(() => page.locator('[data-qa=overview-row]').count()).toBe(7);
    expect(await page.locator('[data-qa=overview]').textContent()).toContain('Black, Black British, Caribbean or African');
    await expectAccessible(page);

    await page.goto(`${app.url}/vetting/disproportionality?from=2026-02-30`);
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);

    await page.goto(`${app.url}/vetting/disproportionality`);
    await page.click('[data-qa=settings-link]');
    await expectAccessible(page);
    await page.fill('#suppressBelow', 'ten');
    await page.click('[data-qa=save-settings]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter a whole number from 0 to 100');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('records an external applicant’s equality monitoring without showing the answers back', async () => {
    const { page, problems } = await newSignedInPage(['hr']);
    await expectAccessible(page);
    await page.click('[data-qa=equality-card]');
    await page.waitForURL(/\/vetting\/equality$/);
    await expectAccessible(page);
    const [{ reference }] = (await app.db.query<{ reference: string }>('select reference from vetting_applications where id = $1', [externalId])) as [{ reference: string }];
    await page.fill('#reference', reference);
    await page.click('[data-qa=find-application]');
    await page.waitForURL(/\/equality$/);
    await expectAccessible(page);
    await page.check('input[name=ethnicity][value="Other ethnic group"]');
    await page.check('input[name=disability][value="Prefer not to say"]');
    await page.click('[data-qa=save-equality]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Equality monitoring recorded');
    expect(await page.locator('[data-qa=monitoring-status]').textContent()).toMatch(/Ethnic group\s*Recorded/);
    expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

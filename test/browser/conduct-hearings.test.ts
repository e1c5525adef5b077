import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../src/platform/access/guard.js';
import type { Role } from '../../src/platform/access/roles.js';
import { HearingsRepository } from '../../src/modules/conduct/hearings/data.js';
import { HearingsService, todayInLondon } from '../../src/modules/conduct/hearings/service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launch, signedInPage, watchConsole } from './browser.js';

let app: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};
let caseId = '';
let hearingId = '';
let letterId = '';
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: randomUUID(), personId, roles, label: `setup:${roles[0]}` }, correlationId: 'setup' });

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  const s = app.services;
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  const officer = (payrollNumber: string, forenames: string, surname: string, rankOrGrade: string, unitCode: string) => ({ payrollNumber, forenames, surname, personType: 'officer' as const, rankOrGrade, unitCode, startDate: '2010-01-01' });
  await s.workforce.syncFromHr(actor(['hr']), [officer('S1', 'Arlowen', 'Quillfeather', 'Constable', 'RESP'), officer('W1', 'Corrin', 'Ashdown', 'Sergeant', 'PSD'), officer('W4', 'Fenna', 'Oakhurst', 'Chief Inspector', 'PSD')], 'delta');
  for (const p of ['S1', 'W1', 'W4']) ids[p] = (await s.workforce.personIdByPayroll(p))!;
  const cw = actor(['psd_caseworker'], ids.W1);
  const aa = actor(['appropriate_authority'], ids.W4);
  const conduct = s.conduct;
  const version = async () => (await conduct.view(cw, caseId)).case.version;
  caseId = (await conduct.createCase(cw, { kind: 'public_complaint', summary: 'Threatening messages sent to a member of the public.', receivedOn: '2026-01-05' })).id;
  await conduct.addAllegation(cw, caseId, { category: 'C3', description: 'Sent threatening messages.', subjects: [{ personId: ids.S1! }], version: 1 });
  await conduct.decide(cw, caseId, 'recording', { decision: 'record', rationale: 'Recordable.', version: 2 });
  await conduct.decide(aa, caseId, 'handling_route', { route: 'investigation_local', rationale: 'Local.', version: 3 });
  await conduct.decide(aa, caseId, 'severity', { personId: ids.S1!, severity: 'gross_misconduct', reflectivePractice: false, rationale: 'If proved.', version: 4 });
  await conduct.decide(aa, caseId, 'case_to_answer', { personId: ids.S1!, finding: 'case_to_answer_gross_misconduct', rationale: 'Report supports it.', version: 5 });
  const partyId = await conduct.addParty(cw, caseId, { role: 'complainant', colleague: false, forenames: 'Hollin', surname: 'Verrity', address: '4 Lanthorn Row, Anyshire', postcode: 'AN1 2BC', vulnerable: false, version: await version() });

  const hearings = new HearingsService({
    db: app.db, audit: s.audit, bus: s.bus, settings: s.settings, conduct,
    people: { personBasics: (id, q) => s.workforce.personBasics(id, q), personIdByPayroll: (p) => s.workforce.personIdByPayroll(p), rankOrGrade: async (id, q) => (await s.workforce.rankOrGrade(id, q)) ?? null },
  }, new HearingsRepository(app.db));
  hearingId = await hearings.schedule(cw, caseId, {
    kind: 'misconduct_hearing', subjectPersonIds: [ids.S1!], hearingDate: todayInLondon(), startTime: '09:30', venue: 'Probity House, Court Room 2, Anyshire', inPublic: true,
    allegationsForPublication: 'That the officer sent threatening messages to a member of the public, breaching the standard of discreditable conduct.',
  });
  await hearings.appointPanel(cw, caseId, hearingId, { panel: [
    { type: 'chief_officer_chair', name: 'ACC Wren Holloway' }, { type: 'independent_member', name: 'Mira Castellan' },
    { type: 'independent_member', name: 'Odo Pellingham' }, { type: 'legally_qualified_adviser', name: 'Tamsin Greave' },
  ], version: 1 });
  await hearings.publish(cw, caseId, hearingId, { kind: 'notice', version: 2 });
  letterId = await hearings.createLetter(cw, caseId, { partyId, kind: 'outcome', letterDate: todayInLondon(), body: 'Your complaint was upheld.', reviewCriteria: [] });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('hearings, publication and letters in the browser (Chromium, axe-core on every page)', () => {
  it('shows the public hearings page at phone width, without signing in', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })).newPage();
    const problems = watchConsole(page);
    await page.goto(`${app.url}/hearings`);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.locator('[data-qa=public-officer]').allTextContents()).toEqual(['Constable Arlowen Quillfeather']);
    expect(await page.locator('main').textContent()).not.toContain('Verrity');
    expect(problems).toEqual([]);
  });

  it('a PSD caseworker works the hearing and letter pages', async () => {
    const { page, problems } = await signedInPage(app, browser, ['psd_caseworker'], { personId: ids.W1 });
    await page.goto(`${app.url}/conduct/cases/${caseId}`);
    await page.click('[data-qa=hearings-link]');
    await expectAccessible(page);
    await page.click(`a[href="/conduct/cases/${caseId}/hearings/${hearingId}"]`);
    await expect.poll(() => page.locator('[data-qa=hearing-title]').textContent()).toBe('Misconduct hearing');
    await expectAccessible(page);
    await page.fill('#conclusion-concludedOn', 'not a date');
    await page.click('[data-qa=conclude]');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.fill('#conclusion-concludedOn', todayInLondon());
    await page.click('[data-qa=conclude]');
    await expect.poll(() => page.locator('[data-qa=hearing-summary]').textContent()).toContain('Due by');
    await expectAccessible(page);

    await page.goto(`${app.url}/conduct/cases/${caseId}/letters`);
    await expectAccessible(page);
    await page.click(`a[href="/conduct/cases/${caseId}/letters/${letterId}"]`);
    await expect.poll(() => page.locator('[data-qa=letter-recipient]').textContent()).toContain('Hollin Verrity');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

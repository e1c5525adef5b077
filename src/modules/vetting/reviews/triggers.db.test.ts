import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { JobScheduler } from '../../../platform/jobs/scheduler.js';
import { ComplianceRepository } from '../compliance/data.js';
import { PostholderProjection } from '../compliance/projection.js';
import { ComplianceService } from '../compliance/service.js';
import { COMPLIANCE_SETTINGS } from '../compliance/settings.js';
import { actor, grantClearance, jobs, recordPnd, seedPeople, seedPosts } from '../compliance/test/fixtures.js';
import { PND_RECHECK_REASON } from './pnd.js';

let app: TestApp;
let ids: Record<string, string>;
const advisor = actor(['senior_vetting_advisor']);

const openApplications = (personId: string) => app.db.query<{ id: string; kind: string; level: string; reviewReason: string }>(
  `select id, kind, level, review_reason as "reviewReason" from vetting_applications where person_id = $1 and status = 'open' order by created_at`, [personId]);
const reminders = (personId: string) => app.db.query<{ daysBefore: number; reviewNote: string | null }>(
  'select days_before as "daysBefore", review_note as "reviewNote" from vetting_expiry_reminders where person_id = $1 order by days_before desc', [personId]);
async function setting(key: string, value: unknown) {
  await app.db.transaction(async (tx) => app.services.settings.put(tx, key, value, null, await app.services.settings.version(key, tx)));
}
async function openApplication(personId: string) {
  await app.services.vetting.createApplication(advisor, { kind: 'review', personId, level: 'RV', receivedOn: '2026-11-01', reviewReason: 'Annual integrity review' });
}

beforeAll(async () => {
  app = await startTestApp();
  await seedPosts(app);
  ids = await seedPeople(app, [
    { payroll: 'R1', forenames: 'Quentin', surname: 'Ashby', unit: 'CCU', post: 'PST-A' },
    { payroll: 'R2', forenames: 'Rowena', surname: 'Birch', unit: 'RESP', post: 'PST-B' },
    { payroll: 'R3', forenames: 'Silas', surname: 'Crane', unit: 'RESP', post: 'PST-E' },
    { payroll: 'R4', forenames: 'Tamsin', surname: 'Dell', unit: 'RESP', post: 'PST-I' },
    { payroll: 'R5', forenames: 'Ulric', surname: 'Evers', unit: 'RESP', post: 'PST-J' },
    { payroll: 'R7', forenames: 'Wilf', surname: 'Garrow', unit: 'CCU', post: 'PST-C' },
    { payroll: 'R8', forenames: 'Yarrow', surname: 'Hale', unit: 'INT', post: 'PST-D' },
    { payroll: 'N1', forenames: 'Alder', surname: 'Inchbold', unit: 'INT', post: 'PST-F' },
    { payroll: 'N2', forenames: 'Briar', surname: 'Jessop', unit: 'RESP' },
    { payroll: 'N3', forenames: 'Cress', surname: 'Kellow', unit: 'RESP' },
    { payroll: 'N4', forenames: 'Dunstan', surname: 'Lyle', unit: 'RESP' },
    { payroll: 'N5', forenames: 'Eider', surname: 'Morrow', unit: 'RESP' },
  ]);
  // Expiry scenario; every one has a recent PND check, so only the PND scenario's people are due a re-check.
  const recent = { pndMonthsAgo: 1 };
  await grantClearance(app.db, ids.R1!, 'MV', { decidedDaysAgo: 2470, expiresInDays: 85, ...recent });
  await grantClearance(app.db, ids.R2!, 'RV', { expiresInDays: 25, ...recent });
  await grantClearance(app.db, ids.R3!, 'RV', { expiresInDays: 50, ...recent });
  await grantClearance(app.db, ids.R4!, 'RV', { expiresInDays: 200, ...recent });
  await grantClearance(app.db, ids.R5!, 'RV', { expiresInDays: -3, ...recent });
  await grantClearance(app.db, crypto.randomUUID(), 'RV', { expiresInDays: 40, ...recent }); // not serving
  await grantClearance(app.db, ids.R7!, 'RV', { expiresInDays: 80, ...recent });
  await grantClearance(app.db, ids.R8!, 'MV', { expiresInDays: 85, ...recent });
  await openApplication(ids.R3!);
  // PND scenario.
  await grantClearance(app.db, ids.N1!, 'MV', { expiresInDays: 2000, pndMonthsAgo: 13 });
  await grantClearance(app.db, ids.N2!, 'RV', { expiresInDays: 2000, pndMonthsAgo: 11 });
  await grantClearance(app.db, ids.N3!, 'RV', { expiresInDays: 2000 });
  await grantClearance(app.db, ids.N4!, 'RV', { expiresInDays: 2000, pndMonthsAgo: 24 });
  await openApplication(ids.N4!);
  await app.db.query(`insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, level, status, received_on)
    values ('VET-X-1', 'recruit', $1, 'Eider', 'Morrow', 'RV', 'decided', current_date - 800)`, [ids.N5]);
  await recordPnd(app.db, (await app.db.query<{ id: string }>(`select id from vetting_applications where reference = 'VET-X-1'`))[0]!.id, 24);
  // R8 is left for the configurable lead time below.
  await setting(COMPLIANCE_SETTINGS.renewalReviewAtDays.key, 30);
});
afterAll(() => app.close());

describe('expiry approaching', () => {
  it('records the reminder due for each serving person’s clearance and opens the renewal review', async () => {
    await setting(COMPLIANCE_SETTINGS.renewalReviewAtDays.key, 90);
    await app.db.query(`update scheduled_jobs set last_started_at = null`);
    const result = await jobs(app)['vetting.expiry-reminders']!.run();
    expect(result).toMatchObject({ reminders: 5, reviewsOpened: 4 });
    expect(await reminders(ids.R1!)).toEqual([{ daysBefore: 90, reviewNote: 'Renewal review opened' }]);
    expect(await reminders(ids.R2!)).toEqual([{ daysBefore: 30, reviewNote: 'Renewal review opened' }]); // first seen at 25 days: the 30-day one only
    expect(await reminders(ids.R3!)).toEqual([{ daysBefore: 60, reviewNote: 'An application was already open' }]);
    expect(await reminders(ids.R4!)).toEqual([]);
    expect(await reminders(ids.R5!)).toEqual([]);
    expect(await openApplications(ids.R1!)).toEqual([expect.objectContaining({ kind: 'review', level: 'MV', reviewReason: expect.stringMatching(/^Clearance expires on \d{1,2} \w+ \d{4}: renewal due$/) })]);
    expect((await openApplications(ids.R3!)).map((a) => a.reviewReason)).toEqual(['Annual integrity review']);
    // Holding RV in a post that needs MV: the renewal is at the post's level.
    expect((await openApplications(ids.R7!)).map((a) => a.level)).toEqual(['MV']);
    const [notServing] = await app.db.query<{ n: number }>(`select count(*)::int as n from vetting_expiry_reminders r where not exists (select 1 from vetting_postholders p where p.person_id = r.person_id)`);
    expect(notServing!.n).toBe(0);
  });

  it('records each reminder once per clearance, and opens no second review', async () => {
    expect(await jobs(app)['vetting.expiry-reminders']!.run()).toMatchObject({ reminders: 0, reviewsOpened: 0 });
    await app.db.query(`update vetting_decisions set expires_on = current_date + 55 where application_id in (select id from vetting_applications where person_id = $1 and status = 'decided')`, [ids.R1]);
    expect(await jobs(app)['vetting.expiry-reminders']!.run()).toMatchObject({ reminders: 1, reviewsOpened: 0 });
    expect((await reminders(ids.R1!)).map((r) => r.daysBefore)).toEqual([90, 60]);
    expect(await openApplications(ids.R1!)).toHaveLength(1);
  });

  it('opens the renewal review at the configured lead time', async () => {
    await app.db.query(`delete from vetting_expiry_reminders where person_id = $1`, [ids.R8]);
    await app.db.query(`update vetting_applications set status = 'withdrawn' where person_id = $1 and status = 'open'`, [ids.R8]);
    await setting(COMPLIANCE_SETTINGS.renewalReviewAtDays.key, 30);
    await jobs(app)['vetting.expiry-reminders']!.run();
    expect(await reminders(ids.R8!)).toEqual([{ daysBefore: 90, reviewNote: null }]);
    expect(await openApplications(ids.R8!)).toEqual([]);
    await app.db.query(`update vetting_decisions set expires_on = current_date + 28 where application_id in (select id from vetting_applications where person_id = $1)`, [ids.R8]);
    await jobs(app)['vetting.expiry-reminders']!.run();
    expect(await reminders(ids.R8!)).toEqual([{ daysBefore: 90, reviewNote: null }, { daysBefore: 30, reviewNote: 'Renewal review opened' }]);
    expect(await openApplications(ids.R8!)).toHaveLength(1);
  });

  it('shows the reminders on the expiring list and audits each as the system', async () => {
    const service = new ComplianceService(new ComplianceRepository(app.db), new PostholderProjection(app.db, app.services.workforce), app.services.audit);
    const { rows } = await service.list(actor(['force_vetting_manager']), 'expiring', { q: 'Ashby' }, 1, 10);
    expect(rows).toEqual([expect.objectContaining({ surname: 'Ashby', daysLeft: 55, remindersSent: [90, 60], reviewOpen: true })]);
    const [entry] = await app.db.query<{ actor: string; n: number }>(`select actor_label as actor, count(*)::int as n from audit_log where action = 'vetting-expiry-reminder.record' group by actor_label`);
    expect(entry).toEqual({ actor: 'system', n: 8 });
  });
});

describe('the current clearance as time passes', () => {
  it('falls back to an older clearance still in date once the newer one expires', async () => {
    const person = crypto.randomUUID();
    await grantClearance(app.db, person, 'MV', { decidedDaysAgo: 2000, expiresInDays: 500 });
    const newer = await grantClearance(app.db, person, 'NPPV1', { decidedDaysAgo: 20, expiresInDays: 5 });
    const current = async () => (await app.db.query<{ level: string }>('select level from vetting_current_clearance where person_id = $1', [person]))[0]?.level;
    expect(await current()).toBe('NPPV1');
    // Let time pass: the newer clearance lapses with no write to the decisions (triggers off), as a calendar does.
    await app.db.transaction(async (tx) => {
      await tx.query(`set local session_replication_role = replica`);
      await tx.query(`update vetting_decisions set expires_on = current_date - 1 where id = $1`, [newer.decisionId]);
      await tx.query(`update vetting_current_clearance set expires_on = current_date - 1, refreshed_on = current_date - 30 where person_id = $1`, [person]);
    });
    expect(await jobs(app)['vetting.expiry-reminders']!.run()).toMatchObject({ refreshed: 1 });
    expect(await current()).toBe('MV');
  });
});

describe('periodic PND re-check', () => {
  it('opens a review for the oldest check first, a batch at a time, skipping anyone with an application open', async () => {
    await setting(COMPLIANCE_SETTINGS.pndRecheckBatchSize.key, 1);
    const run = () => jobs(app)['vetting.pnd-rechecks']!.run();
    expect(await run()).toEqual({ filled: 0, due: 1, reviewsOpened: 1 });
    expect(await openApplications(ids.N3!)).toEqual([expect.objectContaining({ kind: 'review', level: 'RV', reviewReason: PND_RECHECK_REASON })]); // no PND check on record
    expect(await run()).toMatchObject({ reviewsOpened: 1 });
    expect(await openApplications(ids.N1!)).toEqual([expect.objectContaining({ reviewReason: PND_RECHECK_REASON, level: 'MV' })]);
    expect(await run()).toMatchObject({ due: 0, reviewsOpened: 0 });
    for (const p of ['N2', 'N4', 'N5']) expect((await openApplications(ids[p]!)).filter((a) => a.reviewReason === PND_RECHECK_REASON)).toEqual([]);
  });

  it('uses the configured interval, and never opens a second review while one is open', async () => {
    await setting(COMPLIANCE_SETTINGS.pndRecheckMonths.key, 6);
    await setting(COMPLIANCE_SETTINGS.pndRecheckBatchSize.key, 50);
    expect(await jobs(app)['vetting.pnd-rechecks']!.run()).toMatchObject({ due: 1, reviewsOpened: 1 });
    expect((await openApplications(ids.N2!)).map((a) => a.reviewReason)).toEqual([PND_RECHECK_REASON]);
    const again = await app.db.transaction((tx) => app.services.vetting.openReview(ids.N2!, PND_RECHECK_REASON, 'review', 'RV', tx));
    expect(again).toBeUndefined();
    expect(await openApplications(ids.N2!)).toHaveLength(1);
  });

  it('runs through the scheduler at most once a day', async () => {
    const scheduler = new JobScheduler(app.db, Object.values(jobs(app)), { info: () => {}, error: () => {} });
    await app.db.query(`delete from scheduled_jobs`);
    const first = await scheduler.runDue();
    expect(first.map((r) => [r.name, r.outcome])).toEqual([['vetting.expiry-reminders', 'succeeded'], ['vetting.pnd-rechecks', 'succeeded'], ['vetting.compliance-reconcile', 'succeeded']]);
    expect((await scheduler.runDue()).map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

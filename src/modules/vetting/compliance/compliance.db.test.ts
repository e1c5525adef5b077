import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { ForbiddenError } from '../../../platform/http/errors.js';
import { ComplianceRepository, type ComplianceRow, type ExpiringRow, type ListFilter, type ListName } from './data.js';
import { PostholderProjection } from './projection.js';
import { ComplianceService } from './service.js';
import { actor, grantClearance, HR, jobs, seedPeople, seedPosts } from './test/fixtures.js';

let app: TestApp;
let ids: Record<string, string>;
let sealedToUser: string;
let manager: ReturnType<typeof actor>;
const researcher = actor(['vetting_researcher']);

let service: ComplianceService;
const listed = async (list: ListName, filter: ListFilter = {}, who = manager, page = 1, pageSize = 50) =>
  (await service.list(who, list, filter, page, pageSize)) as { total: number; rows: (ComplianceRow & Partial<ExpiringRow>)[] };
const auditCount = async (action: string, outcome = 'ok') =>
  ((await app.db.query<{ n: number }>('select count(*)::int as n from audit_log where action = $1 and outcome = $2', [action, outcome]))[0]!.n);
const names = (rows: { surname: string }[]) => rows.map((r) => r.surname);

/** Signed-in HTTP clients per role, so the tests go through the real routes, CSRF and all. */
const clients = new Map<string, Client>();
async function client(who: ReturnType<typeof actor>): Promise<Client> {
  const key = `${who.viewer.roles.join('+')}:${who.viewer.personId}`;
  if (!clients.has(key)) {
    const name = `user.${clients.size + 1}`;
    const { totpSecret } = await app.user(name, [...who.viewer.roles], who.viewer.personId);
    clients.set(key, await new Client(app.url).signIn(name, totpSecret));
  }
  return clients.get(key)!;
}
async function api(who: ReturnType<typeof actor>, path: string) {
  const res = await (await client(who)).get(path);
  if (res.status !== 200) throw Object.assign(new Error(`${path}: ${res.status} ${res.text}`), { status: res.status });
  return res.json();
}

beforeAll(async () => {
  app = await startTestApp();
  service = new ComplianceService(new ComplianceRepository(app.db), new PostholderProjection(app.db, app.services.workforce), app.services.audit);
  await seedPosts(app);
  ids = await seedPeople(app, [
    { payroll: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', unit: 'CCU', post: 'PST-A' },
    { payroll: 'P2', forenames: 'Bexley', surname: 'Marrowby', unit: 'RESP', post: 'PST-B' },
    { payroll: 'P3', forenames: 'Corvina', surname: 'Ashgrove', unit: 'CCU', post: 'PST-C' },
    { payroll: 'P4', forenames: 'Dorrin', surname: 'Fettle', unit: 'INT', post: 'PST-D' },
    { payroll: 'P5', forenames: 'Ember', surname: 'Wrenlow', unit: 'RESP', type: 'staff' },
    { payroll: 'P6', forenames: 'Fenwick', surname: 'Holloway', unit: 'RESP', post: 'PST-E' },
    { payroll: 'P7', forenames: 'Galen', surname: 'Tarrow', unit: 'INT', post: 'PST-F' },
    { payroll: 'P8', forenames: 'Hestia', surname: 'Pemberly', unit: 'CCU', post: 'PST-G' },
    { payroll: 'P9', forenames: 'Ivo', surname: 'Sallow', unit: 'INT', post: 'PST-H' },
  ]);
  manager = actor(['force_vetting_manager'], ids.P8!);
  sealedToUser = (await app.user('ccu.sealed', ['senior_vetting_advisor'])).id;
  await grantClearance(app.db, ids.P1!, 'RV', { expiresInDays: 2000 });
  await grantClearance(app.db, ids.P2!, 'MV', { expiresInDays: 3000 });
  await grantClearance(app.db, ids.P4!, 'MV', { decidedDaysAgo: 2600, expiresInDays: -10 });
  await grantClearance(app.db, ids.P6!, 'RV', { decidedDaysAgo: 3630, expiresInDays: 20 });
  await grantClearance(app.db, ids.P7!, 'MV', { decidedDaysAgo: 2500, expiresInDays: 70 });
  await grantClearance(app.db, ids.P9!, 'MV', { expiresInDays: 1000, sealedTo: [sealedToUser] });
});
afterAll(() => app.close());

describe('the postholder projection', () => {
  it('is filled from the workforce directory at first use and follows workforce events', async () => {
    const [{ n }] = (await app.db.query<{ n: number }>('select count(*)::int as n from vetting_postholders')) as [{ n: number }];
    expect(n).toBe(9);
    const row = async (payroll: string) => (await app.db.query('select post_code as "postCode", required_level as "requiredLevel", designated from vetting_postholders where payroll_number = $1', [payroll]))[0];

    const added = await seedPeople(app, [{ payroll: 'P10', forenames: 'Juniper', surname: 'Oakes', unit: 'RESP' }]);
    expect(await row('P10')).toEqual({ postCode: null, requiredLevel: null, designated: false });

    const postId = await app.services.workforce.savePost(HR, { title: 'Covert tasking officer', unitCode: 'INT', requiredVettingLevel: 'RV', designated: false, active: true }, { code: 'PST-4' });
    await seedPeople(app, [{ payroll: 'P10', forenames: 'Juniper', surname: 'Oakes', unit: 'INT', post: 'PST-4' }]);
    expect(await row('P10')).toEqual({ postCode: 'PST-4', requiredLevel: 'RV', designated: false });

    const [{ version }] = (await app.db.query<{ version: number }>('select version from posts where id = $1', [postId])) as [{ version: number }];
    await app.services.workforce.savePost(HR, { title: 'Covert tasking officer', unitCode: 'INT', requiredVettingLevel: 'MV', designated: true, active: true }, { id: postId, version });
    await app.services.bus.dispatch();
    expect(await row('P10')).toEqual({ postCode: 'PST-4', requiredLevel: 'MV', designated: true });

    await app.services.workforce.syncFromHr(HR, [{ payrollNumber: 'P10', forenames: 'Juniper', surname: 'Oakes', personType: 'officer', unitCode: 'INT', startDate: '2010-01-01', leavingDate: '2020-01-01' }], 'delta');
    await app.services.bus.dispatch();
    expect(await row('P10')).toBeUndefined();
    expect(added.P10).toBeTruthy();
  });

  it('is rebuilt from the directory on demand, with the derived clearances (the weekly reconciliation job)', async () => {
    await app.db.query(`update vetting_postholders set surname = 'Stale' where payroll_number = 'P2'`);
    await app.db.query(`delete from vetting_postholders where payroll_number = 'P3'`);
    await app.db.query(`delete from vetting_current_clearance where person_id = $1`, [ids.P1]); // as a bulk load with triggers off would leave it
    const summary = await jobs(app)['vetting.compliance-reconcile']!.run();
    expect(summary).toEqual({ postholders: 9, clearances: 6 });
    expect(await app.db.query('select level from vetting_current_clearance where person_id = $1', [ids.P1])).toEqual([{ level: 'RV' }]);
    const rows = await app.db.query<{ surname: string }>(`select surname from vetting_postholders where payroll_number in ('P2', 'P3') order by payroll_number`);
    expect(names(rows)).toEqual(['Marrowby', 'Ashgrove']);
  });
});

describe('the current clearance', () => {
  const current = async (personId: string) => (await app.db.query<{ level: string; expired: boolean }>(
    'select level, expires_on < current_date as expired from vetting_current_clearance where person_id = $1', [personId]))[0];
  const someone = () => crypto.randomUUID();

  it('follows decisions, ratification, withdrawal and returns in the same transaction', async () => {
    const person = someone();
    await grantClearance(app.db, person, 'RV', { decidedDaysAgo: 400, expiresInDays: 3000 });
    expect(await current(person)).toEqual({ level: 'RV', expired: false });
    const mv = await grantClearance(app.db, person, 'MV', { decidedDaysAgo: 10, expiresInDays: 2500, status: 'awaiting_ratification' });
    expect((await current(person))?.level).toBe('RV');
    await app.db.query(`update vetting_decisions set status = 'final', ratified_on = current_date where id = $1`, [mv.decisionId]);
    expect((await current(person))?.level).toBe('MV');
    await app.db.query('update vetting_decisions set withdrawn_on = current_date where id = $1', [mv.decisionId]);
    expect((await current(person))?.level).toBe('RV');
    await app.db.query(`update vetting_decisions set withdrawn_on = null where id = $1`, [mv.decisionId]);
    await app.db.query('delete from vetting_decisions where id = $1', [mv.decisionId]);
    expect((await current(person))?.level).toBe('RV');
  });

  it('prefers a clearance still in date, and keeps the latest expired one when none is', async () => {
    const person = someone();
    await grantClearance(app.db, person, 'MV', { decidedDaysAgo: 2000, expiresInDays: 500 });
    await grantClearance(app.db, person, 'NPPV1', { decidedDaysAgo: 1200, expiresInDays: -5 });
    expect(await current(person)).toEqual({ level: 'MV', expired: false });
    const other = someone();
    await grantClearance(app.db, other, 'RV', { decidedDaysAgo: 4000, expiresInDays: -400 });
    await grantClearance(app.db, other, 'MV', { decidedDaysAgo: 3000, expiresInDays: -40 });
    expect(await current(other)).toEqual({ level: 'MV', expired: true });
  });

  it('is recorded by a decision made through the vetting service', async () => {
    const [p] = Object.values(await seedPeople(app, [{ payroll: 'P11', forenames: 'Kestrel', surname: 'Vane', unit: 'RESP' }]));
    const advisor = actor(['senior_vetting_advisor']);
    const { id } = await app.services.vetting.createApplication(advisor, { kind: 'recruit', personId: p!, level: 'RV', receivedOn: '2026-11-01' });
    const version = (await app.services.vetting.view(advisor, id)).application.version;
    await app.services.vetting.decide(advisor, id, { outcome: 'clearance', version, conditions: [] } as never);
    expect((await current(p!))?.level).toBe('RV');
    await app.db.query(`delete from vetting_postholders where person_id = $1`, [p]);
  });
});

describe('compliance lists', () => {
  it('compares every post’s requirement with its holder’s clearance', async () => {
    const { rows, total } = await listed('postholders');
    expect(total).toBe(6);
    expect(rows.map((r) => [r.surname, r.postCode, r.requiredLevel, r.heldLevel, r.status])).toEqual([
      ['Quillfeather', 'PST-A', 'MV', 'RV', 'under_vetted'],
      ['Marrowby', 'PST-B', 'RV', 'MV', 'compliant'],
      ['Ashgrove', 'PST-C', 'MV', null, 'no_clearance'],
      ['Fettle', 'PST-D', 'MV', 'MV', 'expired'],
      ['Holloway', 'PST-E', 'RV', 'RV', 'compliant'],
      ['Tarrow', 'PST-F', 'MV', 'MV', 'compliant'],
    ]);
  });

  it('filters and pages', async () => {
    expect(names((await listed('postholders', { status: 'compliant' })).rows)).toEqual(['Marrowby', 'Holloway', 'Tarrow']);
    expect(names((await listed('postholders', { designated: false })).rows)).toEqual(['Marrowby', 'Holloway']);
    expect(names((await listed('postholders', { unit: 'INT' })).rows)).toEqual(['Fettle', 'Tarrow']);
    expect(names((await listed('postholders', { level: 'RV' })).rows)).toEqual(['Marrowby', 'Holloway']);
    expect(names((await listed('postholders', { q: 'quill' })).rows)).toEqual(['Quillfeather']);
    expect(names((await listed('postholders', { q: 'P2' })).rows)).toEqual(['Marrowby']);
    expect(names((await listed('postholders', { q: '%' })).rows)).toEqual([]);
    const page = await listed('postholders', {}, manager, 2, 4);
    expect({ total: page.total, names: names(page.rows) }).toEqual({ total: 6, names: ['Holloway', 'Tarrow'] });
    const bad = await (await client(manager)).get('/api/v1/vetting/compliance/postholders?status=unknown&days=0');
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['days', 'status']);
  });

  it('lists under-vetted designated postholders, people with no current clearance, and clearances expiring', async () => {
    expect((await listed('under-vetted')).rows.map((r) => [r.surname, r.status])).toEqual([['Ashgrove', 'no_clearance'], ['Fettle', 'expired'], ['Quillfeather', 'under_vetted']]);
    expect((await listed('no-clearance')).rows.map((r) => [r.surname, r.postCode, r.status])).toEqual([['Ashgrove', 'PST-C', 'no_clearance'], ['Fettle', 'PST-D', 'expired'], ['Wrenlow', null, 'no_clearance']]);
    const expiring = await listed('expiring');
    expect(expiring.rows.map((r) => [r.surname, r.daysLeft, r.remindersSent, r.reviewOpen])).toEqual([['Holloway', 20, [], false], ['Tarrow', 70, [], false]]);
    expect(names((await listed('expiring', { days: 30 })).rows)).toEqual(['Holloway']);
  });

  it('never shows viewers their own vetting, nor a clearance sealed from them', async () => {
    const all = [...(await listed('postholders')).rows, ...(await listed('no-clearance')).rows];
    expect(names(all)).not.toContain('Pemberly');
    expect(names(all)).not.toContain('Sallow');
    expect(names((await listed('under-vetted', {}, researcher)).rows)).toEqual(['Ashgrove', 'Fettle', 'Pemberly', 'Quillfeather']);
    const sealedIn = actor(['senior_vetting_advisor'], null, sealedToUser);
    expect((await listed('postholders', { q: 'Sallow' }, sealedIn)).rows.map((r) => [r.surname, r.heldLevel, r.status])).toEqual([['Sallow', 'MV', 'compliant']]);
    expect(await service.counts(manager)).toEqual({ postholders: 6, underVetted: 3, noClearance: 3, expiring30: 1, expiring90: 2 });
  });

  it('follows an application sealed after its decision', async () => {
    const seal = (to: string[]) => app.db.query(`update vetting_applications set sealed_to_user_ids = $2::uuid[] where person_id = $1`, [ids.P7, to]);
    await seal([sealedToUser]);
    expect(names((await listed('expiring')).rows)).toEqual(['Holloway']);
    await seal([]);
    expect(names((await listed('expiring')).rows)).toEqual(['Holloway', 'Tarrow']);
  });

  it('audits every list read before returning it', async () => {
    const before = await auditCount('vetting-compliance.list');
    await listed('no-clearance', { unit: 'RESP' });
    const [entry] = await app.db.query<{ details: Record<string, unknown>; outcome: string }>(`select details, outcome from audit_log where action = 'vetting-compliance.list' order by seq desc limit 1`);
    expect(await auditCount('vetting-compliance.list')).toBe(before + 1);
    expect(entry).toMatchObject({ outcome: 'ok', details: { list: 'no-clearance', unit: 'RESP' } });
  });

  it('refuses people outside the vetting unit, and audits the refusal', async () => {
    for (const who of [actor(['hr']), actor(['staff'], ids.P5!), actor(['psd_investigator'])]) {
      const res = await (await client(who)).get('/api/v1/vetting/compliance/under-vetted');
      expect(res.status).toBe(403);
    }
    const page = await (await client(actor(['staff'], ids.P5!))).get('/vetting/compliance/under-vetted');
    expect(page.status).toBe(403);
    expect(await auditCount('vetting-compliance.list', 'denied')).toBe(4);
    await expect(service.list(actor(['auditor']), 'postholders', {}, 1, 10)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('the backlog', () => {
  it('counts open applications by age and gives the median and 90th percentile time to decision by month', async () => {
    const nobody = () => crypto.randomUUID();
    for (const days of [10, 45, 200, 201]) {
      await app.db.query(
        `insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, level, status, received_on, subject_person_ids)
         values ('VET-B-' || nextval('vetting_reference_seq'), 'recruit', $1, 'Lark', 'Pendle', 'RV', $2, current_date - $3::int, array[$1::uuid])`,
        [nobody(), days === 201 ? 'awaiting_ratification' : 'open', days],
      );
    }
    for (const days of [10, 20, 30, 40, 100]) await grantClearance(app.db, nobody(), 'RV', { decidedDaysAgo: 0, receivedDaysBeforeDecision: days, expiresInDays: 3650 });
    const backlog = await service.backlog(manager, 12, 1, 50);
    const bands = Object.fromEntries(backlog.bands.map((b) => [b.key, b.applications]));
    expect(bands['0-30']).toBeGreaterThanOrEqual(1);
    expect(bands['31-60']).toBeGreaterThanOrEqual(1);
    expect(bands['over-180']).toBe(2);
    const thisMonth = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit' }).format(new Date());
    expect(backlog.monthly[0]).toMatchObject({ month: thisMonth });
    const mine = backlog.monthly.find((m) => m.month === thisMonth)!;
    // The five above plus the decision made through the service earlier this month (received 2026-11-01).
    expect(mine.decisions).toBeGreaterThanOrEqual(5);
    expect(mine.medianDays).toBeGreaterThan(0);
    expect(backlog.applications.slice(0, 2).map((a) => a.ageDays)).toEqual([201, 200]);
  });

  it('keeps the decision-time counts in step with ratification, withdrawal and returns, matching percentile_cont', async () => {
    const raw = async () => (await app.db.query<{ decisions: number; median: number; p90: number }>(
      `select count(*)::int as decisions, round(percentile_cont(0.5) within group (order by coalesce(d.ratified_on, d.decided_on) - a.received_on)::numeric, 1)::float8 as median,
              round(percentile_cont(0.9) within group (order by coalesce(d.ratified_on, d.decided_on) - a.received_on)::numeric, 1)::float8 as p90
       from vetting_decisions d join vetting_applications a on a.id = d.application_id
       where d.status = 'final' and date_trunc('month', coalesce(d.ratified_on, d.decided_on)) = date_trunc('month', current_date)`))[0]!;
    const counted = async () => {
      const m = (await service.backlog(manager, 1, 1, 1)).monthly[0]!;
      return { decisions: m.decisions, median: m.medianDays, p90: m.p90Days };
    };
    expect(await counted()).toEqual(await raw());
    const pending = await grantClearance(app.db, crypto.randomUUID(), 'RV', { decidedDaysAgo: 0, receivedDaysBeforeDecision: 300, expiresInDays: 3650, status: 'awaiting_ratification' });
    expect(await counted()).toEqual(await raw());
    await app.db.query(`update vetting_decisions set status = 'final', ratified_on = current_date where id = $1`, [pending.decisionId]);
    const ratified = await raw();
    expect(await counted()).toEqual(ratified);
    await app.db.query(`update vetting_decisions set withdrawn_on = current_date where id = $1`, [pending.decisionId]);
    expect(await counted()).toEqual(ratified); // withdrawal later does not change how long the decision took
    await app.db.query('delete from vetting_decisions where id = $1', [pending.decisionId]);
    expect(await counted()).toEqual(await raw());
    await app.db.query(`update vetting_applications set received_on = received_on - 7 where id = $1`, [(await app.db.query<{ id: string }>(`select application_id as id from vetting_decisions where status = 'final' order by decided_on desc limit 1`))[0]!.id]);
    await jobs(app)['vetting.compliance-reconcile']!.run();
    expect(await counted()).toEqual(await raw());
  });
});

describe('pages, API and CSV', () => {
  it('shows the overview, the lists and the backlog to the vetting unit', async () => {
    const c = await client(manager);
    const overview = await c.get('/vetting/compliance');
    expect(overview.status).toBe(200);
    expect(overview.text).toMatch(/data-qa="count-under-vetted">3 people/);
    const list = await c.get('/vetting/compliance/under-vetted');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Quillfeather, Arlowen');
    expect(list.text).not.toContain('Pemberly');
    const bad = await c.get('/vetting/compliance/expiring?days=9999');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a number of days from 1 to 730');
    expect((await c.get('/vetting/compliance/backlog')).status).toBe(200);
    const apiList = await api(manager, '/api/v1/vetting/compliance/expiring?days=30');
    expect(names(apiList.rows)).toEqual(['Holloway']);
  });

  it('exports each list as formula-safe CSV to the force vetting manager only', async () => {
    await app.db.query(`update vetting_postholders set forenames = '=HYPERLINK("http://evil.example")' where payroll_number = 'P5'`);
    const csv = await (await client(manager)).get('/vetting/compliance/no-clearance.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('Payroll number,Surname,Forenames,Person type,Unit,Post code,Post title,Level required,Designated post,Level held,Clearance reference,Decided on,Expires on,Status');
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain(`P5,Wrenlow,"'=HYPERLINK(""http://evil.example"")"`);
    expect((await (await client(researcher)).get('/vetting/compliance/no-clearance.csv')).status).toBe(403);
    const backlog = await (await client(manager)).get('/vetting/compliance/backlog.csv');
    expect(backlog.text.split('\r\n')[0]).toBe('Reference,Applicant,Kind,Level,Status,Received on,Age (days),Review reason');
    await app.db.query(`update vetting_postholders set forenames = 'Ember' where payroll_number = 'P5'`);
  });

  it('gives the force vetting manager a home card with the counts that need attention', async () => {
    const home = await (await client(manager)).get('/');
    expect(home.text).toMatch(/data-qa="card-under-vetted">3 under-vetted designated postholders/);
    expect(home.text).toMatch(/data-qa="card-expiring">1 clearance expiring in the next 30 days/);
    expect(home.text).toMatch(/data-qa="card-declarations">0 change-of-circumstances declarations awaiting assessment/);
    const researcherHome = await (await client(researcher)).get('/');
    expect(researcherHome.text).not.toContain('data-qa="compliance-card"');
  });
});

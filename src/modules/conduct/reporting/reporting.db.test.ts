import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../platform/http/errors.js';
import type { ConductService } from '../service.js';
import { DEFAULT_FLAG_DEFINITIONS } from '../rules.js';
import { seedDemoConduct } from '../demo/seed.js';
import { ReportingRepository } from './data.js';
import { ReportingService } from './service.js';

let app: TestApp;
let conduct: ConductService;
let reporting: ReportingService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: randomUUID(), personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
let caseworker: ActorContext;
let aa: ActorContext;
let head: ActorContext;
const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const cases: Record<string, string> = {};

/** A conduct matter against S1 opened and decided through the core service, then moved to known dates in 2024. */
async function caseIn2024(name: string, o: { recordAfter: number; category?: string; flag?: 'allegation' | 'case'; finalise?: boolean; outcome?: boolean }) {
  const { id } = await conduct.createCase(caseworker, { kind: 'conduct_matter', summary: `Case ${name}`, receivedOn: '2024-03-01' });
  const allegationId = await conduct.addAllegation(caseworker, id, { category: o.category ?? 'F2', description: 'Sexual comments to a colleague.', subjects: [{ personId: ids.S1! }], version: 1 });
  let version = 2;
  if (o.flag) await conduct.setFlag(caseworker, id, { flag: 'prejudicial_improper_behaviour', allegationId: o.flag === 'allegation' ? allegationId : undefined, version: version++ }, true);
  await conduct.decide(caseworker, id, 'recording', { decision: 'record', rationale: 'A recordable conduct matter.', version: version++ });
  await conduct.decide(aa, id, 'handling_route', { route: 'investigation_local', rationale: 'Investigate locally.', version: version++ });
  if (o.outcome) await conduct.recordOutcome(aa, id, { personId: ids.S1!, forum: 'no_proceedings', outcome: 'no_further_action', decidedOn: '2024-03-25', decidedByName: 'Appropriate authority', liveFinalWarningOrMultipleIncidents: false, version: version++ });
  const recordedOn = `2024-03-${String(1 + o.recordAfter).padStart(2, '0')}`;
  await app.db.query(`update conduct_cases set recorded_on = $2, status = $3, finalised_on = $4 where id = $1`, [id, recordedOn, o.finalise ? 'finalised' : 'assessed', o.finalise ? '2024-03-31' : null]);
  await app.db.query(`update conduct_decisions set decided_on = case kind when 'recording' then $2::date else '2024-03-20'::date end where case_id = $1`, [id, recordedOn]);
  cases[name] = id;
  return { id, allegationId };
}

beforeAll(async () => {
  app = await startTestApp();
  conduct = app.services.conduct;
  // The feature's service over the app's own parts, as index.ts builds it.
  reporting = new ReportingService({ db: app.db, audit: app.services.audit, bus: app.services.bus, settings: app.services.settings, people: undefined as never, conduct }, new ReportingRepository(app.db));
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  const person = (payrollNumber: string, surname: string, rankOrGrade: string, unitCode = 'PSD') => ({ payrollNumber, forenames: 'Tamsin', surname, personType: 'officer' as const, rankOrGrade, unitCode, startDate: '2010-01-01' });
  await app.services.workforce.syncFromHr(actor(['hr']), [
    person('S1', 'Quillfeather', 'Constable', 'RESP'), person('S2', 'Marrowby', 'Sergeant', 'RESP'), person('W1', 'Ashdown', 'Sergeant'), person('W4', 'Oakhurst', 'Chief Inspector'), person('H1', 'Greyholt', 'Superintendent'),
  ], 'delta');
  for (const p of ['S1', 'S2', 'W1', 'W4', 'H1']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
  caseworker = actor(['psd_caseworker'], ids.W1);
  aa = actor(['appropriate_authority'], ids.W4);
  head = actor(['head_of_psd'], ids.H1);
  await caseIn2024('a', { recordAfter: 2, flag: 'allegation', outcome: true });
  await caseIn2024('b', { recordAfter: 4, flag: 'case', finalise: true });
  await caseIn2024('c', { recordAfter: 10, category: 'C3' });
});
afterAll(() => app?.close());

describe('timeliness and volumes', () => {
  it('gives cases, median and 90th percentile days for each step by month of completion', async () => {
    const report = await reporting.timeliness(head, { from: '2024-02', to: '2024-03' });
    const march = report.months.find((m) => m.month === '2024-03')!;
    expect(report.months.map((m) => m.month)).toEqual(['2024-02', '2024-03']);
    expect(march.measures.record).toEqual({ cases: 3, medianDays: 4, p90Days: 10 });
    expect(march.measures.assess).toEqual({ cases: 3, medianDays: 19, p90Days: 19 });
    expect(march.measures.finalise).toEqual({ cases: 1, medianDays: 30, p90Days: 30 });
    expect(report.months[0]!.measures.record.cases).toBe(0);
    expect((await reporting.timeliness(head, { from: '2024-03', to: '2024-03', kind: 'public_complaint' })).overall.record.cases).toBe(0);
    // A second handling decision changes the route, not when the case was first assessed.
    await app.db.query(`insert into conduct_decisions (case_id, kind, value, rationale, decided_on, decided_by_label) values ($1, 'handling_route', 'investigation_local', 'Re-decided', '2024-03-28', 'x')`, [cases.c]);
    expect((await reporting.timeliness(head, { from: '2024-03', to: '2024-03' })).overall.assess.cases).toBe(3);
  });

  it('counts by category, flag, outcome, kind and route, for OPCC scrutiny too, and audits the view as an aggregate report', async () => {
    const scrutiny = actor(['opcc_scrutiny']);
    const v = await reporting.volumes(scrutiny, { from: '2024-01-01', to: '2024-12-31' });
    expect(v).toMatchObject({ cases: 3, allegations: 3, byKind: [{ code: 'conduct_matter', count: 3 }], byHandlingRoute: [{ code: 'investigation_local', count: 3 }], byOutcome: [{ code: 'no_further_action', count: 1 }] });
    expect(v.byCategory).toEqual([{ code: 'F2', count: 2 }, { code: 'C3', count: 1 }]);
    expect(v.byFlag).toEqual([{ code: 'prejudicial_improper_behaviour', count: 2 }]);
    const [entry] = await app.db.query<{ subject_type: string; subject_id: string }>(`select subject_type, subject_id from audit_log where action = 'conduct-volumes.view' order by seq desc limit 1`);
    expect(entry).toEqual({ subject_type: 'aggregate_report', subject_id: 'conduct-volumes' });
    expect(await caught(reporting.volumes(actor(['hr']), {}))).toBeInstanceOf(ForbiddenError);
    expect(await caught(reporting.findCases(scrutiny, { page: 1, pageSize: 25 }))).toBeInstanceOf(ForbiddenError);
    expect(await caught(reporting.timeliness(head, { from: '2010-01', to: '2026-01' }))).toBeInstanceOf(ValidationError);
  });
});

describe('case lists and work lists', () => {
  const find = (a: ActorContext, q: Record<string, unknown>) => reporting.findCases(a, { page: 1, pageSize: 25, ...q }).then((r) => r.cases.map((c) => c.id));

  it('filters by outcome, handling route, dates, subject, flag and category, and never shows subjects their own cases', async () => {
    expect(await find(head, { outcome: 'no_further_action' })).toEqual([cases.a]);
    expect((await find(head, { handlingRoute: 'investigation_local', receivedFrom: '2024-03-01', receivedTo: '2024-03-01' })).sort()).toEqual([cases.a, cases.b, cases.c].sort());
    expect(await find(head, { receivedFrom: '2024-03-02', receivedTo: '2024-12-31' })).toEqual([]);
    expect((await find(head, { subjectPersonId: ids.S1 })).length).toBe(3);
    expect(await find(head, { subjectPersonId: ids.S2 })).toEqual([]);
    expect((await find(head, { flag: 'prejudicial_improper_behaviour' })).sort()).toEqual([cases.a, cases.b].sort());
    expect(await find(head, { category: 'C3' })).toEqual([cases.c]);
    expect(await find(head, { status: 'finalised' })).toEqual([cases.b]);
    expect(await find(actor(['head_of_psd'], ids.S1), { subjectPersonId: ids.S1 })).toEqual([]);
    const page = await reporting.findCases(head, { page: 1, pageSize: 25, outcome: 'no_further_action' });
    expect(page).toMatchObject({ total: 1, capped: false, cases: [{ outcomes: ['no_further_action'], categories: ['F2'], flags: ['prejudicial_improper_behaviour'], allegations: 1 }] });
  });

  it('gives work lists oldest first: waiting to be recorded, and open twelve months or more', async () => {
    const { id } = await conduct.createCase(caseworker, { kind: 'public_complaint', summary: 'Rude at the counter.', receivedOn: '2025-01-01' });
    expect((await find(head, { queue: 'to_record' }))[0]).toBe(id);
    expect((await find(head, { queue: 'open_over_12_months' })).sort()).toEqual([cases.a, cases.c, id].sort()); // b is finalised
    const [entry] = await app.db.query<{ details: Record<string, unknown> }>(`select details from audit_log where action = 'conduct-case.list' order by seq desc limit 1`);
    expect(entry!.details).toMatchObject({ queue: 'open_over_12_months' });
  });
});

describe('the review of prejudicial and improper behaviour allegations', () => {
  it('lists every PIB allegation in the period, records findings per allegation and completes with a summary', async () => {
    const outside = await caseIn2024('outside', { recordAfter: 1, flag: 'allegation' });
    await app.db.query(`update conduct_cases set received_on = '2020-01-01' where id = $1`, [outside.id]);
    const { id, allegations } = await reporting.openPibReview(head, { title: 'PIB review 2024', periodFrom: '2024-01-01', periodTo: '2024-12-31', reviewerName: 'Superintendent Greyholt' });
    expect(allegations).toBe(2);
    expect((await conduct.view(head, cases.a!)).timeline.at(-1)!.what).toContain('Included in the review of prejudicial and improper behaviour allegations');
    expect(await caught(reporting.openPibReview(caseworker, { title: 'x', periodFrom: '2024-01-01', periodTo: '2024-12-31', reviewerName: 'x' }))).toBeInstanceOf(ForbiddenError);

    const view = await reporting.pibReview(head, id);
    expect(view.items.map((i) => i.caseId).sort()).toEqual([cases.a, cases.b].sort());
    expect(view.summary.victimsSupported).toEqual({ not_recorded: 2 });
    // The subject of the cases sees neither allegation, only that some are withheld.
    const subjectView = await reporting.pibReview(actor(['head_of_psd'], ids.S1), id);
    expect(subjectView).toMatchObject({ items: [], withheld: 2 });

    const [first, second] = view.items;
    const finding = { victimsSupported: 'no' as const, assessmentRight: 'yes' as const, investigationComprehensive: 'partly' as const, notes: 'No support plan; IT use not checked.' };
    expect((await caught(reporting.completePibReview(head, id, { summary: 'Too early', version: 1 })) as ValidationError).details[0]!.message).toContain('2 of 2 still need one');
    await reporting.recordPibFinding(caseworker, id, first!.allegationId, { ...finding, version: 1 });
    expect(await caught(reporting.recordPibFinding(caseworker, id, first!.allegationId, { ...finding, version: 1 }))).toBeInstanceOf(ConflictError);
    await reporting.recordPibFinding(caseworker, id, second!.allegationId, { victimsSupported: 'yes', assessmentRight: 'yes', investigationComprehensive: 'yes', version: 1 });
    expect((await reporting.pibReview(head, id)).summary).toEqual({
      victimsSupported: { no: 1, yes: 1 }, assessmentRight: { yes: 2 }, investigationComprehensive: { partly: 1, yes: 1 },
    });
    await reporting.completePibReview(head, id, { summary: 'Half the victims were not supported.', version: 1 });
    expect((await reporting.pibReview(head, id)).review).toMatchObject({ status: 'completed', summary: 'Half the victims were not supported.', items: 2, recorded: 2 });
    expect(await caught(reporting.recordPibFinding(caseworker, id, first!.allegationId, { ...finding, version: 2 }))).toBeInstanceOf(ConflictError);
    const actions = (await app.db.query<{ action: string }>(`select action from audit_log where action like 'conduct-pib-review.%'`)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['conduct-pib-review.open', 'conduct-pib-review.view', 'conduct-pib-review.finding', 'conduct-pib-review.complete']));
  });
});

describe('over HTTP', () => {
  const signIn = async (name: string, roles: Role[], personId: string | null) => {
    const u = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, u.totpSecret);
  };
  const api = (c: Client, method: string, path: string, json?: unknown) => c.request(method, `/api${path}`, { json, headers: { 'x-csrf-token': c.csrf } });

  it('validates filters and findings with field errors, and exports formula-safe CSV', async () => {
    const h = await signIn('rep.head', ['head_of_psd'], ids.H1!);
    const bad = await api(h, 'GET', '/v1/conduct/reports/cases?receivedFrom=2024-05-01&receivedTo=2024-01-01');
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(['receivedTo']);
    const page = await h.get('/conduct/reports/cases?subject=NOPE');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Nobody in the workforce directory has that payroll number');
    expect((await h.get('/conduct/reports/cases?subject=S1')).text).toContain('4 cases'); // a, b, c and the one outside the review period

    const { id } = (await api(h, 'POST', '/v1/conduct/pib-reviews', { title: 'HTTP review', periodFrom: '2024-01-01', periodTo: '2024-12-31', reviewerName: 'Greyholt' })).json();
    const review = (await api(h, 'GET', `/v1/conduct/pib-reviews/${id}`)).json();
    const put = await api(h, 'PUT', `/v1/conduct/pib-reviews/${id}/allegations/${review.items[0].allegationId}`, { victimsSupported: 'no', assessmentRight: 'yes', investigationComprehensive: 'yes', version: 1 });
    expect(put.status).toBe(400);
    expect(put.json().details.map((d: { field: string }) => d.field)).toEqual(['notes']);

    // An administrator's flag label that a spreadsheet would run as a formula.
    const definitions = { ...DEFAULT_FLAG_DEFINITIONS, prejudicial_improper_behaviour: { label: '=HYPERLINK("http://x.example")', definition: 'x' } };
    await app.db.query(`insert into settings (key, value) values ('conduct.flagDefinitions', $1::jsonb) on conflict (key) do update set value = excluded.value`, [JSON.stringify(definitions)]);
    const csv = await h.get('/conduct/reports/volumes/csv?from=2024-01-01&to=2024-12-31');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('Dimension,Value,Count');
    expect(csv.text).toContain('Allegation category,C3 – Unprofessional attitude and disrespect,1');
    expect(csv.text).toContain(`Flag (cases),"'=HYPERLINK(""http://x.example"")",2`);
    expect(csv.text).not.toMatch(/(^|,)"?=/m);
    const cw = await signIn('rep.cw', ['psd_caseworker'], ids.W1!);
    expect((await cw.get('/conduct/reports/cases/csv')).status).toBe(403);
    expect((await h.get('/conduct/reports/cases/csv?flag=prejudicial_improper_behaviour')).text.split('\r\n').filter(Boolean)).toHaveLength(1 + 3); // a, b and the case outside the review period
  });
});

describe('the demo data', () => {
  it('loads on this engine with every route, and breaches of the seniority rule the core report finds', async () => {
    const people = (await app.db.query<{ personId: string; forenames: string; surname: string; personType: string; rankOrGrade: string | null; unitCode: string | null }>(
      `select p.id as "personId", p.forenames, p.surname, p.person_type as "personType", p.rank_or_grade as "rankOrGrade", u.code as "unitCode" from people p left join units u on u.id = p.unit_id`));
    let hooked = 0;
    const loaded = await seedDemoConduct(app.db, people, { years: 3, withInvestigations: async (_tx, investigated) => void (hooked = investigated.length) });
    expect(loaded.cases).toBe(200);
    expect(hooked).toBe(loaded.investigated);
    const seniority = await conduct.seniorityReport(head);
    expect(seniority.breaches.length).toBeGreaterThan(0);
    const timeliness = await reporting.timeliness(head, { from: '2025-11', to: '2026-10' });
    expect(timeliness.overall.record.cases).toBeGreaterThan(0);
  });
});

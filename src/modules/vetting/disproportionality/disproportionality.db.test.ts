import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { ROLE_NAMES, type Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { NOT_RECORDED, PREFER_NOT_TO_SAY } from './characteristics.js';
import { disproportionalityOverview, disproportionalityReport } from './data.js';
import type { GroupResult } from './report.js';
import { DISPROPORTIONALITY_SETTINGS, DisproportionalityService } from './service.js';

let app: TestApp;
let service: DisproportionalityService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null, userId: string | null = null): ActorContext => ({ viewer: { userId, personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
const advisor = actor(['senior_vetting_advisor']);
const hr = actor(['hr']);

const WHITE = 'White';
const BLACK = 'Black, Black British, Caribbean or African';
const ASIAN = 'Asian or Asian British';
const MIXED = 'Mixed or multiple ethnic groups';
const PERIOD = { from: '2026-01-01', to: '2026-12-31' } as const;

beforeAll(async () => {
  app = await startTestApp();
  service = new DisproportionalityService({ db: app.db, audit: app.services.audit, bus: app.services.bus, settings: app.services.settings, people: app.services.workforce, vetting: app.services.vetting });
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  await app.services.workforce.syncFromHr(hr, [
    { payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01', dateOfBirth: '1990-05-01', sex: 'female', ethnicity: MIXED, religion: 'Buddhist', sexualOrientation: 'Bisexual' },
    { payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'staff', unitCode: 'RESP', startDate: '2012-01-01' },
  ], 'delta');
  for (const p of ['P1', 'P2']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
});
afterAll(() => app.close());

async function monitoringRow(applicationId: string) {
  const [row] = await app.db.query<Record<string, unknown>>('select * from vetting_equality_monitoring where application_id = $1', [applicationId]);
  return row;
}

async function externalApplication(receivedOn = '2026-11-01') {
  const { id } = await app.services.vetting.createApplication(advisor, { kind: 'non_police', forenames: 'Corvin', surname: 'Thistlewick', dateOfBirth: '2003-01-10', level: 'NPPV2', receivedOn });
  await app.services.bus.dispatch();
  return id;
}

describe('equality monitoring copied from the workforce directory', () => {
  it('copies HR’s answers when an application opens, with the age band at the date received, and audits without values', async () => {
    const { id } = await app.services.vetting.createApplication(advisor, { kind: 'renewal', personId: ids.P1!, level: 'RV', receivedOn: '2026-11-01' });
    await app.services.bus.dispatch();
    expect(await monitoringRow(id)).toMatchObject({
      sex: 'Female', ethnicity: MIXED, religion: 'Buddhist', sexual_orientation: 'Bisexual', disability: null, gender_identity_same_as_birth: null, age_band: '35 to 44', application_kind: 'renewal',
    });
    const [audit] = await app.db.query<{ details: unknown }>(`select details from audit_log where action = 'vetting-equality.copy' and subject_id = $1`, [id]);
    expect(audit?.details).toEqual({ copiedFromWorkforce: true, answered: ['sex', 'ethnicity', 'religion', 'sexualOrientation'] });
    expect(JSON.stringify(audit)).not.toContain('Buddhist');
    ids.copied = id;
  });

  it('creates a row for an external applicant with only the age band, for the form to fill', async () => {
    const id = await externalApplication();
    expect(await monitoringRow(id)).toMatchObject({ age_band: 'Under 25', ethnicity: null, copied_from_workforce_at: null, version: 1 });
  });

  it('never shows the values to anyone deciding: application page, API, timeline, section and form', async () => {
    const id = ids.copied!;
    const values = ['Buddhist', MIXED, 'Bisexual'];
    expect(JSON.stringify(await app.services.vetting.view(advisor, id))).not.toMatch(/Buddhist|Mixed or multiple|Bisexual/);
    for (const roles of [['senior_vetting_advisor'], ['force_vetting_manager'], ['vetting_researcher']] as Role[][]) {
      const client = await signedIn(roles);
      const page = await client.get(`/vetting/applications/${id}`);
      expect(page.status, roles[0]).toBe(200);
      const api = await client.get(`/api/v1/vetting/applications/${id}`);
      expect(api.status).toBe(200);
      const form = await client.get(`/vetting/applications/${id}/equality`);
      expect(form.status).toBe(canAny(actor(roles).viewer, 'update', 'protected_characteristics') ? 200 : 403);
      for (const text of [page.text, api.text]) for (const v of values) expect(text, `${roles[0]} saw ${v}`).not.toContain(v);
      // The form (for those who may record) offers every category as a choice, but never has one selected.
      expect(form.text).not.toMatch(/\bchecked\b/);
    }
  });
});

let userCount = 0;
async function signedIn(roles: Role[], personId: string | null = null) {
  const name = `equality.${roles.join('-')}.${++userCount}`.replace(/_/g, '-');
  const { totpSecret } = await app.user(name, roles, personId);
  return new Client(app.url).signIn(name, totpSecret);
}

describe('the equality monitoring form (external applicants)', () => {
  it('records answers, shows only whether each is recorded, and never echoes them back', async () => {
    const id = await externalApplication();
    const client = await signedIn(['hr']);
    const before = await client.get(`/vetting/applications/${id}/equality`);
    expect(before.status).toBe(200);
    expect(before.text.match(/Not recorded/g)).toHaveLength(6);
    const saved = await client.post(`/vetting/applications/${id}/equality`, { ethnicity: BLACK, religion: 'Muslim', disability: PREFER_NOT_TO_SAY, version: '1' });
    expect(saved.status).toBe(302);
    const after = await client.get(saved.location!);
    expect(after.text).toContain('Equality monitoring recorded');
    expect(after.text.match(/>\s*Recorded\s*</g)).toHaveLength(4); // three answers and the age band
    expect(after.text).not.toMatch(/\bchecked\b/);
    expect(await monitoringRow(id)).toMatchObject({ ethnicity: BLACK, religion: 'Muslim', disability: PREFER_NOT_TO_SAY, sex: null, age_band: 'Under 25', version: 2 });

    // The API answers with which questions are answered, never the answers.
    const status = await client.get(`/api/v1/vetting/applications/${id}/equality`);
    expect(status.json()).toMatchObject({ status: { answered: { ethnicity: true, religion: true, sex: false }, version: 2 } });
    expect(status.text).not.toMatch(/Muslim|Black/);
    const timeline = await app.db.query<{ what: string }>('select what from vetting_timeline where application_id = $1', [id]);
    expect(timeline.map((t) => t.what)).toContain('Equality monitoring form recorded');
  });

  it('leaves a blank question as it was, refuses a stale form with 409 and a bad answer with 400, saving nothing', async () => {
    const id = await externalApplication();
    const client = await signedIn(['hr']);
    await client.get(`/vetting/applications/${id}/equality`);
    expect((await client.post(`/vetting/applications/${id}/equality`, { religion: 'Sikh', version: '1' })).status).toBe(302);
    expect((await client.post(`/vetting/applications/${id}/equality`, { sex: 'Male', version: '2' })).status).toBe(302);
    expect(await monitoringRow(id)).toMatchObject({ religion: 'Sikh', sex: 'Male', version: 3 });

    const stale = await client.post(`/vetting/applications/${id}/equality`, { religion: 'Hindu', version: '2' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else recorded equality monitoring');
    const bad = await client.post(`/vetting/applications/${id}/equality`, { religion: 'Jedi', sex: 'Female', version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose one of the answers for religion or belief');
    expect(bad.text).not.toMatch(/\bchecked\b/); // not even the valid answer just given
    expect(await monitoringRow(id)).toMatchObject({ religion: 'Sikh', sex: 'Male', version: 3 });

    const api = await client.request('POST', `/api/v1/vetting/applications/${id}/equality`, { json: { religion: 'Jedi', version: 3 }, headers: { 'x-csrf-token': client.csrf } });
    expect(api.status).toBe(400);
    expect(api.json().details).toEqual([expect.objectContaining({ field: 'religion' })]);
  });

  it('records a form that arrives before the copy from HR, and the copy then keeps the form’s answers', async () => {
    const { id } = await app.services.vetting.createApplication(advisor, { kind: 'renewal', personId: ids.P1!, level: 'RV', receivedOn: '2026-11-03' });
    await app.services.bus.dispatch();
    await app.db.query('delete from vetting_equality_monitoring where application_id = $1', [id]); // as if the event were still on its way
    await service.record(hr, id, { religion: 'No religion', version: 0 });
    expect(await monitoringRow(id)).toMatchObject({ religion: 'No religion', ethnicity: null, age_band: '35 to 44', version: 1 });
    await app.db.transaction((tx) => service.onApplicationCreated({ applicationId: id }, tx));
    expect(await monitoringRow(id)).toMatchObject({ religion: 'No religion', ethnicity: MIXED, sex: 'Female', version: 2 });
    await expect(service.record(hr, id, { religion: 'Christian', version: 1 })).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets only those granted update on protected characteristics record, never on their own application', async () => {
    const id = await externalApplication();
    for (const role of ROLE_NAMES) {
      const attempt = service.record(actor([role]), id, { sex: 'Female', version: 0 });
      if (canAny(actor([role]).viewer, 'update', 'protected_characteristics')) await expect(attempt, role).rejects.toBeInstanceOf(ConflictError); // allowed through; the version is stale
      else await expect(attempt, role).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(canAny(hr.viewer, 'update', 'protected_characteristics')).toBe(true);
    // Someone recording monitoring on their own vetting application is told it does not exist.
    const own = (await app.services.vetting.createApplication(advisor, { kind: 'review', personId: ids.P2!, level: 'RV', receivedOn: '2026-11-02', reviewReason: 'Annual integrity review' })).id;
    await app.services.bus.dispatch();
    await expect(service.status(actor(['hr'], ids.P2!), own)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.record(actor(['hr'], ids.P2!), own, { sex: 'Male', version: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await app.db.query(`update vetting_applications set excluded_user_ids = array[$2::uuid] where id = $1`, [id, '00000000-0000-4000-8000-000000000001']);
    await expect(service.status(actor(['hr'], null, '00000000-0000-4000-8000-000000000001'), id)).rejects.toBeInstanceOf(NotFoundError);
    const [denied] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-equality.view' and outcome = 'denied' and subject_id = any($1)`, [[own, id]]);
    expect(denied?.n).toBe(2);
  });

  it('finds an application by its reference for HR, who cannot list applications', async () => {
    const id = await externalApplication();
    const [{ reference }] = (await app.db.query<{ reference: string }>('select reference from vetting_applications where id = $1', [id])) as [{ reference: string }];
    const client = await signedIn(['hr']);
    expect((await client.get('/')).text).toContain('href="/vetting/equality" data-qa="equality-card"');
    expect((await client.get('/vetting/equality')).status).toBe(200);
    const found = await client.get(`/vetting/equality?reference=${reference.toLowerCase()}`);
    expect(found.status).toBe(302);
    expect(found.location).toBe(`/vetting/applications/${id}/equality`);
    expect((await client.get('/vetting/equality?reference=VET-1999-000000')).status).toBe(404);
    expect((await (await signedIn(['opcc_scrutiny'])).get(`/vetting/equality?reference=${reference}`)).status).toBe(403);
  });
});

// ---- the report ------------------------------------------------------------------------------------------------

/** Inserts n decided applications with the given facts, as the benchmark seeds them (the report reads only these tables). */
async function seed(n: number, o: { ethnicity?: string | null; monitored?: boolean; kind?: string; outcome: string; decidedOn?: string; status?: string }): Promise<string[]> {
  const rows = await app.db.query<{ id: string }>(
    `insert into vetting_applications (reference, kind, applicant_forenames, applicant_surname, level, status, received_on)
     select 'SEED-' || lpad(nextval('vetting_reference_seq')::text, 6, '0'), $2, 'Seeded', 'Applicant', 'RV', 'decided', '2025-01-01' from generate_series(1, $1::int) returning id`,
    [n, o.kind ?? 'recruit'],
  );
  const idList = rows.map((r) => r.id);
  await app.db.query(
    `insert into vetting_decisions (application_id, outcome, level, decided_on, decided_by_label, had_adverse_information, status)
     select unnest($1::uuid[]), $2, 'RV', $3::date, 'Seed', false, $4`,
    [idList, o.outcome, o.decidedOn ?? '2026-03-15', o.status ?? 'final'],
  );
  if (o.monitored !== false) {
    await app.db.query('insert into vetting_equality_monitoring (application_id, ethnicity, application_kind) select unnest($1::uuid[]), $2, $3', [idList, o.ethnicity ?? null, o.kind ?? 'recruit']);
  }
  return idList;
}

const seeded: Record<string, string[]> = {};
const byGroup = (groups: GroupResult[], name: string) => groups.find((g) => g.group === name)!;
const close = (actual: number | null, expected: number, relative = 1e-12) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(relative);
};
/** Katz's interval written out independently of stats.ts. */
const katz = (a: number, n1: number, c: number, n2: number) => {
  const ratio = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return { ratio, lower: ratio * Math.exp(-1.959963984540054 * se), upper: ratio * Math.exp(1.959963984540054 * se) };
};

describe('the disproportionality report on a seeded dataset', () => {
  beforeAll(async () => {
    seeded.whiteRefused = await seed(6, { ethnicity: WHITE, outcome: 'refusal' });
    seeded.whiteConditions = await seed(9, { ethnicity: WHITE, outcome: 'clearance_with_conditions' });
    await seed(45, { ethnicity: WHITE, outcome: 'clearance' });
    seeded.blackRefused = await seed(8, { ethnicity: BLACK, outcome: 'refusal' });
    await seed(5, { ethnicity: BLACK, outcome: 'clearance_with_conditions' });
    await seed(7, { ethnicity: BLACK, outcome: 'clearance' });
    await seed(5, { ethnicity: ASIAN, outcome: 'refusal', kind: 'transferee' });
    await seed(5, { ethnicity: ASIAN, outcome: 'clearance_with_conditions', kind: 'transferee' });
    await seed(20, { ethnicity: ASIAN, outcome: 'clearance', kind: 'transferee' });
    await seed(1, { ethnicity: MIXED, outcome: 'refusal' });
    await seed(2, { ethnicity: MIXED, outcome: 'clearance' });
    await seed(2, { ethnicity: PREFER_NOT_TO_SAY, outcome: 'clearance' });
    await seed(1, { monitored: false, outcome: 'refusal' }); // no monitoring row at all
    await seed(3, { monitored: false, outcome: 'clearance' });
    await seed(2, { ethnicity: null, outcome: 'clearance' }); // a row, but the question unanswered
    // Not counted: decisions awaiting ratification, and decisions outside the period.
    await seed(3, { ethnicity: WHITE, outcome: 'refusal', status: 'awaiting_ratification' });
    await seed(4, { ethnicity: BLACK, outcome: 'refusal', decidedOn: '2025-06-01' });
  });

  it('gives the exact relative rate, 95% interval and Fisher p-value for every group (scipy.stats.fisher_exact)', async () => {
    const r = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', ...PERIOD });
    expect(r).toMatchObject({ reference: WHITE, referenceSource: 'largest', decided: 121, events: 21, stageRecorded: true });
    const expected: [string, number, number, number][] = [
      // group, decided, refused, p from scipy 1.17 fisher_exact([[a, n1 − a], [6, 54]])
      [BLACK, 20, 8, 0.004853574187673852],
      [ASIAN, 30, 5, 0.49592223741166186],
      [MIXED, 3, 1, 0.30195663670015865],
      [NOT_RECORDED, 6, 1, 0.5040932758410284],
    ];
    for (const [name, decided, events, p] of expected) {
      const g = byGroup(r.groups, name);
      expect(g, name).toMatchObject({ decided, events });
      const k = katz(events, decided, 6, 60);
      close(g.ratio, k.ratio);
      close(g.lower, k.lower);
      close(g.upper, k.upper);
      close(g.pValue, p, 1e-10);
    }
    close(byGroup(r.groups, BLACK).lower, 1.578700140674023);
    expect(r.groups.filter((g) => g.flagged).map((g) => [g.group, g.flagged])).toEqual([[BLACK, 'higher']]);
    expect(byGroup(r.groups, WHITE)).toMatchObject({ decided: 60, events: 6, isReference: true, ratio: null });
    expect(byGroup(r.groups, PREFER_NOT_TO_SAY)).toMatchObject({ decided: 2, events: 0 });
  });

  it('filters by period and kind of application, and reports clearance with conditions', async () => {
    const all = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal' });
    expect(byGroup(all.groups, BLACK)).toMatchObject({ decided: 24, events: 12 }); // the 2025 decisions too
    const recruits = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', kind: 'recruit', ...PERIOD });
    expect(byGroup(recruits.groups, ASIAN)).toMatchObject({ decided: 0, events: 0 });
    expect(byGroup(recruits.groups, WHITE)).toMatchObject({ decided: 60, events: 6 });
    expect(byGroup(recruits.groups, NOT_RECORDED)).toMatchObject({ decided: 2, events: 0 }); // decisions with no row at all have no kind to match
    const transferees = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', kind: 'transferee', ...PERIOD });
    expect(transferees.decided).toBe(30);
    const conditions = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'clearance_with_conditions', ...PERIOD });
    const black = byGroup(conditions.groups, BLACK);
    close(black.ratio, 5 / 20 / (9 / 60));
    close(black.lower, 0.6324168652487057);
    close(black.upper, 4.392320841547107);
    close(black.pValue, 0.32245540875238204, 1e-10);
    const chosen = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', reference: ASIAN, ...PERIOD });
    close(byGroup(chosen.groups, WHITE).ratio, 0.1 / (5 / 30));
    await expect(disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', reference: 'Other ethnic group', ...PERIOD })).rejects.toBeInstanceOf(ValidationError);
  });

  it('reads every characteristic in one overview', async () => {
    const reports = await disproportionalityOverview(app.db, { outcome: 'refusal', ...PERIOD }, { ethnicity: WHITE });
    const ethnicity = reports.find((r) => r.characteristic === 'ethnicity')!;
    const single = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', ...PERIOD });
    expect(ethnicity.groups).toEqual(single.groups);
    expect(reports.find((r) => r.characteristic === 'sex')!.groups.find((g) => g.group === NOT_RECORDED)).toMatchObject({ decided: 121, events: 21 });
  });

  it('reports appeals upheld among appeals decided, by the force’s choice of what counts as decided', async () => {
    const [exists] = await app.db.query<{ present: boolean }>(`select to_regclass('vetting_appeals') is not null as present`);
    if (!exists?.present) return; // the appeals feature is not installed: covered by the next test
    const appeal = async (applicationId: string, outcome: string | null, n: number) => {
      await app.db.query(
        `insert into vetting_appeals (reference, application_id, decision_id, against, lodged_on, decision_notified_on, due_on, in_time, grounds, status, outcome, decided_on)
         select 'APL-T-' || $5::int, $1::uuid, d.id, 'refusal', '2026-04-01', '2026-03-20', '2026-04-03', true, 'Grounds', $3::text, $2::text, case when $2::text is null then null else $4::date end
         from vetting_decisions d where d.application_id = $1::uuid`,
        [applicationId, outcome, outcome ? 'decided' : 'lodged', '2026-05-01', n],
      );
    };
    const white = [...seeded.whiteRefused!, ...seeded.whiteConditions!];
    for (const [i, outcome] of ['upheld', 'upheld', 'not_upheld', 'not_upheld', 'not_upheld', 'not_upheld', 'not_upheld', 'not_upheld', 'not_upheld', 'criteria_not_met'].entries()) await appeal(white[i]!, outcome, i);
    await appeal(white[10]!, null, 10); // not yet decided
    for (const [i, outcome] of ['upheld', 'upheld', 'upheld', 'upheld', 'not_upheld', 'not_upheld'].entries()) await appeal(seeded.blackRefused![i]!, outcome, 20 + i);

    const r = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'appeal_upheld', ...PERIOD });
    expect(r.stage).toBe('appeal');
    expect(byGroup(r.groups, WHITE)).toMatchObject({ decided: 10, events: 2 });
    const black = byGroup(r.groups, BLACK);
    expect(black).toMatchObject({ decided: 6, events: 4 });
    close(black.ratio, 10 / 3);
    close(black.lower, 0.8533061725184833);
    close(black.pValue, 0.11813186813186814, 1e-10);

    const merits = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'appeal_upheld', appealsDenominator: 'considered_on_merits', ...PERIOD });
    expect(byGroup(merits.groups, WHITE)).toMatchObject({ decided: 9, events: 2 });
    close(byGroup(merits.groups, BLACK).pValue, 0.1356643356643357, 1e-10);
    close(byGroup(merits.groups, BLACK).upper, 11.535955354647784);
  });

  it('answers with empty appeal figures, not an error, where appeals are not recorded', async () => {
    const [exists] = await app.db.query<{ present: boolean }>(`select to_regclass('vetting_appeals') is not null as present`);
    if (exists?.present) await app.db.query('alter table vetting_appeals rename to vetting_appeals_set_aside');
    try {
      const r = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'appeal_upheld' });
      expect(r).toMatchObject({ stageRecorded: false, decided: 0, reference: null });
      expect((await disproportionalityOverview(app.db, { outcome: 'appeal_upheld' }))[0]).toMatchObject({ stageRecorded: false });
    } finally {
      if (exists?.present) await app.db.query('alter table vetting_appeals_set_aside rename to vetting_appeals');
    }
  });
});

describe('the report’s pages, API and CSV', () => {
  const query = `characteristic=ethnicity&outcome=refusal&from=${PERIOD.from}&to=${PERIOD.to}`;

  it('shows the force vetting manager the figures, suppressing small groups on the page and in the CSV alike', async () => {
    const client = await signedIn(['force_vetting_manager']);
    const page = await client.get(`/vetting/disproportionality?${query}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="dispro-chart-title dispro-chart-desc"/);
    expect(page.text).toContain('<title id="dispro-chart-title">Relative rate of refusal by ethnic group, compared with White</title>');
    const table = page.text.slice(page.text.indexOf('data-qa="figures"'));
    const rowOf = (group: string) => table.slice(table.indexOf(`>${group}`), table.indexOf('</tr>', table.indexOf(`>${group}`)));
    const blackRow = rowOf(BLACK);
    for (const cell of ['20', '8', '40.0%', '4.00', '1.58 to 10.13', '0.005', 'Higher']) expect(blackRow).toContain(`>${cell}<`);
    const mixedRow = rowOf(MIXED);
    expect(mixedRow).toContain('>&lt;5<');
    expect(mixedRow).toContain('>Suppressed<');
    expect(mixedRow).not.toContain('3.33');

    const csv = await client.get(`/vetting/disproportionality/csv?${query}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('vetting-disproportionality-ethnicity-refusal-from-2026-01-01-to-2026-12-31.csv');
    expect(csv.text).toContain('"Black, Black British, Caribbean or African",No,20,8,0.4,4,1.5787,10.1349,No,0.004854,Higher,No');
    expect(csv.text).toContain('Mixed or multiple ethnic groups,No,<5,<5,suppressed');
    const [exports] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-disproportionality.export' and outcome = 'ok'`);
    expect(exports?.n).toBe(1);
  });

  it('takes the suppression threshold from settings, for display only', async () => {
    await app.db.transaction((tx) => app.services.settings.put(tx, DISPROPORTIONALITY_SETTINGS.suppressBelow, 10, null, 0));
    try {
      const client = await signedIn(['force_vetting_manager']);
      const json = (await client.get(`/api/v1/vetting/disproportionality?${query}`)).json();
      expect(json).toMatchObject({ suppressBelow: 10, referenceSuppressed: true });
      expect(json.groups.find((g: { group: string }) => g.group === BLACK)).toMatchObject({ decided: '<10', ratio: null, flagged: null, suppressed: true });
      expect(json.groups.find((g: { group: string }) => g.group === ASIAN)).toMatchObject({ suppressed: true, decided: '<10' });
      // The calculation did not change.
      const raw = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal', ...PERIOD });
      expect(byGroup(raw.groups, BLACK)).toMatchObject({ decided: 20, events: 8, flagged: 'higher' });
    } finally {
      await app.db.transaction((tx) => app.services.settings.put(tx, DISPROPORTIONALITY_SETTINGS.suppressBelow, 5, null, 1));
    }
  });

  it('answers the API with the same figures as the page, and documents it', async () => {
    const client = await signedIn(['opcc_scrutiny']);
    const res = await client.get(`/api/v1/vetting/disproportionality?${query}`);
    expect(res.status).toBe(200);
    const black = res.json().groups.find((g: { group: string }) => g.group === BLACK);
    expect(black).toMatchObject({ decided: 20, events: 8, rate: 0.4, ratio: 4, flagged: 'higher', suppressed: false });
    expect(Math.abs(black.pValue - 0.004853574187673852)).toBeLessThan(1e-12);
    expect(res.json().groups.find((g: { group: string }) => g.group === MIXED)).toMatchObject({ decided: '<5', events: '<5', ratio: null, pValue: null });
    const csv = await client.get(`/api/v1/vetting/disproportionality/csv?${query}`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toMatch(/^Characteristic,Outcome,/);
    for (const [bad, field] of [['characteristic=height', 'characteristic'], ['from=2026-02-01&to=2026-01-01', 'to'], ['outcome=withdrawal', 'outcome']]) {
      const res = await client.get(`/api/v1/vetting/disproportionality?${bad}`);
      expect(res.status).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    const doc = await fetch(`${app.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    const { paths } = (await doc.json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/vetting/disproportionality', '/api/v1/vetting/disproportionality/csv', '/api/v1/vetting/disproportionality/overview', '/api/v1/vetting/applications/{id}/equality']) expect(paths).toHaveProperty([path]);
  });

  it('shows the overview of flagged groups across every characteristic', async () => {
    const client = await signedIn(['auditor']);
    const page = await client.get(`/vetting/disproportionality/overview?outcome=refusal&from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/data-qa="overview-row"/g)).toHaveLength(7);
    expect(page.text).toMatch(/Higher<\/strong> Black, Black British, Caribbean or African:\s*relative rate 4.00 \(1.58 to 10.13\)/);
  });

  it('gives aggregates to OPCC scrutiny and auditors, export only to those granted it, and nothing to case workers', async () => {
    const opcc = await signedIn(['opcc_scrutiny']);
    expect((await opcc.get(`/vetting/disproportionality?${query}`)).status).toBe(200);
    expect((await opcc.get(`/vetting/applications/${ids.copied}`)).status).toBe(403);
    expect((await opcc.get(`/vetting/applications/${ids.copied}/equality`)).status).toBe(403);
    expect((await opcc.get(`/api/v1/vetting/applications/${ids.copied}`)).status).toBe(403);
    expect((await opcc.get('/')).text).toContain('data-qa="disproportionality-card"');

    const auditor = await signedIn(['auditor']);
    expect((await auditor.get(`/vetting/disproportionality?${query}`)).status).toBe(200);
    expect((await auditor.get(`/vetting/disproportionality/csv?${query}`)).status).toBe(403);
    expect((await auditor.get(`/vetting/disproportionality?${query}`)).text).not.toContain('data-qa="csv-link"');

    for (const roles of [['senior_vetting_advisor'], ['vetting_researcher'], ['hr'], ['staff']] as Role[][]) {
      const client = await signedIn(roles);
      expect((await client.get(`/vetting/disproportionality?${query}`)).status, roles[0]).toBe(403);
      expect((await client.get(`/api/v1/vetting/disproportionality?${query}`)).status, roles[0]).toBe(403);
      expect((await client.get(`/vetting/disproportionality/csv?${query}`)).status, roles[0]).toBe(403);
      expect((await client.get('/vetting/disproportionality/overview')).status, roles[0]).toBe(403);
    }
    const [denied] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action like 'vetting-disproportionality.%' and outcome = 'denied'`);
    expect(denied?.n).toBeGreaterThanOrEqual(16);
  });

  it('lets the force vetting manager change the settings, refusing a stale form and anyone else', async () => {
    const client = await signedIn(['force_vetting_manager']);
    const page = await client.get('/vetting/disproportionality/settings');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<input[^>]*id="suppressBelow"[^>]*value="5"/);
    const version = (key: string) => new RegExp(`name="version-${key}" value="(\\d+)"`).exec(page.text)![1]!;
    const form = { suppressBelow: '3', appealsDenominator: 'considered_on_merits', 'reference-ethnicity': WHITE, 'reference-sex': 'Female', 'version-suppressBelow': version('suppressBelow'), 'version-referenceGroups': version('referenceGroups'), 'version-appealsDenominator': version('appealsDenominator') };
    const saved = await client.post('/vetting/disproportionality/settings', form);
    expect(saved.status).toBe(302);
    expect(await service.settings()).toEqual({ suppressBelow: 3, appealsDenominator: 'considered_on_merits', referenceGroups: { ethnicity: WHITE, sex: 'Female' } });
    const [audit] = await app.db.query<{ details: { changes: Record<string, unknown> } }>(`select details from audit_log where action = 'vetting-disproportionality-settings.update'`);
    expect(Object.keys(audit!.details.changes).sort()).toEqual(['appealsDenominator', 'referenceGroups', 'suppressBelow']);

    const stale = await client.post('/vetting/disproportionality/settings', { ...form, suppressBelow: '7' });
    expect(stale.status).toBe(409);
    const bad = await client.post('/vetting/disproportionality/settings', { ...form, suppressBelow: 'five', 'reference-ethnicity': PREFER_NOT_TO_SAY });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#suppressBelow"');
    expect(bad.text).toContain('href="#reference-ethnicity"');
    expect((await service.settings()).suppressBelow).toBe(3);
    for (const roles of [['opcc_scrutiny'], ['auditor'], ['senior_vetting_advisor'], ['head_of_psd']] as Role[][]) {
      expect((await (await signedIn(roles)).get('/vetting/disproportionality/settings')).status, roles[0]).toBe(403);
    }
    // Back to the defaults for the tests that follow.
    const again = await client.get('/vetting/disproportionality/settings');
    const v = (key: string) => new RegExp(`name="version-${key}" value="(\\d+)"`).exec(again.text)![1]!;
    expect((await client.post('/vetting/disproportionality/settings', { suppressBelow: '5', appealsDenominator: 'all_decided', 'reference-ethnicity': WHITE, 'version-suppressBelow': v('suppressBelow'), 'version-referenceGroups': v('referenceGroups'), 'version-appealsDenominator': v('appealsDenominator') })).status).toBe(302);
  });

  it('shows field errors for a bad filter, and for a reference group with nobody in it', async () => {
    const client = await signedIn(['force_vetting_manager']);
    const bad = await client.get('/vetting/disproportionality?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#from"');
    const empty = await client.get(`/vetting/disproportionality?${query}&reference=Other+ethnic+group`);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Nobody in the Other ethnic group group was decided in this period');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { VettingService } from '../service.js';
import { QualityRepository } from './data.js';
import { DEFAULT_SAMPLE_SHARE, samplingDraw, selectionFor, todayInLondon } from './sampling.js';
import { OwnDecisionError, QualityService } from './service.js';

let app: TestApp;
let vetting: VettingService;
let quality: QualityService;
const users: Record<string, { id: string; totpSecret: string; actor: ActorContext }> = {};
const people: Record<string, string> = {};
const month = todayInLondon().slice(0, 7);

const RATIONALE = {
  information: 'Financial check shows a county court judgment from 2021, since satisfied.',
  threatAndRisk: 'Low risk of financial vulnerability now; judgment paid and declared.', riskFactors: ['Financial vulnerability'],
  powersAndPolicy: 'APP Vetting on financial checks; force policy on debt.', options: 'Refuse, clear, or clear with a financial review condition.',
  decisionAndReview: 'Decision made on the whole picture; reviewed at renewal.',
};

async function addUser(name: string, roles: Role[], personId: string | null = null) {
  const u = await app.user(name, roles, personId);
  users[name] = { ...u, actor: { viewer: { userId: u.id, personId, roles, label: name }, correlationId: `test-${name}` } };
}
const as = (name: string) => users[name]!.actor;

/** Opens, checks and decides an application, delivers the events, and returns its ids. */
async function decided(outcome: 'clearance' | 'clearance_with_conditions' | 'refusal', o: { adverse: boolean; by: string; personId?: string }) {
  const by = as(o.by);
  const { id } = await vetting.createApplication(by, o.personId ? { kind: 'renewal', personId: o.personId, level: 'RV', receivedOn: '2026-11-01' } : { kind: 'recruit', forenames: 'Tamsin', surname: 'Wrenfold', level: 'RV', receivedOn: '2026-11-01' });
  await vetting.recordCheck(by, id, o.adverse
    ? { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-03', traces: [{ category: 'financial', description: 'County court judgment, 2021, satisfied' }] }
    : { checkType: 'financial', result: 'clear', checkedOn: '2026-11-03', traces: [] });
  const version = (await vetting.view(by, id)).application.version;
  const conditions = outcome === 'clearance_with_conditions' ? [{ description: 'Annual financial review', responsibleUnit: 'vetting' as const, ownerName: 'Vetting manager', reviewOn: '2027-11-01' }] : [];
  await vetting.decide(by, id, { outcome, version, rationale: o.adverse ? RATIONALE : undefined, conditions });
  // Adverse information on a role in the evidential chain needs ratification before the decision is final and published.
  const [pending] = await app.db.query<{ status: string }>('select status from vetting_decisions where application_id = $1', [id]);
  if (pending?.status === 'awaiting_ratification') await vetting.ratify(as('rory.ratifier'), id, { verdict: 'ratify', note: 'Ratified: the reasoning is sound.' });
  await app.services.bus.dispatch();
  const [d] = await app.db.query<{ id: string }>('select id from vetting_decisions where application_id = $1', [id]);
  return { applicationId: id, decisionId: d!.id };
}

const poolRow = async (decisionId: string) =>
  (await app.db.query<{ id: string; eligible: boolean; draw: number; sample_share: number; selection: string | null }>('select id, eligible, draw, sample_share, selection from vetting_qa_pool where decision_id = $1', [decisionId]))[0];

beforeAll(async () => {
  app = await startTestApp();
  vetting = app.services.vetting;
  const s = app.services;
  quality = new QualityService({ db: app.db, audit: s.audit, bus: s.bus, settings: s.settings, people: s.workforce, vetting }, new QualityRepository(app.db));
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  await s.workforce.syncFromHr({ viewer: { userId: null, personId: null, roles: ['hr'], label: 'setup' }, correlationId: 'setup' }, [
    { payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01' },
    { payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'staff', unitCode: 'RESP', startDate: '2012-01-01' },
  ], 'delta');
  for (const p of ['P1', 'P2']) people[p] = (await s.workforce.personIdByPayroll(p))!;
  await addUser('ada.decider', ['senior_vetting_advisor']);
  await addUser('bram.checker', ['senior_vetting_advisor']);
  await addUser('cass.manager', ['force_vetting_manager']);
  await addUser('dara.subject', ['senior_vetting_advisor'], people.P1!);
  await addUser('eli.researcher', ['vetting_researcher']);
  await addUser('rory.ratifier', ['force_vetting_manager']);
});
afterAll(() => app.close());

describe('the QA pool, filled from vetting.decision.recorded', () => {
  it('pools a clearance on adverse information and samples it by the decision’s draw against the default share', async () => {
    const { decisionId, applicationId } = await decided('clearance_with_conditions', { adverse: true, by: 'ada.decider' });
    const row = await poolRow(decisionId);
    const expected = selectionFor('clearance_with_conditions', samplingDraw(decisionId), { sampleShare: DEFAULT_SAMPLE_SHARE, sampleAllRefusals: false });
    expect(row).toMatchObject({ eligible: true, sample_share: DEFAULT_SAMPLE_SHARE, selection: expected });
    expect(Number(row!.draw)).toBe(samplingDraw(decisionId));
    const [audit] = await app.db.query<{ details: { selection: string | null } }>(`select details from audit_log where action = 'vetting-qa.pool' and subject_id = $1`, [applicationId]);
    expect(audit?.details.selection).toBe(expected);
  });

  it('leaves clearances without adverse information out of the pool', async () => {
    const { decisionId } = await decided('clearance', { adverse: false, by: 'ada.decider' });
    expect(await poolRow(decisionId)).toBeUndefined();
  });

  it('handles a payload with the decision id once only, and skips an unusable payload without blocking later events', async () => {
    const { decisionId, applicationId } = await decided('refusal', { adverse: false, by: 'ada.decider' });
    const before = await poolRow(decisionId);
    expect(before?.eligible).toBe(true);
    await app.db.transaction(async (tx) => {
      await app.services.bus.publish(tx, { type: 'vetting.decision.recorded', payload: { applicationId: 'not-an-id', outcome: 'refusal' } });
      await app.services.bus.publish(tx, { type: 'vetting.decision.recorded', payload: { applicationId, decisionId, outcome: 'refusal', hadAdverseInformation: false, decidedBy: users['ada.decider']!.id, decidedByLabel: 'ada.decider' } });
    });
    await app.services.bus.dispatch();
    const rows = await app.db.query('select id from vetting_qa_pool where application_id = $1', [applicationId]);
    expect(rows).toHaveLength(1);
    const [pending] = await app.db.query<{ n: number }>(
      `select count(*)::int as n from domain_events e where e.type = 'vetting.decision.recorded' and not exists (select 1 from event_deliveries d where d.subscriber = 'vetting.quality-pool' and d.event_id = e.id)`);
    expect(pending?.n).toBe(0);
  });
});

describe('sampling, findings and feedback', () => {
  let sampleId: string;
  let applicationId: string;

  it('lets the force vetting manager sample every refusal (audited, optimistic) and not an advisor', async () => {
    const current = await quality.settingsForEdit(as('cass.manager'));
    expect(current).toMatchObject({ sampleShare: 0.25, sampleAllRefusals: false, versions: { sampleShare: 0, sampleAllRefusals: 0, learningThemes: 0 } });
    await expect(quality.settingsForEdit(as('bram.checker'))).rejects.toBeInstanceOf(ForbiddenError);
    const versions = await quality.updateSettings(as('cass.manager'), { ...current, sampleAllRefusals: true });
    expect(versions).toEqual({ sampleShare: 0, sampleAllRefusals: 1, learningThemes: 0 });
    // A second editor who loaded the form before the change is refused, not silently overwriting it.
    await expect(quality.updateSettings(as('cass.manager'), { ...current, sampleAllRefusals: false })).rejects.toBeInstanceOf(ConflictError);
    const [audit] = await app.db.query<{ details: { changes: Record<string, unknown> } }>(`select details from audit_log where action = 'vetting-qa-settings.update'`);
    expect(audit?.details.changes).toEqual({ sampleAllRefusals: { from: false, to: true } });
  });

  it('puts a refusal on adverse information in the sample and on the advisors’ work list, oldest first', async () => {
    ({ applicationId } = await decided('refusal', { adverse: true, by: 'ada.decider' }));
    const list = await quality.workList(as('bram.checker'), { status: 'awaiting', page: 1, pageSize: 50 });
    const mine = list.entries.find((e) => e.applicationId === applicationId)!;
    expect(mine).toMatchObject({ selection: 'all_refusals', outcome: 'refusal', decidedByLabel: 'ada.decider', ownDecision: false });
    expect(list.entries.map((e) => e.decidedOn)).toEqual([...list.entries.map((e) => e.decidedOn)].sort());
    sampleId = mine.id;
    const own = await quality.workList(as('ada.decider'), { status: 'awaiting', page: 1, pageSize: 50 });
    expect(own.entries.find((e) => e.id === sampleId)?.ownDecision).toBe(true);
  });

  it('refuses QA of your own decision with a clear message', async () => {
    const view = await quality.sample(as('ada.decider'), sampleId);
    expect(view.can.recordFinding).toBe(false);
    expect(view.ownReason).toMatch(/You made this decision/);
    const refused = await quality.recordFinding(as('ada.decider'), sampleId, { finding: 'agree', learningThemes: [], version: view.sample.version }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OwnDecisionError);
    expect((refused as Error).message).toBe('You made this decision, so you cannot quality-assure it: another senior vetting advisor must.');
    const ratifier = await quality.recordFinding(as('rory.ratifier'), sampleId, { finding: 'agree', learningThemes: [], version: view.sample.version }).catch((e: unknown) => e);
    expect(ratifier).toBeInstanceOf(OwnDecisionError);
    expect((ratifier as Error).message).toMatch(/^You ratified this decision/);
  });

  it('hides the sample from an advisor who is its subject, and from roles without QA access', async () => {
    const { applicationId: aboutDara } = await decided('refusal', { adverse: true, by: 'ada.decider', personId: people.P1! });
    const row = (await app.db.query<{ id: string }>('select id from vetting_qa_pool where application_id = $1', [aboutDara]))[0]!;
    await expect(quality.sample(as('dara.subject'), row.id)).rejects.toBeInstanceOf(NotFoundError);
    const list = await quality.workList(as('dara.subject'), { status: 'awaiting', page: 1, pageSize: 50 });
    expect(list.entries.some((e) => e.applicationId === aboutDara)).toBe(false);
    expect(list.total).toBeGreaterThan(0);
    await expect(quality.sample(as('eli.researcher'), row.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await quality.applicationSection(as('eli.researcher'), aboutDara)).toBeUndefined();
  });

  it('requires feedback and a theme for agree with learning, then records the finding once', async () => {
    const view = await quality.sample(as('bram.checker'), sampleId);
    expect(view.can.recordFinding).toBe(true);
    expect(view.sample.traces).toEqual([expect.objectContaining({ category: 'financial', description: 'County court judgment, 2021, satisfied' })]);
    expect(view.sample.rationale).toMatchObject({ threatAndRisk: RATIONALE.threatAndRisk });
    const invalid = await quality.recordFinding(as('bram.checker'), sampleId, { finding: 'agree_with_learning', learningThemes: [], version: view.sample.version }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).details.map((d) => d.field)).toEqual(['learningThemes', 'feedback']);
    const body = { finding: 'agree_with_learning' as const, learningThemes: ['Record keeping'], feedback: 'Sound refusal; record which options you ruled out and why.', version: view.sample.version };
    await expect(quality.recordFinding(as('bram.checker'), sampleId, { ...body, version: body.version + 5 })).rejects.toBeInstanceOf(ConflictError);
    expect(await quality.recordFinding(as('bram.checker'), sampleId, body)).toMatch(/^[0-9a-f-]{36}$/);
    await expect(quality.recordFinding(as('cass.manager'), sampleId, { ...body, version: body.version + 1 })).rejects.toBeInstanceOf(ConflictError);
    const [timeline] = await app.db.query<{ what: string }>(`select what from vetting_timeline where application_id = $1 and what like 'Quality assurance finding%'`, [applicationId]);
    expect(timeline?.what).toBe('Quality assurance finding: agree with learning');
  });

  it('shows the feedback to the decision maker until they acknowledge it, and the finding on the application page', async () => {
    const home = await quality.homeSummary(as('ada.decider'));
    expect(home?.feedback.entries).toEqual([expect.objectContaining({ id: sampleId, finding: expect.objectContaining({ finding: 'agree_with_learning', feedback: expect.stringContaining('options you ruled out') }) })]);
    expect((await quality.homeSummary(as('bram.checker')))?.feedback.total).toBe(0);
    const section = await quality.applicationSection(as('eli.researcher'), applicationId);
    expect(section).toBeUndefined();
    const shown = await quality.applicationSection(as('bram.checker'), applicationId);
    expect(shown?.entry?.finding?.finding).toBe('agree_with_learning');
    const finding = (await quality.sample(as('ada.decider'), sampleId)).sample.finding!;
    await expect(quality.acknowledge(as('bram.checker'), sampleId, finding.version)).rejects.toBeInstanceOf(ForbiddenError);
    await quality.acknowledge(as('ada.decider'), sampleId, finding.version);
    expect((await quality.homeSummary(as('ada.decider')))?.feedback.total).toBe(0);
    expect((await quality.feedback(as('ada.decider'), { page: 1, pageSize: 10 })).entries[0]?.finding?.acknowledgedAt).toBeInstanceOf(Date);
  });

  it('refers a disagreement to the force vetting manager, who answers it', async () => {
    const { applicationId: refused } = await decided('refusal', { adverse: true, by: 'bram.checker' });
    const entry = (await quality.workList(as('ada.decider'), { status: 'awaiting', page: 1, pageSize: 50 })).entries.find((e) => e.applicationId === refused)!;
    await quality.recordFinding(as('ada.decider'), entry.id, { finding: 'disagree', learningThemes: ['Risk assessment of the adverse information'], feedback: 'A satisfied judgment alone does not support refusal.', action: 'refer_to_manager', version: entry.version });
    await expect(quality.workList(as('bram.checker'), { status: 'referred', page: 1, pageSize: 10 })).rejects.toBeInstanceOf(ForbiddenError);
    const referred = await quality.workList(as('cass.manager'), { status: 'referred', page: 1, pageSize: 10 });
    expect(referred.entries.map((e) => e.id)).toEqual([entry.id]);
    expect((await quality.homeSummary(as('cass.manager')))?.referrals).toBe(1);
    const view = await quality.sample(as('cass.manager'), entry.id);
    expect(view.can.respondToReferral).toBe(true);
    await quality.respondToReferral(as('cass.manager'), entry.id, 'Discussed with the decision maker; the applicant is invited to reapply.', view.sample.finding!.version);
    expect((await quality.workList(as('cass.manager'), { status: 'referred', page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('lets the manager add any decision to the sample by hand, once', async () => {
    const { applicationId: clean, decisionId } = await decided('clearance', { adverse: false, by: 'ada.decider' });
    await expect(quality.addToSample(as('bram.checker'), clean, 'Curious')).rejects.toBeInstanceOf(ForbiddenError);
    const id = await quality.addToSample(as('cass.manager'), clean, 'New decision maker: first month of decisions');
    expect(await poolRow(decisionId)).toMatchObject({ id, eligible: false, selection: 'by_hand' });
    await expect(quality.addToSample(as('cass.manager'), clean, 'Again')).rejects.toBeInstanceOf(ConflictError);
    const { id: undecided } = await vetting.createApplication(as('cass.manager'), { kind: 'recruit', forenames: 'Orla', surname: 'Pennick', level: 'RV', receivedOn: '2026-11-01' });
    await expect(quality.addToSample(as('cass.manager'), undecided, 'Too early')).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('reports', () => {
  it('computes the month’s and each decision maker’s figures from the pool and findings', async () => {
    const pool = await app.db.query<{ decision_id: string; outcome: string; eligible: boolean; decided_by_label: string; all_refusals: boolean }>(
      'select decision_id, outcome, eligible, decided_by_label, all_refusals from vetting_qa_pool');
    const byRule = pool.filter((p) => p.eligible && selectionFor(p.outcome, samplingDraw(p.decision_id), { sampleShare: 0.25, sampleAllRefusals: p.all_refusals }));
    // Decided in these tests: ada 1 clearance on adverse information, 1 plain refusal, 2 refusals on adverse information; bram 1 refusal on adverse information.
    expect(pool.filter((p) => p.eligible)).toHaveLength(5);
    const report = await quality.report(as('cass.manager'), { from: month, to: month });
    const [row, total] = report.months;
    expect({ ...total, key: row!.key, label: row!.label }).toEqual(row);
    expect(row).toMatchObject({
      inPool: 5, sampledByRule: byRule.length, sampleRate: byRule.length / 5, addedByHand: 1, qaCompleted: 2, qaOutstanding: byRule.length + 1 - 2,
      findings: { agree: 0, agree_with_learning: 1, disagree: 1 }, themes: { 'Record keeping': 1, 'Risk assessment of the adverse information': 1 },
    });
    const ada = report.decisionMakers.find((r) => r.label === 'ada.decider')!;
    expect(ada).toMatchObject({ key: users['ada.decider']!.id, inPool: 4, addedByHand: 1, findings: { agree_with_learning: 1, disagree: 0 } });
    expect(report.decisionMakers.find((r) => r.label === 'bram.checker')).toMatchObject({ inPool: 1, sampledByRule: 1, sampleRate: 1, findings: { disagree: 1 } });
    await expect(quality.report(as('bram.checker'), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(quality.report(as('cass.manager'), { from: '2020-01', to: '2026-01' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('exports formula-safe CSV and audits the export', async () => {
    const { csv, filename } = await quality.reportCsv(as('cass.manager'), { from: month, to: month }, 'decision-maker');
    expect(filename).toBe(`vetting-qa-decision-maker-${month}-to-${month}.csv`);
    expect(csv.split('\r\n')[0]).toMatch(/^Decision maker,Decisions in pool,Sampled by rule,Sample rate,/);
    expect(csv).toMatch(/\r\nada\.decider,4,/);
    const [audit] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-qa.report-export'`);
    expect(audit?.n).toBe(1);
  });
});

describe('pages and API', () => {
  async function signedIn(name: string) {
    // A one-time code is accepted once, so each sign-in uses a fresh account with the same roles.
    const base = users[name]!;
    const fresh = `${name}.web${Math.random().toString(36).slice(2, 7)}`;
    const u = await app.user(fresh, base.actor.viewer.roles as Role[]);
    return { client: await new Client(app.url).signIn(fresh, u.totpSecret), userId: u.id };
  }

  it('shows the work list, the sample page and an error summary for an incomplete finding', async () => {
    const { applicationId } = await decided('refusal', { adverse: true, by: 'ada.decider' });
    const [row] = await app.db.query<{ id: string }>('select id from vetting_qa_pool where application_id = $1', [applicationId]);
    const { client } = await signedIn('bram.checker');
    const list = await client.get('/vetting/quality');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/vetting/quality/samples/${row!.id}`);
    const page = await client.get(`/vetting/quality/samples/${row!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('County court judgment, 2021, satisfied');
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const bad = await client.post(`/vetting/quality/samples/${row!.id}/finding`, { finding: 'disagree', version });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#feedback"');
    const ok = await client.post(`/vetting/quality/samples/${row!.id}/finding`, { finding: 'agree', version });
    expect(ok.status).toBe(302);
    const application = await client.get(`/vetting/applications/${applicationId}`);
    expect(application.text).toContain('data-qa="section-quality"');
    expect(application.text).toContain('Quality-assured: agree');
    const api = await client.get('/api/v1/vetting/quality/samples?status=completed');
    expect(api.status).toBe(200);
    expect(api.json().samples.map((s: { id: string }) => s.id)).toContain(row!.id);
  });

  it('gives the manager the report, CSV and settings pages, with field errors for bad input', async () => {
    const { client } = await signedIn('cass.manager');
    const report = await client.get(`/vetting/quality/reports?from=${month}&to=${month}`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('data-qa="qa-report-months"');
    const badRange = await client.get('/vetting/quality/reports?from=2026-13');
    expect(badRange.status).toBe(400);
    expect(badRange.text).toContain('href="#from"');
    const csv = await client.get(`/vetting/quality/reports/by-month.csv?from=${month}&to=${month}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toMatch(new RegExp(`^${month},6,`));
    const settings = await client.get('/vetting/quality/settings');
    expect(settings.status).toBe(200);
    const bad = await client.post('/vetting/quality/settings', { sampleSharePercent: '140', sampleAllRefusals: 'yes', learningThemes: 'Record keeping', sampleShareVersion: '0', sampleAllRefusalsVersion: '1', learningThemesVersion: '0' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#sampleSharePercent"');
    const saved = await client.post('/vetting/quality/settings', { sampleSharePercent: '30', sampleAllRefusals: 'yes', learningThemes: 'Record keeping\nRisk assessment of the adverse information', sampleShareVersion: '0', sampleAllRefusalsVersion: '1', learningThemesVersion: '0' });
    expect(saved.status).toBe(302);
    expect(await quality.settings()).toEqual({ sampleShare: 0.3, sampleAllRefusals: true, learningThemes: ['Record keeping', 'Risk assessment of the adverse information'] });
    const stale = await client.post('/vetting/quality/settings', { sampleSharePercent: '20', sampleAllRefusals: 'yes', learningThemes: 'Record keeping', sampleShareVersion: '0', sampleAllRefusalsVersion: '1', learningThemesVersion: '0' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('govuk-error-summary');
  });

  it('keeps QA pages from advisors that are the manager’s', async () => {
    const { client } = await signedIn('bram.checker');
    expect((await client.get('/vetting/quality/reports')).status).toBe(403);
    expect((await client.get('/vetting/quality/settings')).status).toBe(403);
    expect((await client.get('/api/v1/vetting/quality/report')).status).toBe(403);
  });
});

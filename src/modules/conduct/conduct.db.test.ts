import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import type { ActorContext } from '../../platform/access/guard.js';
import type { Role } from '../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { ConductService } from './service.js';

let app: TestApp;
let conduct: ConductService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: randomUUID(), personId, roles, label: `test:${roles[0]}:${personId?.slice(0, 4) ?? 'none'}` }, correlationId: 'test' });
const hr = actor(['hr']);
let caseworker: ActorContext; // a sergeant
let constableCaseworker: ActorContext;
let inspector: ActorContext; // a PSD supervisor
let aa: ActorContext; // a chief inspector
const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

beforeAll(async () => {
  app = await startTestApp();
  conduct = app.services.conduct;
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  const person = (payrollNumber: string, forenames: string, surname: string, rankOrGrade: string, unitCode = 'PSD', personType: 'officer' | 'staff' = 'officer') => ({ payrollNumber, forenames, surname, personType, rankOrGrade, unitCode, startDate: '2010-01-01' });
  await app.services.workforce.syncFromHr(hr, [
    person('S1', 'Arlowen', 'Quillfeather', 'Constable', 'RESP'), person('S2', 'Bexley', 'Marrowby', 'Sergeant', 'RESP'),
    person('W1', 'Corrin', 'Ashdown', 'Sergeant'), person('W2', 'Dilys', 'Fernhollow', 'Constable'), person('W3', 'Emrys', 'Tanglewood', 'Inspector'),
    person('W4', 'Fenna', 'Oakhurst', 'Chief Inspector'), person('V1', 'Gwenllian', 'Brackenridge', 'Constable', 'RESP'),
  ], 'delta');
  for (const p of ['S1', 'S2', 'W1', 'W2', 'W3', 'W4', 'V1']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
  caseworker = actor(['psd_caseworker'], ids.W1);
  constableCaseworker = actor(['psd_caseworker'], ids.W2);
  inspector = actor(['psd_supervisor'], ids.W3);
  aa = actor(['appropriate_authority'], ids.W4);
});
afterAll(() => app?.close());

async function caseAgainst(personIds: string[], kind: 'public_complaint' | 'conduct_matter' = 'conduct_matter', category = 'C3') {
  const { id } = await conduct.createCase(caseworker, { kind, summary: 'Alleged rudeness and intimidation at a briefing.', receivedOn: '2026-11-02' });
  await conduct.addAllegation(caseworker, id, { category, description: 'Spoke to a colleague in a demeaning way.', subjects: [...personIds.map((personId) => ({ personId })), { unidentifiedDescription: 'A second officer, not named' }], version: 1 });
  return id;
}
const versionOf = async (id: string) => (await conduct.view(caseworker, id)).case.version;

describe('recording cases, allegations and subjects', () => {
  it('keeps every identified subject on the case and never shows the case to its subject', async () => {
    const id = await caseAgainst([ids.S1!, ids.S2!]);
    const view = await conduct.view(caseworker, id);
    expect(view.case).toMatchObject({ status: 'to_be_recorded', reference: expect.stringMatching(/^PSD-2026-[2-9A-Z]{8}$/), version: 2 });
    expect([...view.case.subjectPersonIds].sort()).toEqual([ids.S1, ids.S2].sort());
    expect(view.allegations[0]!.subjects.map((s) => s.unidentifiedDescription ?? s.personId)).toEqual([ids.S1, ids.S2, 'A second officer, not named']);
    expect(view.subjectNames[ids.S1!]).toBe('Arlowen Quillfeather');
    expect(view.timeline.map((t) => t.what)).toEqual(['Case opened: conduct matter, received 2026-11-02', expect.stringMatching(/^Allegation added \(C3\), 2 identified subjects and an unidentified subject$/)]);

    // A subject who also works in PSD neither sees the case nor finds it in a list.
    const subjectInPsd = actor(['head_of_psd'], ids.S1);
    expect(await caught(conduct.view(subjectInPsd, id))).toBeInstanceOf(NotFoundError);
    expect((await conduct.list(subjectInPsd, { page: 1, pageSize: 100 })).cases.map((c) => c.id)).not.toContain(id);
    expect((await conduct.list(caseworker, { page: 1, pageSize: 100 })).cases.map((c) => c.id)).toContain(id);

    // Identifying a further subject later keeps subject_person_ids in step.
    const allegationId = view.allegations[0]!.id;
    await conduct.addSubject(caseworker, id, allegationId, { personId: ids.V1!, version: 2 });
    expect((await conduct.view(caseworker, id)).case.subjectPersonIds).toContain(ids.V1);
    expect(await caught(conduct.view(actor(['psd_caseworker'], ids.V1), id))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a stale edit with a conflict and saves nothing', async () => {
    const id = await caseAgainst([ids.S1!]);
    const stale = await caught(conduct.addAllegation(caseworker, id, { category: 'C1', description: 'Second allegation', subjects: [{ personId: ids.S1! }], version: 1 }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await conduct.view(caseworker, id)).allegations).toHaveLength(1);
  });

  it('refuses unknown categories and people with field errors', async () => {
    const id = await caseAgainst([ids.S1!]);
    const err = await caught(conduct.addAllegation(caseworker, id, { category: 'Z9', description: 'x', subjects: [{ personId: randomUUID() }], version: 2 }));
    expect((err as ValidationError).details.map((d) => d.field)).toEqual(['category', 'subjects.0.personId']);
  });
});

describe('the seniority rule', () => {
  it('refuses a decision by someone below the minimum rank, with the field and a clear message, and audits the refusal', async () => {
    const id = await caseAgainst([ids.S1!]);
    const refused = await caught(conduct.decide(constableCaseworker, id, 'recording', { decision: 'record', rationale: 'Meets the recording criteria.', version: 2 }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details).toEqual([{ field: 'decision', message: 'The recording decision needs a decision maker of Sergeant or above; your rank or grade is Constable' }]);
    const [audit] = await app.db.query<{ outcome: string }>(`select outcome from audit_log where action = 'conduct-decision.refused' and subject_id = $1`, [id]);
    expect(audit?.outcome).toBe('denied');
    expect((await conduct.view(caseworker, id)).case.status).toBe('to_be_recorded');

    const unlinked = await caught(conduct.decide(actor(['psd_caseworker']), id, 'recording', { decision: 'record', rationale: 'x', version: 2 }));
    expect((unlinked as ValidationError).details[0]!.message).toContain('not linked to a person');

    await conduct.decide(caseworker, id, 'recording', { decision: 'record', rationale: 'Meets the recording criteria.', version: 2 });
    expect((await conduct.view(caseworker, id)).case).toMatchObject({ status: 'recorded', recordedOn: expect.any(String) });
    await conduct.decide(inspector, id, 'handling_route', { route: 'investigation_local', rationale: 'A local investigation is proportionate.', version: 3 });
    const tooJunior = await caught(conduct.decide(inspector, id, 'severity', { personId: ids.S1!, severity: 'misconduct', reflectivePractice: false, rationale: 'If proved, a breach of authority, respect and courtesy.', version: 4 }));
    expect((tooJunior as ValidationError).details).toEqual([{ field: 'severity', message: expect.stringContaining('Chief Inspector or above; your rank or grade is Inspector') }]);
    await conduct.decide(aa, id, 'severity', { personId: ids.S1!, severity: 'misconduct', reflectivePractice: false, rationale: 'If proved, a breach of authority, respect and courtesy.', version: 4 });
    const view = await conduct.view(caseworker, id);
    expect(view.decisions.map((d) => [d.kind, d.value, d.deciderRank])).toEqual([['recording', 'record', 'Sergeant'], ['handling_route', 'investigation_local', 'Inspector'], ['severity', 'misconduct', 'Chief Inspector']]);
    expect(view.timeline.at(-1)!.what).toBe('Severity assessed: misconduct (Chief Inspector)');
  });

  it('lists historic decisions that break the rule, and no others', async () => {
    const id = await caseAgainst([ids.S1!]);
    // A decision migrated from the force's old system, taken by a sergeant.
    await app.db.query(`insert into conduct_decisions (case_id, kind, value, rationale, decided_on, decided_by_label, decider_rank) values ($1, 'handling_route', 'investigation_local', 'Legacy', '2023-04-01', 'legacy.user', 'Sergeant')`, [id]);
    const report = await conduct.seniorityReport(aa);
    expect(report.breaches.filter((b) => b.caseId === id)).toEqual([expect.objectContaining({ kind: 'handling_route', deciderRank: 'Sergeant', minimumRank: 'Inspector' })]);
    expect(report.breaches.some((b) => b.deciderRank === 'Chief Inspector')).toBe(false);
    expect(report.breachCount).toBe(report.breaches.length);
    expect(report.decisionsChecked).toBeGreaterThan(report.breachCount);
  });

  it('applies the referral and handling rules', async () => {
    const id = await caseAgainst([ids.S1!], 'public_complaint');
    await conduct.decide(caseworker, id, 'recording', { decision: 'record', rationale: 'Complainant wants it recorded.', version: 2 });
    const mustRefer = await caught(conduct.decide(inspector, id, 'referral', { criteria: ['serious_assault'], referred: false, rationale: 'x', version: 3 }));
    expect((mustRefer as ValidationError).details.map((d) => d.field)).toEqual(['referred']);
    const directedFirst = await caught(conduct.decide(inspector, id, 'handling_route', { route: 'investigation_directed', rationale: 'x', version: 3 }));
    expect((directedFirst as ValidationError).details[0]!.message).toContain('record the referral first');
    await conduct.decide(inspector, id, 'referral', { criteria: ['serious_assault'], referred: true, referredOn: '2026-11-03', iopcReference: 'IOPC-2026-0042', rationale: 'Serious assault alleged.', version: 3 });
    await conduct.decide(inspector, id, 'handling_route', { route: 'investigation_directed', rationale: 'IOPC decided a directed investigation.', version: 4 });
    expect((await conduct.view(caseworker, id)).case).toMatchObject({ referred: true, handlingRoute: 'investigation_directed', status: 'assessed' });
    await conduct.decide(inspector, id, 'finalisation', { rationale: 'Concluded.', version: 5 });
    expect(await caught(conduct.decide(inspector, id, 'finalisation', { rationale: 'Again.', version: 6 }))).toBeInstanceOf(ConflictError);
  });
});

describe('flags and their data quality', () => {
  it('finds abuse of position for a sexual purpose recorded with no member of the public involved', async () => {
    const id = await caseAgainst([ids.S1!], 'conduct_matter', 'F2');
    await conduct.addParty(caseworker, id, { role: 'victim', colleague: true, personId: ids.V1!, forenames: 'Gwenllian', surname: 'Brackenridge', vulnerable: false, version: 2 });
    await conduct.setFlag(caseworker, id, { flag: 'apsp', version: 3 }, true);
    expect(await caught(conduct.setFlag(caseworker, id, { flag: 'apsp', version: 4 }, true))).toBeInstanceOf(ValidationError);
    const report = await conduct.dataQuality(caseworker);
    expect(report.findings.filter((f) => f.caseId === id).map((f) => f.finding).sort()).toEqual(['apsp_without_public', 'sexual_colleague_without_pib']);
    await conduct.setFlag(caseworker, id, { flag: 'apsp', version: 4 }, false);
    await conduct.setFlag(caseworker, id, { flag: 'prejudicial_improper_behaviour', allegationId: (await conduct.view(caseworker, id)).allegations[0]!.id, version: 5 }, true);
    expect((await conduct.dataQuality(caseworker)).findings.filter((f) => f.caseId === id)).toEqual([]);
  });
});

describe('complainants and victims', () => {
  it('are shown only to roles that need them, with the purpose audited, and never on the case itself', async () => {
    const id = await caseAgainst([ids.S1!]);
    const partyId = await conduct.addParty(caseworker, id, { role: 'victim', colleague: true, personId: ids.V1!, forenames: 'Gwenllian', surname: 'Brackenridge', email: 'g.brackenridge@example.police.uk', vulnerable: true, version: 2 });
    expect(JSON.stringify(await conduct.view(aa, id))).not.toContain('Brackenridge');
    expect(await caught(conduct.viewParties(aa, id, 'assessment'))).toBeInstanceOf(ForbiddenError);
    expect(await caught(conduct.viewParties(actor(['psd_investigator'], ids.S1), id, 'investigation'))).toBeInstanceOf(NotFoundError);
    const seen = await conduct.viewParties(caseworker, id, 'victim_support');
    expect(seen.parties).toEqual([expect.objectContaining({ surname: 'Brackenridge', colleague: true, vulnerable: true, support: null })]);
    const audits = await app.db.query<{ outcome: string; purpose: string | null }>(`select outcome, purpose from audit_log where action = 'conduct-parties.view' and subject_id = $1 order by seq`, [id]);
    expect(audits).toEqual([{ outcome: 'denied', purpose: 'assessment' }, { outcome: 'denied', purpose: 'investigation' }, { outcome: 'ok', purpose: 'victim_support' }]);

    const entitlement = seen.entitlements[3]!;
    expect(await caught(conduct.recordVictimSupport(caseworker, id, partyId, { supportPlan: 'Weekly contact', supportOfficer: 'Sgt Ashdown', entitlementsOffered: ['A free holiday'], reviewedOn: '2026-11-04', version: 3 }))).toBeInstanceOf(ValidationError);
    await conduct.recordVictimSupport(caseworker, id, partyId, { supportPlan: 'Weekly contact; referred to occupational health.', supportOfficer: 'Sgt Ashdown', entitlementsOffered: [entitlement], reviewedOn: '2026-11-04', version: 3 });
    expect((await conduct.viewParties(caseworker, id, 'victim_support')).parties[0]!.support).toMatchObject({ supportOfficer: 'Sgt Ashdown', entitlementsOffered: [entitlement] });
    expect((await conduct.view(aa, id)).parties).toEqual([{ id: partyId, role: 'victim', colleague: true, vulnerable: true, hasSupportPlan: true }]);
  });
});

describe('outcomes', () => {
  it('a final written warning opens a vetting review for that person (conduct.outcome.recorded round trip)', async () => {
    const id = await caseAgainst([ids.S2!]);
    await conduct.decide(caseworker, id, 'recording', { decision: 'record', rationale: 'Recordable conduct.', version: 2 });
    const wrongForum = await caught(conduct.recordOutcome(aa, id, { personId: ids.S2!, forum: 'misconduct_meeting', finding: 'misconduct', outcome: 'dismissal_without_notice', decidedOn: '2026-11-05', decidedByName: 'Supt Hollowmere', liveFinalWarningOrMultipleIncidents: false, version: 3 }));
    expect((wrongForum as ValidationError).details.map((d) => d.field)).toEqual(['outcome']);
    const notSubject = await caught(conduct.recordOutcome(aa, id, { personId: ids.S1!, forum: 'misconduct_meeting', finding: 'misconduct', outcome: 'written_warning', decidedOn: '2026-11-05', decidedByName: 'Supt Hollowmere', liveFinalWarningOrMultipleIncidents: false, version: 3 }));
    expect((notSubject as ValidationError).details.map((d) => d.field)).toEqual(['personId']);
    expect(await caught(conduct.recordOutcome(caseworker, id, { personId: ids.S2!, forum: 'misconduct_meeting', finding: 'misconduct', outcome: 'final_written_warning', decidedOn: '2026-11-05', decidedByName: 'Supt Hollowmere', liveFinalWarningOrMultipleIncidents: false, version: 3 }))).toBeInstanceOf(ForbiddenError);

    await conduct.recordOutcome(aa, id, { personId: ids.S2!, forum: 'misconduct_meeting', finding: 'misconduct', outcome: 'final_written_warning', decidedOn: '2026-11-05', decidedByName: 'Supt Hollowmere', liveFinalWarningOrMultipleIncidents: false, version: 3 });
    await app.services.bus.dispatch();
    const vettingManager = actor(['force_vetting_manager']);
    const open = await app.services.vetting.list(vettingManager, { status: 'open', page: 1, pageSize: 100 });
    expect(open.applications.filter((a) => a.personId === ids.S2)).toEqual([expect.objectContaining({ kind: 'review', reviewReason: 'Misconduct outcome: final written warning' })]);

    const history = await conduct.personHistory(caseworker, ids.S2!);
    expect(history.find((h) => h.id === id)?.outcomes).toEqual([{ outcome: 'final_written_warning', decidedOn: '2026-11-05' }]);
    expect(await caught(conduct.personHistory(actor(['psd_caseworker'], ids.S2), ids.S2!))).toBeInstanceOf(NotFoundError);
    expect(await conduct.personPanel(actor(['hr']), ids.S2!)).toBeUndefined();
  });
});

describe('pages and API over HTTP', () => {
  const signIn = async (name: string, roles: Role[], personId: string | null) => {
    const u = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, u.totpSecret);
  };
  const api = (c: Client, method: string, path: string, json?: unknown) => c.request(method, `/api${path}`, { json, headers: { 'x-csrf-token': c.csrf } });

  it('answers 400 with the field, 409 when stale, and 404 to a subject; forms show an error summary', async () => {
    const cw = await signIn('http.caseworker', ['psd_caseworker'], ids.W1!);
    const junior = await signIn('http.junior', ['psd_caseworker'], ids.W2!);
    const subject = await signIn('http.subject', ['head_of_psd'], ids.S1!);
    const created = await api(cw, 'POST', '/v1/conduct/cases', { kind: 'conduct_matter', summary: 'Late for duty and rude to the custody sergeant.', receivedOn: '2026-11-06' });
    expect(created.status).toBe(201);
    const { id, reference } = created.json() as { id: string; reference: string };

    const bad = await api(cw, 'POST', `/v1/conduct/cases/${id}/allegations`, { category: 'C1', description: '', subjects: [], version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['description', 'subjects']);
    expect((await api(cw, 'POST', `/v1/conduct/cases/${id}/allegations`, { category: 'C1', description: 'Rude', subjects: [{ personId: ids.S1 }], version: 1 })).status).toBe(201);
    expect((await api(cw, 'POST', `/v1/conduct/cases/${id}/flags`, { flag: 'discrimination', version: 1 })).status).toBe(409);

    const underRank = await api(junior, 'POST', `/v1/conduct/cases/${id}/decisions/recording`, { decision: 'record', rationale: 'Recordable.', version: 2 });
    expect(underRank.status).toBe(400);
    expect(underRank.json().details).toEqual([{ field: 'decision', message: expect.stringContaining('Sergeant or above') }]);

    await junior.get(`/conduct/cases/${id}/decisions`);
    const form = await junior.post(`/conduct/cases/${id}/decisions/recording`, { decision: 'record', rationale: 'Recordable.', version: '2' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('govuk-error-summary');
    expect(form.text).toContain('href="#recording-decision"');
    expect(form.text).toContain('Sergeant or above; your rank or grade is Constable');

    await cw.get(`/conduct/cases/${id}`);
    const emptyAllegation = await cw.post(`/conduct/cases/${id}/allegations`, { category: '', description: '', subjectPayrollNumbers: 'NOPE', version: '2' });
    expect(emptyAllegation.status).toBe(400);
    expect(emptyAllegation.text).toContain('href="#allegation-subjectPayrollNumbers"');
    expect(emptyAllegation.text).toContain('Nobody in the workforce directory has payroll number NOPE');

    expect((await subject.get(`/conduct/cases/${id}`)).status).toBe(404);
    expect((await subject.get(`/api/v1/conduct/cases/${id}`)).status).toBe(404);
    expect((await subject.get('/conduct')).text).not.toContain(reference);
    expect((await cw.get('/conduct')).text).toContain(reference);
    const page = await cw.get(`/conduct/cases/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Arlowen Quillfeather');
  });

  it('shows complainant details only to roles that need them', async () => {
    const cw = await signIn('http.cw2', ['psd_caseworker'], ids.W1!);
    const decider = await signIn('http.aa', ['appropriate_authority'], ids.W4!);
    const { id } = (await api(cw, 'POST', '/v1/conduct/cases', { kind: 'public_complaint', summary: 'Complaint about a stop and search.', receivedOn: '2026-11-06' })).json() as { id: string };
    expect((await api(cw, 'POST', `/v1/conduct/cases/${id}/parties`, { role: 'complainant', colleague: false, forenames: 'Hywel', surname: 'Pennystone', phone: '01632 960 123', version: 1 })).status).toBe(201);
    expect((await decider.get(`/api/v1/conduct/cases/${id}`)).text).not.toContain('Pennystone');
    expect((await decider.get(`/api/v1/conduct/cases/${id}/parties?purpose=assessment`)).status).toBe(403);
    expect((await decider.get(`/conduct/cases/${id}/parties?purpose=assessment`)).status).toBe(403);
    expect((await decider.get(`/conduct/cases/${id}`)).text).not.toContain('parties-link');
    expect((await cw.get(`/api/v1/conduct/cases/${id}/parties`)).status).toBe(400);
    const seen = await cw.get(`/conduct/cases/${id}/parties?purpose=contact_complainant`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('Pennystone');
  });

  it('takes a complaint from the public form end to end, without an account', async () => {
    const citizen = new Client(app.url);
    const formPage = await citizen.get('/complaints/new');
    expect(formPage.status).toBe(200);
    expect(citizen.csrf).not.toBe('');
    const noToken = await citizen.request('POST', '/complaints/new', { body: new URLSearchParams({ forenames: 'Ivo' }) });
    expect(noToken.status).toBe(403);

    const empty = await citizen.post('/complaints/new', { forenames: '', surname: '', whatHappened: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('href="#email"');

    const sent = await citizen.post('/complaints/new', { forenames: 'Ivo', surname: 'Lanterngate', email: 'ivo@example.com', affected: 'self', whatHappened: 'The officer who stopped me was rude and would not give his collar number.', location: 'High Street' });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe('/complaints/submitted');
    const done = await citizen.get('/complaints/submitted');
    const reference = /data-qa="complaint-reference">([A-Z0-9-]+)</.exec(done.text)?.[1];
    expect(reference).toMatch(/^PSD-\d{4}-[2-9A-Z]{8}$/);
    expect((await new Client(app.url).get('/complaints/submitted')).location).toBe('/complaints/new');

    const cw = await signIn('http.cw3', ['psd_caseworker'], ids.W1!);
    const work = (await cw.get('/api/v1/conduct/work')).json() as { toRecord: { id: string; reference: string }[] };
    const received = work.toRecord.find((c) => c.reference === reference);
    expect(received).toBeDefined();
    const view = (await cw.get(`/api/v1/conduct/cases/${received!.id}`)).json();
    expect(view.case).toMatchObject({ status: 'to_be_recorded', kind: 'public_complaint', source: 'online_form' });
    expect(view.parties).toEqual([expect.objectContaining({ role: 'complainant', colleague: false })]);
    expect(JSON.stringify(view)).not.toContain('127.0.0.1');
    const [audit] = await app.db.query<{ ip: string | null; actor_label: string }>(`select ip, actor_label from audit_log where action = 'conduct-case.public-submit' and subject_id = $1`, [received!.id]);
    expect(audit).toMatchObject({ actor_label: 'public online form', ip: expect.stringContaining('127.0.0.1') });
    const home = await cw.get('/');
    expect(home.text).toMatch(new RegExp(`data-qa="conduct-to-record">${work.toRecord.length} cases? to record`));
  });

  it('rate-limits the public form per address', async () => {
    const robot = new Client(app.url);
    await robot.get('/complaints/new');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await robot.post('/complaints/new', { forenames: 'R' })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429))).toEqual(Array(statuses.length - statuses.indexOf(429)).fill(429));
  });
});

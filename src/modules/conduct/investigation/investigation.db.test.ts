import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { ConductService } from '../service.js';
import { addDays, addMonths, todayInLondon } from './rules.js';
import { InvestigationRepository } from './data.js';
import { InvestigationService, NOT_ENDORSED } from './service.js';

let app: TestApp;
let conduct: ConductService;
let investigation: InvestigationService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: randomUUID(), personId, roles, label: `test:${roles[0]}:${personId?.slice(0, 4) ?? 'none'}` }, correlationId: 'test' });
let investigator: ActorContext; // a sergeant
let supervisor: ActorContext; // an inspector
let aa: ActorContext; // a chief inspector
const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const today = todayInLondon();

beforeAll(async () => {
  app = await startTestApp();
  conduct = app.services.conduct;
  // The feature's own service over the same database and deps the app uses (the module does not export it).
  investigation = new InvestigationService({ db: app.db, audit: app.services.audit, bus: app.services.bus, settings: app.services.settings, people: app.services.workforce, conduct }, new InvestigationRepository(app.db));
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  const person = (payrollNumber: string, forenames: string, surname: string, rankOrGrade: string, personType: 'officer' | 'staff' = 'officer', unitCode = 'PSD') => ({ payrollNumber, forenames, surname, personType, rankOrGrade, unitCode, startDate: '2010-01-01' });
  await app.services.workforce.syncFromHr(actor(['hr']), [
    person('S1', 'Arlowen', 'Quillfeather', 'Constable', 'officer', 'RESP'), person('S2', 'Tamsin', 'Brightwater', 'Grade C', 'staff', 'RESP'),
    person('W1', 'Corrin', 'Ashdown', 'Sergeant'), person('W3', 'Emrys', 'Tanglewood', 'Inspector'), person('W4', 'Fenna', 'Oakhurst', 'Chief Inspector'),
  ], 'delta');
  for (const p of ['S1', 'S2', 'W1', 'W3', 'W4']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
  investigator = actor(['psd_investigator'], ids.W1);
  supervisor = actor(['psd_supervisor'], ids.W3);
  aa = actor(['appropriate_authority'], ids.W4);
});
afterAll(() => app?.close());

const caseVersion = async (id: string) => (await conduct.view(investigator, id)).case.version;

/** A recorded case against the subjects, investigated locally, with the given flags on the case. */
async function investigatedCase(subjects: string[], flags: ('prejudicial_improper_behaviour' | 'colleague_criminal_allegation')[] = [], receivedOn = today) {
  const { id } = await conduct.createCase(investigator, { kind: 'conduct_matter', summary: 'Comments of a sexual nature to a colleague at a briefing.', receivedOn });
  await conduct.addAllegation(investigator, id, { category: 'F2', description: 'Sexual comments to a colleague.', subjects: subjects.map((personId) => ({ personId })), version: 1 });
  for (const flag of flags) await conduct.setFlag(investigator, id, { flag, version: await caseVersion(id) }, true);
  await conduct.decide(investigator, id, 'recording', { decision: 'record', rationale: 'A recordable conduct matter.', version: await caseVersion(id) });
  await conduct.decide(supervisor, id, 'handling_route', { route: 'investigation_local', rationale: 'A local investigation is proportionate.', version: await caseVersion(id) });
  return id;
}
const finalise = async (id: string) => conduct.decide(supervisor, id, 'finalisation', { rationale: 'Investigation complete.', version: await caseVersion(id) });

describe('the investigation plan', () => {
  it('pre-lists the wider inquiries for prejudicial and improper behaviour, refuses progress until a supervisor endorses it, and blocks finalisation while a line is open', async () => {
    const id = await investigatedCase([ids.S1!], ['prejudicial_improper_behaviour']);
    expect(await caught(investigation.addLine(investigator, id, { title: 'CCTV' }))).toBeInstanceOf(ConflictError); // no plan yet
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what was said at the briefing on 2 November.', version: 0 });
    expect(await caught(investigation.savePlan(investigator, id, { termsOfReference: 'Again', version: 0 }))).toBeInstanceOf(ConflictError);
    let view = await investigation.view(investigator, id);
    expect(view.lines.map((l) => [l.title, l.status])).toEqual([
      ['The subject’s use of IT systems', 'open'], ['Incidents attended or connected to', 'open'], ['Work mobile device use', 'open'],
      ['Body-worn video', 'open'], ['Radio location checks', 'open'], ['Misconduct history', 'open'],
    ]);
    expect(view.plan).toMatchObject({ endorsed: false, version: 1 });

    // Progress is refused before endorsement, with a clear message.
    const bwv = view.lines.find((l) => l.title === 'Body-worn video')!;
    const early = await caught(investigation.recordProgress(investigator, id, bwv.id, { note: 'Requested footage.', version: 1 }));
    expect(early).toBeInstanceOf(ConflictError);
    expect((early as ConflictError).message).toBe(NOT_ENDORSED);
    expect(await caught(investigation.concludeLine(investigator, id, bwv.id, { status: 'done', conclusion: 'x', version: 1 }))).toBeInstanceOf(ConflictError);

    // An investigator cannot endorse; a supervisor can, and who and when are kept.
    expect(await caught(investigation.endorse(investigator, id, 1))).toBeInstanceOf(ForbiddenError);
    expect(await caught(investigation.endorse(supervisor, id, 0))).toBeInstanceOf(ConflictError); // stale
    await investigation.endorse(supervisor, id, 1);
    view = await investigation.view(investigator, id);
    expect(view.plan).toMatchObject({ endorsed: true, endorsedByLabel: supervisor.viewer.label, endorsedByRank: 'Inspector', endorsedAt: expect.anything() });

    await investigation.recordProgress(investigator, id, bwv.id, { note: 'Requested footage from the briefing room camera.', version: 1 });
    expect(await caught(investigation.recordProgress(investigator, id, bwv.id, { note: 'Stale', version: 1 }))).toBeInstanceOf(ConflictError);
    await investigation.concludeLine(investigator, id, bwv.id, { status: 'done', conclusion: 'No footage: camera not recording.', version: 2 });

    // The core's finalisation refuses with one sentence per open line.
    const refused = await caught(finalise(id));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details.map((d) => d.message)).toEqual([
      "Line of inquiry 'The subject’s use of IT systems' is still open", "Line of inquiry 'Incidents attended or connected to' is still open",
      "Line of inquiry 'Work mobile device use' is still open", "Line of inquiry 'Radio location checks' is still open", "Line of inquiry 'Misconduct history' is still open",
    ]);
    expect((await conduct.view(investigator, id)).case.status).toBe('assessed');

    for (const line of (await investigation.view(investigator, id)).lines.filter((l) => l.status === 'open')) {
      await investigation.concludeLine(investigator, id, line.id, { status: 'closed', conclusion: 'Not proportionate: the conduct was in a single meeting.', version: line.version });
    }
    expect((await investigation.view(investigator, id)).lineCounts).toEqual({ total: 6, open: 0, done: 1, closed: 5 });
    await finalise(id);
    expect(await caught(investigation.addLine(investigator, id, { title: 'Late line' }))).toBeInstanceOf(ConflictError);

    const timeline = (await conduct.view(investigator, id)).timeline.map((t) => t.what);
    expect(timeline).toContain('Investigation plan opened with its terms of reference; wider inquiries for prejudicial and improper behaviour listed (6)');
    expect(timeline).toContain('Investigation plan endorsed (Inspector)');
    const audits = await app.db.query<{ action: string }>(`select action from audit_log where subject_id = $1 and action like 'conduct-investigation.%' order by seq`, [id]);
    expect(audits.map((a) => a.action)).toContain('conduct-investigation.plan-endorse');
  });

  it('withdraws the endorsement when the terms of reference change, and lists wider inquiries flagged after the plan opened', async () => {
    const id = await investigatedCase([ids.S1!]);
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened.', version: 0 });
    expect(await caught(investigation.endorse(supervisor, id, 1))).toBeInstanceOf(ValidationError); // no lines yet
    await investigation.addLine(investigator, id, { title: 'Take the complainant’s account' });
    await investigation.endorse(supervisor, id, 1);
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened.', version: 2 });
    expect((await investigation.view(investigator, id)).plan).toMatchObject({ endorsed: true, version: 3 });
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened, and whether it was repeated.', version: 3 });
    expect((await investigation.view(investigator, id)).plan).toMatchObject({ endorsed: false, endorsedByLabel: null, version: 4 });
    expect(await caught(investigation.savePlan(investigator, id, { termsOfReference: 'Stale', version: 3 }))).toBeInstanceOf(ConflictError);

    // Flagged PIB later: the gap is shown and blocks finalisation until the plan is saved again.
    await conduct.setFlag(investigator, id, { flag: 'prejudicial_improper_behaviour', version: await caseVersion(id) }, true);
    expect((await investigation.view(investigator, id)).missingWiderInquiries).toHaveLength(6);
    const blockers = ((await caught(finalise(id))) as ValidationError).details.map((d) => d.message);
    expect(blockers).toContain("Line of inquiry 'Take the complainant’s account' is still open");
    expect(blockers).toContain("Wider inquiry 'Body-worn video' for prejudicial and improper behaviour is not on the investigation plan");
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened, and whether it was repeated.', version: 4 });
    const view = await investigation.view(investigator, id);
    expect(view.missingWiderInquiries).toEqual([]);
    expect(view.lineCounts.open).toBe(7);
  });

  it('is never shown to a subject of the case, in the view, the section or the work lists', async () => {
    const id = await investigatedCase([ids.S1!]);
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened.', version: 0 });
    await app.db.query(`update conduct_investigation_plans set opened_on = $2 where case_id = $1`, [id, addDays(today, -60)]);
    const subjectInPsd = actor(['psd_supervisor'], ids.S1);
    expect(await caught(investigation.view(subjectInPsd, id))).toBeInstanceOf(NotFoundError);
    expect(await investigation.section(subjectInPsd, id)).toBeUndefined();
    expect(await caught(investigation.addLine(subjectInPsd, id, { title: 'Tamper' }))).toBeInstanceOf(NotFoundError);
    expect((await investigation.overdueReviews(subjectInPsd, { page: 1, pageSize: 100 })).items.map((r) => r.caseId)).not.toContain(id);
    expect((await investigation.awaitingEndorsement(subjectInPsd, { page: 1, pageSize: 100 })).items.map((r) => r.caseId)).not.toContain(id);
    expect((await investigation.overdueReviews(supervisor, { page: 1, pageSize: 100 })).items.filter((r) => r.caseId === id).map((r) => r.kind)).toEqual(['supervisory']);
    const [denied] = await app.db.query<{ outcome: string }>(`select outcome from audit_log where action = 'conduct-investigation.view' and subject_id = $1 order by seq`, [id]);
    expect(denied?.outcome).toBe('denied');
  });
});

describe('reviews and work lists', () => {
  it('lists overdue supervisory and inspector reviews, checks the inspector’s rank, and clears them when reviewed', async () => {
    const id = await investigatedCase([ids.S1!]);
    await investigation.savePlan(investigator, id, { termsOfReference: 'Establish what happened.', version: 0 });
    await app.db.query(`update conduct_investigation_plans set opened_on = $2 where case_id = $1`, [id, addDays(today, -90)]);
    const overdueKinds = async () => (await investigation.overdueReviews(supervisor, { page: 1, pageSize: 100 })).items.filter((r) => r.caseId === id).map((r) => [r.kind, r.dueOn]);
    expect(await overdueKinds()).toEqual([['supervisory', addDays(today, -62)], ['inspector', addDays(today, -6)]]);
    expect((await investigation.view(supervisor, id)).reviewsDue.map((d) => [d.kind, d.overdue, d.daysOverdue])).toEqual([['supervisory', true, 62], ['inspector', true, 6]]);

    expect(await caught(investigation.recordReview(investigator, id, { kind: 'supervisory', summary: 'x' }))).toBeInstanceOf(ForbiddenError);
    const junior = await caught(investigation.recordReview(investigator, id, { kind: 'inspector', summary: 'x' }));
    expect((junior as ValidationError).details).toEqual([{ field: 'kind', message: 'An inspector review needs a reviewer of Inspector or above; your rank or grade is Sergeant' }]);
    await investigation.recordReview(supervisor, id, { kind: 'supervisory', summary: 'Plan on track; chase the CCTV.' });
    expect(await overdueKinds()).toEqual([['inspector', addDays(today, -6)]]);
    await investigation.recordReview(supervisor, id, { kind: 'inspector', summary: 'Proportionate so far.' });
    expect(await overdueKinds()).toEqual([]);
    const view = await investigation.view(supervisor, id);
    expect(view.reviewsDue.map((d) => [d.kind, d.dueOn])).toEqual([['supervisory', addDays(today, 28)], ['inspector', addDays(today, 84)]]);
    expect(view.reviews[0]).toMatchObject({ reviewedOn: today, reviewerRank: 'Inspector' });

    // The interval is a setting.
    await app.db.transaction((tx) => app.services.settings.put(tx, 'conduct.investigation.supervisoryReviewDays', 7, null, 0));
    expect((await investigation.view(supervisor, id)).reviewsDue[0]!.dueOn).toBe(addDays(today, 7));
    await app.db.query(`delete from settings where key = 'conduct.investigation.supervisoryReviewDays'`);
  });

  it('links a criminal allegation against a colleague, names a senior officer of inspector rank or above, and lists overdue monthly reviews', async () => {
    const receivedOn = addDays(today, -45);
    const id = await investigatedCase([ids.S1!], ['colleague_criminal_allegation'], receivedOn);
    const monthly = async () => (await investigation.overdueReviews(supervisor, { page: 1, pageSize: 100 })).items.filter((r) => r.caseId === id && r.kind === 'criminal');
    expect(await monthly()).toEqual([expect.objectContaining({ dueOn: addMonths(receivedOn, 1), seniorOfficerName: null })]);

    const tooJunior = await caught(investigation.saveCriminalLink(investigator, id, { markedCriminal: false, criminalReference: 'CRIME/2026/0192', seniorOfficerPayrollNumber: 'W1', version: 0 }));
    expect((tooJunior as ValidationError).details).toEqual([{ field: 'seniorOfficerPayrollNumber', message: 'The senior officer must be Inspector or above; Corrin Ashdown is Sergeant' }]);
    expect(((await caught(investigation.saveCriminalLink(investigator, id, { markedCriminal: false, seniorOfficerPayrollNumber: 'NOPE', version: 0 }))) as ValidationError).details[0]!.field).toBe('seniorOfficerPayrollNumber');
    await investigation.saveCriminalLink(investigator, id, { markedCriminal: false, criminalReference: 'CRIME/2026/0192', seniorOfficerPayrollNumber: 'W4', version: 0 });
    expect(await caught(investigation.saveCriminalLink(investigator, id, { markedCriminal: false, criminalReference: 'CRIME/2026/0193', version: 0 }))).toBeInstanceOf(ConflictError);
    expect((await investigation.view(investigator, id)).criminal).toMatchObject({ applies: true, link: { criminalReference: 'CRIME/2026/0192', seniorOfficerName: 'Fenna Oakhurst', seniorOfficerRank: 'Chief Inspector' } });

    // Only the named officer reviews; their own work list shows it.
    expect((await investigation.overdueReviews(aa, { page: 1, pageSize: 100 }, true)).items.map((r) => r.caseId)).toContain(id);
    expect((await investigation.overdueReviews(supervisor, { page: 1, pageSize: 100 }, true)).items.map((r) => r.caseId)).not.toContain(id);
    const notNamed = await caught(investigation.recordReview(supervisor, id, { kind: 'criminal', summary: 'x' }));
    expect((notNamed as ValidationError).details[0]!.message).toBe('Only the named senior officer (Fenna Oakhurst) can record the monthly review');
    await investigation.recordReview(aa, id, { kind: 'criminal', summary: 'Criminal investigation continuing; no conflict with the misconduct investigation.' });
    expect(await monthly()).toEqual([]);
    expect((await investigation.view(aa, id)).reviewsDue.find((d) => d.kind === 'criminal')!.dueOn).toBe(addMonths(today, 1));

    // A case without the flag must be marked as under criminal investigation first.
    const plain = await investigatedCase([ids.S1!]);
    const unmarked = await caught(investigation.saveCriminalLink(investigator, plain, { markedCriminal: false, criminalReference: 'CRIME/1', version: 0 }));
    expect((unmarked as ValidationError).details[0]!.field).toBe('markedCriminal');
    await investigation.saveCriminalLink(investigator, plain, { markedCriminal: true, criminalReference: 'CRIME/1', version: 0 });
    expect((await investigation.view(investigator, plain)).criminal.applies).toBe(true);
  });

  it('lists open cases past 12 months with the reason they remain open', async () => {
    const id = await investigatedCase([ids.S1!]);
    const recordedOn = addMonths(today, -13);
    await app.db.query(`update conduct_cases set recorded_on = $2, received_on = $2 where id = $1`, [id, recordedOn]);
    const row = async () => (await investigation.pastTimeLimit(supervisor, { page: 1, pageSize: 100 })).items.find((r) => r.caseId === id);
    expect(await row()).toMatchObject({ recordedOn, endsOn: addMonths(recordedOn, 12), reason: null });
    expect((await investigation.pastTimeLimit(supervisor, { page: 1, pageSize: 100 }, true)).items.map((r) => r.caseId)).toContain(id);
    expect((await investigation.view(supervisor, id)).clock).toMatchObject({ started: true, past: true, nextReportDue: addMonths(recordedOn, 18) });
    await investigation.saveOpenReason(investigator, id, { reason: 'Awaiting the outcome of the criminal trial.', version: 0 });
    expect(await caught(investigation.saveOpenReason(investigator, id, { reason: 'Stale', version: 0 }))).toBeInstanceOf(ConflictError);
    expect(await row()).toMatchObject({ reason: 'Awaiting the outcome of the criminal trial.', reasonRecordedOn: today });
    expect((await investigation.pastTimeLimit(supervisor, { page: 1, pageSize: 100 }, true)).items.map((r) => r.caseId)).not.toContain(id);
    expect((await investigation.pastTimeLimit(actor(['psd_supervisor'], ids.S1), { page: 1, pageSize: 100 })).items.map((r) => r.caseId)).not.toContain(id);
  });
});

describe('notices to subjects', () => {
  it('records a regulation 17 notice for an officer, an investigation notice for staff, and the response', async () => {
    const id = await investigatedCase([ids.S1!, ids.S2!]);
    const staffWrong = await caught(investigation.serveNotice(investigator, id, { personId: ids.S2!, kind: 'regulation_17', servedOn: today, method: 'in_person' }));
    expect((staffWrong as ValidationError).details.map((d) => d.field)).toEqual(['kind']);
    expect(((await caught(investigation.serveNotice(investigator, id, { personId: ids.W1!, kind: 'regulation_17', servedOn: today, method: 'in_person' }))) as ValidationError).details[0]!.field).toBe('personId');
    const noticeId = await investigation.serveNotice(investigator, id, { personId: ids.S1!, kind: 'regulation_17', servedOn: today, method: 'email' });
    await investigation.serveNotice(investigator, id, { personId: ids.S2!, kind: 'staff_investigation_notice', servedOn: today, method: 'post' });
    const early = await caught(investigation.recordResponse(investigator, id, noticeId, { receivedOn: addDays(today, -1), summary: 'Denies it.', version: 1 }));
    expect((early as ValidationError).details.map((d) => d.field)).toEqual(['receivedOn']);
    await investigation.recordResponse(investigator, id, noticeId, { receivedOn: today, summary: 'Denies making the comments; names two witnesses.', version: 1 });
    expect(await caught(investigation.recordResponse(investigator, id, noticeId, { receivedOn: today, summary: 'Stale', version: 1 }))).toBeInstanceOf(ConflictError);
    const view = await investigation.view(investigator, id);
    expect(view.notices.map((n) => [n.personId, n.kind, n.responseSummary])).toEqual([
      [ids.S1, 'regulation_17', 'Denies making the comments; names two witnesses.'], [ids.S2, 'staff_investigation_notice', null],
    ]);
    expect(view.subjectNames[ids.S2!]).toBe('Tamsin Brightwater');
  });
});

describe('pages and API over HTTP', () => {
  const signIn = async (name: string, roles: Role[], personId: string | null) => {
    const u = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, u.totpSecret);
  };
  const api = (c: Client, method: string, path: string, json?: unknown) => c.request(method, `/api${path}`, { json, headers: { 'x-csrf-token': c.csrf } });

  it('refuses finalisation through the core’s API and form with the open lines, and gates progress until endorsement', async () => {
    const inv = await signIn('inv.investigator', ['psd_investigator'], ids.W1!);
    const sup = await signIn('inv.supervisor', ['psd_supervisor'], ids.W3!);
    const subject = await signIn('inv.subject', ['head_of_psd'], ids.S1!);
    const id = await investigatedCase([ids.S1!], ['prejudicial_improper_behaviour']);
    const base = `/v1/conduct/cases/${id}/investigation`;

    expect((await api(inv, 'PUT', `${base}/plan`, { termsOfReference: '', version: 0 })).json().details).toEqual([{ field: 'termsOfReference', message: 'Enter the terms of reference' }]);
    expect((await api(inv, 'PUT', `${base}/plan`, { termsOfReference: 'Establish what was said.', version: 0 })).status).toBe(200);
    const lineRes = await api(inv, 'POST', `${base}/lines`, { title: 'Take the complainant’s account' });
    expect(lineRes.status).toBe(201);
    const lineId = lineRes.json().id as string;
    const gated = await api(inv, 'POST', `${base}/lines/${lineId}/progress`, { note: 'Arranged interview.', version: 1 });
    expect(gated.status).toBe(409);
    expect(gated.json().message).toBe(NOT_ENDORSED);
    expect((await api(inv, 'POST', `${base}/plan/endorsement`, { version: 1 })).status).toBe(403);
    expect((await api(sup, 'POST', `${base}/plan/endorsement`, { version: 1 })).status).toBe(200);
    expect((await api(inv, 'POST', `${base}/lines/${lineId}/progress`, { note: 'Arranged interview.', version: 1 })).status).toBe(200);

    const finalisation = await api(sup, 'POST', `/v1/conduct/cases/${id}/decisions/finalisation`, { rationale: 'Done.', version: await caseVersion(id) });
    expect(finalisation.status).toBe(400);
    expect(finalisation.json().details.map((d: { message: string }) => d.message)).toEqual(expect.arrayContaining(["Line of inquiry 'Body-worn video' is still open", "Line of inquiry 'Take the complainant’s account' is still open"]));
    expect(finalisation.json().details).toHaveLength(7);

    await sup.get(`/conduct/cases/${id}/decisions`);
    const form = await sup.post(`/conduct/cases/${id}/decisions/finalisation`, { rationale: 'Done.', version: String(await caseVersion(id)) });
    expect(form.status).toBe(400);
    expect(form.text).toContain('govuk-error-summary');
    expect(form.text).toContain('href="#finalisation-rationale"');
    expect(form.text).toContain('Line of inquiry &#39;Radio location checks&#39; is still open');

    const view = (await inv.get(`/api${base}`)).json();
    expect(view.lineCounts).toEqual({ total: 7, open: 7, done: 0, closed: 0 });
    expect((await subject.get(`/api${base}`)).status).toBe(404);
    expect((await subject.get(`/conduct/cases/${id}/investigation`)).status).toBe(404);

    const casePage = await inv.get(`/conduct/cases/${id}`);
    expect(casePage.text).toContain('data-qa="section-investigation"');
    expect(casePage.text).toMatch(/data-qa="line-counts">7 open, 0 done, 0 closed/);
  });

  it('shows form errors with a summary, refuses a stale form with 409, and lists work for supervisors', async () => {
    const inv = await signIn('inv.investigator2', ['psd_investigator'], ids.W1!);
    const sup = await signIn('inv.supervisor2', ['psd_supervisor'], ids.W3!);
    const id = await investigatedCase([ids.S1!]);
    await inv.get(`/conduct/cases/${id}/investigation`);
    const empty = await inv.post(`/conduct/cases/${id}/investigation/plan`, { termsOfReference: '', version: '0' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#plan-termsOfReference"');
    const opened = await inv.post(`/conduct/cases/${id}/investigation/plan`, { termsOfReference: 'Establish what happened.', version: '0' });
    expect(opened.status).toBe(302);
    const stale = await inv.post(`/conduct/cases/${id}/investigation/plan`, { termsOfReference: 'Changed.', version: '0' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('href="#plan-version"');
    const line = await inv.post(`/conduct/cases/${id}/investigation/lines`, { title: 'Obtain CCTV', description: '' });
    expect(line.status).toBe(302);
    const lineId = (await investigation.view(investigator, id)).lines[0]!.id;
    const gated = await inv.post(`/conduct/cases/${id}/investigation/lines/${lineId}/progress`, { note: 'Requested.', version: '1' });
    expect(gated.status).toBe(409);
    expect(gated.text).toContain(`href="#progress-${lineId}-version"`);
    expect(gated.text).toContain('has not been endorsed by a supervisor');

    const work = await sup.get('/conduct/investigations');
    expect(work.status).toBe(200);
    expect(work.text).toContain(`/conduct/cases/${id}/investigation`);
    const home = await sup.get('/');
    expect(home.text).toMatch(/data-qa="investigation-endorsement">\d+ investigation plans? awaiting endorsement/);
    expect((await sup.get('/conduct/investigations/past-twelve-months')).status).toBe(200);
    expect((await sup.get('/api/v1/conduct/investigations/overdue-reviews')).status).toBe(200);
    const spec = (await sup.get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/conduct/cases/{id}/investigation/lines/{lineId}/conclusion', '/api/v1/conduct/investigations/past-twelve-months']));
  });
});

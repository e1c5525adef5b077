import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { ConductService } from '../service.js';
import { HearingsRepository } from './data.js';
import { HearingsService, todayInLondon } from './service.js';

let app: TestApp;
let conduct: ConductService;
let hearings: HearingsService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: randomUUID(), personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
let caseworker: ActorContext; // sergeant
let aa: ActorContext; // chief inspector
const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const fields = (e: unknown) => (e as ValidationError).details.map((d) => d.field);
const today = todayInLondon();

const PANEL = [
  { type: 'chief_officer_chair' as const, name: 'ACC Wren Holloway' }, { type: 'independent_member' as const, name: 'Mira Castellan' },
  { type: 'independent_member' as const, name: 'Odo Pellingham' }, { type: 'legally_qualified_adviser' as const, name: 'Tamsin Greave' },
];

beforeAll(async () => {
  app = await startTestApp();
  conduct = app.services.conduct;
  const s = app.services;
  hearings = new HearingsService({
    db: app.db, audit: s.audit, bus: s.bus, settings: s.settings, conduct,
    people: { personBasics: (id, q) => s.workforce.personBasics(id, q), personIdByPayroll: (p) => s.workforce.personIdByPayroll(p), rankOrGrade: async (id, q) => (await s.workforce.rankOrGrade(id, q)) ?? null },
  }, new HearingsRepository(app.db));
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('PSD', 'Professional standards')`);
  const person = (payrollNumber: string, forenames: string, surname: string, rankOrGrade: string, unitCode = 'PSD') => ({ payrollNumber, forenames, surname, personType: 'officer' as const, rankOrGrade, unitCode, startDate: '2010-01-01' });
  await s.workforce.syncFromHr(actor(['hr']), [
    person('S1', 'Arlowen', 'Quillfeather', 'Constable', 'RESP'), person('S2', 'Bexley', 'Marrowby', 'Sergeant', 'RESP'),
    person('W1', 'Corrin', 'Ashdown', 'Sergeant'), person('W4', 'Fenna', 'Oakhurst', 'Chief Inspector'),
  ], 'delta');
  for (const p of ['S1', 'S2', 'W1', 'W4']) ids[p] = (await s.workforce.personIdByPayroll(p))!;
  caseworker = actor(['psd_caseworker'], ids.W1);
  aa = actor(['appropriate_authority'], ids.W4);
});
afterAll(() => app?.close());

const versionOf = async (id: string) => (await conduct.view(caseworker, id)).case.version;

/** A recorded case with each subject assessed and found to have a case to answer as given. */
async function caseToAnswer(subjects: Record<string, 'misconduct' | 'gross_misconduct'>, kind: 'public_complaint' | 'conduct_matter' = 'conduct_matter') {
  const { id } = await conduct.createCase(caseworker, { kind, summary: 'Confidential summary: threatening messages to Ms Hollin Verrity.', receivedOn: '2026-01-05' });
  await conduct.addAllegation(caseworker, id, { category: 'C3', description: 'Sent threatening messages.', subjects: Object.keys(subjects).map((personId) => ({ personId })), version: 1 });
  await conduct.decide(caseworker, id, 'recording', { decision: 'record', rationale: 'Recordable.', version: 2 });
  await conduct.decide(aa, id, 'handling_route', { route: 'investigation_local', rationale: 'Local investigation.', version: 3 });
  for (const [personId, severity] of Object.entries(subjects)) {
    await conduct.decide(aa, id, 'severity', { personId, severity, reflectivePractice: false, rationale: 'If proved.', version: await versionOf(id) });
    await conduct.decide(aa, id, 'case_to_answer', { personId, finding: severity === 'misconduct' ? 'case_to_answer_misconduct' : 'case_to_answer_gross_misconduct', rationale: 'Report supports it.', version: await versionOf(id) });
  }
  return id;
}

const hearingBody = (kind: 'misconduct_meeting' | 'misconduct_hearing', subjectPersonIds: string[], inPublic = true) => ({
  kind, subjectPersonIds, hearingDate: today, startTime: '09:30', venue: 'Probity House, Court Room 2, Anyshire', inPublic,
  privateReason: inPublic ? undefined : 'The chair directed a private hearing to protect a vulnerable witness.',
  allegationsForPublication: 'That the officer sent threatening messages to a member of the public, breaching the standard of discreditable conduct.',
});

describe('meetings and hearings', () => {
  it('arranges the right forum, checks the panel against the regulations in force, and refuses stale edits', async () => {
    const id = await caseToAnswer({ [ids.S1!]: 'gross_misconduct' });
    const meeting = await caught(hearings.schedule(caseworker, id, hearingBody('misconduct_meeting', [ids.S1!], false)));
    expect(fields(meeting)).toEqual(['kind']);
    expect(fields(await caught(hearings.schedule(caseworker, id, hearingBody('misconduct_hearing', [ids.S2!]))))).toEqual(['subjectPersonIds']);
    const hearingId = await hearings.schedule(caseworker, id, hearingBody('misconduct_hearing', [ids.S1!]));

    const shortPanel = await caught(hearings.appointPanel(caseworker, id, hearingId, { panel: PANEL.slice(0, 3), version: 1 }));
    expect((shortPanel as ValidationError).details).toEqual([{ field: 'panel', message: expect.stringContaining('2 independent member') }]);
    const legallyQualifiedChair = [{ type: 'legally_qualified_chair' as const, name: 'Lorcan Ashby' }, { type: 'senior_officer' as const, name: 'Supt Rennet' }, { type: 'independent_member' as const, name: 'Mira Castellan' }];
    expect(await caught(hearings.appointPanel(caseworker, id, hearingId, { panel: legallyQualifiedChair, version: 1 }))).toBeInstanceOf(ValidationError);
    await hearings.appointPanel(caseworker, id, hearingId, { panel: PANEL, version: 1 });
    expect(await caught(hearings.appointPanel(caseworker, id, hearingId, { panel: PANEL, version: 1 }))).toBeInstanceOf(ConflictError);

    const o = await hearings.overview(caseworker, id);
    expect(o.hearings[0]).toMatchObject({ panelComplete: true, appealRoute: 'police_appeals_tribunal', chair: { name: 'ACC Wren Holloway' }, version: 2 });
    expect((await conduct.view(caseworker, id)).timeline.map((t) => t.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^Misconduct hearing arranged for/), expect.stringMatching(/^Panel appointed/)]));

    // The subject never sees it: not the hearings, not the letters, not over HTTP.
    const subjectInPsd = actor(['head_of_psd'], ids.S1);
    expect(await caught(hearings.overview(subjectInPsd, id))).toBeInstanceOf(NotFoundError);
    expect(await caught(hearings.letters(subjectInPsd, id))).toBeInstanceOf(NotFoundError);
    expect(await caught(hearings.schedule(subjectInPsd, id, hearingBody('misconduct_hearing', [ids.S1!])))).toBeInstanceOf(NotFoundError);
  });

  it('records the outcome through the core, with the presumption of dismissal, the chair’s report and the barred list', async () => {
    const id = await caseToAnswer({ [ids.S1!]: 'gross_misconduct', [ids.S2!]: 'misconduct' });
    const hearingId = await hearings.schedule(caseworker, id, hearingBody('misconduct_hearing', [ids.S1!]));
    expect(fields(await caught(hearings.conclude(caseworker, id, hearingId, { concludedOn: today, version: 1 })))).toEqual(['concludedOn']);
    await hearings.appointPanel(caseworker, id, hearingId, { panel: PANEL, version: 1 });
    await hearings.conclude(caseworker, id, hearingId, { concludedOn: today, version: 2 });
    const concluded = (await hearings.overview(caseworker, id)).hearings[0]!;
    expect(concluded.chairReportDueOn! > today).toBe(true);

    const body = { personId: ids.S1!, finding: 'gross_misconduct' as const, outcome: 'final_written_warning' as const, decidedOn: today, liveFinalWarningOrMultipleIncidents: false, caseVersion: await versionOf(id) };
    expect(await caught(hearings.recordOutcome(caseworker, id, hearingId, body))).toBeInstanceOf(ForbiddenError);
    expect(fields(await caught(hearings.recordOutcome(aa, id, hearingId, body)))).toEqual(['departureReasons']);
    expect(fields(await caught(hearings.recordOutcome(aa, id, hearingId, { ...body, personId: ids.S2! })))).toEqual(['personId']);
    await hearings.recordOutcome(aa, id, hearingId, { ...body, outcome: 'dismissal_without_notice' });
    expect(fields(await caught(hearings.recordOutcome(aa, id, hearingId, { ...body, outcome: 'dismissal_without_notice', caseVersion: await versionOf(id) })))).toEqual(['personId']);
    const [outcome] = (await hearings.overview(caseworker, id)).hearings[0]!.outcomes;
    expect(outcome).toMatchObject({ outcome: 'dismissal_without_notice', decidedByName: 'ACC Wren Holloway', presumptionOfDismissal: true, departureReasons: null, barredListReferredOn: null });
    expect((await conduct.view(caseworker, id)).outcomes).toEqual([expect.objectContaining({ forum: 'misconduct_hearing', outcome: 'dismissal_without_notice' })]);

    // A dismissal not referred to the barred list blocks finalisation (the feature's blocker, in the core's transaction).
    const blocked = await caught(conduct.decide(aa, id, 'finalisation', { rationale: 'Done.', version: await versionOf(id) }));
    expect((blocked as ValidationError).details.map((d) => d.message)).toEqual([expect.stringContaining('Police Barred List')]);
    await hearings.recordBarredListReferral(caseworker, id, hearingId, outcome!.outcomeId, { referredOn: today, referredBy: 'DI Saffron Hale', version: 3 });
    expect((await hearings.overview(caseworker, id)).hearings[0]!.outcomes[0]).toMatchObject({ barredListReferredOn: today, barredListReferredBy: 'DI Saffron Hale' });
    await hearings.chairReportReceived(caseworker, id, hearingId, { receivedOn: today, version: 4 });
    await conduct.decide(aa, id, 'finalisation', { rationale: 'Done.', version: await versionOf(id) });
    expect((await conduct.view(caseworker, id)).case.status).toBe('finalised');
  });
});

describe('who conducts a misconduct meeting', () => {
  it('must be at least one rank above the officer concerned (regulation 28)', async () => {
    const id = await caseToAnswer({ [ids.S2!]: 'misconduct' });
    const meetingId = await hearings.schedule(caseworker, id, hearingBody('misconduct_meeting', [ids.S2!], false));
    const appoint = (rankOrGrade?: string) => hearings.appointPanel(caseworker, id, meetingId, { panel: [{ type: 'person_conducting', name: 'Ysolde Fairweather', rankOrGrade }], version: 1 });
    expect((await caught(appoint('Sergeant')) as ValidationError).details).toEqual([expect.objectContaining({ field: 'panel', message: expect.stringContaining('at least one rank above the officer concerned (Sergeant)') })]);
    expect((await caught(appoint(undefined)) as ValidationError).details[0]!.message).toContain('Give the rank of the person conducting the meeting');
    await appoint('Inspector');
    const meeting = (await hearings.overview(caseworker, id)).hearings.find((h) => h.id === meetingId)!;
    expect(meeting.panel).toEqual([expect.objectContaining({ name: 'Ysolde Fairweather', rankOrGrade: 'Inspector' })]);
  });
});

describe('publication on the public page', () => {
  it('shows only what is published today, only for public hearings, and never after withdrawal or expiry', async () => {
    const id = await caseToAnswer({ [ids.S1!]: 'gross_misconduct', [ids.S2!]: 'misconduct' });
    const hearingId = await hearings.schedule(caseworker, id, hearingBody('misconduct_hearing', [ids.S1!]));
    const meetingId = await hearings.schedule(caseworker, id, hearingBody('misconduct_meeting', [ids.S2!], false));
    const privateId = await hearings.schedule(caseworker, id, hearingBody('misconduct_hearing', [ids.S1!], false));
    expect((await caught(hearings.publish(caseworker, id, meetingId, { kind: 'notice', version: 1 })) as ValidationError).details[0]!.message).toContain('meetings');
    expect((await caught(hearings.publish(caseworker, id, privateId, { kind: 'notice', version: 1 })) as ValidationError).details[0]!.message).toContain('not in public');
    expect(fields(await caught(hearings.publish(caseworker, id, hearingId, { kind: 'outcome', version: 1 })))).toEqual(['kind']);

    const citizen = new Client(app.url);
    const noticeId = await hearings.publish(caseworker, id, hearingId, { kind: 'notice', version: 1 });
    expect(await caught(hearings.publish(caseworker, id, hearingId, { kind: 'notice', version: 2 }))).toBeInstanceOf(ConflictError);
    let page = await citizen.get('/hearings');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Constable Arlowen Quillfeather');
    expect(page.text).toContain('Probity House, Court Room 2, Anyshire');
    expect(page.text).toContain('threatening messages to a member of the public');
    for (const secret of ['Hollin Verrity', 'Confidential summary', 'Marrowby', id, hearingId]) expect(page.text).not.toContain(secret);

    await hearings.withdraw(caseworker, id, hearingId, noticeId, { reason: 'Hearing adjourned', version: 2 });
    page = await citizen.get('/hearings');
    expect(page.text).not.toContain('Quillfeather');
    const again = await hearings.publish(caseworker, id, hearingId, { kind: 'notice', version: 3 });
    expect((await citizen.get('/hearings')).text).toContain('Quillfeather');
    await app.db.query(`update conduct_hearing_publications set published_on = current_date - 10, published_until = current_date - 1 where id = $1`, [again]);
    expect((await citizen.get('/hearings')).text).not.toContain('Quillfeather');

    await hearings.appointPanel(caseworker, id, hearingId, { panel: PANEL, version: 4 });
    await hearings.conclude(caseworker, id, hearingId, { concludedOn: today, version: 5 });
    await hearings.recordOutcome(aa, id, hearingId, { personId: ids.S1!, finding: 'gross_misconduct', outcome: 'final_written_warning', decidedOn: today, liveFinalWarningOrMultipleIncidents: false, departureReasons: 'Exceptional mitigation: the messages followed a diagnosed illness now treated.', caseVersion: await versionOf(id) });
    expect((await hearings.overview(caseworker, id)).hearings.find((h) => h.id === hearingId)!.outcomes[0]).toMatchObject({ presumptionOfDismissal: true, departureReasons: expect.stringContaining('Exceptional mitigation') });
    await hearings.publish(caseworker, id, hearingId, { kind: 'outcome', version: 6 });
    page = await citizen.get('/hearings');
    expect(page.text).toContain('Outcome: Misconduct hearing');
    expect(page.text).toContain('gross misconduct – final written warning');
    expect(page.text).not.toContain('Exceptional mitigation');

    const audits = await app.db.query<{ action: string }>(`select action from audit_log where subject_id = $1 and action like 'conduct-hearing.%' order by seq`, [id]);
    expect(audits.map((a) => a.action).filter((a) => a.endsWith('publish') || a.endsWith('withdraw'))).toEqual(['conduct-hearing.publish', 'conduct-hearing.withdraw', 'conduct-hearing.publish', 'conduct-hearing.publish']);
  });
});

describe('letters to complainants', () => {
  const signIn = async (name: string, roles: Role[], personId: string | null) => {
    const u = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, u.totpSecret);
  };

  it('names the review body, is produced only for roles that see complainants (audited), as HTML and PDF', async () => {
    const id = await caseToAnswer({ [ids.S2!]: 'misconduct' }, 'public_complaint');
    const partyId = await conduct.addParty(caseworker, id, { role: 'complainant', colleague: false, forenames: 'Hollin', surname: 'Verrity', address: '4 Lanthorn Row, Anyshire', postcode: 'AN1 2BC', vulnerable: false, version: await versionOf(id) });
    expect(await caught(hearings.createLetter(aa, id, { partyId, kind: 'outcome', letterDate: today, body: 'Upheld.', reviewCriteria: [] }))).toBeInstanceOf(ForbiddenError);
    const letterId = await hearings.createLetter(caseworker, id, { partyId, kind: 'outcome', letterDate: '2026-11-02', body: 'Your complaint was upheld.\n\nThe officer will attend a misconduct meeting.', reviewCriteria: [] });
    const iopcLetter = await hearings.createLetter(caseworker, id, { partyId, kind: 'outcome', letterDate: '2026-11-02', body: 'Upheld.', reviewCriteria: ['senior_officer_subject'] });
    const list = await hearings.letters(caseworker, id);
    expect(list.letters.map((l) => [l.reviewBody, l.reviewDueOn])).toEqual([['local_policing_body', '2026-11-30'], ['iopc', '2026-11-30']]);
    expect(JSON.stringify(list)).not.toContain('Verrity');
    expect(JSON.stringify((await conduct.view(caseworker, id)).timeline)).not.toContain('Verrity');

    expect(await caught(hearings.letterDocument(aa, id, letterId))).toBeInstanceOf(ForbiddenError);
    const letter = await hearings.letterDocument(caseworker, id, letterId);
    expect(letter.recipient).toEqual({ name: 'Hollin Verrity', addressLines: ['4 Lanthorn Row', 'Anyshire', 'AN1 2BC'] });
    expect(JSON.stringify(letter.sections)).toContain('the Police and Crime Commissioner (the local policing body)');
    expect(JSON.stringify((await hearings.letterDocument(caseworker, id, iopcLetter)).sections)).toContain('Independent Office for Police Conduct');
    const audits = await app.db.query<{ outcome: string; purpose: string | null }>(`select outcome, purpose from audit_log where action = 'conduct-parties.view' and subject_id = $1 order by seq`, [id]);
    expect(audits.map((a) => a.outcome)).toEqual(['denied', 'denied', 'ok', 'ok']);

    await hearings.recordReview(caseworker, id, letterId, { requestedOn: '2026-11-20', version: 1 });
    expect(await caught(hearings.recordReview(caseworker, id, letterId, { requestedOn: '2026-11-20', version: 1 }))).toBeInstanceOf(ConflictError);
    expect(fields(await caught(hearings.recordReview(caseworker, id, letterId, { requestedOn: '2026-10-01', version: 2 })))).toEqual(['requestedOn']);
    await hearings.recordReview(caseworker, id, letterId, { requestedOn: '2026-11-20', outcome: 'not_upheld', outcomeOn: today, notes: 'Handling was reasonable and proportionate.', version: 2 });
    expect((await hearings.letters(caseworker, id)).letters[0]).toMatchObject({ reviewRequestedOn: '2026-11-20', reviewOutcome: 'not_upheld', reviewOutcomeOn: today });

    const cw = await signIn('hearings.cw', ['psd_caseworker'], ids.W1!);
    const html = await cw.get(`/conduct/cases/${id}/letters/${letterId}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('Hollin Verrity');
    const pdf = await fetch(`${app.url}/conduct/cases/${id}/letters/${letterId}/letter.pdf`, { headers: { cookie: [...cw.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const subject = await signIn('hearings.subject', ['psd_caseworker'], ids.S2!);
    expect((await subject.get(`/conduct/cases/${id}/letters/${letterId}`)).status).toBe(404);
    expect((await subject.get(`/conduct/cases/${id}/hearings`)).status).toBe(404);
    expect((await subject.get(`/api/v1/conduct/cases/${id}/letters`)).status).toBe(404);
  });
});

describe('pages and API over HTTP', () => {
  it('answers 400 with fields and 409 when stale; forms show an error summary', async () => {
    const id = await caseToAnswer({ [ids.S1!]: 'gross_misconduct' });
    const u = await app.user('hearings.http', ['psd_caseworker'], ids.W1!);
    const cw = await new Client(app.url).signIn('hearings.http', u.totpSecret);
    const api = (method: string, path: string, json?: unknown) => cw.request(method, `/api/v1/conduct/cases/${id}${path}`, { json, headers: { 'x-csrf-token': cw.csrf } });
    const bad = await api('POST', '/hearings', { kind: 'misconduct_hearing', subjectPersonIds: [], hearingDate: 'soon', startTime: '9am', venue: '', inPublic: false, allegationsForPublication: '' });
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['allegationsForPublication', 'hearingDate', 'startTime', 'subjectPersonIds', 'venue']);
    const created = await api('POST', '/hearings', hearingBody('misconduct_hearing', [ids.S1!]));
    expect(created.status).toBe(201);
    const hearingId = created.json().id as string;
    expect((await api('PUT', `/hearings/${hearingId}/panel`, { panel: PANEL.slice(1), version: 1 })).status).toBe(400);
    expect((await api('PUT', `/hearings/${hearingId}/panel`, { panel: PANEL, version: 1 })).status).toBe(200);
    expect((await api('PUT', `/hearings/${hearingId}/panel`, { panel: PANEL, version: 1 })).status).toBe(409);
    const listed = (await api('GET', '/hearings')).json();
    expect(listed.hearings[0]).toMatchObject({ id: hearingId, panelComplete: true, appealRoute: 'police_appeals_tribunal' });

    const page = await cw.get(`/conduct/cases/${id}/hearings/${hearingId}`);
    expect(page.status).toBe(200);
    const form = await cw.post(`/conduct/cases/${id}/hearings/${hearingId}/conclusion`, { concludedOn: '', version: '2' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('govuk-error-summary');
    expect(form.text).toContain('href="#conclusion-concludedOn"');
    const stale = await cw.post(`/conduct/cases/${id}/hearings/${hearingId}/conclusion`, { concludedOn: today, version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('href="#conclusion-version"');
    const panelForm = await cw.post(`/conduct/cases/${id}/hearings/${hearingId}/panel`, { 'member-chief_officer_chair-0': 'ACC Holloway', version: '2' });
    expect(panelForm.status).toBe(400);
    expect(panelForm.text).toContain('href="#panel-panel"');
    const casePage = await cw.get(`/conduct/cases/${id}`);
    expect(casePage.text).toContain('data-qa="section-hearings"');
    expect(casePage.text).toContain('Appeal to the Police Appeals Tribunal');
  });
});

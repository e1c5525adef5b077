import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { VettingService } from '../service.js';
import { PreEmploymentRepository } from './data.js';
import { HISTORY_SETTINGS } from './rules.js';
import { ApplicationClosedError, PreEmploymentService } from './service.js';

let app: TestApp;
let vetting: VettingService;
let service: PreEmploymentService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null): ActorContext => ({ viewer: { userId: null, personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
const researcher = actor(['vetting_researcher']);
const advisor = actor(['senior_vetting_advisor']);
const RECEIVED = '2026-06-30'; // the window is 30 June 2021 to 30 June 2026
const PDF = new TextEncoder().encode('%PDF-1.4\n% Vetting interview record (synthetic)\n%%EOF\n');

const job = (fromOn: string, toOn: string | undefined, organisation = 'Fernwhistle Bakery') => ({
  kind: 'employment' as const, organisation, role: 'Baker', fromOn, toOn, reasonForLeaving: toOn ? 'Moved on' : undefined, verification: 'not_verified' as const,
});

async function newApplication(personId: string) {
  return (await vetting.createApplication(advisor, { kind: 'recruit', personId, level: 'RV', receivedOn: RECEIVED })).id;
}

async function auditCount(action: string, subjectId?: string) {
  const [r] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = $1 and ($2::text is null or subject_id = $2)`, [action, subjectId ?? null]);
  return r!.n;
}

/** The timeline notes this feature wrote (the core service notes other things, such as the application opening). */
async function timeline(applicationId: string) {
  const notes = await app.db.query<{ what: string }>(`select what from vetting_timeline where application_id = $1 order by id`, [applicationId]);
  return notes.map((r) => r.what).filter((w) => /^(Employment history|Qualification|Vetting interview|Copy of the interview|Interview record)/.test(w));
}

beforeAll(async () => {
  app = await startTestApp();
  vetting = app.services.vetting;
  service = new PreEmploymentService(app.db, new PreEmploymentRepository(app.db), app.services.audit, app.services.settings, vetting, 1024 * 1024);
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  const hr = actor(['hr']);
  await app.services.workforce.syncFromHr(hr, [
    { payrollNumber: 'P1', forenames: 'Tamsin', surname: 'Oakenshield', personType: 'staff', unitCode: 'RESP', startDate: '2026-09-01' },
    { payrollNumber: 'P2', forenames: 'Rufus', surname: 'Gallowglass', personType: 'staff', unitCode: 'RESP', startDate: '2026-09-01' },
  ], 'delta');
  for (const p of ['P1', 'P2']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
});
afterAll(() => app.close());

describe('employment history and its gaps', () => {
  it('records entries, reports gaps against the received date, and notes every change on the timeline', async () => {
    const id = await newApplication(ids.P1!);
    await service.addEmployment(researcher, id, job('2024-03-01', undefined, 'Harrowgate Mills'));
    await service.addEmployment(researcher, id, { kind: 'education', organisation: 'Brackenridge College', fromOn: '2019-09-01', toOn: '2022-06-30', verification: 'verified', verificationMethod: 'documents', verifiedBy: 'Vetting Officer Pell Ashdown', verifiedOn: '2026-07-10' });
    await service.addEmployment(researcher, id, { kind: 'unemployment', fromOn: '2022-08-01', toOn: '2023-01-31', verification: 'could_not_verify', unverifiedReason: 'No records held for the period' });

    const { entries, coverage } = await service.employmentHistory(researcher, id);
    expect(entries.map((e) => e.kind)).toEqual(['employment', 'unemployment', 'education']); // most recent first
    expect(entries[1]).toMatchObject({ verification: 'could_not_verify', unverifiedReason: 'No records held for the period', verificationMethod: null });
    expect(coverage).toMatchObject({ windowFrom: '2021-06-30', windowTo: RECEIVED, reachesBack: true });
    expect(coverage.shortBreaks).toEqual([]);
    expect(coverage.gaps).toEqual([
      { fromOn: '2022-07-01', toOn: '2022-07-31', days: 31, position: 'middle' },
      { fromOn: '2023-02-01', toOn: '2024-02-29', days: 394, position: 'middle' },
    ]);
    expect(await auditCount('vetting-employment-history.add', id)).toBe(3);
    expect(await auditCount('vetting-employment-history.list', id)).toBe(1);
    expect(await timeline(id)).toEqual([
      'Employment history: employment at Harrowgate Mills (1 March 2024 to date) added',
      'Employment history: education at Brackenridge College (1 September 2019 to 30 June 2022) added',
      'Employment history: unemployment (1 August 2022 to 31 January 2023) added',
    ]);
  });

  it('follows the configured period and tolerance', async () => {
    const id = await newApplication(ids.P1!);
    await service.addEmployment(researcher, id, job('2023-07-01', '2025-12-31'));
    await service.addEmployment(researcher, id, job('2026-01-21', undefined, 'Quillon Farm'));
    expect((await service.employmentHistory(researcher, id)).coverage).toMatchObject({ reachesBack: false, gaps: [expect.objectContaining({ position: 'start', fromOn: '2021-06-30' })], shortBreaks: [expect.objectContaining({ days: 20 })] });
    await app.db.transaction(async (tx) => {
      await app.services.settings.put(tx, HISTORY_SETTINGS.yearsKey, 3, null, 0);
      await app.services.settings.put(tx, HISTORY_SETTINGS.toleranceKey, 14, null, 0);
    });
    try {
      const { coverage } = await service.employmentHistory(researcher, id);
      expect(coverage).toMatchObject({ windowFrom: '2023-06-30', rules: { years: 3, toleranceDays: 14 }, reachesBack: true });
      expect(coverage.gaps).toEqual([{ fromOn: '2026-01-01', toOn: '2026-01-20', days: 20, position: 'middle' }]);
      expect(coverage.shortBreaks).toEqual([{ fromOn: '2023-06-30', toOn: '2023-06-30', days: 1, position: 'start' }]);
    } finally {
      await app.db.query(`delete from settings where key like 'vetting.preEmployment.%'`);
    }
  });

  it('refuses dates in the future and incomplete verification with field-level errors, saving nothing', async () => {
    const id = await newApplication(ids.P1!);
    const future = await service.addEmployment(researcher, id, job('2026-01-01', '2099-01-01')).catch((e: unknown) => e);
    expect(future).toBeInstanceOf(ValidationError);
    expect((future as ValidationError).details).toEqual([{ field: 'toOn', message: 'The date it ended must be today or in the past' }]);
    expect((await service.employmentHistory(researcher, id)).entries).toEqual([]);
    expect(await timeline(id)).toEqual([]);
  });

  it('edits with the version read, refuses a stale edit with 409, and removes an entry', async () => {
    const id = await newApplication(ids.P1!);
    const { id: entryId, version } = await service.addEmployment(researcher, id, job('2020-01-01', undefined));
    const saved = await service.editEmployment(researcher, id, entryId, { ...job('2020-01-01', undefined), verification: 'verified', verificationMethod: 'employer_contact', verifiedBy: 'Vetting Officer Pell Ashdown', verifiedOn: '2026-07-02', version });
    expect(saved.version).toBe(version + 1);
    const stale = await service.editEmployment(researcher, id, entryId, { ...job('2019-01-01', undefined), version }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await service.employmentEntry(researcher, id, entryId)).entry).toMatchObject({ fromOn: '2020-01-01', verification: 'verified', verificationMethod: 'employer_contact', verifiedBy: 'Vetting Officer Pell Ashdown' });
    await expect(service.removeEmployment(researcher, id, entryId, version)).rejects.toBeInstanceOf(ConflictError);
    await service.removeEmployment(researcher, id, entryId, saved.version);
    expect((await service.employmentHistory(researcher, id)).entries).toEqual([]);
    await expect(service.employmentEntry(researcher, id, entryId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.editEmployment(researcher, id, entryId, { ...job('2020-01-01', undefined), version: saved.version + 1 })).rejects.toBeInstanceOf(NotFoundError);
    const [kept] = await app.db.query<{ removed: boolean }>(`select removed_at is not null as removed from vetting_employment_history where id = $1`, [entryId]);
    expect(kept?.removed).toBe(true); // kept in the record, marked removed
    expect(await timeline(id)).toEqual([
      'Employment history: employment at Fernwhistle Bakery (1 January 2020 to date) added',
      'Employment history: employment at Fernwhistle Bakery (1 January 2020 to date) changed (now verified)',
      'Employment history: employment at Fernwhistle Bakery (1 January 2020 to date) removed',
    ]);
  });
});

describe('qualifications', () => {
  it('records, verifies and removes qualifications claimed', async () => {
    const id = await newApplication(ids.P1!);
    const q = await service.addQualification(researcher, id, { title: 'BSc (Hons) Criminology', awardingBody: 'University of Thornbury', awardedOn: '2019-07-14', neededForPost: true, verification: 'not_verified' });
    const v = await service.editQualification(researcher, id, q.id, { title: 'BSc (Hons) Criminology', awardingBody: 'University of Thornbury', awardedOn: '2019-07-14', neededForPost: true, verification: 'verified', verificationMethod: 'documents', verifiedBy: 'Vetting Officer Pell Ashdown', verifiedOn: '2026-07-05', version: q.version });
    expect(await service.qualifications(researcher, id)).toEqual([expect.objectContaining({ title: 'BSc (Hons) Criminology', neededForPost: true, verification: 'verified', verifiedOn: '2026-07-05', version: v.version })]);
    await expect(service.addQualification(researcher, id, { title: 'Diploma', awardingBody: 'Body', awardedOn: '2099-01-01', neededForPost: false, verification: 'not_verified' })).rejects.toBeInstanceOf(ValidationError);
    await service.removeQualification(researcher, id, q.id, v.version);
    expect(await service.qualifications(researcher, id)).toEqual([]);
    expect((await timeline(id)).at(-1)).toBe('Qualification: BSc (Hons) Criminology (University of Thornbury) removed');
  });
});

describe('vetting interviews', () => {
  it('arranges an interview on a London clock, records it as held with its record, and the copy given', async () => {
    const id = await newApplication(ids.P1!);
    const i = await service.scheduleInterview(researcher, id, { scheduledOn: '2026-07-15', scheduledTime: '10:30', mode: 'in_person', location: 'Headquarters, room 2.14', interviewerName: 'Vetting Officer Pell Ashdown' });
    expect((await service.interview(researcher, id, i.id)).interview).toMatchObject({ status: 'scheduled', scheduledAt: '2026-07-15T09:30:00.000Z', record: null });
    const moved = await service.rescheduleInterview(researcher, id, i.id, { scheduledOn: '2026-07-16', scheduledTime: '14:00', mode: 'video', interviewerName: 'Vetting Officer Pell Ashdown', version: i.version });

    const noEvidence = await service.recordInterviewOutcome(researcher, id, i.id, { outcome: 'held', heldOn: '2026-07-16', version: moved.version }).catch((e: unknown) => e);
    expect((noEvidence as ValidationError).details).toEqual([{ field: 'summary', message: 'Give a summary of the interview, attach its record, or both' }]);
    const renamed = await service.recordInterviewOutcome(researcher, id, i.id, { outcome: 'held', heldOn: '2026-07-16', version: moved.version }, { fileName: 'record.pdf', bytes: new TextEncoder().encode('plain words') }).catch((e: unknown) => e);
    expect((renamed as ValidationError).details[0]).toMatchObject({ field: 'record', message: expect.stringContaining('not a PDF') });
    const tooBig = await service.recordInterviewOutcome(researcher, id, i.id, { outcome: 'held', heldOn: '2026-07-16', version: moved.version }, { fileName: 'record.txt', bytes: new Uint8Array(1024 * 1024 + 1).fill(65) }).catch((e: unknown) => e);
    expect((tooBig as ValidationError).details[0]).toMatchObject({ field: 'record', message: 'The record must be smaller than 1 MB' });

    const held = await service.recordInterviewOutcome(researcher, id, i.id, { outcome: 'held', heldOn: '2026-07-16', version: moved.version }, { fileName: 'C:\\records\\interview.pdf', bytes: PDF });
    await expect(service.recordInterviewOutcome(researcher, id, i.id, { outcome: 'cancelled', note: 'Too late', version: held.version })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.recordCopyGiven(researcher, id, i.id, { copyGivenOn: '2026-07-15', version: held.version })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.recordCopyGiven(researcher, id, i.id, { copyGivenOn: '2026-07-20', version: moved.version })).rejects.toBeInstanceOf(ConflictError);
    await service.recordCopyGiven(researcher, id, i.id, { copyGivenOn: '2026-07-20', version: held.version });

    const { interview } = await service.interview(researcher, id, i.id);
    expect(interview).toMatchObject({ status: 'held', heldOn: '2026-07-16', copyGivenOn: '2026-07-20', mode: 'video', record: expect.objectContaining({ fileName: 'interview.pdf', mediaType: 'application/pdf', sizeBytes: PDF.byteLength }) });
    const record = await service.downloadRecord(researcher, id, i.id);
    expect(new Uint8Array(record.content)).toEqual(PDF);
    expect(await auditCount('vetting-interview-record.download', id)).toBe(1);
    expect(await timeline(id)).toEqual([
      'Vetting interview arranged for 15 July 2026 at 10:30am (in person) with Vetting Officer Pell Ashdown',
      'Vetting interview rearranged for 16 July 2026 at 2:00pm (by video) with Vetting Officer Pell Ashdown',
      'Vetting interview held on 16 July 2026; record attached (interview.pdf)',
      'Copy of the interview record given to the interviewee on 20 July 2026',
    ]);
  });

  it('records a cancelled interview with its reason, and one the interviewee did not attend', async () => {
    const id = await newApplication(ids.P1!);
    const a = await service.scheduleInterview(researcher, id, { scheduledOn: '2026-07-15', scheduledTime: '09:00', mode: 'video', interviewerName: 'Vetting Officer Pell Ashdown' });
    const b = await service.scheduleInterview(researcher, id, { scheduledOn: '2026-07-22', scheduledTime: '09:00', mode: 'video', interviewerName: 'Vetting Officer Pell Ashdown' });
    await expect(service.recordInterviewOutcome(researcher, id, a.id, { outcome: 'cancelled', version: a.version }, { fileName: 'x.txt', bytes: new TextEncoder().encode('x') })).rejects.toBeInstanceOf(ValidationError);
    await service.recordInterviewOutcome(researcher, id, a.id, { outcome: 'cancelled', note: 'Interviewer unwell', version: a.version });
    await service.recordInterviewOutcome(researcher, id, b.id, { outcome: 'did_not_attend', version: b.version });
    const summary = await service.summary(researcher, id);
    expect(summary?.interviews).toMatchObject({ count: 2, held: 0, cancelledOrMissed: 2, next: undefined });
    await expect(service.attachRecord(researcher, id, a.id, a.version + 1, { fileName: 'x.txt', bytes: new TextEncoder().encode('x') })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('access and decided applications', () => {
  it('never shows the record to its subject, refuses other roles, and lets researchers change it', async () => {
    const id = await newApplication(ids.P1!);
    const subject = actor(['senior_vetting_advisor'], ids.P1!);
    await expect(service.overview(subject, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.addEmployment(subject, id, job('2020-01-01', undefined))).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.summary(subject, id)).toBeUndefined();
    await expect(service.summary(subject, id, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.overview(actor(['psd_investigator']), id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.addEmployment(actor(['hr']), id, job('2020-01-01', undefined))).rejects.toBeInstanceOf(ForbiddenError);
    const [denied] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-pre-employment.view' and outcome = 'denied' and subject_id = $1`, [id]);
    expect(denied?.n).toBe(2);
  });

  it('freezes everything once the application is decided, with a clear 409', async () => {
    const id = await newApplication(ids.P2!);
    const entry = await service.addEmployment(researcher, id, job('2020-01-01', undefined));
    const interview = await service.scheduleInterview(researcher, id, { scheduledOn: '2026-07-15', scheduledTime: '10:00', mode: 'video', interviewerName: 'Vetting Officer Pell Ashdown' });
    const { application } = await vetting.view(advisor, id);
    await vetting.decide(advisor, id, { outcome: 'clearance', version: application.version, conditions: [] });
    const attempts: (() => Promise<unknown>)[] = [
      () => service.addEmployment(researcher, id, job('2019-01-01', '2019-12-31')),
      () => service.editEmployment(researcher, id, entry.id, { ...job('2020-01-01', undefined), version: entry.version }),
      () => service.removeEmployment(researcher, id, entry.id, entry.version),
      () => service.addQualification(researcher, id, { title: 'GCSE English', awardingBody: 'Exam board', awardedOn: '2015-08-20', neededForPost: false, verification: 'not_verified' }),
      () => service.recordInterviewOutcome(researcher, id, interview.id, { outcome: 'did_not_attend', version: interview.version }),
      () => service.prepareForm(researcher, id),
    ];
    for (const attempt of attempts) {
      const err = await attempt().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationClosedError);
      expect((err as ConflictError).status).toBe(409);
      expect((err as Error).message).toBe('This application has been decided: its pre-employment checks can no longer change');
    }
    expect((await service.overview(researcher, id)).frozen).toBe(true);
  });
});

// ---- over HTTP: pages, forms and the API -----------------------------------------------------------

let userCount = 0;
async function signedIn(roles: Role[], personId: string | null = null) {
  const name = `pre-employment.${++userCount}`;
  const { totpSecret } = await app.user(name, roles, personId);
  return new Client(app.url).signIn(name, totpSecret);
}
const api = (c: Client, method: string, path: string, json?: unknown) => c.request(method, `/api/v1/vetting/applications${path}`, { json, headers: { 'x-csrf-token': c.csrf } });

describe('pages', () => {
  it('shows gaps and unverified entries on the application page, and links to the checks', async () => {
    const id = await newApplication(ids.P1!);
    await service.addEmployment(researcher, id, job('2023-01-01', undefined));
    const c = await signedIn(['vetting_researcher']);
    const page = await c.get(`/vetting/applications/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-qa="section-pre-employment"');
    expect(page.text).toContain('The employment history does not reach back 5 years (to 30 June 2021)');
    expect(page.text).toContain('1 employment history entry not yet verified');
    expect(page.text).toContain(`href="/vetting/applications/${id}/pre-employment"`);
    const overview = await c.get(`/vetting/applications/${id}/pre-employment`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('data-gaps="1" data-reaches-back="no"');
    expect(overview.text).toContain('The history does not reach back 5 years: nothing is recorded from 30 June 2021 to 31 December 2022 (550 days)');
  });

  it('shows field errors in a GOV.UK error summary, saves a good entry, and refuses a stale edit', async () => {
    const id = await newApplication(ids.P1!);
    const c = await signedIn(['vetting_researcher']);
    await c.get(`/vetting/applications/${id}/pre-employment/employment/new`);
    const bad = await c.post(`/vetting/applications/${id}/pre-employment/employment/new`, { kind: 'employment', fromOn: '31/02/2020', toOn: '', verification: 'verified' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    for (const message of ['Enter the employer', 'Enter the role', 'The date it started must be a real date, for example 27/03/2024', 'Choose how it was verified', 'Enter who verified it']) expect(bad.text).toContain(message);
    expect(bad.text).toContain('href="#organisation"');

    const good = await c.post(`/vetting/applications/${id}/pre-employment/employment/new`, { kind: 'armed_forces', organisation: 'Royal Navy', role: 'Able Seaman', fromOn: '01/05/2015', toOn: '', verification: 'not_verified' });
    expect(good.status).toBe(302);
    expect(good.location).toBe(`/vetting/applications/${id}/pre-employment#employment-history`);
    const [entry] = (await service.employmentHistory(researcher, id)).entries;
    expect(entry).toMatchObject({ kind: 'armed_forces', organisation: 'Royal Navy', fromOn: '2015-05-01', toOn: null });

    const form = await c.get(`/vetting/applications/${id}/pre-employment/employment/${entry!.id}`);
    expect(form.text).toContain(`name="version" value="${entry!.version}"`);
    await service.editEmployment(researcher, id, entry!.id, { kind: 'armed_forces', organisation: 'Royal Navy', role: 'Leading Hand', fromOn: '2015-05-01', verification: 'not_verified', version: entry!.version });
    const stale = await c.post(`/vetting/applications/${id}/pre-employment/employment/${entry!.id}`, { kind: 'armed_forces', organisation: 'Royal Navy', role: 'Petty Officer', fromOn: '01/05/2015', verification: 'not_verified', version: String(entry!.version) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this entry after you opened it');
    expect(stale.text).toContain('value="Leading Hand"'); // the entry as it is now
    expect((await service.employmentEntry(researcher, id, entry!.id)).entry.role).toBe('Leading Hand');
  });

  it('uploads an interview record, downloads it (audited), and refuses wrong, oversized or unprotected uploads', async () => {
    const id = await newApplication(ids.P1!);
    const { id: interviewId, version } = await service.scheduleInterview(researcher, id, { scheduledOn: '2026-07-15', scheduledTime: '10:00', mode: 'in_person', location: 'Headquarters', interviewerName: 'Vetting Officer Pell Ashdown' });
    const c = await signedIn(['vetting_researcher']);
    const path = `/vetting/applications/${id}/pre-employment/interviews/${interviewId}`;
    const page = await c.get(path);
    expect(page.text).toContain('data-status="scheduled"');
    const outcome = (file: Blob, name: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ _csrf: c.csrf, version: String(version), outcome: 'held', heldOn: '16/07/2026', ...fields })) form.append(k, v);
      form.append('record', file, name);
      return c.request('POST', `${path}/outcome`, { body: form });
    };

    const renamed = await outcome(new Blob(['just words']), 'record.pdf');
    expect(renamed.status).toBe(400);
    expect(renamed.text).toContain('govuk-error-summary');
    expect(renamed.text).toContain('not a PDF file');
    const huge = await outcome(new Blob([new Uint8Array(app.config.uploadLimitBytes + 1).fill(65)]), 'record.txt');
    expect(huge.status).toBe(400);
    expect(huge.text).toContain(`The record must be smaller than ${Math.round(app.config.uploadLimitBytes / 1024 / 1024)} MB`);
    const forged = await outcome(new Blob([PDF]), 'record.pdf', { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect((await service.interview(researcher, id, interviewId)).interview.status).toBe('scheduled');

    const saved = await outcome(new Blob([PDF]), 'Interview record.pdf', { summary: 'Discussed the gap in 2023; explained as caring for a relative.' });
    expect(saved.status).toBe(302);
    const after = await c.get(path);
    expect(after.text).toContain('data-status="held"');
    expect(after.text).toContain('copy not yet given to the interviewee');
    const before = await auditCount('vetting-interview-record.download', id);
    const download = await fetch(`${app.url}${path}/record`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain('Interview record.pdf');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect(await auditCount('vetting-interview-record.download', id)).toBe(before + 1);
  });

  it('answers 404 to the subject of the application, and 409 with a clear message once decided', async () => {
    const id = await newApplication(ids.P2!);
    const entry = await service.addEmployment(researcher, id, job('2020-01-01', undefined));
    const subject = await signedIn(['vetting_researcher'], ids.P2!);
    expect((await subject.get(`/vetting/applications/${id}/pre-employment`)).status).toBe(404);
    expect((await api(subject, 'GET', `/${id}/employment-history`)).status).toBe(404);
    expect((await subject.get(`/vetting/applications/${id}/pre-employment/interviews/00000000-0000-4000-8000-000000000000/record`)).status).toBe(404);

    const c = await signedIn(['vetting_researcher']);
    await c.get(`/vetting/applications/${id}/pre-employment/employment/${entry.id}/remove`);
    const { application } = await vetting.view(advisor, id);
    await vetting.decide(advisor, id, { outcome: 'clearance', version: application.version, conditions: [] });
    const page = await c.post(`/vetting/applications/${id}/pre-employment/employment/${entry.id}/remove`, { version: String(entry.version) });
    expect(page.status).toBe(409);
    expect(page.text).toContain('This application has been decided: its pre-employment checks can no longer change');
    const viaApi = await api(c, 'POST', `/${id}/employment-history`, job('2019-01-01', '2019-12-31'));
    expect(viaApi.status).toBe(409);
    expect(viaApi.json()).toMatchObject({ error: 'conflict', message: 'This application has been decided: its pre-employment checks can no longer change' });
    const overview = await c.get(`/vetting/applications/${id}/pre-employment`);
    expect(overview.text).toContain('data-qa="frozen"');
    expect(overview.text).not.toContain('data-qa="add-employment"');
  });
});

describe('API', () => {
  it('adds, reads, changes and removes entries, with 400 field errors and 409 on a stale version', async () => {
    const id = await newApplication(ids.P1!);
    const c = await signedIn(['vetting_researcher']);
    const bad = await api(c, 'POST', `/${id}/employment-history`, { kind: 'self_employment', fromOn: '2022-01-01', toOn: '2021-01-01', verification: 'could_not_verify' });
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['organisation', 'reasonForLeaving', 'toOn', 'unverifiedReason']);

    const created = await api(c, 'POST', `/${id}/employment-history`, { kind: 'self_employment', organisation: 'Wickerby Joinery', fromOn: '2023-01-01' });
    expect(created.status).toBe(201);
    const { id: entryId, version } = created.json();
    const listed = await api(c, 'GET', `/${id}/employment-history`);
    expect(listed.json()).toMatchObject({ entries: [{ id: entryId, kind: 'self_employment', verification: 'not_verified', toOn: null }], coverage: { reachesBack: false, gaps: [{ position: 'start', toOn: '2022-12-31' }] } });

    const body = { kind: 'self_employment', organisation: 'Wickerby Joinery', fromOn: '2018-01-01', verification: 'verified', verificationMethod: 'documents', verifiedBy: 'Vetting Officer Pell Ashdown', verifiedOn: '2026-07-01' };
    expect((await api(c, 'PUT', `/${id}/employment-history/${entryId}`, { ...body, version })).json()).toEqual({ version: version + 1 });
    const stale = await api(c, 'PUT', `/${id}/employment-history/${entryId}`, { ...body, fromOn: '2017-01-01', version });
    expect(stale.status).toBe(409);
    expect((await api(c, 'GET', `/${id}/pre-employment`)).json()).toMatchObject({ frozen: false, employment: { count: 1, notYetVerified: 0, coverage: { gaps: [], reachesBack: true } } });
    expect((await api(c, 'DELETE', `/${id}/employment-history/${entryId}?version=${version}`)).status).toBe(409);
    expect((await api(c, 'DELETE', `/${id}/employment-history/${entryId}?version=${version + 1}`)).json()).toEqual({ removed: true });
    expect((await api(c, 'GET', `/${id}/employment-history/${entryId}`)).status).toBe(404);
  });

  it('arranges an interview, records it with a base64 record, and downloads it (audited)', async () => {
    const id = await newApplication(ids.P1!);
    const c = await signedIn(['vetting_researcher']);
    const bad = await api(c, 'POST', `/${id}/interviews`, { scheduledOn: '2026-07-15', scheduledTime: '25:00', mode: 'in_person', interviewerName: '' });
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['interviewerName', 'location', 'scheduledTime']);
    const created = (await api(c, 'POST', `/${id}/interviews`, { scheduledOn: '2026-07-15', scheduledTime: '2:30pm', mode: 'video', interviewerName: 'Vetting Officer Pell Ashdown' })).json();
    const text = 'Agreed summary of the vetting interview.';
    const held = await api(c, 'POST', `/${id}/interviews/${created.id}/outcome`, { outcome: 'held', heldOn: '2026-07-15', copyGivenOn: '2026-07-17', version: created.version, record: { fileName: 'summary.txt', contentBase64: Buffer.from(text).toString('base64') } });
    expect(held.status).toBe(200);
    const [interview] = (await api(c, 'GET', `/${id}/interviews`)).json().interviews;
    expect(interview).toMatchObject({ status: 'held', scheduledAt: '2026-07-15T13:30:00.000Z', copyGivenOn: '2026-07-17', record: { fileName: 'summary.txt', mediaType: 'text/plain; charset=utf-8' } });
    const before = await auditCount('vetting-interview-record.download', id);
    const record = (await api(c, 'GET', `/${id}/interviews/${created.id}/record`)).json();
    expect(Buffer.from(record.contentBase64, 'base64').toString()).toBe(text);
    expect(await auditCount('vetting-interview-record.download', id)).toBe(before + 1);
  });

  it('documents every pre-employment endpoint', async () => {
    const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const base = '/api/v1/vetting/applications/{id}';
    expect(Object.keys(doc.paths[`${base}/employment-history/{entryId}`]!).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths[`${base}/interviews/{interviewId}/record`]!).sort()).toEqual(['get', 'put']);
    for (const p of ['pre-employment', 'employment-history', 'qualifications', 'interviews', 'interviews/{interviewId}/outcome', 'interviews/{interviewId}/copy-given']) expect(doc.paths).toHaveProperty([`${base}/${p}`]);
  });
});

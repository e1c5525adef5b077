import { createHash } from 'node:crypto';
import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { checkAccess, type Resource } from '../../../platform/access/policy.js';
import type { AuditLog } from '../../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.js';
import type { SettingsStore } from '../../../platform/settings.js';
import { formatDate, formatDateTime } from '../../../platform/ui/nunjucks.js';
import type { VettingService } from '../service.js';
import type { ApplicationFacts, EmploymentColumns, EmploymentEntry, Interview, PreEmploymentRepository, Qualification, QualificationColumns, Verification } from './data.js';
import { labelFor } from './presenters.js';
import { GapToleranceSchema, HISTORY_SETTINGS, HistoryYearsSchema, cleanFileName, futureDateErrors, historyCoverage, londonToInstant, recordType, type Coverage, type CoverageRules } from './rules.js';
import type { EmploymentInput, InterviewOutcomeInput, InterviewScheduleInput, QualificationInput } from './schema.js';

/** An interview record as it arrives: from a page upload or decoded from the API's base64. */
export interface RecordFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface PreEmploymentSummary {
  applicationId: string;
  frozen: boolean;
  employment: { count: number; coverage: Coverage; notYetVerified: number; couldNotVerify: number };
  qualifications: { count: number; notYetVerified: number; couldNotVerify: number; neededNotVerified: number };
  interviews: { count: number; next: Interview | undefined; held: number; copyOutstanding: number; cancelledOrMissed: number };
}

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** What the schemas cannot check, since it depends on the day: dates that must not be in the future. */
const pastDates = (dates: Record<string, string | null | undefined>, labels: Record<string, string>): FieldError[] => futureDateErrors(dates, todayInLondon(), labels);

const entryDateProblems = (e: EmploymentInput) =>
  pastDates({ fromOn: e.fromOn, toOn: e.toOn, verifiedOn: e.verifiedOn }, { fromOn: 'date it started', toOn: 'date it ended', verifiedOn: 'date it was verified' });
const qualificationDateProblems = (q: QualificationInput) => pastDates({ awardedOn: q.awardedOn, verifiedOn: q.verifiedOn }, { awardedOn: 'date it was awarded', verifiedOn: 'date it was verified' });
const COPY_DATE = { copyGivenOn: 'date the copy was given' };

/** Only the verification details that go with the chosen status are kept. */
function verificationColumns(v: { verification: Verification['verification']; verificationMethod?: string; verifiedBy?: string; verifiedOn?: string; unverifiedReason?: string }): Verification {
  const verified = v.verification === 'verified';
  return {
    verification: v.verification,
    verificationMethod: verified ? v.verificationMethod ?? null : null,
    verifiedBy: verified ? v.verifiedBy ?? null : null,
    verifiedOn: verified ? v.verifiedOn ?? null : null,
    unverifiedReason: v.verification === 'could_not_verify' ? v.unverifiedReason ?? null : null,
  };
}

function employmentColumns(e: EmploymentInput): EmploymentColumns {
  return { kind: e.kind, organisation: e.organisation ?? null, role: e.role ?? null, fromOn: e.fromOn, toOn: e.toOn ?? null, reasonForLeaving: e.toOn ? e.reasonForLeaving ?? null : null, ...verificationColumns(e) };
}

function qualificationColumns(q: QualificationInput): QualificationColumns {
  return { title: q.title, awardingBody: q.awardingBody, awardedOn: q.awardedOn, neededForPost: q.neededForPost, ...verificationColumns(q) };
}

const describeEntry = (e: EmploymentColumns) =>
  `${labelFor(e.kind).toLowerCase()}${e.organisation ? ` at ${e.organisation}` : ''} (${formatDate(e.fromOn)} to ${e.toOn ? formatDate(e.toOn) : 'date'})`;

/** The application has been decided (or withdrawn or discontinued): its pre-employment records are frozen. */
export class ApplicationClosedError extends ConflictError {
  constructor(status: string) {
    super(status === 'decided'
      ? 'This application has been decided: its pre-employment checks can no longer change'
      : `This application is ${labelFor(status).toLowerCase()}: its pre-employment checks can no longer change`);
  }
}

interface WriteResult<T> {
  result: T;
  audit: { action: string; details: Record<string, unknown> };
  timeline: string;
}

export class PreEmploymentService {
  constructor(
    private readonly db: Db,
    private readonly repo: PreEmploymentRepository,
    private readonly audit: AuditLog,
    private readonly settings: SettingsStore,
    private readonly vetting: VettingService,
    private readonly uploadLimitBytes: number,
  ) {}

  get recordLimitBytes(): number {
    return this.uploadLimitBytes;
  }

  private async facts(applicationId: string): Promise<{ application: ApplicationFacts; resource: Resource }> {
    const application = await this.repo.application(applicationId);
    if (!application) throw new NotFoundError('There is no vetting application with that reference');
    const { subjectPersonIds, excludedUserIds, sealedToUserIds } = application;
    return { application, resource: { kind: 'vetting_case', subjectPersonIds, excludedUserIds, sealedToUserIds } };
  }

  /** Authorises and audits a read before anything of the application's pre-employment record is loaded. */
  private async read(actor: ActorContext, applicationId: string, event: string, details?: Record<string, unknown>, forChange = false): Promise<ApplicationFacts> {
    const { application, resource } = await this.facts(applicationId);
    await authoriseRead(this.audit, actor, 'read', resource, { event, subjectType: 'vetting_application', subjectId: applicationId, subjectPersonId: application.personId, details });
    if (forChange) {
      assertAllowed(actor, 'update', resource);
      if (application.status !== 'open') throw new ApplicationClosedError(application.status);
    }
    return application;
  }

  /** A form's page: the application's heading, for someone who may change it while it is open. */
  async prepareForm(actor: ActorContext, applicationId: string): Promise<ApplicationFacts> {
    return this.read(actor, applicationId, 'vetting-pre-employment.form', undefined, true);
  }

  /**
   * Every write: allowed to update the case; then its input's `problems` (found by the caller, told only to those
   * allowed); then, in one transaction, the application still open (held against a decision until this commits),
   * the change, its audit entry and a timeline note.
   */
  private async write<T>(actor: ActorContext, applicationId: string, problems: FieldError[], change: (tx: Queryable, application: ApplicationFacts) => Promise<WriteResult<T>>): Promise<T> {
    const { resource } = await this.facts(applicationId);
    assertAllowed(actor, 'update', resource);
    if (problems.length) throw new ValidationError(problems);
    return this.db.transaction(async (tx) => {
      const application = await this.repo.lockApplication(tx, applicationId);
      if (!application) throw new NotFoundError('There is no vetting application with that reference');
      if (application.status !== 'open') throw new ApplicationClosedError(application.status);
      const done = await change(tx, application);
      await this.audit.recordIn(tx, {
        action: done.audit.action, actor: who(actor), subjectType: 'vetting_application', subjectId: applicationId, subjectPersonId: application.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: done.audit.details,
      });
      await this.vetting.noteOnTimeline(tx, applicationId, actor.viewer.label, done.timeline);
      return done.result;
    });
  }

  /** How far back the history must go and the longest break that does not count (settings, with the issue's defaults). */
  async coverageRules(): Promise<CoverageRules> {
    const [years, toleranceDays] = await Promise.all([
      this.settings.get(HISTORY_SETTINGS.yearsKey, HistoryYearsSchema, HISTORY_SETTINGS.defaultYears),
      this.settings.get(HISTORY_SETTINGS.toleranceKey, GapToleranceSchema, HISTORY_SETTINGS.defaultToleranceDays),
    ]);
    return { years, toleranceDays };
  }

  private async coverage(application: ApplicationFacts, entries: EmploymentEntry[]): Promise<Coverage> {
    return historyCoverage(entries, application.receivedOn, await this.coverageRules());
  }

  // ---- reads ----

  /** Everything on the pre-employment page. */
  async overview(actor: ActorContext, applicationId: string) {
    const application = await this.read(actor, applicationId, 'vetting-pre-employment.view');
    const [employment, qualifications, interviews] = await Promise.all([this.repo.employmentHistory(applicationId), this.repo.qualifications(applicationId), this.repo.interviews(applicationId)]);
    return { application, employment, coverage: await this.coverage(application, employment), qualifications, interviews, frozen: application.status !== 'open' };
  }

  /**
   * The pre-employment record at a glance. For the application page's section (`refuse` false) a viewer who may not
   * read the case gets undefined; for the API the refusal is audited and thrown like any other read.
   */
  async summary(actor: ActorContext, applicationId: string, refuse = false): Promise<PreEmploymentSummary | undefined> {
    const { resource } = await this.facts(applicationId);
    if (!refuse && !checkAccess(actor.viewer, 'read', resource).allowed) return undefined;
    const application = await this.read(actor, applicationId, 'vetting-pre-employment.summary');
    const [employment, qualifications, interviews] = await Promise.all([this.repo.employmentHistory(applicationId), this.repo.qualifications(applicationId), this.repo.interviews(applicationId)]);
    const count = (xs: Verification[], status: Verification['verification']) => xs.filter((x) => x.verification === status).length;
    const upcoming = interviews.filter((i) => i.status === 'scheduled').sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    return {
      applicationId, frozen: application.status !== 'open',
      employment: { count: employment.length, coverage: await this.coverage(application, employment), notYetVerified: count(employment, 'not_verified'), couldNotVerify: count(employment, 'could_not_verify') },
      qualifications: {
        count: qualifications.length, notYetVerified: count(qualifications, 'not_verified'), couldNotVerify: count(qualifications, 'could_not_verify'),
        neededNotVerified: qualifications.filter((q) => q.neededForPost && q.verification !== 'verified').length,
      },
      interviews: {
        count: interviews.length, next: upcoming[0], held: interviews.filter((i) => i.status === 'held').length,
        copyOutstanding: interviews.filter((i) => i.status === 'held' && !i.copyGivenOn).length,
        cancelledOrMissed: interviews.filter((i) => i.status === 'cancelled' || i.status === 'did_not_attend').length,
      },
    };
  }

  async employmentHistory(actor: ActorContext, applicationId: string) {
    const application = await this.read(actor, applicationId, 'vetting-employment-history.list');
    const entries = await this.repo.employmentHistory(applicationId);
    return { entries, coverage: await this.coverage(application, entries) };
  }

  async employmentEntry(actor: ActorContext, applicationId: string, entryId: string, forChange = false) {
    const application = await this.read(actor, applicationId, 'vetting-employment-history.view', { entryId }, forChange);
    const entry = await this.repo.employmentEntry(applicationId, entryId);
    if (!entry) throw new NotFoundError('There is no such employment history entry');
    return { application, entry };
  }

  async qualifications(actor: ActorContext, applicationId: string) {
    await this.read(actor, applicationId, 'vetting-qualification.list');
    return this.repo.qualifications(applicationId);
  }

  async qualification(actor: ActorContext, applicationId: string, qualificationId: string, forChange = false) {
    const application = await this.read(actor, applicationId, 'vetting-qualification.view', { qualificationId }, forChange);
    const qualification = await this.repo.qualification(applicationId, qualificationId);
    if (!qualification) throw new NotFoundError('There is no such qualification');
    return { application, qualification };
  }

  async interviews(actor: ActorContext, applicationId: string) {
    await this.read(actor, applicationId, 'vetting-interview.list');
    return this.repo.interviews(applicationId);
  }

  async interview(actor: ActorContext, applicationId: string, interviewId: string, forChange = false) {
    const application = await this.read(actor, applicationId, 'vetting-interview.view', { interviewId }, forChange);
    const interview = await this.repo.interview(applicationId, interviewId);
    if (!interview) throw new NotFoundError('There is no such interview');
    return { application, interview };
  }

  /** The interview record's bytes: the download is authorised and audited like any read of the case. */
  async downloadRecord(actor: ActorContext, applicationId: string, interviewId: string) {
    await this.read(actor, applicationId, 'vetting-interview-record.download', { interviewId });
    const record = await this.repo.recordContent(applicationId, interviewId);
    if (!record) throw new NotFoundError('This interview has no record attached');
    return record;
  }

  // ---- employment history ----

  async addEmployment(actor: ActorContext, applicationId: string, input: EmploymentInput): Promise<{ id: string; version: number }> {
    const columns = employmentColumns(input);
    return this.write(actor, applicationId, entryDateProblems(input), async (tx) => ({
      result: await this.repo.insertEmployment(tx, applicationId, columns, actor.viewer.label),
      audit: { action: 'vetting-employment-history.add', details: { kind: columns.kind, verification: columns.verification } },
      timeline: `Employment history: ${describeEntry(columns)} added`,
    }));
  }

  async editEmployment(actor: ActorContext, applicationId: string, entryId: string, input: EmploymentInput & { version: number }): Promise<{ version: number }> {
    const columns = employmentColumns(input);
    return this.write(actor, applicationId, entryDateProblems(input), async (tx) => {
      const before = await this.repo.employmentEntry(applicationId, entryId, tx);
      if (!before) throw new NotFoundError('There is no such employment history entry');
      const version = await this.repo.updateEmployment(tx, applicationId, entryId, input.version, columns);
      if (version === undefined) throw new ConflictError('Someone else changed this entry after you opened it. Your changes have not been saved: check the entry as it is now.');
      const verificationChanged = before.verification !== columns.verification;
      return {
        result: { version },
        audit: { action: 'vetting-employment-history.edit', details: { entryId, kind: columns.kind, verification: columns.verification, verificationChanged } },
        timeline: `Employment history: ${describeEntry(columns)} changed${verificationChanged ? ` (now ${labelFor(columns.verification).toLowerCase()})` : ''}`,
      };
    });
  }

  async removeEmployment(actor: ActorContext, applicationId: string, entryId: string, version: number): Promise<void> {
    await this.write(actor, applicationId, [], async (tx) => {
      const entry = await this.repo.employmentEntry(applicationId, entryId, tx);
      if (!entry) throw new NotFoundError('There is no such employment history entry');
      if (!(await this.repo.removeEmployment(tx, applicationId, entryId, version, actor.viewer.label))) throw new ConflictError('Someone else changed this entry after you opened it. It has not been removed: check it again.');
      return { result: undefined, audit: { action: 'vetting-employment-history.remove', details: { entryId, kind: entry.kind } }, timeline: `Employment history: ${describeEntry(entry)} removed` };
    });
  }

  // ---- qualifications ----

  async addQualification(actor: ActorContext, applicationId: string, input: QualificationInput): Promise<{ id: string; version: number }> {
    const columns = qualificationColumns(input);
    return this.write(actor, applicationId, qualificationDateProblems(input), async (tx) => ({
      result: await this.repo.insertQualification(tx, applicationId, columns, actor.viewer.label),
      audit: { action: 'vetting-qualification.add', details: { neededForPost: columns.neededForPost, verification: columns.verification } },
      timeline: `Qualification: ${columns.title} (${columns.awardingBody}) added`,
    }));
  }

  async editQualification(actor: ActorContext, applicationId: string, qualificationId: string, input: QualificationInput & { version: number }): Promise<{ version: number }> {
    const columns = qualificationColumns(input);
    return this.write(actor, applicationId, qualificationDateProblems(input), async (tx) => {
      const before = await this.repo.qualification(applicationId, qualificationId, tx);
      if (!before) throw new NotFoundError('There is no such qualification');
      const version = await this.repo.updateQualification(tx, applicationId, qualificationId, input.version, columns);
      if (version === undefined) throw new ConflictError('Someone else changed this qualification after you opened it. Your changes have not been saved: check it as it is now.');
      const verificationChanged = before.verification !== columns.verification;
      return {
        result: { version },
        audit: { action: 'vetting-qualification.edit', details: { qualificationId, verification: columns.verification, verificationChanged } },
        timeline: `Qualification: ${columns.title} (${columns.awardingBody}) changed${verificationChanged ? ` (now ${labelFor(columns.verification).toLowerCase()})` : ''}`,
      };
    });
  }

  async removeQualification(actor: ActorContext, applicationId: string, qualificationId: string, version: number): Promise<void> {
    await this.write(actor, applicationId, [], async (tx) => {
      const q = await this.repo.qualification(applicationId, qualificationId, tx);
      if (!q) throw new NotFoundError('There is no such qualification');
      if (!(await this.repo.removeQualification(tx, applicationId, qualificationId, version, actor.viewer.label))) throw new ConflictError('Someone else changed this qualification after you opened it. It has not been removed: check it again.');
      return { result: undefined, audit: { action: 'vetting-qualification.remove', details: { qualificationId } }, timeline: `Qualification: ${q.title} (${q.awardingBody}) removed` };
    });
  }

  // ---- interviews ----

  private static arrangements(s: InterviewScheduleInput) {
    return { scheduledAt: londonToInstant(s.scheduledOn, s.scheduledTime).toISOString(), mode: s.mode, location: s.location ?? null, interviewerName: s.interviewerName };
  }

  async scheduleInterview(actor: ActorContext, applicationId: string, input: InterviewScheduleInput): Promise<{ id: string; version: number }> {
    const arrangements = PreEmploymentService.arrangements(input);
    return this.write(actor, applicationId, [], async (tx) => ({
      result: await this.repo.insertInterview(tx, applicationId, arrangements, actor.viewer.label),
      audit: { action: 'vetting-interview.schedule', details: { mode: input.mode, scheduledAt: arrangements.scheduledAt } },
      timeline: `Vetting interview arranged for ${formatDateTime(arrangements.scheduledAt)} (${labelFor(input.mode).toLowerCase()}) with ${input.interviewerName}`,
    }));
  }

  async rescheduleInterview(actor: ActorContext, applicationId: string, interviewId: string, input: InterviewScheduleInput & { version: number }): Promise<{ version: number }> {
    const arrangements = PreEmploymentService.arrangements(input);
    return this.write(actor, applicationId, [], async (tx) => {
      const before = await this.existingInterview(tx, applicationId, interviewId);
      if (before.status !== 'scheduled') throw new ConflictError(`This interview is ${labelFor(before.status).toLowerCase()}: its arrangements can no longer change`);
      const version = await this.repo.reschedule(tx, applicationId, interviewId, input.version, arrangements);
      if (version === undefined) throw new ConflictError();
      return {
        result: { version },
        audit: { action: 'vetting-interview.reschedule', details: { interviewId, mode: input.mode, scheduledAt: arrangements.scheduledAt } },
        timeline: `Vetting interview rearranged for ${formatDateTime(arrangements.scheduledAt)} (${labelFor(input.mode).toLowerCase()}) with ${input.interviewerName}`,
      };
    });
  }

  /** Held (with a summary, a record or both), cancelled (with why) or did not attend. */
  async recordInterviewOutcome(actor: ActorContext, applicationId: string, interviewId: string, input: InterviewOutcomeInput, file?: RecordFile): Promise<{ version: number }> {
    const held = input.outcome === 'held';
    const errors = held ? pastDates({ heldOn: input.heldOn, copyGivenOn: input.copyGivenOn }, { heldOn: 'date the interview was held', ...COPY_DATE }) : [];
    if (held && !input.summary && !file) errors.push({ field: 'summary', message: 'Give a summary of the interview, attach its record, or both' });
    if (!held && file) errors.push({ field: 'record', message: 'Only an interview that was held can have a record attached' });
    const record = file && this.checkedRecord(file, errors);
    return this.write(actor, applicationId, errors, async (tx) => {
      const before = await this.existingInterview(tx, applicationId, interviewId);
      if (before.status !== 'scheduled') throw new ConflictError(`What happened at this interview has already been recorded (${labelFor(before.status).toLowerCase()})`);
      const version = await this.repo.recordOutcome(tx, applicationId, interviewId, input.version, {
        status: input.outcome, heldOn: held ? input.heldOn! : null, summary: held ? input.summary ?? null : null,
        copyGivenOn: held ? input.copyGivenOn ?? null : null, outcomeNote: held ? null : input.note ?? null,
      }, actor.viewer.label);
      if (version === undefined) throw new ConflictError();
      if (record) await this.repo.putRecord(tx, interviewId, record, who(actor));
      return {
        result: { version },
        audit: { action: 'vetting-interview.outcome', details: { interviewId, outcome: input.outcome, record: record ? { fileName: record.fileName, sha256: record.sha256, sizeBytes: record.content.byteLength } : null, copyGivenOn: held ? input.copyGivenOn ?? null : null } },
        timeline: held
          ? `Vetting interview held on ${formatDate(input.heldOn)}${record ? `; record attached (${record.fileName})` : ''}${input.copyGivenOn ? `; copy given to the interviewee on ${formatDate(input.copyGivenOn)}` : ''}`
          : `Vetting interview of ${formatDateTime(before.scheduledAt)}: ${labelFor(input.outcome).toLowerCase()}`,
      };
    });
  }

  async recordCopyGiven(actor: ActorContext, applicationId: string, interviewId: string, input: { copyGivenOn: string; version: number }): Promise<{ version: number }> {
    return this.write(actor, applicationId, pastDates({ copyGivenOn: input.copyGivenOn }, COPY_DATE), async (tx) => {
      const before = await this.existingInterview(tx, applicationId, interviewId);
      if (before.status !== 'held') throw new ConflictError('A copy of the record can be given only once the interview has been held');
      if (input.copyGivenOn < before.heldOn!) throw new ValidationError([{ field: 'copyGivenOn', message: 'The copy cannot have been given before the interview was held' }]);
      const version = await this.repo.recordCopyGiven(tx, applicationId, interviewId, input.version, input.copyGivenOn);
      if (version === undefined) throw new ConflictError();
      return {
        result: { version },
        audit: { action: 'vetting-interview.copy-given', details: { interviewId, copyGivenOn: input.copyGivenOn } },
        timeline: `Copy of the interview record given to the interviewee on ${formatDate(input.copyGivenOn)}`,
      };
    });
  }

  /** Attaches (or replaces) the record of a held interview. */
  async attachRecord(actor: ActorContext, applicationId: string, interviewId: string, version: number, file: RecordFile): Promise<{ version: number }> {
    const errors: FieldError[] = [];
    const record = this.checkedRecord(file, errors);
    return this.write(actor, applicationId, errors, async (tx) => {
      const before = await this.existingInterview(tx, applicationId, interviewId);
      if (before.status !== 'held') throw new ConflictError('Record the interview as held before attaching its record');
      const next = await this.repo.touchInterview(tx, applicationId, interviewId, version);
      if (next === undefined) throw new ConflictError();
      await this.repo.putRecord(tx, interviewId, record!, who(actor));
      return {
        result: { version: next },
        audit: { action: 'vetting-interview-record.attach', details: { interviewId, fileName: record!.fileName, sha256: record!.sha256, sizeBytes: record!.content.byteLength, replaced: before.record ? before.record.sha256 : null } },
        timeline: `Interview record ${before.record ? 'replaced' : 'attached'} (${record!.fileName})`,
      };
    });
  }

  private async existingInterview(tx: Queryable, applicationId: string, interviewId: string): Promise<Interview> {
    const interview = await this.repo.interview(applicationId, interviewId, tx);
    if (!interview) throw new NotFoundError('There is no such interview');
    return interview;
  }

  /** Size and type are checked before anything is stored; problems are added to `errors` against the record field. */
  private checkedRecord(file: RecordFile, errors: FieldError[]) {
    if (file.bytes.byteLength > this.uploadLimitBytes) {
      errors.push({ field: 'record', message: `The record must be smaller than ${megabytes(this.uploadLimitBytes)}` });
      return undefined;
    }
    const type = recordType(file.fileName, file.bytes);
    if ('error' in type) {
      errors.push({ field: 'record', message: type.error });
      return undefined;
    }
    return { fileName: cleanFileName(file.fileName), mediaType: type.mediaType, sha256: createHash('sha256').update(file.bytes).digest('hex'), content: file.bytes };
  }
}

import type { AuditLog, AuditEvent } from '../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { assertAllowed, authoriseRead, type ActorContext } from '../../platform/access/guard.js';
import { viewerScope } from '../../platform/access/policy.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { ApplySummary, ImportJob, PersonChange, WorkforceRepository } from './data.js';
import { WORKFORCE_EVENTS } from './events.js';
import { parseImportFile, type RowError } from './import/parse.js';
import { validateRows } from './import/validate.js';
import type { HrRecord, ImportMode, PersonEdit, PostInput } from './schema.js';

export const PROTECTED_CHARACTERISTICS_PURPOSES = [
  'Equality monitoring or reporting',
  'Reasonable adjustments',
  'Correcting the record at the person’s request',
  'Investigating a complaint of discrimination',
] as const;

export interface ImportProgress {
  status: ImportJob['status'];
  totalRows: number | null;
  processedRows: number;
}

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

function auditActor(actor: ActorContext) {
  return { userId: actor.viewer.userId, label: actor.viewer.label };
}

/** The workforce directory's rules: who may see and change whom, always audited. */
export interface Postholder {
  personId: string; payrollNumber: string; forenames: string; surname: string; personType: string; unitCode: string | null;
  postId: string | null; postCode: string | null; postTitle: string | null; requiredVettingLevel: string | null; designated: boolean;
}

export interface EqualityData {
  sex: string | null; genderIdentitySameAsBirth: string | null; ethnicity: string | null; religion: string | null; sexualOrientation: string | null; disability: string | null;
}

export class WorkforceService {
  /** Progress of imports running in this process (the database holds the outcome). */
  private readonly running = new Map<string, ImportProgress>();

  constructor(
    private readonly db: Db,
    private readonly repo: WorkforceRepository,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
  ) {}

  async search(actor: ActorContext, q: { q?: string; includeLeavers?: boolean; unitCode?: string; page: number; pageSize: number }) {
    const scope = viewerScope(actor.viewer, 'person', 'read');
    if (!scope) throw new ForbiddenError();
    await this.audit.record({
      action: 'person.search', actor: auditActor(actor), correlationId: actor.correlationId, ip: actor.ip,
      details: { q: q.q ?? '', includeLeavers: !!q.includeLeavers, unitCode: q.unitCode, page: q.page, scope },
    });
    return this.repo.searchPeople({ ...q, scope, viewerPersonId: actor.viewer.personId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  }

  /** The access facts for one person record: used by this module and, through the service, by others. */
  async personResource(personId: string) {
    return { kind: 'person' as const, subjectPersonIds: [personId], managerPersonIds: await this.repo.managerChain(personId) };
  }

  async viewPerson(actor: ActorContext, personId: string) {
    await authoriseRead(this.audit, actor, 'read', await this.personResource(personId), { event: 'person.view', subjectType: 'person', subjectId: personId, subjectPersonId: personId });
    const person = await this.repo.personDetail(personId);
    if (!person) throw new NotFoundError('There is no person with that reference');
    return person;
  }

  /**
   * The person page in one read: the record, its post history and its management chain come back together;
   * access is decided on the chain and the audit entry made durable before anything is returned.
   */
  async viewPersonWithHistory(actor: ActorContext, personId: string) {
    const page = await this.repo.personPage(personId);
    const resource = { kind: 'person' as const, subjectPersonIds: [personId], managerPersonIds: page?.managerChain ?? [] };
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'person.view', subjectType: 'person', subjectId: personId, subjectPersonId: personId });
    if (!page) throw new NotFoundError('There is no person with that reference');
    return { person: page.person, history: page.history };
  }

  async viewProtectedCharacteristics(actor: ActorContext, personId: string, purpose: string) {
    await authoriseRead(
      this.audit, actor, 'read',
      { kind: 'protected_characteristics', subjectPersonIds: [personId] },
      { event: 'protected-characteristics.view', subjectType: 'person', subjectId: personId, subjectPersonId: personId, purpose },
    );
    return (await this.repo.protectedCharacteristics(personId)) ?? {};
  }

  async editPerson(actor: ActorContext, personId: string, edit: PersonEdit): Promise<void> {
    assertAllowed(actor, 'update', await this.personResource(personId));
    await this.db.transaction(async (tx) => {
      const saved = await this.repo.updatePerson(tx, personId, edit);
      if (!saved) {
        const exists = await tx.query('select 1 from people where id = $1', [personId]);
        if (!exists.length) throw new NotFoundError();
        throw new ConflictError();
      }
      await this.audit.recordIn(tx, {
        action: 'person.update', actor: auditActor(actor), subjectType: 'person', subjectId: personId, subjectPersonId: personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { fields: Object.keys(edit).filter((k) => k !== 'version') },
      });
      await this.bus.publish(tx, { type: WORKFORCE_EVENTS.personUpdated, payload: { personId }, correlationId: actor.correlationId });
    });
    void this.bus.dispatch();
  }

  async listPosts(actor: ActorContext, o: { q?: string; unitCode?: string; designated?: boolean; vacant?: boolean; page: number; pageSize: number }) {
    if (!viewerScope(actor.viewer, 'post', 'read')) throw new ForbiddenError();
    await this.audit.record({ action: 'post.list', actor: auditActor(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.listPosts({ ...o, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  async viewPost(actor: ActorContext, postId: string) {
    await authoriseRead(this.audit, actor, 'read', { kind: 'post' }, { event: 'post.view', subjectType: 'post', subjectId: postId });
    const post = await this.repo.postById(postId);
    if (!post) throw new NotFoundError('There is no post with that reference');
    return { post, history: await this.repo.assignmentsForPost(postId) };
  }

  async savePost(actor: ActorContext, input: PostInput, target: { id: string; version: number } | { code: string }): Promise<string> {
    assertAllowed(actor, 'id' in target ? 'update' : 'create', { kind: 'post' });
    const id = await this.db.transaction(async (tx) => {
      const unitId = await this.repo.unitIdByCode(tx, input.unitCode);
      if (!unitId) throw new ValidationError([{ field: 'unitCode', message: `Unit ${input.unitCode} does not exist` }]);
      let postId: string;
      if ('id' in target) {
        if (!(await this.repo.updatePost(tx, target.id, target.version, input, unitId))) {
          const exists = await tx.query('select 1 from posts where id = $1', [target.id]);
          if (!exists.length) throw new NotFoundError();
          throw new ConflictError();
        }
        postId = target.id;
      } else {
        const taken = await tx.query('select 1 from posts where code = $1', [target.code]);
        if (taken.length) throw new ValidationError([{ field: 'code', message: `Post ${target.code} already exists` }]);
        postId = await this.repo.createPost(tx, target.code, input, unitId);
      }
      await this.bus.publish(tx, { type: WORKFORCE_EVENTS.postChanged, payload: { postId, code: 'id' in target ? undefined : target.code, requiredVettingLevel: input.requiredVettingLevel, designated: input.designated, active: input.active ?? true }, correlationId: actor.correlationId });
      await this.audit.recordIn(tx, {
        action: 'id' in target ? 'post.update' : 'post.create', actor: auditActor(actor), subjectType: 'post', subjectId: postId,
        correlationId: actor.correlationId, ip: actor.ip, details: { ...input },
      });
      return postId;
    });
    return id;
  }

  units() {
    return this.repo.units();
  }

  /** For linking an account to its person: the id behind a payroll number, if any. */
  personIdByPayroll(payrollNumber: string): Promise<string | undefined> {
    return this.repo.personIdByPayroll(payrollNumber);
  }

  /**
   * For other modules (through their PeopleDirectory interface): a person's name and date of birth, and what a post
   * requires. Not audited here: the calling module audits the record it makes with them. Pass the caller's transaction
   * when there is one (the embedded engine has one connection).
   */
  async personBasics(personId: string, q: Queryable = this.db): Promise<{ forenames: string; surname: string; dateOfBirth: string | null; personType: string } | undefined> {
    const [r] = await q.query<{ forenames: string; surname: string; dateOfBirth: string | null; personType: string }>('select forenames, surname, date_of_birth as "dateOfBirth", person_type as "personType" from people where id = $1', [personId]);
    return r;
  }

  /** For other modules (conduct's seniority rule): the rank or grade the directory holds; null when not recorded. */
  async rankOrGrade(personId: string, q: Queryable = this.db): Promise<string | null | undefined> {
    const [r] = await q.query<{ rankOrGrade: string | null }>('select rank_or_grade as "rankOrGrade" from people where id = $1', [personId]);
    return r?.rankOrGrade;
  }

  async postRequirement(postId: string, q: Queryable = this.db): Promise<{ requiredVettingLevel: string; designated: boolean } | undefined> {
    const [r] = await q.query<{ requiredVettingLevel: string; designated: boolean }>('select required_vetting_level as "requiredVettingLevel", designated from posts where id = $1', [postId]);
    return r;
  }

  /**
   * Everyone serving (not left) with their current post and what it requires, for modules that keep their own
   * projection (vetting compliance) and need to fill it once; afterwards they follow the workforce events.
   */
  async postholders(q: Queryable = this.db): Promise<Postholder[]> {
    return q.query<Postholder>(
      `select p.id as "personId", p.payroll_number as "payrollNumber", p.forenames, p.surname, p.person_type as "personType", u.code as "unitCode",
              po.id as "postId", po.code as "postCode", po.title as "postTitle", po.required_vetting_level as "requiredVettingLevel", coalesce(po.designated, false) as designated
       from people p left join posts po on po.id = p.current_post_id left join units u on u.id = p.unit_id
       where p.leaving_date is null or p.leaving_date > current_date`,
    );
  }

  /** One person's directory entry in the same shape, for keeping a projection current after an event. */
  async postholder(personId: string, q: Queryable = this.db): Promise<(Postholder & { left: boolean }) | undefined> {
    const [r] = await q.query<Postholder & { left: boolean }>(
      `select p.id as "personId", p.payroll_number as "payrollNumber", p.forenames, p.surname, p.person_type as "personType", u.code as "unitCode",
              po.id as "postId", po.code as "postCode", po.title as "postTitle", po.required_vetting_level as "requiredVettingLevel", coalesce(po.designated, false) as designated,
              (p.leaving_date is not null and p.leaving_date <= current_date) as left
       from people p left join posts po on po.id = p.current_post_id left join units u on u.id = p.unit_id where p.id = $1`,
      [personId],
    );
    return r;
  }

  /**
   * A person's protected characteristics for equality monitoring (vetting copies them onto an application for
   * aggregate disproportionality figures, never for display to decision makers). Not audited here: the caller audits.
   */
  async equalityData(personId: string, q: Queryable = this.db): Promise<EqualityData | undefined> {
    const [r] = await q.query<EqualityData>(
      `select sex, gender_identity_same_as_birth as "genderIdentitySameAsBirth", ethnicity, religion, sexual_orientation as "sexualOrientation", disability
       from protected_characteristics where person_id = $1`,
      [personId],
    );
    return r;
  }

  teamSize(personId: string): Promise<number> {
    return this.repo.teamSize(personId);
  }

  async payrollNumberOf(personId: string): Promise<string | undefined> {
    const [r] = await this.db.query<{ payroll_number: string }>('select payroll_number from people where id = $1', [personId]);
    return r?.payroll_number;
  }

  // --- Imports ---------------------------------------------------------------------------------

  async startImport(actor: ActorContext, fileName: string): Promise<string> {
    assertAllowed(actor, 'create', { kind: 'workforce_import' });
    return this.repo.createImportJob('workforce', fileName, actor.viewer.userId);
  }

  /** Runs a whole import: parse, validate every row, then apply all of it in one transaction or none of it. */
  async runImport(actor: ActorContext, jobId: string, file: Buffer, fileName: string, mode: ImportMode, onProgress?: (p: ImportProgress) => void): Promise<ImportJob> {
    assertAllowed(actor, 'create', { kind: 'workforce_import' });
    const progress: ImportProgress = { status: 'validating', totalRows: null, processedRows: 0 };
    const report = () => onProgress?.({ ...progress });
    this.running.set(jobId, progress);
    try {
      await this.repo.updateImportJob(jobId, { status: 'validating' });
      const parsed = await parseImportFile(file, fileName);
      progress.totalRows = parsed.rows.length;
      report();
      const facts = await this.repo.directoryFacts();
      const { records, errors } = validateRows(parsed.rows, facts, (done) => {
        progress.processedRows = done;
        report();
      });
      const allErrors = [...parsed.errors, ...errors];
      progress.processedRows = parsed.rows.length;
      if (allErrors.length) {
        progress.status = 'rejected';
        report();
        await this.repo.updateImportJob(jobId, { status: 'rejected', totalRows: parsed.rows.length, processedRows: parsed.rows.length, errors: allErrors.slice(0, 10_000), finished: true });
        await this.audit.record({ action: 'workforce.import', actor: auditActor(actor), outcome: 'failed', subjectType: 'import', subjectId: jobId, correlationId: actor.correlationId, ip: actor.ip, details: { fileName, rows: parsed.rows.length, errors: allErrors.length } });
        return (await this.repo.importJob(jobId))!;
      }
      progress.status = 'applying';
      report();
      const summary = await this.applyRecords(actor, records.map((r) => r.record), mode, { jobId, fileName });
      progress.status = 'succeeded';
      report();
      await this.repo.updateImportJob(jobId, { status: 'succeeded', totalRows: records.length, processedRows: records.length, summary: countsOf(summary), finished: true });
      return (await this.repo.importJob(jobId))!;
    } catch (err) {
      progress.status = 'failed';
      await this.repo.updateImportJob(jobId, { status: 'failed', errors: [{ line: 0, field: 'file', message: 'The import stopped because of a system error. Nothing was changed. Try again, or contact support.' }], finished: true }).catch(() => {});
      throw err;
    } finally {
      this.running.delete(jobId);
    }
  }

  async importJob(actor: ActorContext, jobId: string): Promise<ImportJob> {
    assertAllowed(actor, 'read', { kind: 'workforce_import' });
    const job = await this.repo.importJob(jobId);
    if (!job) throw new NotFoundError('There is no import with that reference');
    const live = this.running.get(jobId);
    return live ? { ...job, ...live } : job;
  }

  async recentImports(actor: ActorContext): Promise<ImportJob[]> {
    if (!viewerScope(actor.viewer, 'workforce_import', 'read')) return [];
    return this.repo.recentImportJobs();
  }

  /** The HR sync API: records pushed by an HR system, all applied or none. */
  async syncFromHr(actor: ActorContext, raw: unknown[], mode: ImportMode): Promise<ReturnType<typeof countsOf>> {
    assertAllowed(actor, 'create', { kind: 'workforce_import' });
    const { records, errors } = validateRows(raw.map((values, i) => ({ line: i, values })), await this.repo.directoryFacts());
    if (errors.length) throw new ValidationError(errors.slice(0, 1000).map(rowErrorToField), `${errors.length} problem${errors.length === 1 ? '' : 's'} in the records: nothing was changed`);
    return countsOf(await this.applyRecords(actor, records.map((r) => r.record), mode, { source: 'hr-sync' }));
  }

  private async applyRecords(actor: ActorContext, records: HrRecord[], mode: ImportMode, details: Record<string, unknown>): Promise<ApplySummary> {
    const summary = await this.db.transaction(async (tx) => {
      const result = await this.repo.applyHrRecords(tx, records, { mode, today: todayInLondon() });
      await this.audit.recordManyIn(tx, [
        { action: 'workforce.import', actor: auditActor(actor), subjectType: 'import', subjectId: String(details.jobId ?? details.source), correlationId: actor.correlationId, ip: actor.ip, details: { ...details, mode, ...countsOf(result) } },
        ...result.changes.map((c): AuditEvent => ({
          action: `person.${c.change === 'created' ? 'create' : c.change === 'left' ? 'leave' : c.change === 'moved' ? 'move' : 'update'}`,
          actor: auditActor(actor), subjectType: 'person', subjectId: c.personId, subjectPersonId: c.personId, correlationId: actor.correlationId, ip: actor.ip,
          details: { via: details.jobId ? 'import' : 'hr-sync' },
        })),
      ]);
      await this.bus.publishMany(tx, result.changes.map((c) => ({ type: eventTypeFor(c), payload: { ...c }, correlationId: actor.correlationId })));
      return result;
    });
    void this.bus.dispatch();
    return summary;
  }
}

function eventTypeFor(c: PersonChange): string {
  return { created: WORKFORCE_EVENTS.personCreated, updated: WORKFORCE_EVENTS.personUpdated, moved: WORKFORCE_EVENTS.personMoved, left: WORKFORCE_EVENTS.personLeft }[c.change];
}

export function countsOf(s: ApplySummary) {
  return { created: s.created, updated: s.updated, unchanged: s.unchanged, moved: s.moved, leavers: s.leavers, unitsCreated: s.unitsCreated };
}

function rowErrorToField(e: RowError) {
  return { field: `records[${e.line}].${e.field}`, message: e.message };
}

import { assertAllowed, authoriseRead, type ActorContext } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { EqualityData, Postholder } from '../workforce/service.js';
import type { SettingsStore } from '../../platform/settings.js';
import type { ForceVettingLevel } from '../../platform/reference.js';
import type { z } from '../../platform/openapi/registry.js';
import type { VettingRepository } from './data.js';
import { decisionLetter } from './letters.js';
import { convictionRule, decisionErrors, expiryFor, type AdverseCategory, type Disposal } from './rules.js';
import type { AssociateSchema, CheckSchema, DecisionBody, NewApplicationSchema } from './schema.js';

/** What vetting needs from the workforce directory, through its service, never its tables. */
export interface PeopleDirectory {
  personBasics(personId: string, q?: Queryable): Promise<{ forenames: string; surname: string; dateOfBirth: string | null } | undefined>;
  postRequirement(postId: string, q?: Queryable): Promise<{ requiredVettingLevel: string; designated: boolean } | undefined>;
  personIdByPayroll(payrollNumber: string): Promise<string | undefined>;
  /** Everyone serving, with their current post's requirement (to fill the compliance projection once). */
  postholders(q?: Queryable): Promise<Postholder[]>;
  /** One person's directory entry in the same shape (after a workforce event); `left` when they have left. */
  postholder(personId: string, q?: Queryable): Promise<(Postholder & { left: boolean }) | undefined>;
  /** Protected characteristics, copied for aggregate equality monitoring only; never shown to decision makers. */
  equalityData(personId: string, q?: Queryable): Promise<EqualityData | undefined>;
}

export const VETTING_EVENTS = { decisionRecorded: 'vetting.decision.recorded', reviewOpened: 'vetting.review.opened' } as const;

/** How deep a level's checks go, so a held clearance can be compared with what a post needs. */
const DEPTH: Record<string, number> = { NPPV1: 1, NPPV2: 2, RV: 2, NPPV3: 3, MV: 3 };
export const meetsLevel = (held: string | undefined, required: string) => !!held && (DEPTH[held] ?? 0) >= (DEPTH[required] ?? 99);

/** Conduct outcomes that open a vetting review (the conduct module publishes them as conduct.outcome.recorded). */
export const REVIEW_OUTCOMES: Record<string, string> = { written_warning: 'written warning', final_written_warning: 'final written warning', reduction_in_rank: 'reduction in rank' };

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });

export class VettingService {
  constructor(
    private readonly db: Db,
    private readonly repo: VettingRepository,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
    private readonly people: PeopleDirectory,
    private readonly settings: SettingsStore,
  ) {}

  private async resource(id: string) {
    const meta = await this.repo.meta(id);
    if (!meta) throw new NotFoundError('There is no vetting application with that reference');
    return { kind: 'vetting_case' as const, personId: meta.personId, subjectPersonIds: meta.subjectPersonIds, excludedUserIds: meta.excludedUserIds, sealedToUserIds: meta.sealedToUserIds };
  }

  async createApplication(actor: ActorContext, input: z.infer<typeof NewApplicationSchema>): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'create', { kind: 'vetting_case', subjectPersonIds: input.personId ? [input.personId] : [] });
    let { forenames, surname, dateOfBirth } = input;
    if (input.personId) {
      const person = await this.people.personBasics(input.personId);
      if (!person) throw new ValidationError([{ field: 'personId', message: 'Nobody in the workforce directory has that reference' }]);
      ({ forenames, surname } = person);
      dateOfBirth = person.dateOfBirth ?? dateOfBirth;
    }
    const created = await this.db.transaction(async (tx) => {
      const a = await this.repo.createApplication(tx, { kind: input.kind, personId: input.personId ?? null, forenames: forenames!, surname: surname!, dateOfBirth: dateOfBirth ?? null, postId: input.postId ?? null, level: input.level, receivedOn: input.receivedOn, reviewReason: input.reviewReason ?? null });
      await this.audit.recordIn(tx, { action: 'vetting-application.create', actor: who(actor), subjectType: 'vetting_application', subjectId: a.id, subjectPersonId: input.personId ?? null, correlationId: actor.correlationId, ip: actor.ip, details: { kind: input.kind, level: input.level } });
      return a;
    });
    return created;
  }

  async list(actor: ActorContext, o: { status?: string; page: number; pageSize: number }) {
    assertAllowed(actor, 'read', { kind: 'vetting_case' });
    await this.audit.record({ action: 'vetting-application.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.list(actor.viewer, { status: o.status, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  async view(actor: ActorContext, id: string) {
    const resource = await this.resource(id);
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'vetting-application.view', subjectType: 'vetting_application', subjectId: id, subjectPersonId: resource.personId });
    const [application, checks, traces, associates, decision] = await Promise.all([this.repo.application(id), this.repo.checks(id), this.repo.traces(id), this.repo.associates(id), this.repo.decision(id)]);
    return { application: application!, checks, traces, associates, decision, convictionRule: convictionRule(traces.map(traceFacts)) };
  }

  async recordCheck(actor: ActorContext, id: string, check: z.infer<typeof CheckSchema>): Promise<string> {
    assertAllowed(actor, 'update', await this.resource(id));
    return this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      if (application?.status !== 'open') throw new ConflictError('This application has been decided: its checks can no longer change');
      const checkId = await this.repo.insertCheck(tx, id, { checkType: check.checkType, result: check.result, checkedOn: check.checkedOn, notes: check.notes ?? null }, actor.viewer.userId);
      if (!checkId) throw new ValidationError([{ field: 'checkType', message: 'This check has already been recorded for this application' }]);
      await this.repo.insertTraces(tx, id, checkId, check.traces.map((t) => ({ category: t.category, disposal: t.disposal ?? null, description: t.description, occurredOn: t.occurredOn ?? null })));
      await this.audit.recordIn(tx, { action: 'vetting-check.record', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { checkType: check.checkType, result: check.result, traces: check.traces.length } });
      return checkId;
    });
  }

  async addAssociate(actor: ActorContext, id: string, associate: z.infer<typeof AssociateSchema>): Promise<string> {
    assertAllowed(actor, 'update', await this.resource(id));
    return this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      if (!application) throw new NotFoundError();
      const associateId = await this.repo.insertAssociate(tx, id, { relationship: associate.relationship, forenames: associate.forenames, surname: associate.surname, dateOfBirth: associate.dateOfBirth ?? null, address: associate.address ?? null, postcode: associate.postcode ?? null });
      await this.audit.recordIn(tx, { action: 'vetting-associate.add', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { relationship: associate.relationship } });
      return associateId;
    });
  }

  /** Records the decision: refused with a field-level reason if the rules are not met, never half-saved. */
  async decide(actor: ActorContext, id: string, body: DecisionBody): Promise<string> {
    assertAllowed(actor, 'decide', await this.resource(id));
    const decisionId = await this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      if (!application) throw new NotFoundError();
      if (application.status !== 'open') throw new ConflictError('This application has already been decided');
      const traces = (await this.repo.traces(id, tx)).map(traceFacts);
      const errors = decisionErrors({ outcome: body.outcome, rationale: body.rationale, rebuttal: body.rebuttal, conditions: body.conditions }, traces);
      if (errors.length) throw new ValidationError(errors, 'The decision cannot be saved yet');
      const decidedOn = todayInLondon();
      const level = application.level as ForceVettingLevel;
      const saved = await this.repo.insertDecision(tx, id, body.version, {
        outcome: body.outcome, level, decidedOn, expiresOn: body.outcome === 'refusal' ? null : expiryFor(level, decidedOn),
        decidedBy: actor.viewer.userId, decidedByLabel: actor.viewer.label, hadAdverseInformation: traces.length > 0,
        convictionRule: convictionRule(traces), rationale: traces.length ? (body.rationale as Record<string, unknown>) : (body.rationale as Record<string, unknown> | undefined) ?? null, rebuttal: body.rebuttal ?? null,
      }, body.outcome === 'clearance_with_conditions' ? body.conditions : []);
      if (!saved) throw new ConflictError();
      await this.audit.recordIn(tx, { action: 'vetting-decision.record', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { outcome: body.outcome, level, adverse: traces.length > 0 } });
      await this.bus.publish(tx, { type: VETTING_EVENTS.decisionRecorded, payload: { applicationId: id, personId: application.personId, outcome: body.outcome, level }, correlationId: actor.correlationId });
      return saved;
    });
    void this.bus.dispatch();
    return decisionId;
  }

  /** The decision letter's content; reading it is audited like the application itself. */
  async letter(actor: ActorContext, id: string) {
    const resource = await this.resource(id);
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'vetting-letter.view', subjectType: 'vetting_application', subjectId: id, subjectPersonId: resource.personId });
    const [application, decision] = await Promise.all([this.repo.application(id), this.repo.decision(id)]);
    if (!application || !decision) throw new NotFoundError('This application has no decision yet');
    return decisionLetter(application, decision);
  }

  /** Opens a review for a person unless one is already open; used by the triggers (events) and by caseworkers. */
  async openReview(personId: string, reason: string, kind: 'review' | 'upgrade', level: ForceVettingLevel, tx: Queryable): Promise<string | undefined> {
    if (await this.repo.openApplicationFor(personId, tx)) return undefined;
    const person = await this.people.personBasics(personId, tx);
    if (!person) return undefined;
    const a = await this.repo.createApplication(tx, { kind, personId, forenames: person.forenames, surname: person.surname, dateOfBirth: person.dateOfBirth, postId: null, level, receivedOn: todayInLondon(), reviewReason: reason });
    await this.audit.recordIn(tx, { action: 'vetting-review.open', actor: { userId: null, label: 'system' }, subjectType: 'vetting_application', subjectId: a.id, subjectPersonId: personId, details: { reason, kind } });
    await this.bus.publish(tx, { type: VETTING_EVENTS.reviewOpened, payload: { applicationId: a.id, personId, reason } });
    return a.id;
  }

  /** Adds a line to an application's timeline, inside the caller's transaction (features use this too). */
  async noteOnTimeline(tx: Queryable, applicationId: string, actorLabel: string, what: string): Promise<void> {
    await tx.query('insert into vetting_timeline (application_id, actor_label, what) values ($1, $2, $3)', [applicationId, actorLabel, what]);
  }

  personIdByPayroll(payrollNumber: string): Promise<string | undefined> {
    return this.people.personIdByPayroll(payrollNumber);
  }

  async currentClearance(personId: string, q?: Queryable) {
    return this.repo.currentClearance(personId, q);
  }

  /** Review trigger: a misconduct outcome short of dismissal (Vetting Code of Practice 2023) reopens vetting. */
  async onConductOutcome(payload: { personId?: string; outcome?: string }, tx: Queryable): Promise<string | undefined> {
    const label = REVIEW_OUTCOMES[payload.outcome ?? ''];
    if (!payload.personId || !label) return undefined;
    const held = await this.repo.currentClearance(payload.personId, tx);
    return this.openReview(payload.personId, `Misconduct outcome: ${label}`, 'review', (held?.level as ForceVettingLevel) ?? 'RV', tx);
  }

  /** Review trigger: a move into a post that needs a deeper level than the person holds. */
  async onPersonMoved(payload: { personId?: string; toPostId?: string | null }, tx: Queryable): Promise<string | undefined> {
    if (!payload.personId || !payload.toPostId) return undefined;
    const post = await this.people.postRequirement(payload.toPostId, tx);
    if (!post) return undefined;
    const held = await this.repo.currentClearance(payload.personId, tx);
    if (meetsLevel(held?.level, post.requiredVettingLevel)) return undefined;
    return this.openReview(payload.personId, `Moved into a post that needs ${post.requiredVettingLevel}${held ? ` (holds ${held.level})` : ' (holds no current clearance)'}`, 'upgrade', post.requiredVettingLevel as ForceVettingLevel, tx);
  }

  /** The vetting unit's home card: condition reviews due in the next 30 days or overdue. */
  async conditionReviewsDue(actor: ActorContext) {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) return [];
    return this.repo.conditionReviewsDue(actor.viewer, 30, 10);
  }

  /** The person page's vetting panel: only for vetting roles, and never for the person themselves. */
  async personPanel(actor: ActorContext, personId: string) {
    if (!canAny(actor.viewer, 'read', 'vetting_case') || actor.viewer.personId === personId) return undefined;
    await this.audit.record({ action: 'vetting-clearance.view', actor: who(actor), subjectType: 'person', subjectId: personId, subjectPersonId: personId, correlationId: actor.correlationId, ip: actor.ip });
    const [clearance, applications] = await Promise.all([this.repo.currentClearance(personId), this.repo.list(actor.viewer, { personId, limit: 10, offset: 0 })]);
    return { clearance, applications: applications.applications };
  }
}

function traceFacts(t: { category: string; disposal: string | null }) {
  return { category: t.category as AdverseCategory, disposal: t.disposal as Disposal | null };
}

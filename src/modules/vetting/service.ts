import { assertAllowed, authoriseRead, type ActorContext } from '../../platform/access/guard.js';
import { canAny, checkAccess } from '../../platform/access/policy.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { EqualityData, Postholder } from '../workforce/service.js';
import type { SettingsStore } from '../../platform/settings.js';
import type { ForceVettingLevel } from '../../platform/reference.js';
import { z } from '../../platform/openapi/registry.js';
import type { VettingRepository } from './data.js';
import { decisionLetter } from './letters.js';
import { appealTimeLimit } from './appeals/policy.js';
import { describeLimit } from './appeals/time-limits.js';
import { RATIFICATION_SETTING_DEFINITION, RENEWAL_SETTING_DEFINITION, REQUIRED_CHECKS, convictionRule, decisionErrors, expiryFor, needsRatification, requiredChecksOutstanding, type AdverseCategory, type Disposal, type RatificationPolicy, type RuleError } from './rules.js';
import type { AssignmentSchema, AssociateSchema, CheckSchema, ConditionInput, ConditionNoticeSchema, ConditionReviewSchema, DecisionBody, NewApplicationSchema, RatificationSchema } from './schema.js';


/** What vetting needs from the workforce directory, through its service, never its tables. */
export interface PeopleDirectory {
  personBasics(personId: string, q?: Queryable): Promise<{ forenames: string; surname: string; dateOfBirth: string | null; personType: string } | undefined>;
  postRequirement(postId: string, q?: Queryable): Promise<{ requiredVettingLevel: string; designated: boolean } | undefined>;
  personIdByPayroll(payrollNumber: string): Promise<string | undefined>;
  /** Everyone serving, with their current post's requirement (to fill the compliance projection once). */
  postholders(q?: Queryable): Promise<Postholder[]>;
  /** One person's directory entry in the same shape (after a workforce event); `left` when they have left. */
  postholder(personId: string, q?: Queryable): Promise<(Postholder & { left: boolean }) | undefined>;
  /** Protected characteristics, copied for aggregate equality monitoring only; never shown to decision makers. */
  equalityData(personId: string, q?: Queryable): Promise<EqualityData | undefined>;
}

/** What vetting needs from user accounts: a condition owner named by username gets the reviews in their work list. */
export interface UserDirectory {
  userByUsername(username: string, q?: Queryable): Promise<{ id: string; displayName: string } | undefined>;
}

export const VETTING_EVENTS = {
  applicationCreated: 'vetting.application.created',
  /** A decision is final (ratified where that was needed): { applicationId, decisionId, personId, outcome, level, hadAdverseInformation, decidedBy, decidedByLabel }. */
  decisionRecorded: 'vetting.decision.recorded',
  awaitingRatification: 'vetting.decision.awaiting-ratification',
  reviewOpened: 'vetting.review.opened',
} as const;

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
    private readonly users: UserDirectory,
  ) {}

  private async resource(id: string, q: Queryable = this.db) {
    const meta = await this.repo.meta(id, q);
    if (!meta) throw new NotFoundError('There is no vetting application with that reference');
    return { kind: 'vetting_case' as const, personId: meta.personId, subjectPersonIds: meta.subjectPersonIds, excludedUserIds: meta.excludedUserIds, sealedToUserIds: meta.sealedToUserIds };
  }

  async createApplication(actor: ActorContext, input: z.infer<typeof NewApplicationSchema>): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'create', { kind: 'vetting_case', subjectPersonIds: input.personId ? [input.personId] : [] });
    let { forenames, surname, dateOfBirth } = input;
    let roleType: string | undefined = input.roleType;
    if (input.personId) {
      const person = await this.people.personBasics(input.personId);
      if (!person) throw new ValidationError([{ field: 'personId', message: 'Nobody in the workforce directory has that reference' }]);
      ({ forenames, surname } = person);
      dateOfBirth = person.dateOfBirth ?? dateOfBirth;
      roleType = roleType ?? person.personType;
    }
    const created = await this.db.transaction(async (tx) => {
      const a = await this.repo.createApplication(tx, { kind: input.kind, personId: input.personId ?? null, forenames: forenames!, surname: surname!, dateOfBirth: dateOfBirth ?? null, postId: input.postId ?? null, level: input.level, receivedOn: input.receivedOn, reviewReason: input.reviewReason ?? null, roleType: roleType ?? null });
      await this.audit.recordIn(tx, { action: 'vetting-application.create', actor: who(actor), subjectType: 'vetting_application', subjectId: a.id, subjectPersonId: input.personId ?? null, correlationId: actor.correlationId, ip: actor.ip, details: { kind: input.kind, level: input.level } });
      await this.noteOnTimeline(tx, a.id, actor.viewer.label, `Application opened (${input.kind.replace(/_/g, ' ')}, ${input.level})`);
      await this.bus.publish(tx, { type: VETTING_EVENTS.applicationCreated, payload: { applicationId: a.id, personId: input.personId ?? null }, correlationId: actor.correlationId });
      return a;
    });
    void this.bus.dispatch();
    return created;
  }

  /** Applications the viewer may see; `adverse` (a category or 'any') and `outcome` ('cleared' or an outcome) find, say, clearances granted despite a conviction. */
  async list(actor: ActorContext, o: { status?: string; adverse?: string; outcome?: string; page: number; pageSize: number }) {
    assertAllowed(actor, 'read', { kind: 'vetting_case' });
    await this.audit.record({ action: 'vetting-application.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.list(actor.viewer, { status: o.status, adverse: o.adverse, outcome: o.outcome, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  async view(actor: ActorContext, id: string) {
    const resource = await this.resource(id);
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'vetting-application.view', subjectType: 'vetting_application', subjectId: id, subjectPersonId: resource.personId });
    const [application, checks, traces, associates, decision, timeline, returns] = await Promise.all([
      this.repo.application(id), this.repo.checks(id), this.repo.traces(id), this.repo.associates(id), this.repo.decision(id), this.repo.timeline(id), this.repo.returns(id),
    ]);
    const outstandingChecks = requiredChecksOutstanding(application!.level as ForceVettingLevel, checks.map((c) => c.checkType));
    return { application: application!, checks, traces, associates, decision, timeline, returns, outstandingChecks, convictionRule: convictionRule(traces.map(traceFacts)) };
  }

  async recordCheck(actor: ActorContext, id: string, check: z.infer<typeof CheckSchema>): Promise<string> {
    assertAllowed(actor, 'update', await this.resource(id));
    return this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      if (application?.status !== 'open') throw new ConflictError('This application has been decided: its checks can no longer change');
      const checkId = await this.repo.insertCheck(tx, id, { checkType: check.checkType, result: check.result, checkedOn: check.checkedOn, notes: check.notes ?? null }, actor.viewer.userId);
      if (!checkId) throw new ValidationError([{ field: 'checkType', message: 'This check has already been recorded for this application' }]);
      await this.repo.insertTraces(tx, id, checkId, check.traces.map((t) => ({ category: t.category, disposal: t.disposal ?? null, description: t.description, occurredOn: t.occurredOn ?? null })));
      await this.noteOnTimeline(tx, id, actor.viewer.label, `Check recorded: ${check.checkType.replace(/_/g, ' ')}, ${check.result.replace(/_/g, ' ')}${check.traces.length ? ` (${check.traces.length} adverse trace${check.traces.length === 1 ? '' : 's'})` : ''}`);
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
      await this.noteOnTimeline(tx, id, actor.viewer.label, `Declared ${associate.relationship.replace(/_/g, ' ')} recorded`);
      await this.audit.recordIn(tx, { action: 'vetting-associate.add', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { relationship: associate.relationship } });
      return associateId;
    });
  }

  /**
   * Records the decision: refused with a field-level reason if the rules are not met, never half-saved. A decision that
   * needs ratification waits for a second decision maker; only a final decision is published as recorded.
   */
  async decide(actor: ActorContext, id: string, body: DecisionBody): Promise<string> {
    assertAllowed(actor, 'decide', await this.resource(id));
    const decisionId = await this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      if (!application) throw new NotFoundError();
      if (application.status !== 'open') throw new ConflictError('This application has already been decided');
      const traces = (await this.repo.traces(id, tx)).map(traceFacts);
      const errors = decisionErrors({ outcome: body.outcome, rationale: body.rationale, rebuttal: body.rebuttal, conditions: body.conditions }, traces);
      const conditions = body.outcome === 'clearance_with_conditions' ? await this.resolveOwners(body.conditions, errors, tx) : [];
      if (errors.length) throw new ValidationError(errors, 'The decision cannot be saved yet');
      const adverse = traces.length > 0;
      const policy = await this.ratificationPolicy(tx);
      const status = needsRatification(policy, application.roleType, adverse) ? 'awaiting_ratification' : 'final';
      const decidedOn = todayInLondon();
      const level = application.level as ForceVettingLevel;
      const saved = await this.repo.insertDecision(tx, id, body.version, {
        outcome: body.outcome, level, decidedOn, expiresOn: body.outcome === 'refusal' ? null : expiryFor(level, decidedOn, await this.renewalYears(tx)),
        decidedBy: actor.viewer.userId, decidedByLabel: actor.viewer.label, hadAdverseInformation: adverse, status,
        ratificationReason: status === 'final' ? null : `Adverse information on a role in the evidential chain (${application.roleType ?? 'role not recorded'})`,
        convictionRule: convictionRule(traces), rationale: adverse ? (body.rationale as Record<string, unknown>) : (body.rationale as Record<string, unknown> | undefined) ?? null, rebuttal: body.rebuttal ?? null,
      }, conditions);
      if (!saved) throw new ConflictError();
      await this.audit.recordIn(tx, { action: 'vetting-decision.record', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { outcome: body.outcome, level, adverse, status } });
      await this.noteOnTimeline(tx, id, actor.viewer.label, `Decision recorded: ${body.outcome.replace(/_/g, ' ')} at ${level}${status === 'final' ? '' : ', awaiting ratification'}`);
      if (status === 'final') await this.publishDecision(tx, actor.correlationId, { applicationId: id, decisionId: saved, personId: application.personId, outcome: body.outcome, level, hadAdverseInformation: adverse, decidedBy: actor.viewer.userId, decidedByLabel: actor.viewer.label });
      else await this.bus.publish(tx, { type: VETTING_EVENTS.awaitingRatification, payload: { applicationId: id, decisionId: saved }, correlationId: actor.correlationId });
      return saved;
    });
    void this.bus.dispatch();
    return decisionId;
  }

  private async publishDecision(tx: Queryable, correlationId: string | undefined, payload: Record<string, unknown>) {
    await this.bus.publish(tx, { type: VETTING_EVENTS.decisionRecorded, payload, correlationId });
  }

  /** The renewal period of each level, as the force has set it (a clearance's expiry is fixed when it is decided). */
  renewalYears(q?: Queryable) {
    const d = RENEWAL_SETTING_DEFINITION;
    return this.settings.get(d.key, d.schema, d.fallback, q);
  }

  async ratificationPolicy(q?: Queryable): Promise<RatificationPolicy> {
    const d = RATIFICATION_SETTING_DEFINITION;
    return this.settings.get(d.key, d.schema, d.fallback, q);
  }

  /** Whether this viewer may ratify decisions at all (menus and work lists). */
  async canRatify(actor: ActorContext): Promise<boolean> {
    const policy = await this.ratificationPolicy();
    return canAny(actor.viewer, 'decide', 'vetting_case') && actor.viewer.roles.some((r) => policy.ratifierRoles.includes(r));
  }

  /**
   * The second decision maker ratifies the decision (it becomes final and is published) or sends it back with reasons
   * (kept whole in the returns table; the application is open to be decided again).
   */
  async ratify(actor: ActorContext, id: string, body: z.infer<typeof RatificationSchema>): Promise<void> {
    assertAllowed(actor, 'decide', await this.resource(id));
    await this.db.transaction(async (tx) => {
      const policy = await this.ratificationPolicy(tx);
      if (!actor.viewer.roles.some((r) => policy.ratifierRoles.includes(r))) throw new ForbiddenError(`Only a ${policy.ratifierRoles.map((r) => r.replace(/_/g, ' ')).join(' or ')} may ratify vetting decisions`);
      const application = await this.repo.application(id, tx);
      const pending = await this.repo.pendingDecision(id, tx);
      if (!application || !pending) throw new ConflictError('This application has no decision awaiting ratification');
      if (!actor.viewer.userId || actor.viewer.userId === pending.decidedBy) throw new ValidationError([{ field: 'verdict', message: 'A decision must be ratified by a second decision maker, not the person who made it' }]);
      if (body.verdict === 'ratify') {
        await this.repo.ratifyDecision(tx, pending.id, { userId: actor.viewer.userId, label: actor.viewer.label, on: todayInLondon(), note: body.note });
        await this.publishDecision(tx, actor.correlationId, { applicationId: id, decisionId: pending.id, personId: application.personId, outcome: pending.outcome, level: pending.level, hadAdverseInformation: pending.hadAdverseInformation, decidedBy: pending.decidedBy, decidedByLabel: pending.decidedByLabel });
      } else {
        await this.repo.returnDecision(tx, id, pending.id, { userId: actor.viewer.userId, label: actor.viewer.label, note: body.note });
      }
      await this.audit.recordIn(tx, { action: `vetting-decision.${body.verdict}`, actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { decisionId: pending.id } });
      await this.noteOnTimeline(tx, id, actor.viewer.label, body.verdict === 'ratify' ? 'Decision ratified' : 'Decision sent back by the ratifier; the application is open again');
    });
    void this.bus.dispatch();
  }

  /** Names each condition's owner as a user account where a username is given, so reviews reach their work list. */
  private async resolveOwners(conditions: ConditionInput[], errors: RuleError[], q: Queryable) {
    return Promise.all(conditions.map(async (c, i) => {
      if (!c.ownerUsername) return { ...c, ownerUserId: null };
      const user = await this.users.userByUsername(c.ownerUsername, q);
      if (!user) errors.push({ field: `conditions.${i}.ownerUsername`, message: `There is no Probity user called ${c.ownerUsername}` });
      return { ...c, ownerUserId: user?.id ?? null };
    }));
  }

  /** Adds a condition to a clearance with conditions (risk mitigation can grow after the decision). */
  async addCondition(actor: ActorContext, id: string, condition: ConditionInput): Promise<string> {
    assertAllowed(actor, 'decide', await this.resource(id));
    return this.db.transaction(async (tx) => {
      const application = await this.repo.application(id, tx);
      const decision = await this.repo.decision(id, tx);
      if (!application || decision?.outcome !== 'clearance_with_conditions') throw new ConflictError('Conditions can be added only to a clearance with conditions');
      const errors = decisionErrors({ outcome: 'clearance_with_conditions', conditions: [condition] }, []);
      const [resolved] = await this.resolveOwners([condition], errors, tx);
      if (errors.length) throw new ValidationError(errors.map((e) => ({ ...e, field: e.field.replace(/^conditions\.0\./, '') })));
      const [conditionId] = await this.repo.insertConditions(tx, decision.id, [resolved!]);
      await this.audit.recordIn(tx, { action: 'vetting-condition.add', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: { conditionId } });
      await this.noteOnTimeline(tx, id, actor.viewer.label, `Condition added (${condition.responsibleUnit.replace(/_/g, ' ')}, owner ${condition.ownerName})`);
      return conditionId!;
    });
  }

  /** The condition with its application's need-to-know; its owner may act on it even without a vetting role. */
  private async conditionAccess(actor: ActorContext, conditionId: string, action: 'read' | 'update', q: Queryable) {
    const condition = await this.repo.conditionMeta(conditionId, q);
    if (!condition) throw new NotFoundError('There is no such condition');
    const resource = await this.resource(condition.applicationId, q);
    const isOwner = !!actor.viewer.userId && actor.viewer.userId === condition.ownerUserId;
    const decision = checkAccess(actor.viewer, action, resource);
    // The owner needs no vetting role, but need-to-know (never about yourself, exclusion, sealing) still applies.
    if (decision.allowed || (isOwner && (decision.reason === 'role' || decision.reason === 'scope'))) return { condition, resource };
    if (decision.reason === 'role' || decision.reason === 'scope') throw new ForbiddenError();
    throw new NotFoundError('There is no such condition');
  }

  /** Records that the subject, their manager and HR were told of a condition. */
  async recordConditionNotice(actor: ActorContext, conditionId: string, notice: z.infer<typeof ConditionNoticeSchema>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { condition, resource } = await this.conditionAccess(actor, conditionId, 'update', tx);
      await this.repo.recordConditionNotice(tx, conditionId, notice);
      await this.audit.recordIn(tx, { action: 'vetting-condition.notice', actor: who(actor), subjectType: 'vetting_application', subjectId: condition.applicationId, subjectPersonId: resource.personId, correlationId: actor.correlationId, ip: actor.ip, details: { conditionId, ...notice } });
      await this.noteOnTimeline(tx, condition.applicationId, actor.viewer.label, `Recorded who was told of a condition (${Object.entries(notice).filter(([, v]) => v).map(([k]) => k.replace(/ToldOn$/, '').replace('hr', 'HR')).join(', ')})`);
    });
  }

  /** The owner (or the vetting unit) records a review of a condition and when the next is due, or closes it. */
  async reviewCondition(actor: ActorContext, conditionId: string, review: z.infer<typeof ConditionReviewSchema>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { condition, resource } = await this.conditionAccess(actor, conditionId, 'update', tx);
      if (condition.closedOn) throw new ConflictError('This condition has been closed');
      const reviewedOn = todayInLondon();
      if (review.finding !== 'no_longer_needed' && !review.nextReviewOn) throw new ValidationError([{ field: 'nextReviewOn', message: 'Give the date of the next review, or record that the condition is no longer needed' }]);
      if (review.nextReviewOn && review.nextReviewOn <= reviewedOn) throw new ValidationError([{ field: 'nextReviewOn', message: 'The next review must be after today' }]);
      await this.repo.insertConditionReview(tx, conditionId, { ...review, reviewedOn, by: actor.viewer.userId, byLabel: actor.viewer.label });
      await this.audit.recordIn(tx, { action: 'vetting-condition.review', actor: who(actor), subjectType: 'vetting_application', subjectId: condition.applicationId, subjectPersonId: resource.personId, correlationId: actor.correlationId, ip: actor.ip, details: { conditionId, finding: review.finding } });
      await this.noteOnTimeline(tx, condition.applicationId, actor.viewer.label, `Condition reviewed: ${review.finding.replace(/_/g, ' ')}`);
    });
  }

  /** A condition's page for its owner or the vetting unit: the condition, its application's reference and its reviews. */
  async viewCondition(actor: ActorContext, conditionId: string) {
    const { condition, resource } = await this.conditionAccess(actor, conditionId, 'read', this.db);
    await this.audit.record({ action: 'vetting-condition.view', actor: who(actor), subjectType: 'vetting_application', subjectId: condition.applicationId, subjectPersonId: resource.personId, correlationId: actor.correlationId, ip: actor.ip, details: { conditionId } });
    return this.repo.conditionDetail(conditionId);
  }

  /** Assigns an open application to the caller (a researcher taking it on) or back to nobody. */
  async assign(actor: ActorContext, id: string, body: z.infer<typeof AssignmentSchema>): Promise<void> {
    assertAllowed(actor, 'update', await this.resource(id));
    await this.db.transaction(async (tx) => {
      const to = body.assignee === 'me' ? actor.viewer.userId : null;
      if (body.assignee === 'me' && !to) throw new ValidationError([{ field: 'assignee', message: 'An API token cannot take on an application' }]);
      const application = await this.repo.application(id, tx);
      if (!(await this.repo.assign(tx, id, body.version, to, to ? actor.viewer.label : null))) throw new ConflictError();
      await this.audit.recordIn(tx, { action: 'vetting-application.assign', actor: who(actor), subjectType: 'vetting_application', subjectId: id, subjectPersonId: application?.personId ?? null, correlationId: actor.correlationId, ip: actor.ip, details: { assignee: body.assignee } });
      await this.noteOnTimeline(tx, id, actor.viewer.label, to ? `Assigned to ${actor.viewer.label}` : 'Unassigned');
    });
  }

  /** The vetting unit's work lists: mine, ready for decision, awaiting ratification, condition reviews I own. */
  async workLists(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: 'vetting_case' });
    await this.audit.record({ action: 'vetting-worklist.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    const canRatify = await this.canRatify(actor);
    const [mine, ready, awaiting, conditions] = await Promise.all([
      this.repo.assignedTo(actor.viewer, 50),
      canAny(actor.viewer, 'decide', 'vetting_case') ? this.repo.readyForDecision(actor.viewer, REQUIRED_CHECKS, 50) : [],
      canRatify ? this.repo.awaitingRatification(actor.viewer, 50) : [],
      this.repo.conditionReviewsDue(actor.viewer, 30, 50, actor.viewer.userId),
    ]);
    return { mine, ready, awaiting, conditions, canRatify };
  }

  /** The decision letter's content; reading it is audited like the application itself. */
  async letter(actor: ActorContext, id: string) {
    const resource = await this.resource(id);
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'vetting-letter.view', subjectType: 'vetting_application', subjectId: id, subjectPersonId: resource.personId });
    const [application, decision] = await Promise.all([this.repo.application(id), this.repo.decision(id)]);
    if (!application || !decision) throw new NotFoundError('This application has no decision yet');
    const [refusal, conditions] = await Promise.all([appealTimeLimit(this.settings, 'refusal'), appealTimeLimit(this.settings, 'conditions')]);
    return decisionLetter(application, decision, { refusal: describeLimit(refusal), conditions: describeLimit(conditions) });
  }

  /** Opens a review for a person unless one is already open; used by the triggers (events) and by caseworkers. */
  async openReview(personId: string, reason: string, kind: 'review' | 'upgrade', level: ForceVettingLevel, tx: Queryable): Promise<string | undefined> {
    if (await this.repo.openApplicationFor(personId, tx)) return undefined;
    const person = await this.people.personBasics(personId, tx);
    if (!person) return undefined;
    const a = await this.repo.createApplication(tx, { kind, personId, forenames: person.forenames, surname: person.surname, dateOfBirth: person.dateOfBirth, postId: null, level, receivedOn: todayInLondon(), reviewReason: reason, roleType: person.personType });
    await this.noteOnTimeline(tx, a.id, 'system', `Review opened: ${reason}`);
    await this.bus.publish(tx, { type: VETTING_EVENTS.applicationCreated, payload: { applicationId: a.id, personId } });
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
    const vettingUnit = canAny(actor.viewer, 'read', 'vetting_case');
    if (!vettingUnit && !actor.viewer.userId) return [];
    // Owners outside the vetting unit see only the conditions they own.
    return this.repo.conditionReviewsDue(actor.viewer, 30, 10, vettingUnit ? undefined : actor.viewer.userId);
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

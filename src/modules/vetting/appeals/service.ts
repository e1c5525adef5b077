import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { RESOURCE_KINDS, canAny, checkAccess, grantedScope, type Resource } from '../../../platform/access/policy.js';
import type { Role } from '../../../platform/access/roles.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { ForceVettingLevel } from '../../../platform/reference.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import type { VettingRepository } from '../data.js';
import type { VettingFeatureDeps } from '../features.js';
import { VETTING_EVENTS } from '../service.js';
import { expiryFor } from '../rules.js';
import type { WithdrawalRepository } from '../withdrawal/data.js';
import { regimeFor } from '../withdrawal/rules.js';
import type { AppealedDecision, AppealsRepository, AssessedCriterion, PanelMember } from './data.js';
import { appealLetter } from './letters.js';
import type { PanelDirectory } from './panel-directory.js';
import { loadPolicy, type AppealsPolicy } from './policy.js';
import { label } from './presenters.js';
import { appealStepError, criteriaErrors, criteriaResult, outcomeErrors, panelErrors, seniorityOf, type AppealAgainst, type PanelMemberFacts } from './rules.js';
import type { AppealOutcomeBody, CriteriaCheck, LodgeAppeal, PanelBody } from './schema.js';
import { describeLimit, dueDate, isInTime, todayInLondon } from './time-limits.js';

export const APPEAL_EVENTS = {
  /** { appealId, applicationId, personId, against, outcome, remedy, decidedOn } */
  decided: 'vetting.appeal.decided',
  /** { personId, decisionId, reinstatedOn, appealId } */
  clearanceReinstated: 'vetting.clearance.reinstated',
} as const;

/** A decision the subject may appeal: what, from when the time runs, and who decided it. */
export interface AppealOption {
  against: AppealAgainst;
  decisionId: string;
  withdrawalId: string | null;
  decisionNotifiedOn: string;
  decisionMakerUserIds: string[];
  dueOn: string;
  timeLimit: string;
}

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const present = (ids: (string | null)[]) => ids.filter((x): x is string => !!x);

export class AppealsService {
  constructor(
    private readonly deps: VettingFeatureDeps,
    private readonly repo: AppealsRepository,
    private readonly withdrawals: WithdrawalRepository,
    private readonly core: VettingRepository,
    private readonly directory: PanelDirectory,
  ) {}

  policy(q?: Queryable): Promise<AppealsPolicy> {
    return loadPolicy(this.deps.settings, q);
  }

  private resourceOf(facts: AppealedDecision): Resource {
    return { kind: 'vetting_case', subjectPersonIds: facts.subjectPersonIds, excludedUserIds: facts.excludedUserIds, sealedToUserIds: facts.sealedToUserIds };
  }

  private async decisionFacts(applicationId: string, q?: Queryable): Promise<AppealedDecision> {
    const facts = await this.repo.appealedDecision(applicationId, q);
    if (!facts) throw new NotFoundError('There is no vetting application with that reference');
    return facts;
  }

  /** The appeal and its application, or not found (also when the appeal belongs to another application). */
  private async appealWithFacts(appealId: string, q?: Queryable, applicationId?: string) {
    const appeal = await this.repo.appeal(appealId, q);
    if (!appeal || (applicationId && appeal.applicationId !== applicationId)) throw new NotFoundError('There is no such appeal');
    return { appeal, facts: await this.decisionFacts(appeal.applicationId, q) };
  }

  /** The decisions on this application that can still be appealed. */
  async options(facts: AppealedDecision, policy: AppealsPolicy, q?: Queryable): Promise<AppealOption[]> {
    if (!facts.decisionId || facts.decisionStatus !== 'final' || !facts.decidedOn) return [];
    const option = (against: AppealAgainst, from: string, withdrawalId: string | null, makers: (string | null)[]): AppealOption => ({
      against, decisionId: facts.decisionId!, withdrawalId, decisionNotifiedOn: from, decisionMakerUserIds: present(makers),
      dueOn: dueDate(from, policy.timeLimits[against], policy.bankHolidays), timeLimit: describeLimit(policy.timeLimits[against]),
    });
    const found: AppealOption[] = [];
    if (facts.outcome === 'refusal') found.push(option('refusal', facts.decidedOn, null, [facts.decidedBy, facts.ratifiedBy]));
    if (facts.outcome === 'clearance_with_conditions') found.push(option('conditions', facts.decidedOn, null, [facts.decidedBy, facts.ratifiedBy]));
    for (const w of await this.withdrawals.forDecision(facts.decisionId, q)) {
      if (w.status !== 'decided' || !w.decidedOn) continue;
      if (w.decision === 'withdraw' && !w.reversedOn) found.push(option('withdrawal', w.decidedOn, w.id, [w.decidedBy]));
      if (w.decision === 'retain_with_conditions') found.push(option('conditions', w.decidedOn, w.id, [w.decidedBy]));
    }
    const lodged = await this.repo.forApplication(facts.applicationId, q);
    return found.filter((o) => !lodged.some((a) => a.decisionId === o.decisionId && a.against === o.against && a.withdrawalId === o.withdrawalId));
  }

  /** The application page's section: appeals on its decision and what may still be appealed. */
  async section(actor: ActorContext, applicationId: string) {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) return undefined;
    const facts = await this.decisionFacts(applicationId);
    const policy = await this.policy();
    const [appeals, open] = await Promise.all([this.repo.forApplication(applicationId), this.options(facts, policy)]);
    const withdrawals = facts.decisionId ? await this.withdrawals.forDecision(facts.decisionId) : [];
    return { applicationId, appeals, options: open, withdrawals, canUpdate: canAny(actor.viewer, 'update', 'vetting_case') };
  }

  /** Appeals on an application for the API: a read of the case in its own right, so authorised and audited. */
  async onApplication(actor: ActorContext, applicationId: string) {
    const facts = await this.decisionFacts(applicationId);
    await authoriseRead(this.deps.audit, actor, 'read', this.resourceOf(facts), { event: 'vetting-appeal.list', subjectType: 'vetting_application', subjectId: applicationId, subjectPersonId: facts.personId });
    const [appeals, options] = [await this.repo.forApplication(applicationId), await this.options(facts, await this.policy())];
    return { appeals, options };
  }

  async lodgeForm(actor: ActorContext, applicationId: string) {
    const facts = await this.decisionFacts(applicationId);
    await authoriseRead(this.deps.audit, actor, 'update', this.resourceOf(facts), { event: 'vetting-appeal.lodge-form', subjectType: 'vetting_application', subjectId: applicationId, subjectPersonId: facts.personId });
    return { facts, options: await this.options(facts, await this.policy()) };
  }

  async lodge(actor: ActorContext, applicationId: string, body: LodgeAppeal): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'update', this.resourceOf(await this.decisionFacts(applicationId)));
    return this.deps.db.transaction(async (tx) => {
      const facts = await this.decisionFacts(applicationId, tx);
      const policy = await this.policy(tx);
      const options = await this.options(facts, policy, tx);
      // The most recent decision of that kind (a withdrawal's conditions come after the original ones).
      const option = options.filter((o) => o.against === body.against).at(-1);
      if (!option) {
        const open = options.map((o) => label(o.against).toLowerCase());
        throw new ValidationError([{ field: 'against', message: open.length ? `That decision cannot be appealed here: choose ${open.join(' or ')}` : 'There is no decision on this application that can be appealed now' }]);
      }
      const today = todayInLondon();
      if (body.lodgedOn > today) throw new ValidationError([{ field: 'lodgedOn', message: 'The date the appeal was received cannot be in the future' }]);
      if (body.lodgedOn < option.decisionNotifiedOn) throw new ValidationError([{ field: 'lodgedOn', message: `The appeal cannot be received before the decision (${formatDate(option.decisionNotifiedOn)})` }]);
      const inTime = isInTime(body.lodgedOn, option.dueOn);
      const created = await this.repo.insert(tx, {
        applicationId, decisionId: option.decisionId, withdrawalId: option.withdrawalId, against: body.against, lodgedOn: body.lodgedOn,
        decisionNotifiedOn: option.decisionNotifiedOn, dueOn: option.dueOn, inTime, grounds: body.grounds, lateReason: body.lateReason ?? null,
      });
      if (!created) throw new ConflictError('An appeal against this decision is already under way');
      await this.deps.audit.recordIn(tx, { action: 'vetting-appeal.lodge', actor: who(actor), subjectType: 'vetting_appeal', subjectId: created.id, subjectPersonId: facts.personId, correlationId: actor.correlationId, ip: actor.ip, details: { applicationId, against: body.against, inTime } });
      await this.deps.vetting.noteOnTimeline(tx, applicationId, actor.viewer.label, `Appeal ${created.reference} lodged against ${label(body.against).toLowerCase()} (${inTime ? 'in time' : `late: time ran out on ${formatDate(option.dueOn)}`})`);
      return created;
    });
  }

  /** An appeal with its application, authorised and audited as a read of the case. */
  async view(actor: ActorContext, appealId: string, applicationId?: string) {
    const { appeal, facts } = await this.appealWithFacts(appealId, undefined, applicationId);
    await authoriseRead(this.deps.audit, actor, 'read', this.resourceOf(facts), { event: 'vetting-appeal.view', subjectType: 'vetting_appeal', subjectId: appealId, subjectPersonId: facts.personId });
    const policy = await this.policy();
    return { appeal, facts, criteria: policy.criteria, acceptLate: policy.acceptLate };
  }

  /**
   * The criteria check. When the criteria are not met this ends the appeal (outcome 'criteria_not_met'), which is a
   * decision on the appeal, so it needs the decide permission; sending it on to a panel needs update.
   */
  async checkCriteria(actor: ActorContext, appealId: string, body: CriteriaCheck): Promise<{ met: boolean }> {
    const before = await this.appealWithFacts(appealId);
    assertAllowed(actor, 'update', this.resourceOf(before.facts));
    const result = await this.deps.db.transaction(async (tx) => {
      const { appeal, facts } = await this.appealWithFacts(appealId, tx);
      const stepError = appealStepError(appeal.status, 'criteria');
      if (stepError) throw new ConflictError(stepError);
      const policy = await this.policy(tx);
      const timing = { inTime: appeal.inTime, lateAccepted: body.lateAccepted, lateNote: body.lateNote, acceptLate: policy.acceptLate };
      const errors = criteriaErrors(policy.criteria, body.criteria, timing);
      if (errors.length) throw new ValidationError(errors, 'The criteria check cannot be saved yet');
      const { met, reasons } = criteriaResult(policy.criteria, body.criteria, timing);
      if (!met && !checkAccess(actor.viewer, 'decide', this.resourceOf(facts)).allowed) {
        throw new ForbiddenError('The appeal criteria are not met, which ends the appeal: only a vetting decision maker can record that');
      }
      const assessed: AssessedCriterion[] = policy.criteria.map((c) => {
        const a = body.criteria.find((x) => x.code === c.code)!;
        return { ...c, met: a.met!, notes: a.notes! };
      });
      const today = todayInLondon();
      const saved = await this.repo.recordCriteria(tx, appealId, body.version, {
        criteria: assessed, lateAccepted: appeal.inTime ? null : (body.lateAccepted ?? false), lateNote: body.lateNote ?? null,
        checkedOn: today, checkedBy: actor.viewer.userId, checkedByLabel: actor.viewer.label, met,
      });
      if (!saved) throw new ConflictError();
      await this.deps.audit.recordIn(tx, { action: 'vetting-appeal.criteria', actor: who(actor), subjectType: 'vetting_appeal', subjectId: appealId, subjectPersonId: facts.personId, correlationId: actor.correlationId, ip: actor.ip, details: { met, reasons } });
      await this.deps.vetting.noteOnTimeline(tx, appeal.applicationId, actor.viewer.label, met ? `Appeal ${appeal.reference}: criteria met, to go to a panel` : `Appeal ${appeal.reference}: criteria not met, appeal ended`);
      if (!met) await this.publishOutcome(tx, actor, { appealId, applicationId: appeal.applicationId, personId: facts.personId, against: appeal.against, outcome: 'criteria_not_met', remedy: null, decidedOn: today });
      return { met };
    });
    void this.deps.bus.dispatch();
    return result;
  }

  /** The least senior role that may decide vetting cases: the seniority assumed for a decision maker we cannot look up. */
  private lowestDecisionSeniority(policy: AppealsPolicy): number {
    const deciders = Object.keys(RESOURCE_KINDS.vetting_case.grants).filter((r) => grantedScope([r as Role], 'vetting_case', 'decide'));
    return Math.min(...deciders.map((r) => seniorityOf([r], policy.panel)));
  }

  async appointPanel(actor: ActorContext, appealId: string, body: PanelBody): Promise<void> {
    assertAllowed(actor, 'update', this.resourceOf((await this.appealWithFacts(appealId)).facts));
    await this.deps.db.transaction(async (tx) => {
      const { appeal, facts } = await this.appealWithFacts(appealId, tx);
      const stepError = appealStepError(appeal.status, 'panel');
      if (stepError) throw new ConflictError(stepError);
      const policy = await this.policy(tx);
      if (body.panelDate < appeal.lodgedOn) throw new ValidationError([{ field: 'panelDate', message: `The panel cannot sit before the appeal was lodged (${formatDate(appeal.lodgedOn)})` }]);
      const unknown: { field: string; message: string }[] = [];
      const members: PanelMemberFacts[] = [];
      for (const [i, m] of body.members.entries()) {
        const user = await this.directory.byUsername(m.username, tx);
        if (!user) unknown.push({ field: `members.${i}.username`, message: `There is no Probity user called ${m.username}` });
        else members.push({ userId: user.id, displayName: user.displayName, panelRole: m.role, roles: user.roles, personId: user.personId, disabled: user.disabled });
      }
      if (unknown.length) throw new ValidationError(unknown);
      const makers = await this.decisionMakers(appeal, facts, tx);
      const seniorities = await Promise.all(makers.map(async (id) => (await this.directory.byId(id, tx))?.roles));
      const known = seniorities.filter((r): r is readonly string[] => !!r).map((r) => seniorityOf(r, policy.panel));
      const decisionMakerSeniority = known.length ? Math.max(...known) : this.lowestDecisionSeniority(policy);
      const errors = panelErrors(members, { decisionMakerUserIds: makers, decisionMakerSeniority, subjectPersonIds: facts.subjectPersonIds, excludedUserIds: facts.excludedUserIds, sealedToUserIds: facts.sealedToUserIds }, policy.panel);
      if (errors.length) throw new ValidationError(errors, 'The panel cannot be appointed');
      const panel: PanelMember[] = members.map((m) => ({ userId: m.userId, displayName: m.displayName, panelRole: m.panelRole, seniority: seniorityOf(m.roles, policy.panel) }));
      if (!(await this.repo.setPanel(tx, appealId, body.version, body.panelDate, panel))) throw new ConflictError();
      await this.deps.audit.recordIn(tx, { action: 'vetting-appeal.panel', actor: who(actor), subjectType: 'vetting_appeal', subjectId: appealId, subjectPersonId: facts.personId, correlationId: actor.correlationId, ip: actor.ip, details: { members: panel.map((m) => ({ userId: m.userId, role: m.panelRole })), panelDate: body.panelDate } });
      await this.deps.vetting.noteOnTimeline(tx, appeal.applicationId, actor.viewer.label, `Appeal ${appeal.reference}: panel appointed (${panel.map((m) => `${m.displayName}${m.panelRole === 'chair' ? ', chair' : ''}`).join('; ')})`);
    });
  }

  /** Who made the decision under appeal: the withdrawal's decision maker, or the decision's maker and ratifier. */
  private async decisionMakers(appeal: { withdrawalId: string | null }, facts: AppealedDecision, q: Queryable): Promise<string[]> {
    if (appeal.withdrawalId) return present([(await this.withdrawals.get(appeal.withdrawalId, q))?.decidedBy ?? null]);
    return present([facts.decidedBy, facts.ratifiedBy]);
  }

  /** The panel's outcome, with what follows from upholding the appeal, in one transaction with its event. */
  async decide(actor: ActorContext, appealId: string, body: AppealOutcomeBody): Promise<void> {
    assertAllowed(actor, 'decide', this.resourceOf((await this.appealWithFacts(appealId)).facts));
    await this.deps.db.transaction(async (tx) => {
      const { appeal, facts } = await this.appealWithFacts(appealId, tx);
      const stepError = appealStepError(appeal.status, 'outcome');
      if (stepError) throw new ConflictError(stepError);
      const errors = outcomeErrors({ outcome: body.outcome, rationale: body.rationale, remedy: body.remedy, remedyNote: body.remedyNote }, appeal.against, { convictionRule: facts.convictionRule });
      if (errors.length) throw new ValidationError(errors, 'The outcome cannot be saved yet');
      const today = todayInLondon();
      const remedy = body.outcome === 'upheld' ? body.remedy! : null;
      const resultingApplicationId = remedy ? await this.applyRemedy(tx, actor, appeal, facts, remedy, body, today) : null;
      const saved = await this.repo.decide(tx, appealId, body.version, {
        outcome: body.outcome, decidedOn: today, rationale: body.rationale.trim(), remedy, remedyNote: body.remedyNote ?? null, resultingApplicationId,
        decidedBy: actor.viewer.userId, decidedByLabel: actor.viewer.label,
      });
      if (!saved) throw new ConflictError();
      await this.deps.audit.recordIn(tx, { action: 'vetting-appeal.decide', actor: who(actor), subjectType: 'vetting_appeal', subjectId: appealId, subjectPersonId: facts.personId, correlationId: actor.correlationId, ip: actor.ip, details: { outcome: body.outcome, remedy, resultingApplicationId } });
      await this.deps.vetting.noteOnTimeline(tx, appeal.applicationId, actor.viewer.label, `Appeal ${appeal.reference}: ${label(body.outcome).toLowerCase()}${remedy ? ` (${label(remedy).toLowerCase()})` : ''}`);
      await this.publishOutcome(tx, actor, { appealId, applicationId: appeal.applicationId, personId: facts.personId, against: appeal.against, outcome: body.outcome, remedy, decidedOn: today });
    });
    void this.deps.bus.dispatch();
  }

  private async publishOutcome(tx: Queryable, actor: ActorContext, payload: Record<string, unknown>) {
    await this.deps.bus.publish(tx, { type: APPEAL_EVENTS.decided, payload, correlationId: actor.correlationId });
  }

  /** Carries out an upheld appeal. Returns the application it opened, if any. */
  private async applyRemedy(tx: Queryable, actor: ActorContext, appeal: { id: string; reference: string; decisionId: string; withdrawalId: string | null }, facts: AppealedDecision, remedy: string, body: AppealOutcomeBody, today: string): Promise<string | null> {
    switch (remedy) {
      case 'clearance_granted':
      case 'fresh_decision':
        return this.reopenOrGrant(tx, actor, appeal, facts, remedy, body.rationale.trim(), today);
      case 'conditions_removed': {
        // Conditions a withdrawal decision added are its own to remove; otherwise the decision's conditions.
        const withdrawal = appeal.withdrawalId ? await this.withdrawals.get(appeal.withdrawalId, tx) : undefined;
        const closed = await this.repo.closeConditions(tx, appeal.decisionId, today, withdrawal?.conditionIds);
        await this.deps.vetting.noteOnTimeline(tx, facts.applicationId, actor.viewer.label, `${closed} condition${closed === 1 ? '' : 's'} removed on appeal ${appeal.reference}`);
        return null;
      }
      case 'conditions_varied':
        await this.deps.vetting.noteOnTimeline(tx, facts.applicationId, actor.viewer.label, `Conditions to be varied on appeal ${appeal.reference}: ${body.remedyNote}`);
        return null;
      case 'withdrawal_reversed': {
        const withdrawal = appeal.withdrawalId ? await this.withdrawals.get(appeal.withdrawalId, tx) : undefined;
        if (!withdrawal) throw new ConflictError('This appeal is not against a withdrawal');
        await this.withdrawals.reinstateClearance(tx, appeal.decisionId);
        if (!(await this.withdrawals.update(tx, withdrawal.id, withdrawal.version, { reversed_on: today }))) throw new ConflictError();
        await this.deps.bus.publish(tx, { type: APPEAL_EVENTS.clearanceReinstated, payload: { personId: withdrawal.personId, decisionId: appeal.decisionId, reinstatedOn: today, appealId: appeal.id }, correlationId: actor.correlationId });
        return null;
      }
      default:
        throw new ValidationError([{ field: 'remedy', message: 'Choose what follows from upholding the appeal' }]);
    }
  }

  /**
   * An upheld appeal against refusal: either a clearance at the level applied for, recorded as a new decision (the
   * refusal stays on record), or a new application for a fresh decision that the original decision makers cannot see.
   */
  private async reopenOrGrant(tx: Queryable, actor: ActorContext, appeal: { reference: string; decisionId: string }, facts: AppealedDecision, remedy: 'clearance_granted' | 'fresh_decision', rationale: string, today: string): Promise<string> {
    const level = facts.level as ForceVettingLevel;
    const granted = remedy === 'clearance_granted';
    const created = await this.core.createApplication(tx, {
      kind: 'review', personId: facts.personId, forenames: facts.applicantForenames, surname: facts.applicantSurname, dateOfBirth: facts.applicantDateOfBirth,
      postId: facts.postId, level, receivedOn: today, roleType: facts.roleType,
      reviewReason: granted ? `Clearance granted on appeal ${appeal.reference} against the refusal in ${facts.reference}` : `Fresh decision after appeal ${appeal.reference} against the refusal in ${facts.reference} was upheld`,
    });
    await this.repo.copyNeedToKnow(tx, facts.applicationId, created.id, granted ? [] : present([facts.decidedBy, facts.ratifiedBy]));
    if (!granted) {
      await this.deps.vetting.noteOnTimeline(tx, created.id, actor.viewer.label, `Opened for a fresh decision: appeal ${appeal.reference} upheld`);
      return created.id;
    }
    const decidedByLabel = `${actor.viewer.label} for the appeal panel (${appeal.reference})`;
    const decisionId = await this.core.insertDecision(tx, created.id, 1, {
      outcome: 'clearance', level, decidedOn: today, expiresOn: expiryFor(level, today, await this.deps.vetting.renewalYears(tx)), decidedBy: actor.viewer.userId, decidedByLabel,
      hadAdverseInformation: facts.hadAdverseInformation ?? false, status: 'final', ratificationReason: null, convictionRule: facts.convictionRule,
      rationale: { decisionAndReview: rationale, appeal: appeal.reference }, rebuttal: null,
    }, []);
    if (!decisionId) throw new ConflictError();
    await this.deps.vetting.noteOnTimeline(tx, created.id, actor.viewer.label, `Clearance granted at ${level} on appeal ${appeal.reference}`);
    await this.deps.bus.publish(tx, {
      type: VETTING_EVENTS.decisionRecorded,
      payload: { applicationId: created.id, decisionId, personId: facts.personId, outcome: 'clearance', level, hadAdverseInformation: facts.hadAdverseInformation ?? false, decidedBy: actor.viewer.userId, decidedByLabel, appealReference: appeal.reference },
      correlationId: actor.correlationId,
    });
    return created.id;
  }

  /** The letter for a decided appeal (criteria not met, upheld or not upheld); reading it is audited. */
  async letter(actor: ActorContext, appealId: string, applicationId?: string) {
    const { appeal, facts } = await this.appealWithFacts(appealId, undefined, applicationId);
    await authoriseRead(this.deps.audit, actor, 'read', this.resourceOf(facts), { event: 'vetting-appeal-letter.view', subjectType: 'vetting_appeal', subjectId: appealId, subjectPersonId: facts.personId });
    if (!appeal.outcome) throw new NotFoundError('This appeal has no outcome yet');
    const withdrawal = appeal.withdrawalId ? await this.withdrawals.get(appeal.withdrawalId) : undefined;
    return appealLetter({
      appeal, applicantName: `${facts.applicantForenames} ${facts.applicantSurname}`, applicationReference: facts.reference,
      furtherAppealToTribunal: appeal.against === 'withdrawal' && !!withdrawal && regimeFor(withdrawal.personType) === 'pvr_2025',
    });
  }

  async list(actor: ActorContext, o: { open: boolean; page: number; pageSize: number }) {
    assertAllowed(actor, 'read', { kind: 'vetting_case' });
    await this.deps.audit.record({ action: 'vetting-appeal.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.list(actor.viewer, { open: o.open, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  /** Counts for the home card (no personal data). */
  async counts(actor: ActorContext) {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) return undefined;
    return this.repo.counts(actor.viewer);
  }
}

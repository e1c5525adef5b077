import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, type Resource } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.js';
import type { z } from '../../../platform/openapi/registry.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import type { VettingRepository } from '../data.js';
import type { VettingFeatureDeps } from '../features.js';
import type { NdmRationale } from '../rules.js';
import type { AppealsRepository } from '../appeals/data.js';
import type { PanelDirectory } from '../appeals/panel-directory.js';
import { loadPolicy } from '../appeals/policy.js';
import { label } from '../appeals/presenters.js';
import { dueDate, todayInLondon } from '../appeals/time-limits.js';
import type { WithdrawalCase, WithdrawalRepository } from './data.js';
import { decisionReadyError, ndmErrors, regimeFor, stepDateError, withdrawalDecisionErrors, withdrawalStepError, type WithdrawalAction } from './rules.js';
import type { InterviewSchema, LinkSchema, NoticeSchema, OpenWithdrawal, PersonLeftSchema, RepresentationsSchema, WithdrawalDecisionBody } from './schema.js';

export const WITHDRAWAL_EVENTS = {
  /** { personId, decisionId, withdrawnOn, withdrawalId, linkedProcess, linkedReference }: other modules act on it (dismissal route, conduct, HR). */
  withdrawn: 'vetting.clearance.withdrawn',
} as const;

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const resourceOf = (c: Pick<WithdrawalCase, 'subjectPersonIds' | 'excludedUserIds' | 'sealedToUserIds'>): Resource =>
  ({ kind: 'vetting_case', subjectPersonIds: c.subjectPersonIds, excludedUserIds: c.excludedUserIds, sealedToUserIds: c.sealedToUserIds });

export class WithdrawalService {
  constructor(
    private readonly deps: VettingFeatureDeps,
    private readonly repo: WithdrawalRepository,
    private readonly appeals: AppealsRepository,
    private readonly core: VettingRepository,
    private readonly directory: PanelDirectory,
  ) {}

  private async find(id: string, q?: Queryable): Promise<WithdrawalCase> {
    const found = await this.repo.get(id, q);
    if (!found) throw new NotFoundError('There is no withdrawal case with that reference');
    return found;
  }

  /** Opens a withdrawal assessment of a serving person's current clearance. */
  async open(actor: ActorContext, body: OpenWithdrawal): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'create', { kind: 'vetting_case', subjectPersonIds: [body.personId] });
    const errors = ndmErrors(body.assessment, 'assessment');
    if (errors.length) throw new ValidationError(errors, 'The assessment cannot be opened yet');
    return this.deps.db.transaction(async (tx) => {
      const person = await this.deps.people.personBasics(body.personId, tx);
      if (!person) throw new ValidationError([{ field: 'personId', message: 'Nobody in the workforce directory has that reference' }]);
      const name = `${person.forenames} ${person.surname}`;
      if ((await this.deps.people.postholder(body.personId, tx))?.left) throw new ValidationError([{ field: 'personId', message: `${name} has left: there is no serving clearance to withdraw` }]);
      const held = await this.deps.vetting.currentClearance(body.personId, tx);
      const clearance = held && (await this.repo.clearanceByReference(held.reference, tx));
      if (!clearance || clearance.withdrawnOn) throw new ValidationError([{ field: 'personId', message: `${name} holds no current clearance to withdraw` }]);
      assertAllowed(actor, 'create', { kind: 'vetting_case', subjectPersonIds: [...clearance.subjectPersonIds, body.personId], excludedUserIds: clearance.excludedUserIds, sealedToUserIds: clearance.sealedToUserIds });
      const created = await this.repo.insert(tx, {
        personId: body.personId, personType: person.personType, subjectName: name, clearance, concern: body.concern, concernSource: body.concernSource,
        assessment: body.assessment as NdmRationale, openedOn: todayInLondon(), openedBy: actor.viewer.userId, openedByLabel: actor.viewer.label,
        linkedProcess: body.linkedProcess, linkedReference: body.linkedReference ?? null, linkedNote: body.linkedNote ?? null,
      });
      if (!created) throw new ConflictError(`A withdrawal assessment of ${name}’s clearance is already open`);
      await this.deps.audit.recordIn(tx, { action: 'vetting-withdrawal.open', actor: who(actor), subjectType: 'vetting_withdrawal', subjectId: created.id, subjectPersonId: body.personId, correlationId: actor.correlationId, ip: actor.ip, details: { decisionId: clearance.decisionId, concernSource: body.concernSource, linkedProcess: body.linkedProcess } });
      await this.deps.vetting.noteOnTimeline(tx, clearance.applicationId, actor.viewer.label, `Withdrawal assessment ${created.reference} opened (${label(body.concernSource).toLowerCase()})`);
      return created;
    });
  }

  async list(actor: ActorContext, o: { open: boolean; page: number; pageSize: number }) {
    assertAllowed(actor, 'read', { kind: 'vetting_case' });
    await this.deps.audit.record({ action: 'vetting-withdrawal.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.list(actor.viewer, { open: o.open, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  /** A case with its appeals and the rules that apply to it; authorised and audited before anything is returned. */
  async view(actor: ActorContext, id: string) {
    const found = await this.find(id);
    await authoriseRead(this.deps.audit, actor, 'read', resourceOf(found), { event: 'vetting-withdrawal.view', subjectType: 'vetting_withdrawal', subjectId: id, subjectPersonId: found.personId });
    const policy = await loadPolicy(this.deps.settings);
    const appeals = (await this.appeals.forApplication(found.applicationId)).filter((a) => a.withdrawalId === id);
    const today = todayInLondon();
    return {
      withdrawal: found, appeals, regime: regimeFor(found.personType), today,
      readyError: found.status === 'notice_served' ? decisionReadyError({ ...found, today, interviewRequired: policy.interviewRequired }) : undefined,
      representationsLate: !!found.representationsReceivedOn && !!found.representationsDueOn && found.representationsReceivedOn > found.representationsDueOn,
    };
  }

  /** Runs one step: access, state, the step's own checks and changes, audit, in one transaction. Stale versions get 409. */
  private async step(actor: ActorContext, id: string, action: WithdrawalAction | 'link', permission: 'update' | 'decide', run: (c: WithdrawalCase, tx: Queryable, today: string) => Promise<{ changes: Parameters<WithdrawalRepository['update']>[3]; version: number; details: Record<string, unknown>; timeline?: string }>) {
    assertAllowed(actor, permission, resourceOf(await this.find(id)));
    await this.deps.db.transaction(async (tx) => {
      const current = await this.find(id, tx);
      const stateError = action === 'link' ? undefined : withdrawalStepError(current.status, action);
      if (stateError) throw new ConflictError(stateError);
      const today = todayInLondon();
      const { changes, version, details, timeline } = await run(current, tx, today);
      if (!(await this.repo.update(tx, id, version, changes))) throw new ConflictError();
      await this.deps.audit.recordIn(tx, { action: `vetting-withdrawal.${action}`, actor: who(actor), subjectType: 'vetting_withdrawal', subjectId: id, subjectPersonId: current.personId, correlationId: actor.correlationId, ip: actor.ip, details });
      if (timeline) await this.deps.vetting.noteOnTimeline(tx, current.applicationId, actor.viewer.label, `Withdrawal assessment ${current.reference}: ${timeline}`);
    });
    void this.deps.bus.dispatch();
  }

  async serveNotice(actor: ActorContext, id: string, body: z.infer<typeof NoticeSchema>) {
    await this.step(actor, id, 'notice', 'update', async (c, tx, today) => {
      fail(stepDateError('servedOn', body.servedOn, { notBefore: c.openedOn, today, what: 'notice was served' }));
      const policy = await loadPolicy(this.deps.settings, tx);
      const due = dueDate(body.servedOn, policy.representationTime, policy.bankHolidays);
      return {
        version: body.version, details: { servedOn: body.servedOn, method: body.method, representationsDueOn: due }, timeline: `notice served ${label(body.method).toLowerCase()}; representations due by ${formatDate(due)}`,
        changes: { status: 'notice_served', notice_served_on: body.servedOn, notice_method: body.method, notice_note: body.note ?? null, representations_due_on: due },
      };
    });
  }

  async recordRepresentations(actor: ActorContext, id: string, body: z.infer<typeof RepresentationsSchema>) {
    await this.step(actor, id, 'representations', 'update', async (c, _tx, today) => {
      if (c.representationsReceivedOn) throw new ConflictError('Representations have already been recorded');
      fail(stepDateError('receivedOn', body.receivedOn, { notBefore: c.noticeServedOn, today, what: 'representations were received' }));
      const late = !!c.representationsDueOn && body.receivedOn > c.representationsDueOn;
      return {
        version: body.version, details: { receivedOn: body.receivedOn, late }, timeline: `representations received${late ? ' (late)' : ''}`,
        changes: { representations_received_on: body.receivedOn, representations_summary: body.summary },
      };
    });
  }

  async recordInterview(actor: ActorContext, id: string, body: z.infer<typeof InterviewSchema>) {
    await this.step(actor, id, 'interview', 'update', async (c, _tx, today) => {
      fail(stepDateError('heldOn', body.heldOn, { notBefore: c.noticeServedOn, today, what: 'of the interview' }));
      return {
        version: body.version, details: { heldOn: body.heldOn }, timeline: 'interview recorded',
        changes: { interview_on: body.heldOn, interview_attendees: body.attendees ?? null, interview_record: body.record },
      };
    });
  }

  /** The link to the conduct or performance process; it may be added or corrected at any stage. */
  async updateLink(actor: ActorContext, id: string, body: z.infer<typeof LinkSchema>) {
    await this.step(actor, id, 'link', 'update', async () => ({
      version: body.version, details: { linkedProcess: body.linkedProcess, linkedReference: body.linkedReference ?? null },
      timeline: body.linkedProcess === 'none' ? 'no linked conduct or performance process' : `linked to ${body.linkedProcess} process ${body.linkedReference}`,
      changes: { linked_process: body.linkedProcess, linked_reference: body.linkedProcess === 'none' ? null : body.linkedReference ?? null, linked_note: body.linkedNote ?? null },
    }));
  }

  /** APP 6.2.2: people who resigned or retired before the assessment concluded stay on record. */
  async recordPersonLeft(actor: ActorContext, id: string, body: z.infer<typeof PersonLeftSchema>) {
    await this.step(actor, id, 'left', 'update', async (c, _tx, today) => {
      fail(stepDateError('leftOn', body.leftOn, { notBefore: c.openedOn, today, what: 'the person left' }));
      return {
        version: body.version, details: { leftOn: body.leftOn, reason: body.reason }, timeline: `${label(body.reason).toLowerCase()} before the assessment concluded`,
        changes: { status: 'person_left', left_on: body.leftOn, left_reason: body.reason, left_note: body.note ?? null },
      };
    });
  }

  /** The decision: withdraw (the clearance stops being current, and other modules are told), retain, or retain with conditions. */
  async decide(actor: ActorContext, id: string, body: WithdrawalDecisionBody) {
    await this.step(actor, id, 'decision', 'decide', async (c, tx, today) => {
      const policy = await loadPolicy(this.deps.settings, tx);
      const notReady = decisionReadyError({ ...c, today, interviewRequired: policy.interviewRequired });
      if (notReady) throw new ConflictError(notReady);
      const errors: FieldError[] = withdrawalDecisionErrors({ decision: body.decision, rationale: body.rationale as Partial<NdmRationale>, conditions: body.conditions });
      const conditions = await Promise.all(body.conditions.map(async (cond, i) => {
        const owner = cond.ownerUsername ? await this.directory.byUsername(cond.ownerUsername, tx) : undefined;
        if (cond.ownerUsername && !owner) errors.push({ field: `conditions.${i}.ownerUsername`, message: `There is no Probity user called ${cond.ownerUsername}` });
        return { description: cond.description, responsibleUnit: cond.responsibleUnit, ownerName: cond.ownerName, ownerUserId: owner?.id ?? null, reviewOn: cond.reviewOn, subjectToldOn: cond.subjectToldOn, managerToldOn: cond.managerToldOn, hrToldOn: cond.hrToldOn };
      }));
      if (errors.length) throw new ValidationError(errors, 'The decision cannot be saved yet');
      let appealDueOn: string | null = null;
      let conditionIds: string[] = [];
      if (body.decision === 'withdraw') {
        if (!(await this.repo.withdrawClearance(tx, c.decisionId, today))) throw new ConflictError('This clearance has already been withdrawn');
        appealDueOn = dueDate(today, policy.timeLimits.withdrawal, policy.bankHolidays);
        await this.deps.bus.publish(tx, {
          type: WITHDRAWAL_EVENTS.withdrawn,
          payload: { personId: c.personId, decisionId: c.decisionId, withdrawnOn: today, withdrawalId: c.id, linkedProcess: c.linkedProcess, linkedReference: c.linkedReference },
          correlationId: actor.correlationId,
        });
      } else if (body.decision === 'retain_with_conditions') {
        conditionIds = await this.core.insertConditions(tx, c.decisionId, conditions);
        appealDueOn = dueDate(today, policy.timeLimits.conditions, policy.bankHolidays);
      }
      return {
        version: body.version, details: { decision: body.decision, conditions: conditions.length, appealDueOn },
        timeline: `decided: ${label(body.decision).toLowerCase()}${appealDueOn ? `; appeal possible until ${formatDate(appealDueOn)}` : ''}`,
        changes: { status: 'decided', decision: body.decision, decision_rationale: body.rationale, decided_on: today, decided_by: actor.viewer.userId, decided_by_label: actor.viewer.label, condition_ids: conditionIds, appeal_due_on: appealDueOn },
      };
    });
  }

  async counts(actor: ActorContext) {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) return undefined;
    return this.repo.counts(actor.viewer);
  }
}

function fail(error: FieldError | undefined): void {
  if (error) throw new ValidationError([error]);
}

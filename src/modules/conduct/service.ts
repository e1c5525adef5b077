import { assertAllowed, authoriseRead, type ActorContext } from '../../platform/access/guard.js';
import { canAny, checkAccess, type Resource } from '../../platform/access/policy.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { SettingsStore } from '../../platform/settings.js';
import type { z } from '../../platform/openapi/registry.js';
import type { ConductRepository, ConductCase } from './data.js';
import {
  DECISION_LABELS, flagFindings, handlingRouteErrors, outcomeErrors, referralErrors, seniorityVerdict,
  type CaseKind, type DecisionKind, type Forum, type Finding, type HandlingRoute, type Outcome,
} from './rules.js';
import { conductRules, type ConductRules } from './settings.js';
import type {
  AddSubjectSchema, AllegationSchema, CaseListQuery, CaseToAnswerSchema, FinalisationSchema, FlagSchema, HandlingRouteSchema, NewCaseSchema, OutcomeSchema,
  PartySchema, PublicComplaintSchema, RecordingSchema, ReferralSchema, SeveritySchema, VictimSupportSchema, PARTY_PURPOSES,
} from './schema.js';

/** What conduct needs from the workforce directory, through its service, never its tables. */
export interface PeopleDirectory {
  personBasics(personId: string, q?: Queryable): Promise<{ forenames: string; surname: string; dateOfBirth: string | null; personType: string } | undefined>;
  personIdByPayroll(payrollNumber: string): Promise<string | undefined>;
  /** The person's rank or grade as the directory holds it (null when not recorded), for the seniority rule. */
  rankOrGrade(personId: string, q?: Queryable): Promise<string | null | undefined>;
}

export const CONDUCT_EVENTS = {
  caseReceived: 'conduct.case.received',
  /** { personId, outcome, caseId }: vetting opens a review for a written warning, final written warning or reduction in rank. */
  outcomeRecorded: 'conduct.outcome.recorded',
} as const;

/** The field each decision's seniority refusal is reported against (API details and the form's error summary). */
export const SENIORITY_FIELD: Record<DecisionKind, string> = {
  recording: 'decision', handling_route: 'route', referral: 'referred', severity: 'severity', case_to_answer: 'finding', finalisation: 'rationale',
};

type DecisionBodies = {
  recording: z.infer<typeof RecordingSchema>; handling_route: z.infer<typeof HandlingRouteSchema>; referral: z.infer<typeof ReferralSchema>;
  severity: z.infer<typeof SeveritySchema>; case_to_answer: z.infer<typeof CaseToAnswerSchema>; finalisation: z.infer<typeof FinalisationSchema>;
};
interface DecisionPlan { value: string; personId: string | null; details: Record<string, unknown>; set: Record<string, unknown>; note: string }

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const words = (code: string) => code.replace(/_/g, ' ');
const PUBLIC_FORM = { userId: null, label: 'public online form' };

/** The seniority report lists at most this many breaches (newest first); it counts them all. */
const SENIORITY_LISTED = 500;
/** The data-quality page lists at most this many possible mis-flaggings; it counts them all. */
const FINDINGS_LISTED = 500;

export class ConductService {
  constructor(
    private readonly db: Db,
    private readonly repo: ConductRepository,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
    private readonly people: PeopleDirectory,
    private readonly settings: SettingsStore,
  ) {}

  rules(q?: Queryable): Promise<ConductRules> {
    return conductRules(this.settings, q);
  }

  /** Checks features add (open lines of inquiry, for example) that must pass before a case is finalised. */
  private finalisationBlockers: ((caseId: string, tx: Queryable) => Promise<string[]>)[] = [];
  addFinalisationBlocker(check: (caseId: string, tx: Queryable) => Promise<string[]>): void {
    this.finalisationBlockers.push(check);
  }

  /** The case as an access-control resource (features authorise their reads and writes on a case with it). */
  caseResource(id: string, q?: Queryable) {
    return this.resource(id, q);
  }

  /** Adds a line to a case's timeline inside the caller's transaction (features use this too). */
  noteOnTimeline(tx: Queryable, caseId: string, actorLabel: string, what: string): Promise<void> {
    return this.repo.note(tx, caseId, actorLabel, what);
  }

  private async resource(id: string, q: Queryable = this.db): Promise<Resource & { kind: 'conduct_case' }> {
    const meta = await this.repo.meta(id, q);
    if (!meta) throw new NotFoundError('There is no conduct case with that reference');
    return { kind: 'conduct_case', subjectPersonIds: meta.subjectPersonIds, excludedUserIds: meta.excludedUserIds, sealedToUserIds: meta.sealedToUserIds };
  }

  /** Runs a write on a case the caller may change: checks access, refuses a stale version, audits and notes it in the same transaction. */
  private async write<T>(actor: ActorContext, id: string, action: 'update' | 'decide', version: number, work: (tx: Queryable, c: ConductCase) => Promise<{ result: T; set?: Record<string, unknown>; note: string; audit: string; details?: Record<string, unknown> }>): Promise<T> {
    assertAllowed(actor, action, await this.resource(id));
    const out = await this.db.transaction(async (tx) => {
      const current = await this.repo.caseById(id, tx);
      if (!current) throw new NotFoundError();
      if (current.version !== version) throw new ConflictError();
      const done = await work(tx, current);
      if (!(await this.repo.touch(tx, id, version, done.set))) throw new ConflictError();
      const subjects = await this.repo.syncSubjects(tx, id);
      await this.repo.note(tx, id, actor.viewer.label, done.note);
      await this.audit.recordIn(tx, { action: done.audit, actor: who(actor), subjectType: 'conduct_case', subjectId: id, subjectPersonId: subjects.length === 1 ? subjects[0] : null, correlationId: actor.correlationId, ip: actor.ip, details: done.details });
      return done.result;
    });
    void this.bus.dispatch();
    return out;
  }

  // --- Recording ------------------------------------------------------------------------------

  async createCase(actor: ActorContext, input: z.infer<typeof NewCaseSchema>): Promise<{ id: string; reference: string }> {
    assertAllowed(actor, 'create', { kind: 'conduct_case' });
    const created = await this.db.transaction(async (tx) => {
      const c = await this.repo.createCase(tx, { kind: input.kind, source: actor.viewer.tokenScopes ? 'api' : 'caseworker', summary: input.summary, receivedOn: input.receivedOn });
      await this.repo.note(tx, c.id, actor.viewer.label, `Case opened: ${words(input.kind)}, received ${input.receivedOn}`);
      await this.audit.recordIn(tx, { action: 'conduct-case.create', actor: who(actor), subjectType: 'conduct_case', subjectId: c.id, correlationId: actor.correlationId, ip: actor.ip, details: { kind: input.kind } });
      await this.bus.publish(tx, { type: CONDUCT_EVENTS.caseReceived, payload: { caseId: c.id, kind: input.kind }, correlationId: actor.correlationId });
      return c;
    });
    void this.bus.dispatch();
    return created;
  }

  /**
   * A complaint from the public online form: a case waiting to be recorded, with its complainant kept apart.
   * The sender's address goes only into the audit log; the answer is the new reference and nothing else.
   */
  async submitPublicComplaint(input: z.infer<typeof PublicComplaintSchema>, request: { ip?: string; correlationId: string }): Promise<string> {
    const summary = [
      input.whatHappened,
      input.occurredOn ? `When: ${input.occurredOn}` : '',
      input.location ? `Where: ${input.location}` : '',
      input.officersInvolved ? `Officers or staff involved: ${input.officersInvolved}` : '',
      input.affected === 'on_behalf' ? 'Made on behalf of someone else.' : '',
    ].filter(Boolean).join('\n\n');
    const reference = await this.db.transaction(async (tx) => {
      const c = await this.repo.createCase(tx, { kind: 'public_complaint', source: 'online_form', summary, receivedOn: todayInLondon() });
      await this.repo.insertParty(tx, c.id, { role: 'complainant', colleague: false, personId: null, forenames: input.forenames, surname: input.surname, email: input.email ?? null, phone: input.phone ?? null, address: input.address ?? null, postcode: input.postcode ?? null, vulnerable: false });
      await this.repo.note(tx, c.id, PUBLIC_FORM.label, 'Complaint received through the public online form');
      await this.audit.recordIn(tx, { action: 'conduct-case.public-submit', actor: PUBLIC_FORM, subjectType: 'conduct_case', subjectId: c.id, correlationId: request.correlationId, ip: request.ip });
      await this.bus.publish(tx, { type: CONDUCT_EVENTS.caseReceived, payload: { caseId: c.id, kind: 'public_complaint' }, correlationId: request.correlationId });
      return c.reference;
    });
    void this.bus.dispatch();
    return reference;
  }

  async list(actor: ActorContext, query: CaseListQuery) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.audit.record({ action: 'conduct-case.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...query } });
    const { page, pageSize, ...filters } = query;
    return this.repo.list(actor.viewer, { ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  }

  /** The case with everything a caseworker sees on its page; complainants and victims only as roles, never who they are. */
  async view(actor: ActorContext, id: string) {
    const resource = await this.resource(id);
    await authoriseRead(this.audit, actor, 'read', resource, { event: 'conduct-case.view', subjectType: 'conduct_case', subjectId: id });
    const [conductCase, allegations, caseFlags, parties, decisions, outcomes, timeline] = [
      await this.repo.caseById(id), await this.repo.allegations(id), await this.repo.caseFlags(id), await this.repo.partySummaries(id),
      await this.repo.decisions(id), await this.repo.outcomes(id), await this.repo.timeline(id),
    ];
    const subjectNames: Record<string, string> = {};
    for (const personId of conductCase!.subjectPersonIds) {
      const p = await this.people.personBasics(personId);
      subjectNames[personId] = p ? `${p.forenames} ${p.surname}` : 'Not in the workforce directory';
    }
    const { subjectPersonIds, excludedUserIds: _e, sealedToUserIds: _s, ...rest } = conductCase!;
    return { case: { ...rest, subjectPersonIds }, allegations, caseFlags, parties, decisions, outcomes, timeline, subjectNames };
  }

  async addAllegation(actor: ActorContext, id: string, body: z.infer<typeof AllegationSchema>): Promise<string> {
    const rules = await this.rules();
    const errors = [];
    if (!rules.allegationCategories.some((c) => c.code === body.category)) errors.push({ field: 'category', message: 'Choose an allegation category from the list' });
    for (const [i, s] of body.subjects.entries()) {
      if (s.personId && !(await this.people.personBasics(s.personId))) errors.push({ field: `subjects.${i}.personId`, message: 'Nobody in the workforce directory has that reference' });
    }
    if (errors.length) throw new ValidationError(errors);
    return this.write(actor, id, 'update', body.version, async (tx, c) => {
      if (c.status === 'finalised') throw new ConflictError('This case has been finalised: its allegations can no longer change');
      const allegationId = await this.repo.insertAllegation(tx, id, { category: body.category, description: body.description, occurredOn: body.occurredOn ?? null });
      for (const s of body.subjects) await this.repo.insertSubject(tx, id, allegationId, { personId: s.personId?.toLowerCase() ?? null, unidentifiedDescription: s.personId ? null : s.unidentifiedDescription! });
      const named = body.subjects.filter((s) => s.personId).length;
      return { result: allegationId, note: `Allegation added (${body.category}), ${named} identified subject${named === 1 ? '' : 's'}${named < body.subjects.length ? ' and an unidentified subject' : ''}`, audit: 'conduct-allegation.add', details: { allegationId, category: body.category, subjects: body.subjects.length } };
    });
  }

  /** Names a further subject of an allegation (for example once an unidentified officer is identified). */
  async addSubject(actor: ActorContext, id: string, allegationId: string, body: z.infer<typeof AddSubjectSchema>): Promise<void> {
    if (body.personId && !(await this.people.personBasics(body.personId))) throw new ValidationError([{ field: 'personId', message: 'Nobody in the workforce directory has that reference' }]);
    await this.write(actor, id, 'update', body.version, async (tx, c) => {
      if (c.status === 'finalised') throw new ConflictError('This case has been finalised: its subjects can no longer change');
      if ((await this.repo.allegationCase(allegationId, tx)) !== id) throw new NotFoundError('There is no such allegation on this case');
      if (!(await this.repo.insertSubject(tx, id, allegationId, { personId: body.personId?.toLowerCase() ?? null, unidentifiedDescription: body.personId ? null : body.unidentifiedDescription! }))) {
        throw new ValidationError([{ field: 'personId', message: 'That person is already a subject of this allegation' }]);
      }
      return { result: undefined, note: body.personId ? 'Subject identified and added to an allegation' : 'Unidentified subject added to an allegation', audit: 'conduct-subject.add', details: { allegationId } };
    });
  }

  async setFlag(actor: ActorContext, id: string, body: z.infer<typeof FlagSchema>, on: boolean): Promise<void> {
    const rules = await this.rules();
    const label = rules.flagDefinitions[body.flag].label;
    await this.write(actor, id, 'update', body.version, async (tx) => {
      const allegationId = body.allegationId?.toLowerCase() ?? null;
      if (allegationId && (await this.repo.allegationCase(allegationId, tx)) !== id) throw new ValidationError([{ field: 'allegationId', message: 'Choose an allegation on this case' }]);
      const changed = on ? await this.repo.insertFlag(tx, id, allegationId, body.flag, actor.viewer.label) : await this.repo.deleteFlag(tx, id, allegationId, body.flag);
      if (!changed) throw new ValidationError([{ field: 'flag', message: on ? 'That flag is already set' : 'That flag is not set' }]);
      return { result: undefined, note: `${on ? 'Flagged' : 'Flag removed'}: ${label}${allegationId ? ' (on an allegation)' : ''}`, audit: on ? 'conduct-flag.add' : 'conduct-flag.remove', details: { flag: body.flag, allegationId } };
    });
  }

  // --- Complainants and victims ---------------------------------------------------------------

  /** Whether the viewer's role lets them see who complainants and victims are (always with a purpose, audited). */
  async canSeeParties(actor: ActorContext): Promise<boolean> {
    const roles = (await this.rules()).partyDetailRoles;
    return canAny(actor.viewer, 'read', 'conduct_case') && actor.viewer.roles.some((r) => roles.includes(r));
  }

  private async assertPartyAccess(actor: ActorContext, id: string, action: 'read' | 'update', purpose?: string) {
    const resource = await this.resource(id);
    const decision = checkAccess(actor.viewer, action, resource);
    const access = { event: 'conduct-parties.view', subjectType: 'conduct_case', subjectId: id, purpose };
    if (decision.allowed && !(await this.canSeeParties(actor))) {
      await this.audit.record({ action: access.event, actor: who(actor), outcome: 'denied', subjectType: access.subjectType, subjectId: id, correlationId: actor.correlationId, ip: actor.ip, purpose, details: { reason: 'party_role' } });
      throw new ForbiddenError('Your role does not give access to complainants’ and victims’ details');
    }
    if (action === 'read') await authoriseRead(this.audit, actor, 'read', resource, access);
    else assertAllowed(actor, 'update', resource);
  }

  async viewParties(actor: ActorContext, id: string, purpose: (typeof PARTY_PURPOSES)[number]) {
    await this.assertPartyAccess(actor, id, 'read', purpose);
    const [c, parties, rules] = [await this.repo.caseById(id), await this.repo.parties(id), await this.rules()];
    return { reference: c!.reference, version: c!.version, parties, entitlements: rules.victimsCodeEntitlements };
  }

  async addParty(actor: ActorContext, id: string, body: z.infer<typeof PartySchema>): Promise<string> {
    await this.assertPartyAccess(actor, id, 'update');
    if (body.personId && !(await this.people.personBasics(body.personId))) throw new ValidationError([{ field: 'personId', message: 'Nobody in the workforce directory has that reference' }]);
    return this.write(actor, id, 'update', body.version, async (tx, c) => {
      if (body.personId && c.subjectPersonIds.includes(body.personId.toLowerCase())) throw new ValidationError([{ field: 'personId', message: 'A subject of the case cannot be recorded as its complainant or victim' }]);
      const partyId = await this.repo.insertParty(tx, id, { role: body.role, colleague: body.colleague, personId: body.personId?.toLowerCase() ?? null, forenames: body.forenames, surname: body.surname, email: body.email ?? null, phone: body.phone ?? null, address: body.address ?? null, postcode: body.postcode ?? null, vulnerable: body.vulnerable });
      // The timeline is read by every caseworker: it says what kind of party, never who.
      return { result: partyId, note: `${body.colleague ? 'Colleague' : 'Member of the public'} recorded as ${words(body.role)}`, audit: 'conduct-party.add', details: { partyId, role: body.role, colleague: body.colleague } };
    });
  }

  async recordVictimSupport(actor: ActorContext, id: string, partyId: string, body: z.infer<typeof VictimSupportSchema>): Promise<void> {
    await this.assertPartyAccess(actor, id, 'update');
    const entitlements = (await this.rules()).victimsCodeEntitlements;
    const unknown = body.entitlementsOffered.filter((e) => !entitlements.includes(e));
    if (unknown.length) throw new ValidationError([{ field: 'entitlementsOffered', message: 'Choose entitlements from the Victims’ Code list' }]);
    await this.write(actor, id, 'update', body.version, async (tx) => {
      const party = await this.repo.party(partyId, tx);
      if (party?.caseId !== id) throw new NotFoundError('There is no such victim on this case');
      if (!party.colleague || party.role === 'complainant') throw new ValidationError([{ field: 'supportPlan', message: 'A support plan is recorded for a colleague who is a victim' }]);
      await this.repo.upsertSupport(tx, partyId, { ...body, byLabel: actor.viewer.label });
      return { result: undefined, note: `Colleague victim’s support plan recorded (${body.entitlementsOffered.length} Victims’ Code entitlement${body.entitlementsOffered.length === 1 ? '' : 's'} offered)`, audit: 'conduct-victim-support.record', details: { partyId, entitlements: body.entitlementsOffered.length } };
    });
  }

  // --- Appropriate-authority decisions and the seniority rule ----------------------------------

  /**
   * Takes an appropriate-authority decision. Refused (400, on the decision's field) when the decider's rank or grade
   * in the workforce directory is below the configured minimum, or unknown; the refusal is audited.
   */
  async decide<K extends DecisionKind>(actor: ActorContext, id: string, kind: K, body: DecisionBodies[K]): Promise<string> {
    assertAllowed(actor, kind === 'recording' ? 'update' : 'decide', await this.resource(id));
    const rules = await this.rules();
    const rank = actor.viewer.personId ? await this.people.rankOrGrade(actor.viewer.personId) : undefined;
    const verdict = actor.viewer.personId
      ? seniorityVerdict(kind, rank, rules.decisionMinimumRanks, rules.rankOrder)
      : { ok: false as const, message: `Your account is not linked to a person in the workforce directory, so your rank or grade cannot be checked for ${DECISION_LABELS[kind]}` };
    if (!verdict.ok) {
      await this.audit.record({ action: 'conduct-decision.refused', actor: who(actor), outcome: 'denied', subjectType: 'conduct_case', subjectId: id, correlationId: actor.correlationId, ip: actor.ip, details: { kind, rank: rank ?? null, reason: 'seniority' } });
      throw new ValidationError([{ field: SENIORITY_FIELD[kind], message: verdict.message }], verdict.message);
    }
    return this.write(actor, id, kind === 'recording' ? 'update' : 'decide', body.version, async (tx, c) => {
      if (c.status === 'finalised') throw new ConflictError('This case has been finalised');
      const plan = await this.plan(kind, body, c, tx);
      const decisionId = await this.repo.insertDecision(tx, id, {
        kind, value: plan.value, personId: plan.personId, rationale: body.rationale, details: plan.details, decidedOn: todayInLondon(),
        decidedBy: actor.viewer.userId, decidedByLabel: actor.viewer.label, deciderPersonId: actor.viewer.personId, deciderRank: rank ?? null,
      });
      return { result: decisionId, set: plan.set, note: `${plan.note} (${rank})`, audit: `conduct-decision.${kind.replace(/_/g, '-')}`, details: { decisionId, value: plan.value, rank } };
    });
  }

  /** What a decision changes, after the rules for its kind; throws a field-level error when they are not met. */
  private async plan(kind: DecisionKind, raw: DecisionBodies[DecisionKind], c: ConductCase, tx: Queryable): Promise<DecisionPlan> {
    const today = todayInLondon();
    const subjectOf = (personId: string) => {
      if (!c.subjectPersonIds.includes(personId.toLowerCase())) throw new ValidationError([{ field: 'personId', message: 'Choose a subject of this case' }]);
      return personId.toLowerCase();
    };
    switch (kind) {
      case 'recording': {
        const body = raw as DecisionBodies['recording'];
        if (c.status !== 'to_be_recorded' && !(c.status === 'logged_outside_schedule_3' && body.decision === 'record')) throw new ConflictError('This case has already been recorded');
        if (body.decision === 'log_outside_schedule_3' && c.kind !== 'public_complaint') throw new ValidationError([{ field: 'decision', message: 'Only a complaint can be logged outside Schedule 3; conduct and DSI matters are always recorded' }]);
        return body.decision === 'record'
          ? { value: 'record', personId: null, details: {}, set: { status: 'recorded', recorded_on: today }, note: 'Recorded' }
          : { value: 'log_outside_schedule_3', personId: null, details: {}, set: { status: 'logged_outside_schedule_3' }, note: 'Logged outside Schedule 3' };
      }
      case 'referral': {
        const body = raw as DecisionBodies['referral'];
        const errors = referralErrors(c.kind as CaseKind, body.criteria, body.referred, body.referredOn);
        if (errors.length) throw new ValidationError(errors);
        return {
          value: body.referred ? 'referred' : 'not_referred', personId: null, details: { criteria: body.criteria, referredOn: body.referredOn ?? null, iopcReference: body.iopcReference ?? null },
          set: { referred: body.referred }, note: body.referred ? `Referred to the IOPC on ${body.referredOn}${body.criteria.length ? ` (${body.criteria.map(words).join(', ')})` : ' (voluntary referral)'}` : 'Referral considered: no criterion met, not referred',
        };
      }
      case 'handling_route': {
        const body = raw as DecisionBodies['handling_route'];
        const referral = (await this.repo.decisions(c.id, tx)).filter((d) => d.kind === 'referral').at(-1);
        const criteriaMet = ((referral?.details.criteria as string[] | undefined) ?? []).length > 0;
        const errors = handlingRouteErrors(body.route as HandlingRoute, { kind: c.kind as CaseKind, referralCriteriaMet: criteriaMet, referred: c.referred, status: c.status });
        if (errors.length) throw new ValidationError(errors);
        return { value: body.route, personId: null, details: {}, set: { handling_route: body.route, status: c.status === 'logged_outside_schedule_3' ? c.status : 'assessed' }, note: `Handling decided: ${words(body.route)}` };
      }
      case 'severity': {
        const body = raw as DecisionBodies['severity'];
        if (c.status === 'to_be_recorded') throw new ValidationError([{ field: 'severity', message: 'Record the case before assessing severity' }]);
        const personId = subjectOf(body.personId);
        const rprp = body.severity === 'no_misconduct' && body.reflectivePractice;
        return { value: body.severity, personId, details: { reflectivePractice: rprp }, set: {}, note: `Severity assessed: ${words(body.severity)}${rprp ? ', practice requiring improvement (reflective practice review process)' : ''}` };
      }
      case 'case_to_answer': {
        const body = raw as DecisionBodies['case_to_answer'];
        const personId = subjectOf(body.personId);
        const assessed = (await this.repo.decisions(c.id, tx)).some((d) => d.kind === 'severity' && d.personId === personId);
        if (!assessed) throw new ValidationError([{ field: 'finding', message: 'Assess the severity for this subject before deciding whether there is a case to answer' }]);
        return { value: body.finding, personId, details: {}, set: {}, note: `Case to answer decided: ${words(body.finding)}` };
      }
      case 'finalisation': {
        if (!c.handlingRoute) throw new ValidationError([{ field: 'rationale', message: 'Decide how the case is handled before finalising it' }]);
        const blockers = (await Promise.all(this.finalisationBlockers.map((check) => check(c.id, tx)))).flat();
        if (blockers.length) throw new ValidationError(blockers.map((message) => ({ field: 'rationale', message })), 'The case cannot be finalised yet');
        return { value: 'finalised', personId: null, details: {}, set: { status: 'finalised', finalised_on: today }, note: 'Case finalised' };
      }
    }
  }

  // --- Outcomes -------------------------------------------------------------------------------

  /** Records an outcome for one subject and publishes it, so vetting can open a review. */
  /** Records an outcome for a subject; `alsoInTransaction` lets a feature (hearings) write its own record of it atomically. */
  async recordOutcome(actor: ActorContext, id: string, body: z.infer<typeof OutcomeSchema>, alsoInTransaction?: (tx: Queryable, outcomeId: string) => Promise<void>): Promise<string> {
    const personId = body.personId.toLowerCase();
    const person = await this.people.personBasics(personId);
    const errors = outcomeErrors({
      forum: body.forum as Forum, finding: body.finding as Finding | undefined, outcome: body.outcome as Outcome, decidedOn: body.decidedOn,
      liveFinalWarningOrMultipleIncidents: body.liveFinalWarningOrMultipleIncidents, departureReasons: body.departureReasons, subjectIsOfficer: person?.personType === 'officer',
    });
    if (body.decidedOn > todayInLondon()) errors.push({ field: 'decidedOn', message: 'The date of the outcome must be today or in the past' });
    if (errors.length) throw new ValidationError(errors);
    return this.write(actor, id, 'decide', body.version, async (tx, c) => {
      if (!c.subjectPersonIds.includes(personId)) throw new ValidationError([{ field: 'personId', message: 'Choose a subject of this case' }]);
      if (c.status === 'to_be_recorded') throw new ValidationError([{ field: 'outcome', message: 'Record the case before recording an outcome' }]);
      const outcomeId = await this.repo.insertOutcome(tx, id, { personId, forum: body.forum, finding: body.finding ?? null, outcome: body.outcome, decidedOn: body.decidedOn, decidedByName: body.decidedByName, recordedBy: actor.viewer.userId, recordedByLabel: actor.viewer.label });
      await alsoInTransaction?.(tx, outcomeId);
      await this.bus.publish(tx, { type: CONDUCT_EVENTS.outcomeRecorded, payload: { personId, outcome: body.outcome, caseId: id }, correlationId: actor.correlationId });
      const departure = body.departureReasons ? ' (departing from the presumption of dismissal)' : '';
      return { result: outcomeId, note: `Outcome recorded: ${words(body.outcome)} after ${words(body.forum)}${departure}, decided ${body.decidedOn} by ${body.decidedByName}`, audit: 'conduct-outcome.record', details: { outcomeId, personId, outcome: body.outcome, forum: body.forum } };
    });
  }

  // --- Work lists, reports, person history ----------------------------------------------------

  async workList(actor: ActorContext, limit = 10) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.audit.record({ action: 'conduct-worklist.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    return this.repo.workList(actor.viewer, limit);
  }

  /** Likely mis-flagging across the cases the viewer may see. */
  async dataQuality(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.audit.record({ action: 'conduct-data-quality.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    const rules = await this.rules();
    // Every case is checked, a page of 5,000 at a time; the page lists the first FINDINGS_LISTED findings and counts them all.
    const findings: ReturnType<typeof flagFindings> = [];
    let findingCount = 0;
    let casesChecked = 0;
    for (let after: { receivedOn: string; caseId: string } | undefined, page; ; after = page.at(-1)) {
      page = await this.repo.flagFacts(actor.viewer, 5000, after);
      casesChecked += page.length;
      for (const f of page) {
        const found = flagFindings(f, rules.allegationCategories);
        findingCount += found.length;
        findings.push(...found.slice(0, Math.max(0, FINDINGS_LISTED - findings.length)));
      }
      if (page.length < 5000) break;
    }
    return { findings, findingCount, casesChecked, flagDefinitions: rules.flagDefinitions };
  }

  /** Every recorded decision taken by someone below today's minimum rank for it (or of unknown rank). */
  async seniorityReport(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.audit.record({ action: 'conduct-seniority-report.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    const rules = await this.rules();
    // Judge each (kind, rank) pair once, in code, then fetch only the breaching decisions: every decision is counted,
    // however many there are, and the page lists the newest SENIORITY_LISTED of them.
    const groups = await this.repo.decisionRankGroups(actor.viewer);
    const verdicts = new Map(groups.map((g) => [`${g.kind}|${g.deciderRank}`, seniorityVerdict(g.kind as DecisionKind, g.deciderRank, rules.decisionMinimumRanks, rules.rankOrder)]));
    const breaching = groups.filter((g) => !verdicts.get(`${g.kind}|${g.deciderRank}`)!.ok);
    const records = await this.repo.decisionRecords(actor.viewer, breaching, SENIORITY_LISTED);
    const breaches = records.map((r) => {
      const verdict = verdicts.get(`${r.kind}|${r.deciderRank}`) as { ok: false; message: string };
      return { ...r, minimumRank: rules.decisionMinimumRanks[r.kind as DecisionKind], problem: verdict.message.replace(/^Your rank or grade/, 'The decider’s rank or grade').replace(/your rank or grade is/, 'the decider was') };
    });
    const sum = (gs: typeof groups) => gs.reduce((n, g) => n + g.decisions, 0);
    return { breaches, breachCount: sum(breaching), decisionsChecked: sum(groups), minimums: rules.decisionMinimumRanks };
  }

  /** A person's conduct history for the person page: PSD roles only, never the person themselves; audited. */
  async personHistory(actor: ActorContext, personId: string) {
    if (!canAny(actor.viewer, 'read', 'conduct_case')) throw new ForbiddenError();
    if (actor.viewer.personId === personId) throw new NotFoundError();
    await this.audit.record({ action: 'conduct-history.view', actor: who(actor), subjectType: 'person', subjectId: personId, subjectPersonId: personId, correlationId: actor.correlationId, ip: actor.ip });
    return this.repo.historyOf(actor.viewer, personId);
  }

  async personPanel(actor: ActorContext, personId: string) {
    if (!canAny(actor.viewer, 'read', 'conduct_case') || actor.viewer.personId === personId) return undefined;
    return this.personHistory(actor, personId);
  }

  personIdByPayroll(payrollNumber: string): Promise<string | undefined> {
    return this.people.personIdByPayroll(payrollNumber);
  }
}

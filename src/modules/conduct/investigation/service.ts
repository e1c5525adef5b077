import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, checkAccess } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { z } from '../../../platform/openapi/registry.js';
import type { ConductFeatureDeps } from '../features.js';
import { rankLevel } from '../rules.js';
import type { CaseFacts, InvestigationRepository, Line } from './data.js';
import {
  addWorkingDays, isCriminalAllegation, missingWiderInquiries, noticeErrors, openLineBlockers, responseErrors, reviewsDue, todayInLondon, twelveMonthClock,
  type NoticeKind, type ReviewKind,
} from './rules.js';
import { INVESTIGATION_SETTINGS, investigationRules, type InvestigationRules } from './settings.js';
import type { ConclusionSchema, CriminalLinkSchema, LineSchema, NoticeResponseSchema, NoticeSchema, OpenReasonSchema, PlanSchema, ProgressSchema, ReviewSchema } from './schema.js';

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });

export const NOT_ENDORSED = 'The investigation plan has not been endorsed by a supervisor: progress on lines of inquiry cannot be recorded until it is';
const NO_PLAN = 'Open the investigation plan first: there is no plan for this case';

interface WriteDone<T> { result: T; note: string; audit: string; details?: Record<string, unknown> }

/**
 * Investigations: the plan and its endorsement, lines of inquiry, reviews, notices to subjects, criminal allegations
 * against colleagues and cases past the 12-month clock. Every read is authorised through the case (its subjects never
 * see it) and audited; every write is checked, noted on the case's timeline and audited in its own transaction.
 */
export class InvestigationService {
  constructor(private readonly deps: ConductFeatureDeps, private readonly repo: InvestigationRepository) {}

  rules(q?: Queryable): Promise<InvestigationRules> {
    return investigationRules(this.deps.settings, q);
  }

  /** Runs a write on a case's investigation: access first, then in one transaction the change, the timeline note and the audit entry. */
  private async write<T>(actor: ActorContext, caseId: string, action: 'update' | 'decide', work: (tx: Queryable, c: CaseFacts) => Promise<WriteDone<T>>): Promise<T> {
    assertAllowed(actor, action, await this.deps.conduct.caseResource(caseId));
    return this.deps.db.transaction(async (tx) => {
      const c = await this.repo.caseFacts(caseId, tx, true);
      if (!c) throw new NotFoundError('There is no conduct case with that reference');
      if (c.status === 'finalised') throw new ConflictError('This case has been finalised: its investigation can no longer change');
      const done = await work(tx, c);
      await this.deps.conduct.noteOnTimeline(tx, caseId, actor.viewer.label, done.note);
      await this.deps.audit.recordIn(tx, {
        action: done.audit, actor: who(actor), subjectType: 'conduct_case', subjectId: caseId, subjectPersonId: c.subjectPersonIds.length === 1 ? c.subjectPersonIds[0] : null,
        correlationId: actor.correlationId, ip: actor.ip, details: done.details,
      });
      return done.result;
    });
  }

  /** The viewer's rank or grade from the workforce directory (null when unknown or not linked to a person). */
  private async rankOf(actor: ActorContext, q?: Queryable): Promise<string | null> {
    return actor.viewer.personId ? ((await this.deps.people.rankOrGrade(actor.viewer.personId, q)) ?? null) : null;
  }

  /** Whether a rank is at or above a minimum on the conduct rank scale (the seniority rule's own scale). */
  private async atLeast(rank: string | null, minimum: string, q?: Queryable): Promise<boolean> {
    const order = (await this.deps.conduct.rules(q)).rankOrder;
    const held = rankLevel(rank, order);
    const needed = rankLevel(minimum, order);
    return held !== undefined && needed !== undefined && held >= needed;
  }

  private async planOrThrow(caseId: string, q: Queryable) {
    const plan = await this.repo.plan(caseId, q);
    if (!plan) throw new ConflictError(NO_PLAN);
    return plan;
  }

  /** Lists the wider inquiries a case flagged prejudicial and improper behaviour still lacks; returns their titles. */
  private async addWiderInquiries(tx: Queryable, c: CaseFacts, byLabel: string): Promise<string[]> {
    const listed = (await this.repo.lines(c.id, tx)).map((l) => l.widerInquiry);
    const added: string[] = [];
    for (const w of missingWiderInquiries(c.flags, listed, (await this.rules(tx)).widerInquiries)) {
      if (await this.repo.insertLine(tx, c.id, { title: w.title, description: 'Wider inquiry for prejudicial and improper behaviour', widerInquiry: w.code, byLabel })) added.push(w.title);
    }
    return added;
  }

  // --- Reading ------------------------------------------------------------------------------------

  /** Everything about a case's investigation (audited): plan, lines, reviews and when the next are due, notices, the 12-month clock. */
  async view(actor: ActorContext, caseId: string) {
    const resource = await this.deps.conduct.caseResource(caseId);
    await authoriseRead(this.deps.audit, actor, 'read', resource, { event: 'conduct-investigation.view', subjectType: 'conduct_case', subjectId: caseId });
    return this.load(caseId);
  }

  /** For the case page's section: the case has been authorised and audited already; a viewer who may not see it gets nothing. */
  async section(actor: ActorContext, caseId: string) {
    if (!checkAccess(actor.viewer, 'read', await this.deps.conduct.caseResource(caseId)).allowed) return undefined;
    return this.load(caseId);
  }

  private async load(caseId: string) {
    const c = (await this.repo.caseFacts(caseId))!;
    const [plan, lines, reviews, notices, link, openReason, rules] = [
      await this.repo.plan(caseId), await this.repo.lines(caseId), await this.repo.reviews(caseId), await this.repo.notices(caseId),
      await this.repo.criminalLink(caseId), await this.repo.openReason(caseId), await this.rules(),
    ];
    const today = todayInLondon();
    const criminal = isCriminalAllegation(c.flags, link?.markedCriminal ?? false);
    const lastOf = (kind: ReviewKind) => reviews.find((r) => r.kind === kind)?.reviewedOn ?? null;
    const subjectNames: Record<string, string> = {};
    for (const personId of new Set([...c.subjectPersonIds, ...notices.map((n) => n.personId)])) {
      const p = await this.deps.people.personBasics(personId);
      subjectNames[personId] = p ? `${p.forenames} ${p.surname}` : 'Not in the workforce directory';
    }
    return {
      case: { id: c.id, reference: c.reference, status: c.status, receivedOn: c.receivedOn, recordedOn: c.recordedOn, finalisedOn: c.finalisedOn, subjectPersonIds: c.subjectPersonIds, flags: c.flags },
      plan: plan ? { ...plan, endorsed: plan.endorsedAt !== null } : null,
      lines,
      lineCounts: countLines(lines),
      missingWiderInquiries: plan ? missingWiderInquiries(c.flags, lines.map((l) => l.widerInquiry), rules.widerInquiries).map((w) => w.title) : [],
      reviews,
      reviewsDue: reviewsDue({ caseStatus: c.status, planOpenedOn: plan?.openedOn ?? null, receivedOn: c.receivedOn, criminal, lastReviews: { supervisory: lastOf('supervisory'), inspector: lastOf('inspector'), criminal: lastOf('criminal') } }, rules.intervals, today),
      notices: notices.map((n) => ({ ...n, responseDueOn: addWorkingDays(n.servedOn, rules.noticeResponseWorkingDays) })),
      criminal: { applies: criminal, flagged: c.flags.includes('colleague_criminal_allegation'), link: link ?? null },
      clock: twelveMonthClock(c.recordedOn, c.finalisedOn, today),
      openReason: openReason ?? null,
      subjectNames,
      rules: { intervals: rules.intervals, inspectorReviewMinimumRank: rules.inspectorReviewMinimumRank, criminalReviewMinimumRank: rules.criminalReviewMinimumRank },
    };
  }

  // --- The plan -----------------------------------------------------------------------------------

  /**
   * Opens the plan (version 0) or amends its terms of reference. New terms withdraw the endorsement: the supervisor
   * endorses what will actually be investigated. A case flagged prejudicial and improper behaviour gets the wider
   * inquiries as lines of inquiry whenever its plan is saved.
   */
  async savePlan(actor: ActorContext, caseId: string, body: z.infer<typeof PlanSchema>): Promise<void> {
    await this.write(actor, caseId, 'update', async (tx, c) => {
      const plan = await this.repo.plan(caseId, tx);
      let note: string;
      if (body.version === 0) {
        if (plan || !(await this.repo.insertPlan(tx, caseId, body.termsOfReference, todayInLondon(), actor.viewer.label))) throw new ConflictError('This case already has an investigation plan: reload to see it');
        note = 'Investigation plan opened with its terms of reference';
      } else {
        if (!plan) throw new ConflictError(NO_PLAN);
        const changed = plan.termsOfReference !== body.termsOfReference;
        const withdraw = changed && plan.endorsedAt !== null;
        if (!(await this.repo.amendPlan(tx, caseId, body.version, body.termsOfReference, withdraw))) throw new ConflictError();
        note = changed ? `Terms of reference amended${withdraw ? ': endorsement withdrawn, the plan needs endorsing again' : ''}` : 'Investigation plan saved unchanged';
      }
      const added = await this.addWiderInquiries(tx, c, actor.viewer.label);
      if (added.length) note += `; wider inquiries for prejudicial and improper behaviour listed (${added.length})`;
      return { result: undefined, note, audit: body.version === 0 ? 'conduct-investigation.plan-open' : 'conduct-investigation.plan-amend', details: { widerInquiriesAdded: added.length } };
    });
  }

  /** A supervisor (psd_supervisor or above: the `decide` grant on conduct cases) endorses the plan; who and when are kept. */
  async endorse(actor: ActorContext, caseId: string, version: number): Promise<void> {
    const rank = await this.rankOf(actor);
    await this.write(actor, caseId, 'decide', async (tx) => {
      const plan = await this.planOrThrow(caseId, tx);
      if (plan.endorsedAt) throw new ConflictError('The plan has already been endorsed');
      if (!(await this.repo.lines(caseId, tx)).length) throw new ValidationError([{ field: 'endorsement', message: 'Add at least one line of inquiry before endorsing the plan' }]);
      if (!(await this.repo.endorse(tx, caseId, version, { userId: actor.viewer.userId, label: actor.viewer.label, rank }))) throw new ConflictError();
      return { result: undefined, note: `Investigation plan endorsed${rank ? ` (${rank})` : ''}`, audit: 'conduct-investigation.plan-endorse', details: { rank } };
    });
  }

  async addLine(actor: ActorContext, caseId: string, body: z.infer<typeof LineSchema>): Promise<string> {
    return this.write(actor, caseId, 'update', async (tx) => {
      await this.planOrThrow(caseId, tx);
      const id = (await this.repo.insertLine(tx, caseId, { title: body.title, description: body.description ?? '', widerInquiry: null, byLabel: actor.viewer.label }))!;
      return { result: id, note: `Line of inquiry added: ${body.title}`, audit: 'conduct-investigation.line-add', details: { lineId: id } };
    });
  }

  /** Progress on a line: refused until the plan is endorsed, and once the line is done or closed. */
  private async lineWrite<T>(actor: ActorContext, caseId: string, lineId: string, version: number, work: (tx: Queryable, line: { title: string }) => Promise<WriteDone<T>>): Promise<T> {
    return this.write(actor, caseId, 'update', async (tx) => {
      const plan = await this.planOrThrow(caseId, tx);
      const line = await this.repo.line(lineId, tx);
      if (line?.caseId !== caseId) throw new NotFoundError('There is no such line of inquiry on this case');
      if (!plan.endorsedAt) throw new ConflictError(NOT_ENDORSED);
      if (line.status !== 'open') throw new ConflictError(`Line of inquiry '${line.title}' is already ${line.status}`);
      if (line.version !== version) throw new ConflictError();
      return work(tx, line);
    });
  }

  async recordProgress(actor: ActorContext, caseId: string, lineId: string, body: z.infer<typeof ProgressSchema>): Promise<void> {
    await this.lineWrite(actor, caseId, lineId, body.version, async (tx, line) => {
      if (!(await this.repo.addProgress(tx, lineId, caseId, body.version, { note: body.note, on: todayInLondon(), byLabel: actor.viewer.label }))) throw new ConflictError();
      return { result: undefined, note: `Progress recorded on line of inquiry '${line.title}'`, audit: 'conduct-investigation.line-progress', details: { lineId } };
    });
  }

  /** Done (with its result) or closed (with the reason): either way the line no longer blocks finalisation. */
  async concludeLine(actor: ActorContext, caseId: string, lineId: string, body: z.infer<typeof ConclusionSchema>): Promise<void> {
    await this.lineWrite(actor, caseId, lineId, body.version, async (tx, line) => {
      if (!(await this.repo.conclude(tx, lineId, body.version, { status: body.status, conclusion: body.conclusion, on: todayInLondon(), byLabel: actor.viewer.label }))) throw new ConflictError();
      return { result: undefined, note: `Line of inquiry '${line.title}' ${body.status === 'done' ? 'done' : 'closed without being done'}`, audit: 'conduct-investigation.line-conclude', details: { lineId, status: body.status } };
    });
  }

  // --- Reviews ------------------------------------------------------------------------------------

  /**
   * Records a review, dated today. Supervisory: psd_supervisor or above. Inspector: a reviewer whose rank is at least the
   * configured minimum. Criminal: only the senior officer named on the case, still of the configured rank.
   */
  async recordReview(actor: ActorContext, caseId: string, body: z.infer<typeof ReviewSchema>): Promise<string> {
    const rules = await this.rules();
    const rank = await this.rankOf(actor);
    const refuse = (message: string) => new ValidationError([{ field: 'kind', message }], message);
    if (body.kind === 'inspector' && !(await this.atLeast(rank, rules.inspectorReviewMinimumRank))) {
      throw refuse(`An inspector review needs a reviewer of ${rules.inspectorReviewMinimumRank} or above; your rank or grade is ${rank ?? 'not recorded in the workforce directory'}`);
    }
    return this.write(actor, caseId, body.kind === 'supervisory' ? 'decide' : 'update', async (tx, c) => {
      if (body.kind === 'criminal') {
        const link = await this.repo.criminalLink(caseId, tx);
        if (!isCriminalAllegation(c.flags, link?.markedCriminal ?? false)) throw refuse('This case is not a criminal allegation against a member of the force');
        if (!link?.seniorOfficerPersonId) throw refuse('Name the senior officer who reviews this criminal allegation first');
        if (link.seniorOfficerPersonId !== actor.viewer.personId) throw refuse(`Only the named senior officer (${link.seniorOfficerName}) can record the monthly review`);
        if (!(await this.atLeast(rank, rules.criminalReviewMinimumRank, tx))) throw refuse(`The monthly review needs a senior officer of ${rules.criminalReviewMinimumRank} or above; your rank or grade is ${rank ?? 'not recorded'}`);
      } else {
        await this.planOrThrow(caseId, tx);
      }
      const id = await this.repo.insertReview(tx, caseId, { kind: body.kind, reviewedOn: todayInLondon(), userId: actor.viewer.userId, label: actor.viewer.label, personId: actor.viewer.personId, rank, summary: body.summary });
      const what = { supervisory: 'Supervisory review', inspector: 'Inspector review', criminal: 'Monthly review of the criminal allegation' }[body.kind];
      return { result: id, note: `${what} recorded${rank ? ` (${rank})` : ''}`, audit: `conduct-investigation.review-${body.kind}`, details: { reviewId: id, rank } };
    });
  }

  // --- Notices to subjects ----------------------------------------------------------------------

  async serveNotice(actor: ActorContext, caseId: string, body: z.infer<typeof NoticeSchema>): Promise<string> {
    const personId = body.personId.toLowerCase();
    return this.write(actor, caseId, 'update', async (tx, c) => {
      if (!c.subjectPersonIds.includes(personId)) throw new ValidationError([{ field: 'personId', message: 'Choose a subject of this case' }]);
      const person = await this.deps.people.personBasics(personId, tx);
      const errors = noticeErrors({ kind: body.kind as NoticeKind, servedOn: body.servedOn, method: body.method, subjectIsOfficer: person?.personType === 'officer', caseReceivedOn: c.receivedOn, today: todayInLondon() });
      if (errors.length) throw new ValidationError(errors);
      const id = await this.repo.insertNotice(tx, caseId, { personId, kind: body.kind, servedOn: body.servedOn, method: body.method, byLabel: actor.viewer.label });
      const kind = body.kind === 'regulation_17' ? 'Regulation 17 notice' : 'Investigation notice';
      return { result: id, note: `${kind} served on a subject on ${body.servedOn} (${body.method.replace(/_/g, ' ')})`, audit: 'conduct-investigation.notice-serve', details: { noticeId: id, personId, kind: body.kind } };
    });
  }

  async recordResponse(actor: ActorContext, caseId: string, noticeId: string, body: z.infer<typeof NoticeResponseSchema>): Promise<void> {
    await this.write(actor, caseId, 'update', async (tx) => {
      const notice = await this.repo.notice(noticeId, tx);
      if (notice?.caseId !== caseId) throw new NotFoundError('There is no such notice on this case');
      const errors = responseErrors({ servedOn: notice.servedOn, receivedOn: body.receivedOn, today: todayInLondon() });
      if (errors.length) throw new ValidationError(errors);
      if (!(await this.repo.recordResponse(tx, noticeId, body.version, { receivedOn: body.receivedOn, summary: body.summary }))) throw new ConflictError();
      return { result: undefined, note: `Subject’s response to the notice received on ${body.receivedOn}`, audit: 'conduct-investigation.notice-response', details: { noticeId } };
    });
  }

  // --- Criminal allegations and the 12-month clock ----------------------------------------------

  /** Links the case to its criminal investigation and names the senior officer (of the configured rank or above) who reviews it monthly. */
  async saveCriminalLink(actor: ActorContext, caseId: string, body: z.infer<typeof CriminalLinkSchema>): Promise<void> {
    const rules = await this.rules();
    let officer: { personId: string; name: string; rank: string | null } | null = null;
    if (body.seniorOfficerPayrollNumber) {
      const personId = await this.deps.people.personIdByPayroll(body.seniorOfficerPayrollNumber);
      if (!personId) throw new ValidationError([{ field: 'seniorOfficerPayrollNumber', message: `Nobody in the workforce directory has payroll number ${body.seniorOfficerPayrollNumber}` }]);
      const [basics, rank] = [await this.deps.people.personBasics(personId), (await this.deps.people.rankOrGrade(personId)) ?? null];
      if (!(await this.atLeast(rank, rules.criminalReviewMinimumRank))) {
        throw new ValidationError([{ field: 'seniorOfficerPayrollNumber', message: `The senior officer must be ${rules.criminalReviewMinimumRank} or above; ${basics!.forenames} ${basics!.surname} is ${rank ?? 'of no recorded rank'}` }]);
      }
      officer = { personId, name: `${basics!.forenames} ${basics!.surname}`, rank };
    }
    await this.write(actor, caseId, 'update', async (tx, c) => {
      if (!isCriminalAllegation(c.flags, body.markedCriminal)) {
        throw new ValidationError([{ field: 'markedCriminal', message: 'Flag the case as a criminal allegation by a colleague, or mark it as under criminal investigation' }]);
      }
      if (officer && c.subjectPersonIds.includes(officer.personId)) throw new ValidationError([{ field: 'seniorOfficerPayrollNumber', message: 'A subject of the case cannot review it' }]);
      const saved = await this.repo.saveCriminalLink(tx, caseId, body.version, {
        markedCriminal: body.markedCriminal, criminalReference: body.criminalReference ?? null, seniorOfficerPersonId: officer?.personId ?? null,
        seniorOfficerName: officer?.name ?? null, seniorOfficerRank: officer?.rank ?? null, updatedByLabel: actor.viewer.label,
      });
      if (!saved) throw new ConflictError();
      const parts = [body.criminalReference ? `criminal investigation ${body.criminalReference}` : 'no criminal investigation reference yet', officer ? `reviewed monthly by ${officer.name} (${officer.rank})` : 'no senior officer named'];
      return { result: undefined, note: `Criminal allegation: ${parts.join('; ')}`, audit: 'conduct-investigation.criminal-link', details: { criminalReference: body.criminalReference ?? null, seniorOfficerPersonId: officer?.personId ?? null } };
    });
  }

  /** Why a case is still open (required once it passes the 12-month clock; may be recorded earlier). */
  async saveOpenReason(actor: ActorContext, caseId: string, body: z.infer<typeof OpenReasonSchema>): Promise<void> {
    await this.write(actor, caseId, 'update', async (tx, c) => {
      if (!c.recordedOn) throw new ValidationError([{ field: 'reason', message: 'The 12-month clock starts when the case is recorded: record it first' }]);
      if (!(await this.repo.saveOpenReason(tx, caseId, body.version, { reason: body.reason, on: todayInLondon(), byLabel: actor.viewer.label }))) throw new ConflictError();
      return { result: undefined, note: 'Reason the case remains open recorded', audit: 'conduct-investigation.open-reason' };
    });
  }

  // --- Finalisation -------------------------------------------------------------------------------

  /** What stops the case being finalised: each open line of inquiry, and any wider inquiry missing from a PIB case's plan. */
  async finalisationBlockers(caseId: string, tx: Queryable): Promise<string[]> {
    const plan = await this.repo.plan(caseId, tx);
    if (!plan) return [];
    const lines = await this.repo.lines(caseId, tx);
    const c = (await this.repo.caseFacts(caseId, tx))!;
    const widerInquiries = await this.deps.settings.get(INVESTIGATION_SETTINGS.widerInquiries.key, INVESTIGATION_SETTINGS.widerInquiries.schema, INVESTIGATION_SETTINGS.widerInquiries.fallback, tx);
    const missing = missingWiderInquiries(c.flags, lines.map((l) => l.widerInquiry), widerInquiries).map((w) => `Wider inquiry '${w.title}' for prejudicial and improper behaviour is not on the investigation plan`);
    return [...openLineBlockers(lines), ...missing];
  }

  // --- Work lists ---------------------------------------------------------------------------------

  private async auditList(actor: ActorContext, what: string, details?: Record<string, unknown>) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.deps.audit.record({ action: `conduct-investigation.${what}`, actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details });
  }

  async overdueReviews(actor: ActorContext, page: { page: number; pageSize: number }, mine = false) {
    await this.auditList(actor, 'overdue-reviews', { ...page, mine });
    const rules = await this.rules();
    return this.repo.overdueReviews(actor.viewer, rules.intervals, todayInLondon(), {
      limit: page.pageSize, offset: (page.page - 1) * page.pageSize, seniorOfficerPersonId: mine ? (actor.viewer.personId ?? '00000000-0000-0000-0000-000000000000') : undefined,
    });
  }

  async awaitingEndorsement(actor: ActorContext, page: { page: number; pageSize: number }) {
    await this.auditList(actor, 'awaiting-endorsement', page);
    return this.repo.awaitingEndorsement(actor.viewer, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  }

  async pastTimeLimit(actor: ActorContext, page: { page: number; pageSize: number }, missingReasonOnly = false) {
    await this.auditList(actor, 'past-twelve-months', { ...page, missingReasonOnly });
    return this.repo.pastTimeLimit(actor.viewer, todayInLondon(), { limit: page.pageSize, offset: (page.page - 1) * page.pageSize, missingReasonOnly });
  }

  /** The home card: PSD supervisors and investigators (and anyone named to review a criminal allegation) see what is overdue. */
  async homeSummary(actor: ActorContext) {
    const v = actor.viewer;
    if (v.tokenScopes || !canAny(v, 'read', 'conduct_case')) return undefined;
    const psd = v.roles.some((r) => r === 'psd_supervisor' || r === 'psd_investigator' || r === 'head_of_psd');
    const first = { page: 1, pageSize: 5 };
    if (!psd) {
      // Anyone named to review a criminal allegation sees their own overdue monthly reviews.
      const mine = v.personId ? await this.overdueReviews(actor, first, true) : { items: [], total: 0 };
      return mine.total ? { overdue: mine, endorsement: null, pastTimeLimit: null } : undefined;
    }
    return {
      overdue: await this.overdueReviews(actor, first),
      endorsement: canAny(v, 'decide', 'conduct_case') ? await this.awaitingEndorsement(actor, first) : null,
      pastTimeLimit: await this.pastTimeLimit(actor, first, true),
    };
  }
}

export function countLines(lines: readonly Pick<Line, 'status'>[]) {
  return { total: lines.length, open: lines.filter((l) => l.status === 'open').length, done: lines.filter((l) => l.status === 'done').length, closed: lines.filter((l) => l.status === 'closed').length };
}

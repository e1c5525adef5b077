import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, type Viewer } from '../../../platform/access/policy.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { z } from '../../../platform/openapi/registry.js';
import type { ConductFeatureDeps } from '../features.js';
import type { PibReviewItem, ReportingRepository } from './data.js';
import { monthAfter, monthsBefore, monthStart, timelinessReport } from './timeliness.js';
import type { CaseFinderQuery, NewPibReviewSchema, PibCompletionSchema, PibFindingSchema, TimelinessQuery, VolumesQuery } from './schema.js';

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
/** The start of the twelve months that end on a date: 2026-11-01 gives 2025-11-02. */
export function dayAfterAYearBefore(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
}
const AGGREGATE = { kind: 'aggregate_report' as const };
const PIB_REVIEW = 'conduct_pib_review';

/** Aggregate figures (no case, no person) are for PSD and for those who see aggregate reports (OPCC scrutiny, audit). */
export const seesConductAggregates = (viewer: Viewer) => canAny(viewer, 'read', 'aggregate_report') || canAny(viewer, 'read', 'conduct_case');
/** Exports of aggregate figures: the aggregate export grant, or PSD roles that may export cases. */
export const exportsConductAggregates = (viewer: Viewer) => canAny(viewer, 'export', 'aggregate_report') || canAny(viewer, 'export', 'conduct_case');
/** The PIB review sits over case-level data: it is PSD's, and its exercises are opened by those who take decisions. */
export const opensPibReviews = (viewer: Viewer) => canAny(viewer, 'decide', 'conduct_case') && !viewer.tokenScopes;

/** Case lists and work lists, timeliness and volumes, CSV exports, and the recorded review of PIB allegations. */
export class ReportingService {
  constructor(private readonly deps: ConductFeatureDeps, private readonly repo: ReportingRepository) {}

  // --- Case lists and work lists ----------------------------------------------------------------

  /** A filtered page of cases (need-to-know in the query), audited with its filters. */
  async findCases(actor: ActorContext, query: CaseFinderQuery, purpose: 'list' | 'export' = 'list') {
    assertAllowed(actor, purpose === 'export' ? 'export' : 'read', { kind: 'conduct_case' });
    const { page, pageSize, ...filters } = query;
    await this.deps.audit.record({ action: purpose === 'export' ? 'conduct-case.export' : 'conduct-case.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...filters, page, pageSize } });
    return this.repo.findCases(actor.viewer, query);
  }

  /** The workforce person behind a payroll number (the list's subject filter), through the conduct service. */
  personIdByPayroll(payrollNumber: string) {
    return this.deps.conduct.personIdByPayroll(payrollNumber);
  }

  // --- Aggregate reports --------------------------------------------------------------------------

  private async aggregateAccess(actor: ActorContext, action: 'read' | 'export', report: string, details: Record<string, unknown>) {
    const allowed = action === 'read' ? seesConductAggregates(actor.viewer) : exportsConductAggregates(actor.viewer);
    await this.deps.audit.record({
      action: `${report}.${action === 'export' ? 'export' : 'view'}`, actor: who(actor), outcome: allowed ? 'ok' : 'denied', subjectType: AGGREGATE.kind, subjectId: report,
      correlationId: actor.correlationId, ip: actor.ip, details,
    });
    if (!allowed) throw new ForbiddenError();
  }

  async timeliness(actor: ActorContext, query: TimelinessQuery, action: 'read' | 'export' = 'read') {
    const to = query.to ?? todayInLondon().slice(0, 7);
    const from = query.from ?? monthsBefore(to, 11);
    if (monthsBefore(to, 120) > from) throw new ValidationError([{ field: 'from', message: 'Choose a period of ten years or less' }]);
    await this.aggregateAccess(actor, action, 'conduct-timeliness', { from, to, kind: query.kind ?? null });
    const bins = await this.repo.timelinessHistogram(monthStart(from), monthAfter(to), query.kind);
    return { ...timelinessReport(from, to, bins), kind: query.kind ?? null };
  }

  async volumes(actor: ActorContext, query: VolumesQuery, action: 'read' | 'export' = 'read') {
    const to = query.to ?? todayInLondon();
    const from = query.from ?? dayAfterAYearBefore(to);
    await this.aggregateAccess(actor, action, 'conduct-volumes', { from, to, kind: query.kind ?? null });
    return { from, to, kind: query.kind ?? null, ...(await this.repo.volumes(from, to, query.kind)) };
  }

  // --- The review of prejudicial and improper behaviour allegations -------------------------------

  /** The default period: the last three years to today, as the inspection asked. */
  defaultPibPeriod() {
    const to = todayInLondon();
    const from = `${Number(to.slice(0, 4)) - 3}${to.slice(4)}`.replace(/-02-29$/, '-02-28');
    return { periodFrom: from, periodTo: to };
  }

  async openPibReview(actor: ActorContext, body: z.infer<typeof NewPibReviewSchema>): Promise<{ id: string; allegations: number }> {
    if (!opensPibReviews(actor.viewer)) throw new ForbiddenError('Only those who take appropriate-authority decisions can open a review of PIB allegations');
    if (body.periodTo > todayInLondon()) throw new ValidationError([{ field: 'periodTo', message: 'The end of the period must be today or in the past' }]);
    return this.deps.db.transaction(async (tx) => {
      const created = await this.repo.createPibReview(tx, { ...body, createdBy: actor.viewer.userId, createdByLabel: actor.viewer.label });
      for (const caseId of new Set(created.items.map((i) => i.caseId))) {
        await this.deps.conduct.noteOnTimeline(tx, caseId, actor.viewer.label, `Included in the review of prejudicial and improper behaviour allegations “${body.title}”`);
      }
      await this.deps.audit.recordIn(tx, {
        action: 'conduct-pib-review.open', actor: who(actor), subjectType: PIB_REVIEW, subjectId: created.id, correlationId: actor.correlationId, ip: actor.ip,
        details: { periodFrom: body.periodFrom, periodTo: body.periodTo, allegations: created.items.length },
      });
      return { id: created.id, allegations: created.items.length };
    });
  }

  /** Exercises are listed to PSD (titles, periods and progress: nothing about any case). */
  async pibReviews(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    await this.deps.audit.record({ action: 'conduct-pib-review.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    return this.repo.pibReviews();
  }

  /** One exercise with its allegations (case-level data, audited before it is read) and the summary of findings. */
  async pibReview(actor: ActorContext, id: string) {
    assertAllowed(actor, 'read', { kind: 'conduct_case' });
    const review = await this.repo.pibReview(id);
    if (!review) throw new NotFoundError('There is no such review');
    await this.deps.audit.record({ action: 'conduct-pib-review.view', actor: who(actor), subjectType: PIB_REVIEW, subjectId: id, correlationId: actor.correlationId, ip: actor.ip });
    const { items, withheld } = await this.repo.pibReviewItems(actor.viewer, id);
    return { review, items, withheld, summary: summariseFindings(await this.repo.pibFindingCounts(id)) };
  }

  /** One allegation of an exercise, for its finding form: the case is authorised and audited as a case read. */
  async pibReviewItem(actor: ActorContext, id: string, allegationId: string): Promise<{ review: NonNullable<Awaited<ReturnType<ReportingRepository['pibReview']>>>; item: PibReviewItem }> {
    const review = await this.repo.pibReview(id);
    const caseId = review && (await this.repo.itemCase(id, allegationId));
    if (!review || !caseId) throw new NotFoundError('That allegation is not part of this review');
    await authoriseRead(this.deps.audit, actor, 'read', await this.deps.conduct.caseResource(caseId), { event: 'conduct-pib-review.item-view', subjectType: 'conduct_case', subjectId: caseId, details: { reviewId: id, allegationId } });
    const { items } = await this.repo.pibReviewItems(actor.viewer, id, allegationId);
    return { review, item: items[0]! };
  }

  async recordPibFinding(actor: ActorContext, id: string, allegationId: string, body: z.infer<typeof PibFindingSchema>): Promise<void> {
    const caseId = await this.repo.itemCase(id, allegationId);
    if (!caseId) throw new NotFoundError('That allegation is not part of this review');
    assertAllowed(actor, 'update', await this.deps.conduct.caseResource(caseId));
    await this.deps.db.transaction(async (tx) => {
      const review = await this.repo.pibReview(id, tx);
      if (review?.status !== 'open') throw new ConflictError('This review has been completed: its findings can no longer change');
      const saved = await this.repo.recordPibFinding(tx, id, allegationId, body.version, {
        victimsSupported: body.victimsSupported, assessmentRight: body.assessmentRight, investigationComprehensive: body.investigationComprehensive,
        notes: body.notes ?? null, by: actor.viewer.userId, byLabel: actor.viewer.label,
      });
      if (!saved) throw new ConflictError();
      await this.deps.conduct.noteOnTimeline(tx, caseId, actor.viewer.label, `PIB review “${review.title}”: finding recorded on an allegation`);
      await this.deps.audit.recordIn(tx, {
        action: 'conduct-pib-review.finding', actor: who(actor), subjectType: 'conduct_case', subjectId: caseId, correlationId: actor.correlationId, ip: actor.ip,
        details: { reviewId: id, allegationId, victimsSupported: body.victimsSupported, assessmentRight: body.assessmentRight, investigationComprehensive: body.investigationComprehensive },
      });
    });
  }

  /** Completes the exercise with the written summary of findings, once every allegation has its finding. */
  async completePibReview(actor: ActorContext, id: string, body: z.infer<typeof PibCompletionSchema>): Promise<void> {
    if (!opensPibReviews(actor.viewer)) throw new ForbiddenError('Only those who take appropriate-authority decisions can complete a review');
    await this.deps.db.transaction(async (tx) => {
      const review = await this.repo.pibReview(id, tx);
      if (!review) throw new NotFoundError('There is no such review');
      if (review.status === 'completed') throw new ConflictError('This review has already been completed');
      if (review.recorded < review.items) throw new ValidationError([{ field: 'summary', message: `Record a finding on every allegation first: ${review.items - review.recorded} of ${review.items} still need one` }]);
      if (!(await this.repo.completePibReview(tx, id, body.version, body.summary, todayInLondon()))) throw new ConflictError();
      await this.deps.audit.recordIn(tx, { action: 'conduct-pib-review.complete', actor: who(actor), subjectType: PIB_REVIEW, subjectId: id, correlationId: actor.correlationId, ip: actor.ip, details: { allegations: review.items } });
    });
  }
}

export const FINDING_QUESTIONS = ['victimsSupported', 'assessmentRight', 'investigationComprehensive'] as const;
export type FindingQuestion = (typeof FINDING_QUESTIONS)[number];

/** For each question, how many allegations got each answer (null: not yet recorded). */
export function summariseFindings(rows: readonly { question: string; answer: string | null; count: number }[]): Record<FindingQuestion, Record<string, number>> {
  const out = Object.fromEntries(FINDING_QUESTIONS.map((q) => [q, {} as Record<string, number>])) as Record<FindingQuestion, Record<string, number>>;
  for (const r of rows) {
    const q = out[r.question as FindingQuestion];
    if (q) q[r.answer ?? 'not_recorded'] = (q[r.answer ?? 'not_recorded'] ?? 0) + r.count;
  }
  return out;
}

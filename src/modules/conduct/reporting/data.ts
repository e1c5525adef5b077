import type { Db, Queryable } from '../../../platform/db/types.js';
import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import type { HistogramBin } from './timeliness.js';
import type { CaseFinderQuery, Queue } from './schema.js';

export interface FoundCase {
  id: string; reference: string; kind: string; status: string; receivedOn: string; recordedOn: string | null; handlingRoute: string | null; finalisedOn: string | null;
  allegations: number; categories: string[]; flags: string[]; outcomes: string[];
}
export interface VolumeRow { code: string; count: number }
export interface Volumes { byCategory: VolumeRow[]; byFlag: VolumeRow[]; byOutcome: VolumeRow[]; byKind: VolumeRow[]; byHandlingRoute: VolumeRow[]; cases: number; allegations: number }

export interface PibReview {
  id: string; title: string; periodFrom: string; periodTo: string; reviewerName: string; status: 'open' | 'completed'; summary: string | null; completedOn: string | null;
  createdByLabel: string; createdAt: string; version: number; items: number; recorded: number;
}
export interface PibReviewItem {
  allegationId: string; caseId: string; reference: string; kind: string; category: string; receivedOn: string; handlingRoute: string | null; status: string;
  colleagueVictims: number; victimsWithSupportPlan: number; publicParties: number; outcomes: string[];
  victimsSupported: string | null; assessmentRight: string | null; investigationComprehensive: string | null; notes: string | null; recordedByLabel: string | null; recordedAt: string | null; version: number;
}

/** Where a list's count stops: beyond it the list says "more than" and asks for narrower filters (40 pages of 25). */
export const COUNT_CAP = 1000;
/** The most rows one CSV export of a case list holds. */
export const EXPORT_CAP = 10_000;

const QUEUE_CONDITIONS: Record<Queue, string> = {
  to_record: `c.status = 'to_be_recorded'`,
  to_assess: `c.status = 'recorded' and c.handling_route is null`,
  awaiting_outcome: `c.status = 'assessed' and c.handling_route like 'investigation%' and not exists (select 1 from conduct_outcomes o where o.case_id = c.id)`,
  // The 12-month clock runs from when the matter came to the appropriate authority's attention: receipt.
  open_over_12_months: `c.status not in ('finalised', 'logged_outside_schedule_3') and c.received_on <= (current_date - interval '12 months')::date`,
};

/** Whether a (PIB) flag is on an allegation or on its whole case. */
const PIB_ALLEGATION = `exists (select 1 from conduct_flags f where f.case_id = a.case_id and f.flag = 'prejudicial_improper_behaviour' and (f.allegation_id = a.id or f.allegation_id is null))`;

export class ReportingRepository {
  constructor(private readonly db: Db) {}

  /** The filter conditions of a case list, need-to-know first, with their parameters. */
  private caseConditions(viewer: Viewer, q: Omit<CaseFinderQuery, 'page' | 'pageSize' | 'sort'>): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = [needToKnowSql(viewer, 'c', params)];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.queue) where.push(QUEUE_CONDITIONS[q.queue]);
    if (q.kind) add((p) => `c.kind = ${p}`, q.kind);
    if (q.status) add((p) => `c.status = ${p}`, q.status);
    if (q.handlingRoute) add((p) => `c.handling_route = ${p}`, q.handlingRoute);
    if (q.receivedFrom) add((p) => `c.received_on >= ${p}::date`, q.receivedFrom);
    if (q.receivedTo) add((p) => `c.received_on <= ${p}::date`, q.receivedTo);
    if (q.reference) add((p) => `c.reference = upper(${p})`, q.reference.trim());
    // @> (not = any) so the GIN index on subject_person_ids answers it.
    if (q.subjectPersonId) add((p) => `c.subject_person_ids @> array[${p}::uuid]`, q.subjectPersonId.toLowerCase());
    if (q.flag) add((p) => `exists (select 1 from conduct_flags f where f.case_id = c.id and f.flag = ${p})`, q.flag);
    if (q.category) add((p) => `exists (select 1 from conduct_allegations a where a.case_id = c.id and a.category = ${p})`, q.category);
    if (q.outcome) add((p) => `exists (select 1 from conduct_outcomes o where o.case_id = c.id and o.outcome = ${p})`, q.outcome);
    return { where: where.join(' and '), params };
  }

  /**
   * One page of cases the viewer may see, and how many there are up to COUNT_CAP: counting every match of a broad
   * filter over millions of cases would cost more than the page itself, and nobody pages past a thousand cases.
   */
  async findCases(viewer: Viewer, q: CaseFinderQuery): Promise<{ cases: FoundCase[]; total: number; capped: boolean }> {
    const { where, params } = this.caseConditions(viewer, q);
    const order = (q.sort ?? (q.queue ? 'oldest' : 'newest')) === 'oldest' ? 'c.received_on, c.reference' : 'c.received_on desc, c.reference desc';
    const n = params.length;
    // The page and the count at once: on PostgreSQL they run side by side on two connections (PGlite takes them in turn).
    const [cases, [count]] = await Promise.all([this.db.query<FoundCase>(
      `select c.id, c.reference, c.kind, c.status, c.received_on as "receivedOn", c.recorded_on as "recordedOn", c.handling_route as "handlingRoute", c.finalised_on as "finalisedOn",
         (select count(*)::int from conduct_allegations a where a.case_id = c.id) as allegations,
         coalesce((select array_agg(distinct a.category) from conduct_allegations a where a.case_id = c.id), '{}') as categories,
         coalesce((select array_agg(distinct f.flag) from conduct_flags f where f.case_id = c.id), '{}') as flags,
         coalesce((select array_agg(distinct o.outcome) from conduct_outcomes o where o.case_id = c.id), '{}') as outcomes
       from conduct_cases c where ${where} order by ${order} limit $${n + 1} offset $${n + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    ), this.db.query<{ n: number }>(`select count(*)::int as n from (select 1 from conduct_cases c where ${where} limit ${COUNT_CAP + 1}) x`, params)]);
    const total = Math.min(count?.n ?? 0, COUNT_CAP);
    return { cases, total, capped: (count?.n ?? 0) > COUNT_CAP };
  }

  /** Histogram of days per step and month of completion (see timeliness.ts), for steps completed in [from, until). */
  async timelinessHistogram(from: string, until: string, kind?: string): Promise<HistogramBin[]> {
    const params: unknown[] = [from, until];
    const kindSql = kind ? (params.push(kind), `and m.kind = $3`) : '';
    const step = (measure: string, column: string) =>
      `select '${measure}' as measure, to_char(m.${column}, 'YYYY-MM') as month, (m.${column} - m.received_on) as days, count(*)::int as cases
       from conduct_case_milestones m where m.${column} >= $1::date and m.${column} < $2::date ${kindSql} group by 2, 3`;
    return this.db.query<HistogramBin>([step('record', 'recorded_on'), step('assess', 'assessed_on'), step('finalise', 'finalised_on')].join(' union all '), params);
  }

  /** Counts for cases received in the period (and outcomes decided in it): no case or person is named. */
  async volumes(from: string, to: string, kind?: string): Promise<Volumes> {
    const params: unknown[] = [from, to];
    const kindSql = kind ? (params.push(kind), `and c.kind = $3`) : '';
    const inPeriod = `c.received_on between $1::date and $2::date ${kindSql}`;
    const rows = (sql: string) => this.db.query<VolumeRow>(sql, params);
    const byCategory = await rows(`select a.category as code, count(*)::int as count from conduct_allegations a join conduct_cases c on c.id = a.case_id where ${inPeriod} group by 1 order by 2 desc, 1`);
    const byFlag = await rows(`select f.flag as code, count(distinct f.case_id)::int as count from conduct_flags f join conduct_cases c on c.id = f.case_id where ${inPeriod} group by 1 order by 2 desc, 1`);
    const byOutcome = await rows(`select o.outcome as code, count(*)::int as count from conduct_outcomes o join conduct_cases c on c.id = o.case_id where o.decided_on between $1::date and $2::date ${kindSql} group by 1 order by 2 desc, 1`);
    const byKind = await rows(`select c.kind as code, count(*)::int as count from conduct_cases c where ${inPeriod} group by 1 order by 2 desc, 1`);
    const byHandlingRoute = await rows(`select coalesce(c.handling_route, 'not_decided') as code, count(*)::int as count from conduct_cases c where ${inPeriod} group by 1 order by 2 desc, 1`);
    return {
      byCategory, byFlag, byOutcome, byKind, byHandlingRoute,
      cases: byKind.reduce((n, r) => n + r.count, 0), allegations: byCategory.reduce((n, r) => n + r.count, 0),
    };
  }

  // --- The PIB review exercise ----------------------------------------------------------------

  async createPibReview(tx: Queryable, r: { title: string; periodFrom: string; periodTo: string; reviewerName: string; createdBy: string | null; createdByLabel: string }): Promise<{ id: string; items: { allegationId: string; caseId: string }[] }> {
    const [review] = await tx.query<{ id: string }>(
      `insert into conduct_pib_reviews (title, period_from, period_to, reviewer_name, created_by, created_by_label) values ($1, $2, $3, $4, $5, $6) returning id`,
      [r.title, r.periodFrom, r.periodTo, r.reviewerName, r.createdBy, r.createdByLabel],
    );
    // Every PIB allegation in the period, fixed now: the exercise answers for this population, whoever runs it.
    const items = await tx.query<{ allegationId: string; caseId: string }>(
      `insert into conduct_pib_review_items (review_id, allegation_id, case_id)
       select $1, a.id, a.case_id from conduct_allegations a join conduct_cases c on c.id = a.case_id
       where c.received_on between $2::date and $3::date and ${PIB_ALLEGATION}
       returning allegation_id as "allegationId", case_id as "caseId"`,
      [review!.id, r.periodFrom, r.periodTo],
    );
    return { id: review!.id, items };
  }

  async pibReviews(): Promise<PibReview[]> {
    return this.db.query<PibReview>(`${REVIEW_SELECT} group by r.id order by r.created_at desc`);
  }

  async pibReview(id: string, q: Queryable = this.db): Promise<PibReview | undefined> {
    const [r] = await q.query<PibReview>(`${REVIEW_SELECT} where r.id = $1 group by r.id`, [id]);
    return r;
  }

  /** The review's allegations the viewer may see, with what a reviewer needs to answer, and how many are withheld. */
  async pibReviewItems(viewer: Viewer, reviewId: string, allegationId?: string): Promise<{ items: PibReviewItem[]; withheld: number }> {
    const params: unknown[] = [reviewId];
    const visible = needToKnowSql(viewer, 'c', params);
    const one = allegationId ? (params.push(allegationId), `and i.allegation_id = $${params.length}`) : '';
    const rows = await this.db.query<PibReviewItem & { visible: boolean }>(
      `select i.allegation_id as "allegationId", i.case_id as "caseId", c.reference, c.kind, a.category, c.received_on as "receivedOn", c.handling_route as "handlingRoute", c.status,
         (select count(*)::int from conduct_parties p where p.case_id = c.id and p.colleague and p.role <> 'complainant') as "colleagueVictims",
         (select count(*)::int from conduct_parties p join conduct_victim_support s on s.party_id = p.id where p.case_id = c.id) as "victimsWithSupportPlan",
         (select count(*)::int from conduct_parties p where p.case_id = c.id and not p.colleague) as "publicParties",
         coalesce((select array_agg(o.outcome order by o.decided_on) from conduct_outcomes o where o.case_id = c.id), '{}') as outcomes,
         i.victims_supported as "victimsSupported", i.assessment_right as "assessmentRight", i.investigation_comprehensive as "investigationComprehensive", i.notes,
         i.recorded_by_label as "recordedByLabel", i.recorded_at as "recordedAt", i.version, ${visible} as visible
       from conduct_pib_review_items i join conduct_cases c on c.id = i.case_id join conduct_allegations a on a.id = i.allegation_id
       where i.review_id = $1 ${one} order by c.received_on, c.reference, a.created_at`,
      params,
    );
    return { items: rows.filter((r) => r.visible).map(({ visible: _v, ...r }) => r), withheld: rows.filter((r) => !r.visible).length };
  }

  async recordPibFinding(tx: Queryable, reviewId: string, allegationId: string, version: number, f: { victimsSupported: string; assessmentRight: string; investigationComprehensive: string; notes: string | null; by: string | null; byLabel: string }): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_pib_review_items set victims_supported = $4, assessment_right = $5, investigation_comprehensive = $6, notes = $7, recorded_by = $8, recorded_by_label = $9,
         recorded_at = now(), version = version + 1
       where review_id = $1 and allegation_id = $2 and version = $3 returning allegation_id`,
      [reviewId, allegationId, version, f.victimsSupported, f.assessmentRight, f.investigationComprehensive, f.notes, f.by, f.byLabel],
    );
    return rows.length === 1;
  }

  async itemCase(reviewId: string, allegationId: string, q: Queryable = this.db): Promise<string | undefined> {
    const [r] = await q.query<{ caseId: string }>('select case_id as "caseId" from conduct_pib_review_items where review_id = $1 and allegation_id = $2', [reviewId, allegationId]);
    return r?.caseId;
  }

  /** Counts of each answer to each question, over all the review's allegations (none is named). */
  async pibFindingCounts(reviewId: string, q: Queryable = this.db): Promise<{ question: string; answer: string | null; count: number }[]> {
    return q.query(
      `select question, answer, count(*)::int as count from conduct_pib_review_items i
         cross join lateral (values ('victimsSupported', i.victims_supported), ('assessmentRight', i.assessment_right), ('investigationComprehensive', i.investigation_comprehensive)) v(question, answer)
       where i.review_id = $1 group by 1, 2 order by 1, 2`,
      [reviewId],
    );
  }

  async completePibReview(tx: Queryable, id: string, version: number, summary: string, today: string): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_pib_reviews set status = 'completed', summary = $3, completed_on = $4, version = version + 1 where id = $1 and version = $2 and status = 'open' returning id`,
      [id, version, summary, today],
    );
    return rows.length === 1;
  }
}

const REVIEW_SELECT = `select r.id, r.title, r.period_from as "periodFrom", r.period_to as "periodTo", r.reviewer_name as "reviewerName", r.status, r.summary, r.completed_on as "completedOn",
  r.created_by_label as "createdByLabel", r.created_at as "createdAt", r.version, count(i.allegation_id)::int as items, count(i.recorded_at)::int as recorded
  from conduct_pib_reviews r left join conduct_pib_review_items i on i.review_id = r.id`;

import type { Db, Queryable } from '../../../platform/db/types.js';
import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import { COLLEAGUE_CRIMINAL_FLAG, type ReviewIntervals, type ReviewKind } from './rules.js';

export interface CaseFacts {
  id: string; reference: string; kind: string; status: string; receivedOn: string; recordedOn: string | null; finalisedOn: string | null;
  subjectPersonIds: string[]; flags: string[];
}
export interface Plan {
  termsOfReference: string; openedOn: string; openedByLabel: string; endorsedAt: string | null; endorsedByLabel: string | null; endorsedByRank: string | null; version: number;
}
export interface LineProgress { note: string; recordedOn: string; recordedByLabel: string }
export interface Line {
  id: string; title: string; description: string; widerInquiry: string | null; status: 'open' | 'done' | 'closed'; conclusion: string | null; concludedOn: string | null;
  concludedByLabel: string | null; lastProgressOn: string | null; createdAt: string; version: number; progress: LineProgress[];
}
export interface Review { id: string; kind: ReviewKind; reviewedOn: string; reviewedByLabel: string; reviewerRank: string | null; summary: string }
export interface Notice {
  id: string; personId: string; kind: string; servedOn: string; serviceMethod: string; servedByLabel: string; responseReceivedOn: string | null; responseSummary: string | null; version: number;
}
export interface CriminalLink {
  markedCriminal: boolean; criminalReference: string | null; seniorOfficerPersonId: string | null; seniorOfficerName: string | null; seniorOfficerRank: string | null;
  updatedByLabel: string; version: number;
}
export interface OpenReason { reason: string; recordedOn: string; recordedByLabel: string; version: number }

export interface OverdueReview {
  caseId: string; reference: string; kind: ReviewKind; dueOn: string; lastReviewedOn: string | null; seniorOfficerPersonId: string | null; seniorOfficerName: string | null;
}
export interface AwaitingEndorsement { caseId: string; reference: string; openedOn: string; lines: number }
export interface PastTimeLimit {
  caseId: string; reference: string; kind: string; status: string; recordedOn: string; endsOn: string; reason: string | null; reasonRecordedOn: string | null; reasonRecordedByLabel: string | null;
}

const PLAN_COLUMNS = `terms_of_reference as "termsOfReference", opened_on as "openedOn", opened_by_label as "openedByLabel", endorsed_at as "endorsedAt",
  endorsed_by_label as "endorsedByLabel", endorsed_by_rank as "endorsedByRank", version`;
const LINK_COLUMNS = `marked_criminal as "markedCriminal", criminal_reference as "criminalReference", senior_officer_person_id as "seniorOfficerPersonId",
  senior_officer_name as "seniorOfficerName", senior_officer_rank as "seniorOfficerRank", updated_by_label as "updatedByLabel", version`;

/** A paged list: rows carry `total` from a window count, taken off here. */
const paged = <T>(rows: (T & { total: number })[]) => ({ items: rows.map(({ total: _t, ...r }) => r as T), total: rows[0]?.total ?? 0 });

export class InvestigationRepository {
  constructor(private readonly db: Db) {}

  /** What the investigation's rules need of the case, locking its row in a write so finalisation cannot interleave. */
  async caseFacts(caseId: string, q: Queryable = this.db, lock = false): Promise<CaseFacts | undefined> {
    if (lock) await q.query('select id from conduct_cases where id = $1 for update', [caseId]);
    const [r] = await q.query<CaseFacts>(
      `select c.id, c.reference, c.kind, c.status, c.received_on as "receivedOn", c.recorded_on as "recordedOn", c.finalised_on as "finalisedOn",
         c.subject_person_ids as "subjectPersonIds", coalesce((select array_agg(distinct f.flag) from conduct_flags f where f.case_id = c.id), '{}') as flags
       from conduct_cases c where c.id = $1`,
      [caseId],
    );
    return r;
  }

  // --- The plan and its lines of inquiry ---------------------------------------------------------

  async plan(caseId: string, q: Queryable = this.db): Promise<Plan | undefined> {
    const [r] = await q.query<Plan>(`select ${PLAN_COLUMNS} from conduct_investigation_plans where case_id = $1`, [caseId]);
    return r;
  }

  async insertPlan(tx: Queryable, caseId: string, termsOfReference: string, openedOn: string, byLabel: string): Promise<boolean> {
    const rows = await tx.query(
      `insert into conduct_investigation_plans (case_id, terms_of_reference, opened_on, opened_by_label) values ($1, $2, $3, $4) on conflict (case_id) do nothing returning case_id`,
      [caseId, termsOfReference, openedOn, byLabel],
    );
    return rows.length === 1;
  }

  /** New terms of reference withdraw any endorsement; false when someone else changed the plan first. */
  async amendPlan(tx: Queryable, caseId: string, version: number, termsOfReference: string, withdrawEndorsement: boolean): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_investigation_plans set terms_of_reference = $3, version = version + 1, updated_at = now()
         ${withdrawEndorsement ? ', endorsed_at = null, endorsed_by = null, endorsed_by_label = null, endorsed_by_rank = null' : ''}
       where case_id = $1 and version = $2 returning case_id`,
      [caseId, version, termsOfReference],
    );
    return rows.length === 1;
  }

  async endorse(tx: Queryable, caseId: string, version: number, by: { userId: string | null; label: string; rank: string | null }): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_investigation_plans set endorsed_at = now(), endorsed_by = $3, endorsed_by_label = $4, endorsed_by_rank = $5, version = version + 1, updated_at = now()
       where case_id = $1 and version = $2 and endorsed_at is null returning case_id`,
      [caseId, version, by.userId, by.label, by.rank],
    );
    return rows.length === 1;
  }

  async lines(caseId: string, q: Queryable = this.db): Promise<Line[]> {
    return q.query<Line>(
      `select l.id, l.title, l.description, l.wider_inquiry as "widerInquiry", l.status, l.conclusion, l.concluded_on as "concludedOn", l.concluded_by_label as "concludedByLabel",
         l.last_progress_on as "lastProgressOn", l.created_at as "createdAt", l.version,
         coalesce((select jsonb_agg(jsonb_build_object('note', p.note, 'recordedOn', p.recorded_on, 'recordedByLabel', p.recorded_by_label) order by p.recorded_at)
                   from conduct_line_progress p where p.line_id = l.id), '[]'::jsonb) as progress
       from conduct_lines_of_inquiry l where l.case_id = $1 order by l.seq`,
      [caseId],
    );
  }

  /** Adds a line; a wider inquiry already on the plan is not added twice (false). */
  async insertLine(tx: Queryable, caseId: string, l: { title: string; description: string; widerInquiry: string | null; byLabel: string }): Promise<string | undefined> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_lines_of_inquiry (case_id, title, description, wider_inquiry, created_by_label) values ($1, $2, $3, $4, $5)
       on conflict (case_id, wider_inquiry) where wider_inquiry is not null do nothing returning id`,
      [caseId, l.title, l.description, l.widerInquiry, l.byLabel],
    );
    return r?.id;
  }

  async line(lineId: string, q: Queryable): Promise<{ caseId: string; title: string; status: string; version: number } | undefined> {
    const [r] = await q.query<{ caseId: string; title: string; status: string; version: number }>('select case_id as "caseId", title, status, version from conduct_lines_of_inquiry where id = $1', [lineId]);
    return r;
  }

  async addProgress(tx: Queryable, lineId: string, caseId: string, version: number, p: { note: string; on: string; byLabel: string }): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_lines_of_inquiry set last_progress_on = $3, version = version + 1 where id = $1 and version = $2 and status = 'open' returning id`,
      [lineId, version, p.on],
    );
    if (rows.length !== 1) return false;
    await tx.query('insert into conduct_line_progress (line_id, case_id, note, recorded_on, recorded_by_label) values ($1, $2, $3, $4, $5)', [lineId, caseId, p.note, p.on, p.byLabel]);
    return true;
  }

  async conclude(tx: Queryable, lineId: string, version: number, c: { status: 'done' | 'closed'; conclusion: string; on: string; byLabel: string }): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_lines_of_inquiry set status = $3, conclusion = $4, concluded_on = $5, concluded_by_label = $6, version = version + 1
       where id = $1 and version = $2 and status = 'open' returning id`,
      [lineId, version, c.status, c.conclusion, c.on, c.byLabel],
    );
    return rows.length === 1;
  }

  // --- Reviews -------------------------------------------------------------------------------------

  async reviews(caseId: string, q: Queryable = this.db): Promise<Review[]> {
    return q.query<Review>(
      `select id, kind, reviewed_on as "reviewedOn", reviewed_by_label as "reviewedByLabel", reviewer_rank as "reviewerRank", summary
       from conduct_investigation_reviews where case_id = $1 order by reviewed_on desc, created_at desc`,
      [caseId],
    );
  }

  async insertReview(tx: Queryable, caseId: string, r: { kind: ReviewKind; reviewedOn: string; userId: string | null; label: string; personId: string | null; rank: string | null; summary: string }): Promise<string> {
    const [row] = await tx.query<{ id: string }>(
      `insert into conduct_investigation_reviews (case_id, kind, reviewed_on, reviewed_by, reviewed_by_label, reviewer_person_id, reviewer_rank, summary)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [caseId, r.kind, r.reviewedOn, r.userId, r.label, r.personId, r.rank, r.summary],
    );
    return row!.id;
  }

  // --- Notices -------------------------------------------------------------------------------------

  async notices(caseId: string, q: Queryable = this.db): Promise<Notice[]> {
    return q.query<Notice>(
      `select id, person_id as "personId", kind, served_on as "servedOn", service_method as "serviceMethod", served_by_label as "servedByLabel",
         response_received_on as "responseReceivedOn", response_summary as "responseSummary", version
       from conduct_investigation_notices where case_id = $1 order by served_on, created_at`,
      [caseId],
    );
  }

  async insertNotice(tx: Queryable, caseId: string, n: { personId: string; kind: string; servedOn: string; method: string; byLabel: string }): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      'insert into conduct_investigation_notices (case_id, person_id, kind, served_on, service_method, served_by_label) values ($1, $2, $3, $4, $5, $6) returning id',
      [caseId, n.personId, n.kind, n.servedOn, n.method, n.byLabel],
    );
    return r!.id;
  }

  async notice(noticeId: string, q: Queryable): Promise<{ caseId: string; personId: string; servedOn: string; version: number } | undefined> {
    const [r] = await q.query<{ caseId: string; personId: string; servedOn: string; version: number }>(
      'select case_id as "caseId", person_id as "personId", served_on as "servedOn", version from conduct_investigation_notices where id = $1', [noticeId]);
    return r;
  }

  async recordResponse(tx: Queryable, noticeId: string, version: number, r: { receivedOn: string; summary: string }): Promise<boolean> {
    const rows = await tx.query(
      'update conduct_investigation_notices set response_received_on = $3, response_summary = $4, version = version + 1 where id = $1 and version = $2 returning id',
      [noticeId, version, r.receivedOn, r.summary],
    );
    return rows.length === 1;
  }

  // --- Criminal allegations and cases past the 12-month clock ------------------------------------

  async criminalLink(caseId: string, q: Queryable = this.db): Promise<CriminalLink | undefined> {
    const [r] = await q.query<CriminalLink>(`select ${LINK_COLUMNS} from conduct_criminal_links where case_id = $1`, [caseId]);
    return r;
  }

  /** Inserts (version 0) or updates the link if it is still the version the editor saw. */
  async saveCriminalLink(tx: Queryable, caseId: string, version: number, l: Omit<CriminalLink, 'version'>): Promise<boolean> {
    const values = [caseId, l.markedCriminal, l.criminalReference, l.seniorOfficerPersonId, l.seniorOfficerName, l.seniorOfficerRank, l.updatedByLabel];
    const rows = version === 0
      ? await tx.query(
        `insert into conduct_criminal_links (case_id, marked_criminal, criminal_reference, senior_officer_person_id, senior_officer_name, senior_officer_rank, updated_by_label)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (case_id) do nothing returning case_id`, values)
      : await tx.query(
        `update conduct_criminal_links set marked_criminal = $2, criminal_reference = $3, senior_officer_person_id = $4, senior_officer_name = $5, senior_officer_rank = $6,
           updated_by_label = $7, version = version + 1, updated_at = now() where case_id = $1 and version = $8 returning case_id`, [...values, version]);
    return rows.length === 1;
  }

  async openReason(caseId: string, q: Queryable = this.db): Promise<OpenReason | undefined> {
    const [r] = await q.query<OpenReason>('select reason, recorded_on as "recordedOn", recorded_by_label as "recordedByLabel", version from conduct_open_case_reasons where case_id = $1', [caseId]);
    return r;
  }

  async saveOpenReason(tx: Queryable, caseId: string, version: number, r: { reason: string; on: string; byLabel: string }): Promise<boolean> {
    const rows = version === 0
      ? await tx.query('insert into conduct_open_case_reasons (case_id, reason, recorded_on, recorded_by_label) values ($1, $2, $3, $4) on conflict (case_id) do nothing returning case_id', [caseId, r.reason, r.on, r.byLabel])
      : await tx.query(
        'update conduct_open_case_reasons set reason = $2, recorded_on = $3, recorded_by_label = $4, version = version + 1, updated_at = now() where case_id = $1 and version = $5 returning case_id',
        [caseId, r.reason, r.on, r.byLabel, version]);
    return rows.length === 1;
  }

  // --- Work lists (need-to-know in the query itself) --------------------------------------------

  /**
   * Reviews overdue on open cases the viewer may see: supervisory and inspector reviews of every investigation with a
   * plan, monthly reviews of criminal allegations. The same rule as rules.ts reviewsDue, in SQL so lists can page.
   */
  async overdueReviews(viewer: Viewer, intervals: ReviewIntervals, today: string, o: { limit: number; offset: number; seniorOfficerPersonId?: string }): Promise<{ items: OverdueReview[]; total: number }> {
    const params: unknown[] = [intervals.supervisoryDays, intervals.inspectorDays, intervals.criminalMonths, today, COLLEAGUE_CRIMINAL_FLAG];
    const where = needToKnowSql(viewer, 'c', params);
    params.push(o.seniorOfficerPersonId ?? null);
    const officer = `$${params.length}`;
    const last = (kind: ReviewKind) => `(select max(r.reviewed_on) from conduct_investigation_reviews r where r.case_id = c.id and r.kind = '${kind}')`;
    const rows = await this.db.query<OverdueReview & { total: number }>(
      `with facts as (
         select c.id, c.reference, c.received_on, p.opened_on, ${last('supervisory')} as last_supervisory, ${last('inspector')} as last_inspector, ${last('criminal')} as last_criminal,
           (coalesce(l.marked_criminal, false) or exists (select 1 from conduct_flags f where f.case_id = c.id and f.flag = $5)) as criminal,
           l.senior_officer_person_id, l.senior_officer_name
         from conduct_cases c
         left join conduct_investigation_plans p on p.case_id = c.id
         left join conduct_criminal_links l on l.case_id = c.id
         where c.status <> 'finalised' and ${where}
       ), due as (
         select id, reference, 'supervisory' as kind, greatest(coalesce(last_supervisory, opened_on), opened_on) + $1::int as due_on, last_supervisory as last_reviewed_on,
           senior_officer_person_id, senior_officer_name from facts where opened_on is not null
         union all
         select id, reference, 'inspector', greatest(coalesce(last_inspector, opened_on), opened_on) + $2::int, last_inspector, senior_officer_person_id, senior_officer_name
           from facts where opened_on is not null
         union all
         select id, reference, 'criminal', (greatest(coalesce(last_criminal, received_on), received_on) + make_interval(months => $3::int))::date, last_criminal,
           senior_officer_person_id, senior_officer_name from facts where criminal
       )
       select id as "caseId", reference, kind, due_on as "dueOn", last_reviewed_on as "lastReviewedOn", senior_officer_person_id as "seniorOfficerPersonId",
         senior_officer_name as "seniorOfficerName", count(*) over ()::int as total
       from due where due_on < $4::date and (${officer}::uuid is null or (kind = 'criminal' and senior_officer_person_id = ${officer}::uuid))
       order by due_on, reference, kind limit ${Number(o.limit)} offset ${Number(o.offset)}`,
      params,
    );
    return paged(rows);
  }

  async awaitingEndorsement(viewer: Viewer, o: { limit: number; offset: number }): Promise<{ items: AwaitingEndorsement[]; total: number }> {
    const params: unknown[] = [];
    const where = needToKnowSql(viewer, 'c', params);
    const rows = await this.db.query<AwaitingEndorsement & { total: number }>(
      `select c.id as "caseId", c.reference, p.opened_on as "openedOn", (select count(*)::int from conduct_lines_of_inquiry l where l.case_id = c.id) as lines, count(*) over ()::int as total
       from conduct_investigation_plans p join conduct_cases c on c.id = p.case_id
       where p.endorsed_at is null and c.status <> 'finalised' and ${where}
       order by p.opened_on, c.reference limit ${Number(o.limit)} offset ${Number(o.offset)}`,
      params,
    );
    return paged(rows);
  }

  /** Open cases whose 12 months from recording have passed, oldest first, with the reason each remains open. */
  async pastTimeLimit(viewer: Viewer, today: string, o: { limit: number; offset: number; missingReasonOnly?: boolean }): Promise<{ items: PastTimeLimit[]; total: number }> {
    const params: unknown[] = [today];
    const where = needToKnowSql(viewer, 'c', params);
    const rows = await this.db.query<PastTimeLimit & { total: number }>(
      `select c.id as "caseId", c.reference, c.kind, c.status, c.recorded_on as "recordedOn", (c.recorded_on + interval '12 months')::date as "endsOn",
         r.reason, r.recorded_on as "reasonRecordedOn", r.recorded_by_label as "reasonRecordedByLabel", count(*) over ()::int as total
       from conduct_cases c left join conduct_open_case_reasons r on r.case_id = c.id
       where c.status <> 'finalised' and c.recorded_on is not null and (c.recorded_on + interval '12 months')::date < $1::date and ${where}
         ${o.missingReasonOnly ? 'and r.case_id is null' : ''}
       order by c.recorded_on, c.reference limit ${Number(o.limit)} offset ${Number(o.offset)}`,
      params,
    );
    return paged(rows);
  }
}

import type { Db, Queryable } from '../../../platform/db/types.js';
import type { HearingKind, PanelMember } from './rules.js';

export interface Hearing {
  id: string; caseId: string; kind: HearingKind; subjectPersonIds: string[]; hearingDate: string; endsOn: string | null; startTime: string; venue: string;
  inPublic: boolean; privateReason: string | null; allegationsForPublication: string; panel: PanelMember[]; concludedOn: string | null;
  chairReportDueOn: string | null; chairReportReceivedOn: string | null; version: number; createdByLabel: string;
}
export interface HearingOutcome {
  outcomeId: string; hearingId: string; personId: string; finding: string | null; outcome: string; decidedOn: string; decidedByName: string;
  presumptionOfDismissal: boolean; departureReasons: string | null; barredListReferredOn: string | null; barredListReferredBy: string | null;
}
export interface PublishedContent {
  forum: string; date: string; endsOn: string | null; startTime: string; venue: string; allegations: string;
  officers: { name: string; rank: string | null; finding?: string | null; outcome?: string }[];
}
export interface Publication {
  id: string; hearingId: string; kind: 'notice' | 'outcome'; content: PublishedContent; publishedOn: string; publishedUntil: string; publishedByLabel: string;
  withdrawnAt: string | null; withdrawnByLabel: string | null; withdrawalReason: string | null;
}
export interface ComplainantLetter {
  id: string; caseId: string; partyId: string; kind: 'update' | 'outcome'; letterDate: string; body: string; reviewBody: string | null; reviewCriteria: string[];
  reviewDueOn: string | null; reviewRequestedOn: string | null; reviewOutcome: string | null; reviewOutcomeOn: string | null; reviewNotes: string | null;
  createdByLabel: string; version: number;
}

const HEARING_COLUMNS = `h.id, h.case_id as "caseId", h.kind, h.subject_person_ids as "subjectPersonIds", h.hearing_date as "hearingDate", h.ends_on as "endsOn",
  h.start_time as "startTime", h.venue, h.in_public as "inPublic", h.private_reason as "privateReason", h.allegations_for_publication as "allegationsForPublication",
  h.panel, h.concluded_on as "concludedOn", h.chair_report_due_on as "chairReportDueOn", h.chair_report_received_on as "chairReportReceivedOn", h.version,
  h.created_by_label as "createdByLabel"`;
const PUBLICATION_COLUMNS = `p.id, p.hearing_id as "hearingId", p.kind, p.content, p.published_on as "publishedOn", p.published_until as "publishedUntil",
  p.published_by_label as "publishedByLabel", p.withdrawn_at as "withdrawnAt", p.withdrawn_by_label as "withdrawnByLabel", p.withdrawal_reason as "withdrawalReason"`;
const LETTER_COLUMNS = `l.id, l.case_id as "caseId", l.party_id as "partyId", l.kind, l.letter_date as "letterDate", l.body, l.review_body as "reviewBody",
  l.review_criteria as "reviewCriteria", l.review_due_on as "reviewDueOn", l.review_requested_on as "reviewRequestedOn", l.review_outcome as "reviewOutcome",
  l.review_outcome_on as "reviewOutcomeOn", l.review_notes as "reviewNotes", l.created_by_label as "createdByLabel", l.version`;

export class HearingsRepository {
  constructor(private readonly db: Db) {}

  async insertHearing(tx: Queryable, h: Omit<Hearing, 'id' | 'panel' | 'concludedOn' | 'chairReportDueOn' | 'chairReportReceivedOn' | 'version'>): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_hearings (case_id, kind, subject_person_ids, hearing_date, ends_on, start_time, venue, in_public, private_reason, allegations_for_publication, created_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [h.caseId, h.kind, h.subjectPersonIds, h.hearingDate, h.endsOn, h.startTime, h.venue, h.inPublic, h.privateReason, h.allegationsForPublication, h.createdByLabel],
    );
    return r!.id;
  }

  async hearing(id: string, q: Queryable = this.db): Promise<Hearing | undefined> {
    const [r] = await q.query<Hearing>(`select ${HEARING_COLUMNS} from conduct_hearings h where h.id = $1`, [id]);
    return r;
  }

  async hearings(caseId: string, q: Queryable = this.db): Promise<Hearing[]> {
    return q.query<Hearing>(`select ${HEARING_COLUMNS} from conduct_hearings h where h.case_id = $1 order by h.hearing_date, h.created_at`, [caseId]);
  }

  /** Changes a hearing if it is still at the version the editor saw: false means someone else changed it first. */
  async updateHearing(tx: Queryable, id: string, version: number, set: Record<string, unknown>): Promise<boolean> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
    const rows = await tx.query(
      `update conduct_hearings set version = version + 1, updated_at = now()${assignments.length ? ', ' + assignments.join(', ') : ''} where id = $1 and version = $2 returning id`,
      [id, version, ...columns.map((c) => set[c])],
    );
    return rows.length === 1;
  }

  async insertOutcome(tx: Queryable, o: { outcomeId: string; hearingId: string; caseId: string; personId: string; presumptionOfDismissal: boolean; departureReasons: string | null }): Promise<void> {
    await tx.query(
      `insert into conduct_hearing_outcomes (outcome_id, hearing_id, case_id, person_id, presumption_of_dismissal, departure_reasons) values ($1, $2, $3, $4, $5, $6)`,
      [o.outcomeId, o.hearingId, o.caseId, o.personId, o.presumptionOfDismissal, o.departureReasons],
    );
  }

  async outcomes(hearingIds: string[], q: Queryable = this.db): Promise<HearingOutcome[]> {
    if (!hearingIds.length) return [];
    return q.query<HearingOutcome>(
      `select ho.outcome_id as "outcomeId", ho.hearing_id as "hearingId", ho.person_id as "personId", o.finding, o.outcome, o.decided_on as "decidedOn",
         o.decided_by_name as "decidedByName", ho.presumption_of_dismissal as "presumptionOfDismissal", ho.departure_reasons as "departureReasons",
         ho.barred_list_referred_on as "barredListReferredOn", ho.barred_list_referred_by as "barredListReferredBy"
       from conduct_hearing_outcomes ho join conduct_outcomes o on o.id = ho.outcome_id where ho.hearing_id = any($1::uuid[]) order by ho.created_at`,
      [hearingIds],
    );
  }

  async recordBarredListReferral(tx: Queryable, outcomeId: string, referredOn: string, referredBy: string, byLabel: string): Promise<void> {
    await tx.query(
      'update conduct_hearing_outcomes set barred_list_referred_on = $2, barred_list_referred_by = $3, barred_list_recorded_by_label = $4 where outcome_id = $1',
      [outcomeId, referredOn, referredBy, byLabel],
    );
  }

  /** Dismissals on the case not yet referred to the barred list (they block finalisation). */
  async dismissalsNotReferred(caseId: string, q: Queryable): Promise<number> {
    const [r] = await q.query<{ n: number }>(
      `select count(*)::int as n from conduct_hearing_outcomes ho join conduct_outcomes o on o.id = ho.outcome_id
       where ho.case_id = $1 and o.outcome = 'dismissal_without_notice' and ho.barred_list_referred_on is null`,
      [caseId],
    );
    return r?.n ?? 0;
  }

  async insertPublication(tx: Queryable, p: { hearingId: string; caseId: string; kind: 'notice' | 'outcome'; content: PublishedContent; publishedOn: string; publishedUntil: string; byLabel: string }): Promise<string | undefined> {
    const rows = await tx.query<{ id: string }>(
      `insert into conduct_hearing_publications (hearing_id, case_id, kind, content, published_on, published_until, published_by_label)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7) on conflict do nothing returning id`,
      [p.hearingId, p.caseId, p.kind, JSON.stringify(p.content), p.publishedOn, p.publishedUntil, p.byLabel],
    );
    return rows[0]?.id;
  }

  async publications(hearingIds: string[], q: Queryable = this.db): Promise<Publication[]> {
    if (!hearingIds.length) return [];
    return q.query<Publication>(`select ${PUBLICATION_COLUMNS} from conduct_hearing_publications p where p.hearing_id = any($1::uuid[]) order by p.created_at`, [hearingIds]);
  }

  async withdrawPublication(tx: Queryable, id: string, hearingId: string, byLabel: string, reason: string): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_hearing_publications set withdrawn_at = now(), withdrawn_by_label = $3, withdrawal_reason = $4 where id = $1 and hearing_id = $2 and withdrawn_at is null returning id`,
      [id, hearingId, byLabel, reason],
    );
    return rows.length === 1;
  }

  /**
   * The public page: live publications only, one per hearing (its outcome once published, otherwise its notice).
   * Reads nothing but the published snapshot.
   */
  async livePublications(today: string, limit: number, offset: number): Promise<{ items: Pick<Publication, 'id' | 'kind' | 'content' | 'publishedOn'>[]; total: number }> {
    const rows = await this.db.query<Pick<Publication, 'id' | 'kind' | 'content' | 'publishedOn'> & { total: number }>(
      `with live as (
         select distinct on (p.hearing_id) p.id, p.kind, p.content, p.published_on as "publishedOn"
         from conduct_hearing_publications p
         where p.withdrawn_at is null and p.published_on <= $1::date and p.published_until >= $1::date
         order by p.hearing_id, (p.kind = 'outcome') desc, p.created_at desc
       )
       select live.*, count(*) over ()::int as total from live order by (live.content->>'date') desc, live.id limit $2 offset $3`,
      [today, limit, offset],
    );
    return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  async insertLetter(tx: Queryable, l: { caseId: string; partyId: string; kind: string; letterDate: string; body: string; reviewBody: string | null; reviewCriteria: string[]; reviewDueOn: string | null; byLabel: string }): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_complainant_letters (case_id, party_id, kind, letter_date, body, review_body, review_criteria, review_due_on, created_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [l.caseId, l.partyId, l.kind, l.letterDate, l.body, l.reviewBody, l.reviewCriteria, l.reviewDueOn, l.byLabel],
    );
    return r!.id;
  }

  async letters(caseId: string, q: Queryable = this.db): Promise<ComplainantLetter[]> {
    return q.query<ComplainantLetter>(`select ${LETTER_COLUMNS} from conduct_complainant_letters l where l.case_id = $1 order by l.letter_date, l.created_at`, [caseId]);
  }

  async letter(id: string, q: Queryable = this.db): Promise<ComplainantLetter | undefined> {
    const [r] = await q.query<ComplainantLetter>(`select ${LETTER_COLUMNS} from conduct_complainant_letters l where l.id = $1`, [id]);
    return r;
  }

  async recordReview(tx: Queryable, id: string, version: number, r: { requestedOn: string; outcome: string | null; outcomeOn: string | null; notes: string | null }): Promise<boolean> {
    const rows = await tx.query(
      `update conduct_complainant_letters set review_requested_on = $3, review_outcome = $4, review_outcome_on = $5, review_notes = $6, version = version + 1
       where id = $1 and version = $2 returning id`,
      [id, version, r.requestedOn, r.outcome, r.outcomeOn, r.notes],
    );
    return rows.length === 1;
  }

  /** The complainant's name and address, for producing a letter (the caller has authorised and audited the read). */
  async recipient(partyId: string, q: Queryable = this.db): Promise<{ forenames: string; surname: string; address: string | null; postcode: string | null } | undefined> {
    const [r] = await q.query<{ forenames: string; surname: string; address: string | null; postcode: string | null }>(
      'select forenames, surname, address, postcode from conduct_parties where id = $1', [partyId]);
    return r;
  }
}

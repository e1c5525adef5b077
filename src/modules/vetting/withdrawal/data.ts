import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import type { Db, Queryable } from '../../../platform/db/types.js';
import type { NdmRationale } from '../rules.js';
import type { WithdrawalStatus } from './rules.js';

export interface WithdrawalCase {
  id: string;
  reference: string;
  personId: string;
  personType: string;
  subjectName: string;
  decisionId: string;
  applicationId: string;
  applicationReference: string;
  level: string;
  status: WithdrawalStatus;
  concern: string;
  concernSource: string;
  assessment: NdmRationale;
  openedOn: string;
  openedByLabel: string;
  noticeServedOn: string | null;
  noticeMethod: string | null;
  noticeNote: string | null;
  representationsDueOn: string | null;
  representationsReceivedOn: string | null;
  representationsSummary: string | null;
  interviewOn: string | null;
  interviewAttendees: string | null;
  interviewRecord: string | null;
  decision: string | null;
  decisionRationale: NdmRationale | null;
  decidedOn: string | null;
  decidedBy: string | null;
  decidedByLabel: string | null;
  conditionIds: string[];
  appealDueOn: string | null;
  reversedOn: string | null;
  linkedProcess: string;
  linkedReference: string | null;
  linkedNote: string | null;
  leftOn: string | null;
  leftReason: string | null;
  leftNote: string | null;
  subjectPersonIds: string[];
  excludedUserIds: string[];
  sealedToUserIds: string[];
  version: number;
}

export interface WithdrawalSummary {
  id: string; reference: string; subjectName: string; level: string; status: string; concernSource: string; openedOn: string;
  representationsDueOn: string | null; decision: string | null; decidedOn: string | null; linkedProcess: string;
}

/** The clearance a withdrawal assesses: its decision and the need-to-know of its application. */
export interface ClearanceDecision {
  decisionId: string; applicationId: string; level: string; outcome: string; withdrawnOn: string | null;
  subjectPersonIds: string[]; excludedUserIds: string[]; sealedToUserIds: string[];
}

const COLUMNS = `w.id, w.reference, w.person_id as "personId", w.person_type as "personType", w.subject_name as "subjectName", w.decision_id as "decisionId",
  d.application_id as "applicationId", a.reference as "applicationReference", w.level, w.status, w.concern, w.concern_source as "concernSource", w.assessment,
  w.opened_on as "openedOn", w.opened_by_label as "openedByLabel", w.notice_served_on as "noticeServedOn", w.notice_method as "noticeMethod", w.notice_note as "noticeNote",
  w.representations_due_on as "representationsDueOn", w.representations_received_on as "representationsReceivedOn", w.representations_summary as "representationsSummary",
  w.interview_on as "interviewOn", w.interview_attendees as "interviewAttendees", w.interview_record as "interviewRecord",
  w.decision, w.decision_rationale as "decisionRationale", w.decided_on as "decidedOn", w.decided_by as "decidedBy", w.decided_by_label as "decidedByLabel", w.condition_ids as "conditionIds",
  w.appeal_due_on as "appealDueOn", w.reversed_on as "reversedOn", w.linked_process as "linkedProcess", w.linked_reference as "linkedReference", w.linked_note as "linkedNote",
  w.left_on as "leftOn", w.left_reason as "leftReason", w.left_note as "leftNote", w.subject_person_ids as "subjectPersonIds", w.excluded_user_ids as "excludedUserIds",
  w.sealed_to_user_ids as "sealedToUserIds", w.version`;
const FROM = 'vetting_withdrawals w join vetting_decisions d on d.id = w.decision_id join vetting_applications a on a.id = d.application_id';
const SUMMARY = `w.id, w.reference, w.subject_name as "subjectName", w.level, w.status, w.concern_source as "concernSource", w.opened_on as "openedOn",
  w.representations_due_on as "representationsDueOn", w.decision, w.decided_on as "decidedOn", w.linked_process as "linkedProcess"`;

/** The columns a step may change: code constants only, so the update below never takes a column name from input. */
type StepColumn =
  | 'status' | 'notice_served_on' | 'notice_method' | 'notice_note' | 'representations_due_on' | 'representations_received_on' | 'representations_summary'
  | 'interview_on' | 'interview_attendees' | 'interview_record' | 'decision' | 'decision_rationale' | 'decided_on' | 'decided_by' | 'decided_by_label' | 'condition_ids'
  | 'appeal_due_on' | 'reversed_on' | 'linked_process' | 'linked_reference' | 'linked_note' | 'left_on' | 'left_reason' | 'left_note';

const CASTS: Record<string, string> = { decision_rationale: '::jsonb', condition_ids: '::uuid[]' };

export class WithdrawalRepository {
  constructor(private readonly db: Db) {}

  async get(id: string, q: Queryable = this.db): Promise<WithdrawalCase | undefined> {
    const [r] = await q.query<WithdrawalCase>(`select ${COLUMNS} from ${FROM} where w.id = $1`, [id]);
    return r;
  }

  /** Cases the viewer may see (never about themselves), open or concluded, newest first. */
  async list(viewer: Viewer, o: { open: boolean; limit: number; offset: number }): Promise<{ cases: WithdrawalSummary[]; total: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'w', params);
    const rows = await this.db.query<WithdrawalSummary & { total: number }>(
      `select ${SUMMARY}, count(*) over ()::int as total from vetting_withdrawals w
       where ${allowed} and (w.status in ('assessment', 'notice_served')) = $${params.length + 1}
       order by w.opened_on desc, w.reference desc limit $${params.length + 2} offset $${params.length + 3}`,
      [...params, o.open, o.limit, o.offset],
    );
    return { cases: rows.map(({ total: _t, ...c }) => c), total: rows[0]?.total ?? 0 };
  }

  /** Withdrawal cases on one clearance decision, newest first (for its application's page and appeals). */
  forDecision(decisionId: string, q: Queryable = this.db): Promise<WithdrawalCase[]> {
    return q.query<WithdrawalCase>(`select ${COLUMNS} from ${FROM} where w.decision_id = $1 order by w.opened_on desc, w.created_at desc`, [decisionId]);
  }

  /** Counts for the vetting unit's home card, within need-to-know. */
  async counts(viewer: Viewer): Promise<{ awaitingNotice: number; awaitingRepresentations: number; readyForDecision: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'w', params);
    const [r] = await this.db.query<{ awaitingNotice: number; awaitingRepresentations: number; readyForDecision: number }>(
      `select count(*) filter (where w.status = 'assessment')::int as "awaitingNotice",
         count(*) filter (where w.status = 'notice_served' and w.representations_received_on is null and w.representations_due_on >= current_date)::int as "awaitingRepresentations",
         count(*) filter (where w.status = 'notice_served' and (w.representations_received_on is not null or w.representations_due_on < current_date))::int as "readyForDecision"
       from vetting_withdrawals w where ${allowed}`,
      params,
    );
    return r!;
  }

  /** The clearance decision behind an application reference (currentClearance names the application). */
  async clearanceByReference(reference: string, q: Queryable): Promise<ClearanceDecision | undefined> {
    const [r] = await q.query<ClearanceDecision>(
      `select d.id as "decisionId", d.application_id as "applicationId", d.level, d.outcome, d.withdrawn_on as "withdrawnOn",
         a.subject_person_ids as "subjectPersonIds", a.excluded_user_ids as "excludedUserIds", a.sealed_to_user_ids as "sealedToUserIds"
       from vetting_decisions d join vetting_applications a on a.id = d.application_id where a.reference = $1`,
      [reference],
    );
    return r;
  }

  /** Opens a case; undefined when the clearance already has an open assessment (the partial unique index). */
  async insert(tx: Queryable, c: {
    personId: string; personType: string; subjectName: string; clearance: ClearanceDecision; concern: string; concernSource: string; assessment: NdmRationale;
    openedOn: string; openedBy: string | null; openedByLabel: string; linkedProcess: string; linkedReference: string | null; linkedNote: string | null;
  }): Promise<{ id: string; reference: string } | undefined> {
    const [r] = await tx.query<{ id: string; reference: string }>(
      `insert into vetting_withdrawals (reference, person_id, person_type, subject_name, decision_id, level, concern, concern_source, assessment, opened_on, opened_by, opened_by_label,
         linked_process, linked_reference, linked_note, subject_person_ids, excluded_user_ids, sealed_to_user_ids)
       values ('WDL-' || to_char($9::date, 'YYYY') || '-' || lpad(nextval('vetting_withdrawal_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14,
         (select array_agg(distinct s) from unnest($15::uuid[] || array[$1::uuid]) as s), $16::uuid[], $17::uuid[])
       on conflict (decision_id) where status in ('assessment', 'notice_served') do nothing
       returning id, reference`,
      [c.personId, c.personType, c.subjectName, c.clearance.decisionId, c.clearance.level, c.concern, c.concernSource, JSON.stringify(c.assessment), c.openedOn, c.openedBy, c.openedByLabel,
        c.linkedProcess, c.linkedReference, c.linkedNote, c.clearance.subjectPersonIds, c.clearance.excludedUserIds, c.clearance.sealedToUserIds],
    );
    return r;
  }

  /** One step's changes, if the case is still at the version the user saw; false when someone changed it first. */
  async update(tx: Queryable, id: string, expectedVersion: number, changes: Partial<Record<StepColumn, unknown>>): Promise<boolean> {
    const entries = Object.entries(changes);
    const sets = entries.map(([column], i) => `${column} = $${i + 3}${CASTS[column] ?? ''}`);
    const values = entries.map(([column, v]) => (column === 'decision_rationale' && v ? JSON.stringify(v) : v));
    const rows = await tx.query(
      `update vetting_withdrawals set ${sets.join(', ')}, version = version + 1, updated_at = now() where id = $1 and version = $2 returning id`,
      [id, expectedVersion, ...values],
    );
    return rows.length === 1;
  }

  /** Marks the clearance withdrawn; false when it already was. */
  async withdrawClearance(tx: Queryable, decisionId: string, on: string): Promise<boolean> {
    const rows = await tx.query(`update vetting_decisions set withdrawn_on = $2 where id = $1 and withdrawn_on is null returning id`, [decisionId, on]);
    return rows.length === 1;
  }

  async reinstateClearance(tx: Queryable, decisionId: string): Promise<void> {
    await tx.query(`update vetting_decisions set withdrawn_on = null where id = $1`, [decisionId]);
  }
}

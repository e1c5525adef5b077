import type { Db, Queryable } from '../../../platform/db/types.js';
import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import type { ReportEntry } from './report.js';
import type { DisagreementAction, Finding, Selection } from './sampling.js';

/** The decision as QA reads it (vetting_decisions belongs to this module, so it is ours to read). */
export interface DecisionFacts {
  id: string;
  applicationId: string;
  outcome: string;
  hadAdverseInformation: boolean;
  decidedOn: string;
  decidedBy: string | null;
  decidedByLabel: string;
  /** 'final', or 'awaiting_ratification' until a second decision maker ratifies it. */
  status: string;
}

export interface PoolFacts {
  eligible: boolean;
  draw: number;
  sampleShare: number;
  allRefusals: boolean;
  selection: Selection | null;
}

export interface SampleAccess {
  id: string;
  applicationId: string;
  personId: string | null;
  subjectPersonIds: string[];
  excludedUserIds: string[];
  sealedToUserIds: string[];
}

export interface QaFinding {
  id: string;
  finding: Finding;
  learningThemes: string[];
  feedback: string | null;
  action: DisagreementAction | null;
  reviewedBy: string | null;
  reviewedByLabel: string;
  reviewedAt: Date;
  acknowledgedAt: Date | null;
  referralResponse: string | null;
  referralClosedByLabel: string | null;
  referralClosedAt: Date | null;
  version: number;
}

/** A pooled decision with its application, the selection facts and any finding. */
export interface PoolEntry extends PoolFacts {
  id: string;
  decisionId: string;
  applicationId: string;
  reference: string;
  applicant: string;
  outcome: string;
  hadAdverseInformation: boolean;
  decidedOn: string;
  decidedBy: string | null;
  decidedByLabel: string;
  ratifiedBy: string | null;
  sampledAt: Date | null;
  addedByLabel: string | null;
  addedReason: string | null;
  version: number;
  finding: QaFinding | null;
}

export interface SampleDetail extends PoolEntry {
  kind: string;
  level: string;
  expiresOn: string | null;
  convictionRule: string | null;
  rationale: Record<string, unknown> | null;
  rebuttal: string | null;
  traces: { category: string; disposal: string | null; description: string; occurredOn: string | null }[];
  conditions: { description: string; responsibleUnit: string; ownerName: string; reviewOn: string }[];
}

export type WorkListStatus = 'awaiting' | 'completed' | 'referred';

const ENTRY_COLUMNS = `p.id, p.decision_id as "decisionId", p.application_id as "applicationId", a.reference,
  a.applicant_forenames || ' ' || a.applicant_surname as applicant, p.outcome, p.had_adverse_information as "hadAdverseInformation",
  p.decided_on as "decidedOn", p.decided_by as "decidedBy", p.decided_by_label as "decidedByLabel", d.ratified_by as "ratifiedBy",
  p.eligible, p.draw, p.sample_share as "sampleShare", p.all_refusals as "allRefusals", p.selection, p.sampled_at as "sampledAt",
  p.added_by_label as "addedByLabel", p.added_reason as "addedReason", p.version,
  f.id as "findingId", f.finding, f.learning_themes as "learningThemes", f.feedback, f.action, f.reviewed_by as "reviewedBy",
  f.reviewed_by_label as "reviewedByLabel", f.reviewed_at as "reviewedAt", f.acknowledged_at as "acknowledgedAt",
  f.referral_response as "referralResponse", f.referral_closed_by_label as "referralClosedByLabel", f.referral_closed_at as "referralClosedAt",
  f.version as "findingVersion"`;

/** Pool rows whose decision still exists, with their application and finding. */
const ENTRY_FROM = `vetting_qa_pool p join vetting_decisions d on d.id = p.decision_id
  join vetting_applications a on a.id = p.application_id left join vetting_qa_findings f on f.pool_id = p.id`;

type EntryRow = Omit<PoolEntry, 'finding'> & {
  findingId: string | null; finding: Finding | null; learningThemes: string[] | null; feedback: string | null; action: DisagreementAction | null;
  reviewedBy: string | null; reviewedByLabel: string | null; reviewedAt: Date | null; acknowledgedAt: Date | null; referralResponse: string | null;
  referralClosedByLabel: string | null; referralClosedAt: Date | null; findingVersion: number | null;
};

function toEntry(r: EntryRow): PoolEntry {
  const { findingId, finding, learningThemes, feedback, action, reviewedBy, reviewedByLabel, reviewedAt, acknowledgedAt, referralResponse, referralClosedByLabel, referralClosedAt, findingVersion, ...entry } = r;
  return {
    ...entry,
    draw: Number(entry.draw),
    sampleShare: Number(entry.sampleShare),
    finding: findingId
      ? { id: findingId, finding: finding!, learningThemes: learningThemes ?? [], feedback, action, reviewedBy, reviewedByLabel: reviewedByLabel!, reviewedAt: reviewedAt!, acknowledgedAt, referralResponse, referralClosedByLabel, referralClosedAt, version: findingVersion! }
      : null,
  };
}

const WORK_LIST: Record<WorkListStatus, { where: string; order: string }> = {
  awaiting: { where: 'p.selection is not null and f.id is null', order: 'p.decided_on, p.sampled_at, a.reference' },
  completed: { where: 'f.id is not null', order: 'f.reviewed_at desc' },
  referred: { where: `f.action = 'refer_to_manager' and f.referral_closed_at is null`, order: 'f.reviewed_at' },
};

export class QualityRepository {
  constructor(private readonly db: Db) {}

  /** The decision an event refers to: by its id when the event carries it, else the application's decision. */
  async decision(q: Queryable, ref: { decisionId?: string; applicationId?: string }): Promise<DecisionFacts | undefined> {
    const [r] = await q.query<DecisionFacts>(
      `select id, application_id as "applicationId", outcome, had_adverse_information as "hadAdverseInformation", decided_on as "decidedOn",
         decided_by as "decidedBy", decided_by_label as "decidedByLabel", status
       from vetting_decisions where ($1::uuid is not null and id = $1::uuid) or ($1::uuid is null and application_id = $2::uuid)`,
      [ref.decisionId ?? null, ref.applicationId ?? null],
    );
    return r;
  }

  /** Adds the decision to the pool unless it is there already; returns the new row's id, or undefined. */
  async insertPoolEntry(tx: Queryable, d: DecisionFacts, facts: PoolFacts): Promise<string | undefined> {
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_qa_pool (decision_id, application_id, outcome, had_adverse_information, decided_on, decided_by, decided_by_label,
         eligible, draw, sample_share, all_refusals, selection, sampled_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, case when $12::text is null then null else now() end)
       on conflict (decision_id) do nothing returning id`,
      [d.id, d.applicationId, d.outcome, d.hadAdverseInformation, d.decidedOn, d.decidedBy, d.decidedByLabel, facts.eligible, facts.draw, facts.sampleShare, facts.allRefusals, facts.selection],
    );
    return r?.id;
  }

  /** Puts a pooled decision into the sample by hand; undefined when it is already sampled. */
  async sampleByHand(tx: Queryable, decisionId: string, by: { userId: string | null; label: string }, reason: string): Promise<string | undefined> {
    const [r] = await tx.query<{ id: string }>(
      `update vetting_qa_pool set selection = 'by_hand', sampled_at = now(), added_by = $2, added_by_label = $3, added_reason = $4, version = version + 1
       where decision_id = $1 and selection is null returning id`,
      [decisionId, by.userId, by.label, reason],
    );
    return r?.id;
  }

  /** What access to an application's QA depends on: its need-to-know. */
  async applicationAccess(applicationId: string, q: Queryable = this.db): Promise<Omit<SampleAccess, 'id'> | undefined> {
    const [r] = await q.query<Omit<SampleAccess, 'id'>>(
      `select id as "applicationId", person_id as "personId", subject_person_ids as "subjectPersonIds", excluded_user_ids as "excludedUserIds",
         sealed_to_user_ids as "sealedToUserIds" from vetting_applications where id = $1`,
      [applicationId],
    );
    return r;
  }

  /** What access to a sample depends on: its application's need-to-know. */
  async access(id: string, q: Queryable = this.db): Promise<SampleAccess | undefined> {
    const [r] = await q.query<SampleAccess>(
      `select p.id, p.application_id as "applicationId", a.person_id as "personId", a.subject_person_ids as "subjectPersonIds",
         a.excluded_user_ids as "excludedUserIds", a.sealed_to_user_ids as "sealedToUserIds"
       from vetting_qa_pool p join vetting_applications a on a.id = p.application_id where p.id = $1`,
      [id],
    );
    return r;
  }

  async entry(id: string, q: Queryable = this.db): Promise<PoolEntry | undefined> {
    const [r] = await q.query<EntryRow>(`select ${ENTRY_COLUMNS} from ${ENTRY_FROM} where p.id = $1`, [id]);
    return r && toEntry(r);
  }

  /** The QA entry for an application's current decision, if it has one. */
  async entryForApplication(applicationId: string): Promise<PoolEntry | undefined> {
    const [r] = await this.db.query<EntryRow>(`select ${ENTRY_COLUMNS} from ${ENTRY_FROM} where p.application_id = $1 order by p.created_at desc limit 1`, [applicationId]);
    return r && toEntry(r);
  }

  /** The sample with everything the advisor needs to judge the decision: rationale, adverse information, conditions. */
  async detail(id: string): Promise<SampleDetail | undefined> {
    const [r] = await this.db.query<EntryRow & { kind: string; level: string; expiresOn: string | null; convictionRule: string | null; rationale: Record<string, unknown> | null; rebuttal: string | null }>(
      `select ${ENTRY_COLUMNS}, a.kind, d.level, d.expires_on as "expiresOn", d.conviction_rule as "convictionRule", d.rationale, d.rebuttal
       from ${ENTRY_FROM} where p.id = $1`,
      [id],
    );
    if (!r) return undefined;
    const { kind, level, expiresOn, convictionRule, rationale, rebuttal, ...entry } = r;
    const [traces, conditions] = await Promise.all([
      this.db.query<SampleDetail['traces'][number]>(
        `select category, disposal, description, occurred_on as "occurredOn" from vetting_adverse_traces where application_id = $1 order by created_at`, [r.applicationId]),
      this.db.query<SampleDetail['conditions'][number]>(
        `select description, responsible_unit as "responsibleUnit", owner_name as "ownerName", review_on as "reviewOn" from vetting_conditions where decision_id = $1 order by review_on`, [r.decisionId]),
    ]);
    return { ...toEntry(entry as EntryRow), kind, level, expiresOn, convictionRule, rationale, rebuttal, traces, conditions };
  }

  /** A work list the viewer may see (need-to-know in the query), in its order. */
  async list(viewer: Viewer, o: { status: WorkListStatus; limit: number; offset: number }): Promise<{ entries: PoolEntry[]; total: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    const { where, order } = WORK_LIST[o.status];
    params.push(o.limit, o.offset);
    const rows = await this.db.query<EntryRow & { total: number }>(
      `select ${ENTRY_COLUMNS}, count(*) over ()::int as total from ${ENTRY_FROM} where ${allowed} and ${where}
       order by ${order} limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { entries: rows.map(({ total: _t, ...r }) => toEntry(r)), total: rows[0]?.total ?? 0 };
  }

  /** How many sampled decisions await QA that this viewer could take (not their own), and the oldest decision date. */
  async awaitingFor(viewer: Viewer): Promise<{ count: number; oldest: string | null }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    params.push(viewer.userId);
    const [r] = await this.db.query<{ count: number; oldest: string | null }>(
      `select count(*)::int as count, min(p.decided_on) as oldest from ${ENTRY_FROM}
       where ${allowed} and p.selection is not null and f.id is null
         and ($${params.length}::uuid is null or (p.decided_by is distinct from $${params.length}::uuid and d.ratified_by is distinct from $${params.length}::uuid))`,
      params,
    );
    return r ?? { count: 0, oldest: null };
  }

  /** Findings on the viewer's own decisions: unacknowledged first, then newest. */
  async feedbackFor(viewer: Viewer, o: { unacknowledgedOnly: boolean; limit: number; offset: number }): Promise<{ entries: PoolEntry[]; total: number }> {
    if (!viewer.userId) return { entries: [], total: 0 };
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    params.push(viewer.userId, o.limit, o.offset);
    const rows = await this.db.query<EntryRow & { total: number }>(
      `select ${ENTRY_COLUMNS}, count(*) over ()::int as total from ${ENTRY_FROM}
       where ${allowed} and f.id is not null and p.decided_by = $${params.length - 2}::uuid ${o.unacknowledgedOnly ? 'and f.acknowledged_at is null' : ''}
       order by f.acknowledged_at is not null, f.reviewed_at desc limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { entries: rows.map(({ total: _t, ...r }) => toEntry(r)), total: rows[0]?.total ?? 0 };
  }

  /**
   * Records a finding on a sample the form showed at `expectedVersion`. Undefined when the sample changed since,
   * is not sampled, or already has a finding.
   */
  async insertFinding(tx: Queryable, poolId: string, expectedVersion: number, f: { finding: Finding; learningThemes: readonly string[]; feedback: string | null; action: DisagreementAction | null; reviewedBy: string | null; reviewedByLabel: string }): Promise<string | undefined> {
    const moved = await tx.query(`update vetting_qa_pool set version = version + 1 where id = $1 and version = $2 and selection is not null returning id`, [poolId, expectedVersion]);
    if (!moved.length) return undefined;
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_qa_findings (pool_id, finding, learning_themes, feedback, action, reviewed_by, reviewed_by_label)
       values ($1, $2, $3::text[], $4, $5, $6, $7) on conflict (pool_id) do nothing returning id`,
      [poolId, f.finding, [...f.learningThemes], f.feedback, f.action, f.reviewedBy, f.reviewedByLabel],
    );
    return r?.id;
  }

  async acknowledge(tx: Queryable, findingId: string, expectedVersion: number): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_qa_findings set acknowledged_at = now(), version = version + 1 where id = $1 and version = $2 and acknowledged_at is null returning id`,
      [findingId, expectedVersion],
    );
    return rows.length > 0;
  }

  async closeReferral(tx: Queryable, findingId: string, expectedVersion: number, response: string, by: { userId: string | null; label: string }): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_qa_findings set referral_response = $3, referral_closed_by = $4, referral_closed_by_label = $5, referral_closed_at = now(), version = version + 1
       where id = $1 and version = $2 and action = 'refer_to_manager' and referral_closed_at is null returning id`,
      [findingId, expectedVersion, response, by.userId, by.label],
    );
    return rows.length > 0;
  }

  /** Every pooled or hand-sampled decision made in [from, to), for the reports. Aggregate: no case is identified. */
  reportEntries(fromDate: string, toDateExclusive: string): Promise<ReportEntry[]> {
    return this.db.query<ReportEntry>(
      `select to_char(p.decided_on, 'YYYY-MM') as month, p.decided_by as "decidedBy", p.decided_by_label as "decidedByLabel", p.eligible, p.selection,
         f.finding, coalesce(f.learning_themes, '{}') as "learningThemes"
       from vetting_qa_pool p join vetting_decisions d on d.id = p.decision_id left join vetting_qa_findings f on f.pool_id = p.id
       where p.decided_on >= $1::date and p.decided_on < $2::date`,
      [fromDate, toDateExclusive],
    );
  }
}

import type { Db, Queryable } from '../../platform/db/types.js';
import { needToKnowSql, type Viewer } from '../../platform/access/policy.js';

export interface ApplicationMeta {
  id: string;
  personId: string | null;
  subjectPersonIds: string[];
  excludedUserIds: string[];
  sealedToUserIds: string[];
}

export interface Application extends ApplicationMeta {
  reference: string;
  kind: string;
  applicantForenames: string;
  applicantSurname: string;
  applicantDateOfBirth: string | null;
  postId: string | null;
  level: string;
  status: string;
  reviewReason: string | null;
  receivedOn: string;
  roleType: string | null;
  assignedTo: string | null;
  assignedToLabel: string | null;
  version: number;
}

export interface Check { id: string; checkType: string; result: string; checkedOn: string; notes: string | null }
export interface Trace { id: string; checkId: string; category: string; disposal: string | null; description: string; occurredOn: string | null }
export interface Associate { id: string; relationship: string; forenames: string; surname: string; dateOfBirth: string | null; address: string | null; postcode: string | null }
export interface Condition {
  id: string; description: string; responsibleUnit: string; ownerName: string; ownerUserId: string | null; reviewOn: string;
  subjectToldOn: string | null; managerToldOn: string | null; hrToldOn: string | null; closedOn: string | null;
}
export interface NewCondition { description: string; responsibleUnit: string; ownerName: string; ownerUserId: string | null; reviewOn: string; subjectToldOn?: string; managerToldOn?: string; hrToldOn?: string }
export interface Decision {
  id: string; outcome: string; level: string; decidedOn: string; expiresOn: string | null; decidedBy: string | null; decidedByLabel: string; hadAdverseInformation: boolean;
  status: string; ratificationReason: string | null; ratifiedByLabel: string | null; ratifiedOn: string | null; ratificationNote: string | null; withdrawnOn: string | null;
  convictionRule: string | null; rationale: Record<string, unknown> | null; rebuttal: string | null;
  conditions: Condition[];
}
export interface TimelineEntry { at: string; actorLabel: string; what: string }
export interface DecisionReturn { returnedAt: string; returnedByLabel: string; note: string; decision: Record<string, unknown> }
export interface WorkItem { id: string; reference: string; applicant: string; kind: string; level: string; receivedOn: string; status: string }

const APPLICATION_COLUMNS = `a.id, a.reference, a.kind, a.person_id as "personId", a.applicant_forenames as "applicantForenames", a.applicant_surname as "applicantSurname",
  a.applicant_date_of_birth as "applicantDateOfBirth", a.post_id as "postId", a.level, a.status, a.review_reason as "reviewReason", a.received_on as "receivedOn",
  a.subject_person_ids as "subjectPersonIds", a.excluded_user_ids as "excludedUserIds", a.sealed_to_user_ids as "sealedToUserIds", a.version,
  a.role_type as "roleType", a.assigned_to as "assignedTo", a.assigned_to_label as "assignedToLabel"`;
const DECISION_COLUMNS = `id, outcome, level, decided_on as "decidedOn", expires_on as "expiresOn", decided_by as "decidedBy", decided_by_label as "decidedByLabel",
  had_adverse_information as "hadAdverseInformation", status, ratification_reason as "ratificationReason", ratified_by_label as "ratifiedByLabel",
  ratified_on as "ratifiedOn", ratification_note as "ratificationNote", withdrawn_on as "withdrawnOn", conviction_rule as "convictionRule", rationale, rebuttal`;
const CONDITION_COLUMNS = `c.id, c.description, c.responsible_unit as "responsibleUnit", c.owner_name as "ownerName", c.owner_user_id as "ownerUserId", c.review_on as "reviewOn",
  c.subject_told_on as "subjectToldOn", c.manager_told_on as "managerToldOn", c.hr_told_on as "hrToldOn", c.closed_on as "closedOn"`;
const WORK_ITEM = `a.id, a.reference, a.applicant_forenames || ' ' || a.applicant_surname as applicant, a.kind, a.level, a.received_on as "receivedOn", a.status`;

export class VettingRepository {
  constructor(private readonly db: Db) {}

  async createApplication(tx: Queryable, a: { kind: string; personId: string | null; forenames: string; surname: string; dateOfBirth: string | null; postId: string | null; level: string; receivedOn: string; reviewReason: string | null; roleType: string | null }): Promise<{ id: string; reference: string }> {
    const [r] = await tx.query<{ id: string; reference: string }>(
      `insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, applicant_date_of_birth, post_id, level, received_on, review_reason, role_type, subject_person_ids)
       values ('VET-' || to_char($8::date, 'YYYY') || '-' || lpad(nextval('vetting_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
         case when $2::uuid is null then '{}'::uuid[] else array[$2::uuid] end)
       returning id, reference`,
      [a.kind, a.personId, a.forenames, a.surname, a.dateOfBirth, a.postId, a.level, a.receivedOn, a.reviewReason, a.roleType],
    );
    return r!;
  }

  async meta(id: string, q: Queryable = this.db): Promise<ApplicationMeta | undefined> {
    const [r] = await q.query<ApplicationMeta>(
      `select id, person_id as "personId", subject_person_ids as "subjectPersonIds", excluded_user_ids as "excludedUserIds", sealed_to_user_ids as "sealedToUserIds"
       from vetting_applications where id = $1`,
      [id],
    );
    return r;
  }

  async application(id: string, q: Queryable = this.db): Promise<Application | undefined> {
    const [r] = await q.query<Application>(`select ${APPLICATION_COLUMNS} from vetting_applications a where a.id = $1`, [id]);
    return r;
  }

  /** Applications the viewer may see, newest first; need-to-know is applied in the query itself. */
  async list(viewer: Viewer, o: { status?: string; personId?: string; adverse?: string; outcome?: string; limit: number; offset: number }): Promise<{ applications: Application[]; total: number }> {
    const params: unknown[] = [];
    const where = [needToKnowSql(viewer, 'a', params)];
    if (o.status) {
      params.push(o.status);
      where.push(`a.status = $${params.length}`);
    }
    if (o.personId) {
      params.push(o.personId);
      where.push(`a.person_id = $${params.length}`);
    }
    if (o.adverse) {
      params.push(o.adverse);
      where.push(`exists (select 1 from vetting_adverse_traces t where t.application_id = a.id and ($${params.length} = 'any' or t.category = $${params.length}))`);
    }
    if (o.outcome) {
      params.push(o.outcome === 'cleared' ? ['clearance', 'clearance_with_conditions'] : [o.outcome]);
      where.push(`exists (select 1 from vetting_decisions d where d.application_id = a.id and d.status = 'final' and d.outcome = any($${params.length}::text[]))`);
    }
    const rows = await this.db.query<Application & { total: number }>(
      `select ${APPLICATION_COLUMNS}, count(*) over ()::int as total from vetting_applications a where ${where.join(' and ')}
       order by a.received_on desc, a.reference desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, o.limit, o.offset],
    );
    return { applications: rows.map(({ total: _t, ...a }) => a), total: rows[0]?.total ?? 0 };
  }

  async openApplicationFor(personId: string, q: Queryable = this.db): Promise<string | undefined> {
    const [r] = await q.query<{ id: string }>(`select id from vetting_applications where person_id = $1 and status in ('open', 'awaiting_ratification') limit 1`, [personId]);
    return r?.id;
  }

  checks(id: string): Promise<Check[]> {
    return this.db.query<Check>(`select id, check_type as "checkType", result, checked_on as "checkedOn", notes from vetting_checks where application_id = $1 order by created_at`, [id]);
  }

  traces(id: string, q: Queryable = this.db): Promise<Trace[]> {
    return q.query<Trace>(`select id, check_id as "checkId", category, disposal, description, occurred_on as "occurredOn" from vetting_adverse_traces where application_id = $1 order by created_at`, [id]);
  }

  associates(id: string): Promise<Associate[]> {
    return this.db.query<Associate>(`select id, relationship, forenames, surname, date_of_birth as "dateOfBirth", address, postcode from vetting_associates where application_id = $1 order by created_at`, [id]);
  }

  async decision(applicationId: string, q: Queryable = this.db): Promise<Decision | undefined> {
    const [d] = await q.query<Omit<Decision, 'conditions'>>(`select ${DECISION_COLUMNS} from vetting_decisions where application_id = $1`, [applicationId]);
    if (!d) return undefined;
    const conditions = await q.query<Condition>(`select ${CONDITION_COLUMNS} from vetting_conditions c where c.decision_id = $1 order by c.created_at`, [d.id]);
    return { ...d, conditions };
  }

  async pendingDecision(applicationId: string, q: Queryable): Promise<Omit<Decision, 'conditions'> | undefined> {
    const [d] = await q.query<Omit<Decision, 'conditions'>>(`select ${DECISION_COLUMNS} from vetting_decisions where application_id = $1 and status = 'awaiting_ratification' for update`, [applicationId]);
    return d;
  }

  async ratifyDecision(tx: Queryable, decisionId: string, by: { userId: string; label: string; on: string; note: string }): Promise<void> {
    const [d] = await tx.query<{ applicationId: string }>(
      `update vetting_decisions set status = 'final', ratified_by = $2, ratified_by_label = $3, ratified_on = $4, ratification_note = $5 where id = $1 returning application_id as "applicationId"`,
      [decisionId, by.userId, by.label, by.on, by.note],
    );
    await tx.query(`update vetting_applications set status = 'decided', version = version + 1, updated_at = now() where id = $1`, [d!.applicationId]);
  }

  /** Sends a decision back: it is kept whole (with its conditions) in vetting_decision_returns, and the application reopens. */
  async returnDecision(tx: Queryable, applicationId: string, decisionId: string, by: { userId: string; label: string; note: string }): Promise<void> {
    await tx.query(
      `insert into vetting_decision_returns (application_id, decision, returned_by, returned_by_label, note)
       select d.application_id, to_jsonb(d) || jsonb_build_object('conditions', coalesce((select jsonb_agg(to_jsonb(c)) from vetting_conditions c where c.decision_id = d.id), '[]'::jsonb)), $2, $3, $4
       from vetting_decisions d where d.id = $1`,
      [decisionId, by.userId, by.label, by.note],
    );
    await tx.query('delete from vetting_conditions where decision_id = $1', [decisionId]);
    await tx.query('delete from vetting_decisions where id = $1', [decisionId]);
    await tx.query(`update vetting_applications set status = 'open', version = version + 1, updated_at = now() where id = $1`, [applicationId]);
  }

  returns(applicationId: string): Promise<DecisionReturn[]> {
    return this.db.query<DecisionReturn>(
      `select returned_at as "returnedAt", returned_by_label as "returnedByLabel", note, decision from vetting_decision_returns where application_id = $1 order by returned_at`,
      [applicationId],
    );
  }

  timeline(applicationId: string): Promise<TimelineEntry[]> {
    return this.db.query<TimelineEntry>(`select at, actor_label as "actorLabel", what from vetting_timeline where application_id = $1 order by at desc, id desc`, [applicationId]);
  }

  async insertCheck(tx: Queryable, applicationId: string, c: { checkType: string; result: string; checkedOn: string; notes: string | null }, by: string | null): Promise<string | undefined> {
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_checks (application_id, check_type, result, checked_on, checked_by, notes) values ($1, $2, $3, $4, $5, $6)
       on conflict (application_id, check_type) do nothing returning id`,
      [applicationId, c.checkType, c.result, c.checkedOn, by, c.notes],
    );
    return r?.id;
  }

  async insertTraces(tx: Queryable, applicationId: string, checkId: string, traces: { category: string; disposal: string | null; description: string; occurredOn: string | null }[]): Promise<void> {
    if (!traces.length) return;
    await tx.query(
      `insert into vetting_adverse_traces (application_id, check_id, category, disposal, description, occurred_on)
       select $1, $2, category, disposal, description, "occurredOn" from jsonb_to_recordset($3::jsonb) as r(category text, disposal text, description text, "occurredOn" date)`,
      [applicationId, checkId, JSON.stringify(traces)],
    );
  }

  async insertAssociate(tx: Queryable, applicationId: string, a: Omit<Associate, 'id'>): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_associates (application_id, relationship, forenames, surname, date_of_birth, address, postcode) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [applicationId, a.relationship, a.forenames, a.surname, a.dateOfBirth, a.address, a.postcode],
    );
    return r!.id;
  }

  async insertDecision(
    tx: Queryable, applicationId: string, expectedVersion: number,
    d: Omit<Decision, 'id' | 'conditions' | 'ratifiedByLabel' | 'ratifiedOn' | 'ratificationNote' | 'withdrawnOn'>, conditions: NewCondition[],
  ): Promise<string | undefined> {
    const applicationStatus = d.status === 'final' ? 'decided' : 'awaiting_ratification';
    const moved = await tx.query(`update vetting_applications set status = $3, version = version + 1, updated_at = now() where id = $1 and version = $2 and status = 'open' returning id`, [applicationId, expectedVersion, applicationStatus]);
    if (!moved.length) return undefined;
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_decisions (application_id, outcome, level, decided_on, expires_on, decided_by, decided_by_label, had_adverse_information, conviction_rule, rationale, rebuttal, status, ratification_reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [applicationId, d.outcome, d.level, d.decidedOn, d.expiresOn, d.decidedBy, d.decidedByLabel, d.hadAdverseInformation, d.convictionRule, d.rationale ? JSON.stringify(d.rationale) : null, d.rebuttal, d.status, d.ratificationReason],
    );
    await this.insertConditions(tx, r!.id, conditions);
    return r!.id;
  }

  async insertConditions(tx: Queryable, decisionId: string, conditions: NewCondition[]): Promise<string[]> {
    if (!conditions.length) return [];
    const rows = await tx.query<{ id: string }>(
      `insert into vetting_conditions (decision_id, description, responsible_unit, owner_name, owner_user_id, review_on, subject_told_on, manager_told_on, hr_told_on)
       select $1, c->>'description', c->>'responsibleUnit', c->>'ownerName', (c->>'ownerUserId')::uuid, (c->>'reviewOn')::date,
              (c->>'subjectToldOn')::date, (c->>'managerToldOn')::date, (c->>'hrToldOn')::date
       from jsonb_array_elements($2::jsonb) with ordinality as e(c, n) order by n returning id`,
      [decisionId, JSON.stringify(conditions)],
    );
    return rows.map((r) => r.id);
  }

  async conditionMeta(conditionId: string, q: Queryable): Promise<{ applicationId: string; ownerUserId: string | null; closedOn: string | null } | undefined> {
    const [r] = await q.query<{ applicationId: string; ownerUserId: string | null; closedOn: string | null }>(
      `select d.application_id as "applicationId", c.owner_user_id as "ownerUserId", c.closed_on as "closedOn" from vetting_conditions c join vetting_decisions d on d.id = c.decision_id where c.id = $1`,
      [conditionId],
    );
    return r;
  }

  async conditionDetail(conditionId: string) {
    const [condition] = await this.db.query<Condition & { applicationId: string; reference: string; applicant: string; outcome: string }>(
      `select ${CONDITION_COLUMNS}, a.id as "applicationId", a.reference, a.applicant_forenames || ' ' || a.applicant_surname as applicant, d.outcome
       from vetting_conditions c join vetting_decisions d on d.id = c.decision_id join vetting_applications a on a.id = d.application_id where c.id = $1`,
      [conditionId],
    );
    const reviews = await this.db.query<{ reviewedOn: string; reviewedByLabel: string; finding: string; note: string; nextReviewOn: string | null }>(
      `select reviewed_on as "reviewedOn", reviewed_by_label as "reviewedByLabel", finding, note, next_review_on as "nextReviewOn" from vetting_condition_reviews where condition_id = $1 order by reviewed_on desc, created_at desc`,
      [conditionId],
    );
    return { condition: condition!, reviews };
  }

  async recordConditionNotice(tx: Queryable, conditionId: string, n: { subjectToldOn?: string; managerToldOn?: string; hrToldOn?: string }): Promise<void> {
    await tx.query(
      `update vetting_conditions set subject_told_on = coalesce($2, subject_told_on), manager_told_on = coalesce($3, manager_told_on), hr_told_on = coalesce($4, hr_told_on) where id = $1`,
      [conditionId, n.subjectToldOn ?? null, n.managerToldOn ?? null, n.hrToldOn ?? null],
    );
  }

  /** A review moves the condition's next review date on, or closes it when it is no longer needed. */
  async insertConditionReview(tx: Queryable, conditionId: string, r: { reviewedOn: string; by: string | null; byLabel: string; finding: string; note: string; nextReviewOn?: string }): Promise<void> {
    await tx.query(
      `insert into vetting_condition_reviews (condition_id, reviewed_on, reviewed_by, reviewed_by_label, finding, note, next_review_on) values ($1, $2, $3, $4, $5, $6, $7)`,
      [conditionId, r.reviewedOn, r.by, r.byLabel, r.finding, r.note, r.nextReviewOn ?? null],
    );
    await tx.query(
      `update vetting_conditions set review_on = coalesce($2, review_on), closed_on = case when $3 then $4::date else null end where id = $1`,
      [conditionId, r.nextReviewOn ?? null, r.finding === 'no_longer_needed', r.reviewedOn],
    );
  }

  async assign(tx: Queryable, applicationId: string, expectedVersion: number, userId: string | null, label: string | null): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_applications set assigned_to = $3, assigned_to_label = $4, version = version + 1, updated_at = now() where id = $1 and version = $2 returning id`,
      [applicationId, expectedVersion, userId, label],
    );
    return rows.length > 0;
  }

  private workList(viewer: Viewer, condition: (params: unknown[]) => string, order: string, limit: number): Promise<WorkItem[]> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    const extra = condition(params);
    params.push(limit);
    return this.db.query<WorkItem>(`select ${WORK_ITEM} from vetting_applications a where ${allowed} and ${extra} order by ${order} limit $${params.length}`, params);
  }

  assignedTo(viewer: Viewer, limit: number): Promise<WorkItem[]> {
    return this.workList(viewer, (p) => (p.push(viewer.userId), `a.status = 'open' and a.assigned_to = $${p.length}`), 'a.received_on', limit);
  }

  /** Open applications with every check their level requires recorded. */
  readyForDecision(viewer: Viewer, required: Record<string, readonly string[]>, limit: number): Promise<WorkItem[]> {
    return this.workList(viewer, (p) => {
      p.push(JSON.stringify(required));
      return `a.status = 'open' and not exists (
        select 1 from jsonb_array_elements_text(($${p.length}::jsonb) -> a.level) as need(check_type)
        where not exists (select 1 from vetting_checks c where c.application_id = a.id and c.check_type = need.check_type))`;
    }, 'a.received_on', limit);
  }

  awaitingRatification(viewer: Viewer, limit: number): Promise<WorkItem[]> {
    return this.workList(viewer, () => `a.status = 'awaiting_ratification'`, 'a.updated_at', limit);
  }

  /** Open conditions whose review is due within `days` or overdue, soonest first, on applications the viewer may see; only the owner's when ownerUserId is given. */
  async conditionReviewsDue(viewer: Viewer, days: number, limit: number, ownerUserId?: string | null): Promise<{ conditionId: string; applicationId: string; reference: string; applicant: string; description: string; ownerName: string; reviewOn: string }[]> {
    const params: unknown[] = [];
    // Need-to-know applies to owners outside the vetting unit too: never about themselves, not excluded, not sealed away.
    const allowed = needToKnowSql(viewer, 'a', params);
    let owner = '';
    if (ownerUserId) {
      params.push(ownerUserId);
      owner = `and c.owner_user_id = $${params.length}`;
    }
    params.push(days, limit);
    return this.db.query(
      `select c.id as "conditionId", a.id as "applicationId", a.reference, a.applicant_forenames || ' ' || a.applicant_surname as applicant, c.description, c.owner_name as "ownerName", c.review_on as "reviewOn"
       from vetting_conditions c join vetting_decisions d on d.id = c.decision_id join vetting_applications a on a.id = d.application_id
       where ${allowed} ${owner} and c.closed_on is null and d.status = 'final' and c.review_on <= current_date + $${params.length - 1}::int order by c.review_on limit $${params.length}`,
      params,
    );
  }

  /** The person's clearance now: the latest final clearance decision that has not expired or been withdrawn. */
  async currentClearance(personId: string, q: Queryable = this.db): Promise<{ decisionId: string; level: string; outcome: string; decidedOn: string; expiresOn: string | null; reference: string } | undefined> {
    const [r] = await q.query<{ decisionId: string; level: string; outcome: string; decidedOn: string; expiresOn: string | null; reference: string }>(
      `select d.id as "decisionId", d.level, d.outcome, d.decided_on as "decidedOn", d.expires_on as "expiresOn", a.reference
       from vetting_decisions d join vetting_applications a on a.id = d.application_id
       where a.person_id = $1 and d.outcome in ('clearance', 'clearance_with_conditions') and d.status = 'final' and d.withdrawn_on is null
         and (d.expires_on is null or d.expires_on >= current_date)
       order by d.decided_on desc limit 1`,
      [personId],
    );
    return r;
  }
}

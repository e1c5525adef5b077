import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import type { Db, Queryable } from '../../../platform/db/types.js';
import type { AppealAgainst, AppealCriterion, AppealStatus } from './rules.js';

export interface PanelMember { userId: string; displayName: string; panelRole: 'chair' | 'member'; seniority: number }
export type AssessedCriterion = AppealCriterion & { met: boolean; notes: string };

export interface Appeal {
  id: string;
  reference: string;
  applicationId: string;
  decisionId: string;
  withdrawalId: string | null;
  against: AppealAgainst;
  lodgedOn: string;
  decisionNotifiedOn: string;
  dueOn: string;
  inTime: boolean;
  grounds: string;
  lateReason: string | null;
  status: AppealStatus;
  criteria: AssessedCriterion[] | null;
  lateAccepted: boolean | null;
  lateNote: string | null;
  criteriaCheckedOn: string | null;
  criteriaCheckedByLabel: string | null;
  panelDate: string | null;
  outcome: string | null;
  decidedOn: string | null;
  rationale: string | null;
  remedy: string | null;
  remedyNote: string | null;
  resultingApplicationId: string | null;
  decidedByLabel: string | null;
  version: number;
  panel: PanelMember[];
}

export interface AppealSummary {
  id: string; reference: string; applicationId: string; applicationReference: string; applicant: string; against: string; lodgedOn: string; dueOn: string;
  inTime: boolean; status: string; outcome: string | null; decidedOn: string | null;
}

/** The application behind an appeal and its decision: need-to-know, who decided, and what was decided. */
export interface AppealedDecision {
  applicationId: string; reference: string; kind: string; personId: string | null; applicantForenames: string; applicantSurname: string;
  applicantDateOfBirth: string | null; roleType: string | null; postId: string | null;
  subjectPersonIds: string[]; excludedUserIds: string[]; sealedToUserIds: string[];
  decisionId: string | null; outcome: string | null; decisionStatus: string | null; level: string | null; decidedOn: string | null; expiresOn: string | null;
  decidedBy: string | null; ratifiedBy: string | null; convictionRule: string | null; hadAdverseInformation: boolean | null; withdrawnOn: string | null;
}

const COLUMNS = `p.id, p.reference, p.application_id as "applicationId", p.decision_id as "decisionId", p.withdrawal_id as "withdrawalId", p.against,
  p.lodged_on as "lodgedOn", p.decision_notified_on as "decisionNotifiedOn", p.due_on as "dueOn", p.in_time as "inTime", p.grounds, p.late_reason as "lateReason",
  p.status, p.criteria, p.late_accepted as "lateAccepted", p.late_note as "lateNote", p.criteria_checked_on as "criteriaCheckedOn",
  p.criteria_checked_by_label as "criteriaCheckedByLabel", p.panel_date as "panelDate", p.outcome, p.decided_on as "decidedOn", p.rationale, p.remedy,
  p.remedy_note as "remedyNote", p.resulting_application_id as "resultingApplicationId", p.decided_by_label as "decidedByLabel", p.version`;
const SUMMARY = `p.id, p.reference, p.application_id as "applicationId", a.reference as "applicationReference", a.applicant_forenames || ' ' || a.applicant_surname as applicant,
  p.against, p.lodged_on as "lodgedOn", p.due_on as "dueOn", p.in_time as "inTime", p.status, p.outcome, p.decided_on as "decidedOn"`;

export class AppealsRepository {
  constructor(private readonly db: Db) {}

  async appealedDecision(applicationId: string, q: Queryable = this.db): Promise<AppealedDecision | undefined> {
    const [r] = await q.query<AppealedDecision>(
      `select a.id as "applicationId", a.reference, a.kind, a.person_id as "personId", a.applicant_forenames as "applicantForenames", a.applicant_surname as "applicantSurname",
         a.applicant_date_of_birth as "applicantDateOfBirth", a.role_type as "roleType", a.post_id as "postId",
         a.subject_person_ids as "subjectPersonIds", a.excluded_user_ids as "excludedUserIds", a.sealed_to_user_ids as "sealedToUserIds",
         d.id as "decisionId", d.outcome, d.status as "decisionStatus", d.level, d.decided_on as "decidedOn", d.expires_on as "expiresOn", d.decided_by as "decidedBy",
         d.ratified_by as "ratifiedBy", d.conviction_rule as "convictionRule", d.had_adverse_information as "hadAdverseInformation", d.withdrawn_on as "withdrawnOn"
       from vetting_applications a left join vetting_decisions d on d.application_id = a.id where a.id = $1`,
      [applicationId],
    );
    return r;
  }

  async appeal(id: string, q: Queryable = this.db): Promise<Appeal | undefined> {
    const [r] = await q.query<Omit<Appeal, 'panel'>>(`select ${COLUMNS} from vetting_appeals p where p.id = $1`, [id]);
    if (!r) return undefined;
    return { ...r, panel: await this.panel(id, q) };
  }

  panel(appealId: string, q: Queryable = this.db): Promise<PanelMember[]> {
    return q.query<PanelMember>(
      `select user_id as "userId", display_name as "displayName", panel_role as "panelRole", seniority from vetting_appeal_panel_members
       where appeal_id = $1 order by panel_role = 'chair' desc, display_name`,
      [appealId],
    );
  }

  /** Appeals on one application's decision, newest first, with their panels. */
  async forApplication(applicationId: string, q: Queryable = this.db): Promise<Appeal[]> {
    const rows = await q.query<Omit<Appeal, 'panel'>>(`select ${COLUMNS} from vetting_appeals p where p.application_id = $1 order by p.lodged_on desc, p.created_at desc`, [applicationId]);
    return Promise.all(rows.map(async (r) => ({ ...r, panel: await this.panel(r.id, q) })));
  }

  /** Appeals the viewer may see (need-to-know through the application), undecided or decided, newest first. */
  async list(viewer: Viewer, o: { open: boolean; limit: number; offset: number }): Promise<{ appeals: AppealSummary[]; total: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    const rows = await this.db.query<AppealSummary & { total: number }>(
      `select ${SUMMARY}, count(*) over ()::int as total from vetting_appeals p join vetting_applications a on a.id = p.application_id
       where ${allowed} and (p.outcome is null) = $${params.length + 1}
       order by p.lodged_on desc, p.reference desc limit $${params.length + 2} offset $${params.length + 3}`,
      [...params, o.open, o.limit, o.offset],
    );
    return { appeals: rows.map(({ total: _t, ...a }) => a), total: rows[0]?.total ?? 0 };
  }

  async counts(viewer: Viewer): Promise<{ lodged: number; awaitingPanel: number; panelConvened: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    const [r] = await this.db.query<{ lodged: number; awaitingPanel: number; panelConvened: number }>(
      `select count(*) filter (where p.status = 'lodged')::int as lodged, count(*) filter (where p.status = 'awaiting_panel')::int as "awaitingPanel",
         count(*) filter (where p.status = 'panel_convened')::int as "panelConvened"
       from vetting_appeals p join vetting_applications a on a.id = p.application_id where ${allowed}`,
      params,
    );
    return r!;
  }

  /** Lodges an appeal; undefined when one is already undecided on this decision (the partial unique index). */
  async insert(tx: Queryable, p: {
    applicationId: string; decisionId: string; withdrawalId: string | null; against: AppealAgainst; lodgedOn: string; decisionNotifiedOn: string; dueOn: string; inTime: boolean;
    grounds: string; lateReason: string | null;
  }): Promise<{ id: string; reference: string } | undefined> {
    const [r] = await tx.query<{ id: string; reference: string }>(
      `insert into vetting_appeals (reference, application_id, decision_id, withdrawal_id, against, lodged_on, decision_notified_on, due_on, in_time, grounds, late_reason)
       values ('APL-' || to_char($5::date, 'YYYY') || '-' || lpad(nextval('vetting_appeal_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (decision_id, against) where outcome is null do nothing
       returning id, reference`,
      [p.applicationId, p.decisionId, p.withdrawalId, p.against, p.lodgedOn, p.decisionNotifiedOn, p.dueOn, p.inTime, p.grounds, p.lateReason],
    );
    return r;
  }

  /** The criteria check: to the panel stage when met, decided as 'criteria_not_met' when not. */
  async recordCriteria(tx: Queryable, id: string, expectedVersion: number, c: {
    criteria: AssessedCriterion[]; lateAccepted: boolean | null; lateNote: string | null; checkedOn: string; checkedBy: string | null; checkedByLabel: string; met: boolean;
  }): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_appeals set criteria = $3::jsonb, late_accepted = $4, late_note = $5, criteria_checked_on = $6, criteria_checked_by = $7, criteria_checked_by_label = $8,
         status = case when $9 then 'awaiting_panel' else 'decided' end,
         outcome = case when $9 then null else 'criteria_not_met' end, decided_on = case when $9 then null else $6::date end,
         decided_by = case when $9 then null else $7::uuid end, decided_by_label = case when $9 then null else $8 end,
         version = version + 1, updated_at = now()
       where id = $1 and version = $2 and status = 'lodged' returning id`,
      [id, expectedVersion, JSON.stringify(c.criteria), c.lateAccepted, c.lateNote, c.checkedOn, c.checkedBy, c.checkedByLabel, c.met],
    );
    return rows.length === 1;
  }

  /** Appoints (or replaces) the panel before an outcome. */
  async setPanel(tx: Queryable, id: string, expectedVersion: number, panelDate: string, members: PanelMember[]): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_appeals set panel_date = $3, status = 'panel_convened', version = version + 1, updated_at = now()
       where id = $1 and version = $2 and status in ('awaiting_panel', 'panel_convened') returning id`,
      [id, expectedVersion, panelDate],
    );
    if (rows.length !== 1) return false;
    await tx.query('delete from vetting_appeal_panel_members where appeal_id = $1', [id]);
    await tx.query(
      `insert into vetting_appeal_panel_members (appeal_id, user_id, display_name, panel_role, seniority)
       select $1, "userId", "displayName", "panelRole", seniority from jsonb_to_recordset($2::jsonb) as r("userId" uuid, "displayName" text, "panelRole" text, seniority int)`,
      [id, JSON.stringify(members)],
    );
    return true;
  }

  async decide(tx: Queryable, id: string, expectedVersion: number, d: {
    outcome: string; decidedOn: string; rationale: string; remedy: string | null; remedyNote: string | null; resultingApplicationId: string | null; decidedBy: string | null; decidedByLabel: string;
  }): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_appeals set outcome = $3, decided_on = $4, rationale = $5, remedy = $6, remedy_note = $7, resulting_application_id = $8, decided_by = $9, decided_by_label = $10,
         status = 'decided', version = version + 1, updated_at = now()
       where id = $1 and version = $2 and status = 'panel_convened' returning id`,
      [id, expectedVersion, d.outcome, d.decidedOn, d.rationale, d.remedy, d.remedyNote, d.resultingApplicationId, d.decidedBy, d.decidedByLabel],
    );
    return rows.length === 1;
  }

  /** An application opened by an appeal keeps the original's exclusions and sealing, and may exclude more users. */
  async copyNeedToKnow(tx: Queryable, fromApplicationId: string, toApplicationId: string, alsoExclude: readonly string[]): Promise<void> {
    await tx.query(
      `update vetting_applications t set
         excluded_user_ids = (select coalesce(array_agg(distinct u), '{}') from unnest(f.excluded_user_ids || $3::uuid[]) as u),
         sealed_to_user_ids = f.sealed_to_user_ids,
         subject_person_ids = (select coalesce(array_agg(distinct s), '{}') from unnest(t.subject_person_ids || f.subject_person_ids) as s)
       from vetting_applications f where f.id = $1 and t.id = $2`,
      [fromApplicationId, toApplicationId, alsoExclude],
    );
  }

  /** Conditions removed on appeal are closed, keeping their history: all on the decision, or only those given. */
  async closeConditions(tx: Queryable, decisionId: string, on: string, only?: readonly string[]): Promise<number> {
    const rows = await tx.query(
      `update vetting_conditions set closed_on = $2 where decision_id = $1 and closed_on is null and ($3::uuid[] is null or id = any($3::uuid[])) returning id`,
      [decisionId, on, only ?? null],
    );
    return rows.length;
  }
}

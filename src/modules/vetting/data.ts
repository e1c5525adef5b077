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
  version: number;
}

export interface Check { id: string; checkType: string; result: string; checkedOn: string; notes: string | null }
export interface Trace { id: string; checkId: string; category: string; disposal: string | null; description: string; occurredOn: string | null }
export interface Associate { id: string; relationship: string; forenames: string; surname: string; dateOfBirth: string | null; address: string | null; postcode: string | null }
export interface Decision {
  id: string; outcome: string; level: string; decidedOn: string; expiresOn: string | null; decidedByLabel: string; hadAdverseInformation: boolean;
  convictionRule: string | null; rationale: Record<string, unknown> | null; rebuttal: string | null;
  conditions: { description: string; responsibleUnit: string; ownerName: string; reviewOn: string }[];
}

const APPLICATION_COLUMNS = `a.id, a.reference, a.kind, a.person_id as "personId", a.applicant_forenames as "applicantForenames", a.applicant_surname as "applicantSurname",
  a.applicant_date_of_birth as "applicantDateOfBirth", a.post_id as "postId", a.level, a.status, a.review_reason as "reviewReason", a.received_on as "receivedOn",
  a.subject_person_ids as "subjectPersonIds", a.excluded_user_ids as "excludedUserIds", a.sealed_to_user_ids as "sealedToUserIds", a.version`;

export class VettingRepository {
  constructor(private readonly db: Db) {}

  async createApplication(tx: Queryable, a: { kind: string; personId: string | null; forenames: string; surname: string; dateOfBirth: string | null; postId: string | null; level: string; receivedOn: string; reviewReason: string | null }): Promise<{ id: string; reference: string }> {
    const [r] = await tx.query<{ id: string; reference: string }>(
      `insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, applicant_date_of_birth, post_id, level, received_on, review_reason, subject_person_ids)
       values ('VET-' || to_char($8::date, 'YYYY') || '-' || lpad(nextval('vetting_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9,
         case when $2::uuid is null then '{}'::uuid[] else array[$2::uuid] end)
       returning id, reference`,
      [a.kind, a.personId, a.forenames, a.surname, a.dateOfBirth, a.postId, a.level, a.receivedOn, a.reviewReason],
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
  async list(viewer: Viewer, o: { status?: string; personId?: string; limit: number; offset: number }): Promise<{ applications: Application[]; total: number }> {
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
    const rows = await this.db.query<Application & { total: number }>(
      `select ${APPLICATION_COLUMNS}, count(*) over ()::int as total from vetting_applications a where ${where.join(' and ')}
       order by a.received_on desc, a.reference desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, o.limit, o.offset],
    );
    return { applications: rows.map(({ total: _t, ...a }) => a), total: rows[0]?.total ?? 0 };
  }

  async openApplicationFor(personId: string, q: Queryable = this.db): Promise<string | undefined> {
    const [r] = await q.query<{ id: string }>(`select id from vetting_applications where person_id = $1 and status = 'open' limit 1`, [personId]);
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

  async decision(applicationId: string): Promise<Decision | undefined> {
    const [d] = await this.db.query<Omit<Decision, 'conditions'>>(
      `select id, outcome, level, decided_on as "decidedOn", expires_on as "expiresOn", decided_by_label as "decidedByLabel",
         had_adverse_information as "hadAdverseInformation", conviction_rule as "convictionRule", rationale, rebuttal
       from vetting_decisions where application_id = $1`,
      [applicationId],
    );
    if (!d) return undefined;
    const conditions = await this.db.query<Decision['conditions'][number]>(
      `select description, responsible_unit as "responsibleUnit", owner_name as "ownerName", review_on as "reviewOn" from vetting_conditions where decision_id = $1 order by review_on`,
      [d.id],
    );
    return { ...d, conditions };
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

  async insertDecision(tx: Queryable, applicationId: string, expectedVersion: number, d: Omit<Decision, 'id' | 'conditions'> & { decidedBy: string | null }, conditions: Decision['conditions']): Promise<string | undefined> {
    const moved = await tx.query(`update vetting_applications set status = 'decided', version = version + 1, updated_at = now() where id = $1 and version = $2 and status = 'open' returning id`, [applicationId, expectedVersion]);
    if (!moved.length) return undefined;
    const [r] = await tx.query<{ id: string }>(
      `insert into vetting_decisions (application_id, outcome, level, decided_on, expires_on, decided_by, decided_by_label, had_adverse_information, conviction_rule, rationale, rebuttal)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [applicationId, d.outcome, d.level, d.decidedOn, d.expiresOn, d.decidedBy, d.decidedByLabel, d.hadAdverseInformation, d.convictionRule, d.rationale ? JSON.stringify(d.rationale) : null, d.rebuttal],
    );
    if (conditions.length) {
      await tx.query(
        `insert into vetting_conditions (decision_id, description, responsible_unit, owner_name, review_on)
         select $1, description, "responsibleUnit", "ownerName", "reviewOn" from jsonb_to_recordset($2::jsonb) as r(description text, "responsibleUnit" text, "ownerName" text, "reviewOn" date)`,
        [r!.id, JSON.stringify(conditions)],
      );
    }
    return r!.id;
  }

  /** Condition reviews due within `days` or overdue, soonest first, on applications the viewer may see. */
  async conditionReviewsDue(viewer: Viewer, days: number, limit: number): Promise<{ applicationId: string; reference: string; applicant: string; description: string; ownerName: string; reviewOn: string }[]> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    params.push(days, limit);
    return this.db.query(
      `select a.id as "applicationId", a.reference, a.applicant_forenames || ' ' || a.applicant_surname as applicant, c.description, c.owner_name as "ownerName", c.review_on as "reviewOn"
       from vetting_conditions c join vetting_decisions d on d.id = c.decision_id join vetting_applications a on a.id = d.application_id
       where ${allowed} and c.review_on <= current_date + $${params.length - 1}::int order by c.review_on limit $${params.length}`,
      params,
    );
  }

  /** The person's clearance now: the latest clearance decision that has not expired. */
  async currentClearance(personId: string, q: Queryable = this.db): Promise<{ level: string; outcome: string; decidedOn: string; expiresOn: string | null; reference: string } | undefined> {
    const [r] = await q.query<{ level: string; outcome: string; decidedOn: string; expiresOn: string | null; reference: string }>(
      `select d.level, d.outcome, d.decided_on as "decidedOn", d.expires_on as "expiresOn", a.reference
       from vetting_decisions d join vetting_applications a on a.id = d.application_id
       where a.person_id = $1 and d.outcome in ('clearance', 'clearance_with_conditions') and (d.expires_on is null or d.expires_on >= current_date)
       order by d.decided_on desc limit 1`,
      [personId],
    );
    return r;
  }
}

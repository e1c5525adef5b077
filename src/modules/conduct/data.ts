import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../../platform/db/types.js';
import { needToKnowSql, type Viewer } from '../../platform/access/policy.js';
import type { FlagFacts } from './rules.js';

export interface CaseMeta { id: string; subjectPersonIds: string[]; excludedUserIds: string[]; sealedToUserIds: string[] }
export interface ConductCase extends CaseMeta {
  reference: string; kind: string; status: string; source: string; summary: string; receivedOn: string; recordedOn: string | null;
  handlingRoute: string | null; referred: boolean | null; finalisedOn: string | null; version: number;
}
export interface Allegation { id: string; category: string; description: string; occurredOn: string | null; subjects: Subject[]; flags: string[] }
export interface Subject { id: string; personId: string | null; unidentifiedDescription: string | null }
export interface Decision {
  id: string; kind: string; value: string; personId: string | null; rationale: string; details: Record<string, unknown>; decidedOn: string; decidedByLabel: string; deciderRank: string | null;
}
export interface Outcome { id: string; personId: string; forum: string; finding: string | null; outcome: string; decidedOn: string; decidedByName: string; recordedByLabel: string }
export interface TimelineEntry { at: string; actorLabel: string; what: string }
/** What every caseworker may know of a complainant or victim: not who they are. */
export interface PartySummary { id: string; role: string; colleague: boolean; vulnerable: boolean; hasSupportPlan: boolean }
export interface Party extends PartySummary {
  personId: string | null; forenames: string; surname: string; email: string | null; phone: string | null; address: string | null; postcode: string | null;
  support: { supportPlan: string; supportOfficer: string; entitlementsOffered: string[]; reviewedOn: string; updatedByLabel: string } | null;
}
export interface CaseListItem { id: string; reference: string; kind: string; status: string; receivedOn: string; recordedOn: string | null; allegations: number; flags: string[] }
export interface DecisionRecord { caseId: string; reference: string; kind: string; value: string; decidedOn: string; decidedByLabel: string; deciderRank: string | null }

const CASE_COLUMNS = `c.id, c.reference, c.kind, c.status, c.source, c.summary, c.received_on as "receivedOn", c.recorded_on as "recordedOn", c.handling_route as "handlingRoute",
  c.referred, c.finalised_on as "finalisedOn", c.version, c.subject_person_ids as "subjectPersonIds", c.excluded_user_ids as "excludedUserIds", c.sealed_to_user_ids as "sealedToUserIds"`;

// No 0/O or 1/I/L: a reference read over the phone must not be misheard.
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const randomReference = (year: string) => `PSD-${year}-${Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/** The case list counts matches up to this many, then says there are more. */
export const COUNT_CAP = 1000;

export class ConductRepository {
  constructor(private readonly db: Db) {}

  async createCase(tx: Queryable, c: { kind: string; source: string; summary: string; receivedOn: string }): Promise<{ id: string; reference: string }> {
    for (;;) {
      const [r] = await tx.query<{ id: string; reference: string }>(
        `insert into conduct_cases (reference, kind, source, summary, received_on) values ($1, $2, $3, $4, $5)
         on conflict (reference) do nothing returning id, reference`,
        [randomReference(c.receivedOn.slice(0, 4)), c.kind, c.source, c.summary, c.receivedOn],
      );
      if (r) return r;
    }
  }

  async meta(id: string, q: Queryable = this.db): Promise<CaseMeta | undefined> {
    const [r] = await q.query<CaseMeta>(
      `select id, subject_person_ids as "subjectPersonIds", excluded_user_ids as "excludedUserIds", sealed_to_user_ids as "sealedToUserIds" from conduct_cases where id = $1`, [id]);
    return r;
  }

  async caseById(id: string, q: Queryable = this.db): Promise<ConductCase | undefined> {
    const [r] = await q.query<ConductCase>(`select ${CASE_COLUMNS} from conduct_cases c where c.id = $1`, [id]);
    return r;
  }

  /** Bumps the case's version if it is still the one the editor saw: false means someone else changed it first. */
  async touch(tx: Queryable, id: string, version: number, set: Record<string, unknown> = {}): Promise<boolean> {
    const columns = Object.keys(set);
    const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
    const rows = await tx.query(
      `update conduct_cases set version = version + 1, updated_at = now()${assignments.length ? ', ' + assignments.join(', ') : ''} where id = $1 and version = $2 returning id`,
      [id, version, ...columns.map((c) => set[c])],
    );
    return rows.length === 1;
  }

  async allegations(caseId: string, q: Queryable = this.db): Promise<Allegation[]> {
    return q.query<Allegation>(
      `select a.id, a.category, a.description, a.occurred_on as "occurredOn",
         coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'personId', s.person_id, 'unidentifiedDescription', s.unidentified_description) order by s.created_at)
                   from conduct_allegation_subjects s where s.allegation_id = a.id), '[]'::jsonb) as subjects,
         coalesce((select array_agg(f.flag order by f.flag) from conduct_flags f where f.allegation_id = a.id), '{}') as flags
       from conduct_allegations a where a.case_id = $1 order by a.created_at, a.id`,
      [caseId],
    );
  }

  async caseFlags(caseId: string, q: Queryable = this.db): Promise<string[]> {
    const rows = await q.query<{ flag: string }>('select flag from conduct_flags where case_id = $1 and allegation_id is null order by flag', [caseId]);
    return rows.map((r) => r.flag);
  }

  async insertAllegation(tx: Queryable, caseId: string, a: { category: string; description: string; occurredOn: string | null }): Promise<string> {
    const [r] = await tx.query<{ id: string }>('insert into conduct_allegations (case_id, category, description, occurred_on) values ($1, $2, $3, $4) returning id', [caseId, a.category, a.description, a.occurredOn]);
    return r!.id;
  }

  async allegationCase(allegationId: string, q: Queryable): Promise<string | undefined> {
    const [r] = await q.query<{ caseId: string }>('select case_id as "caseId" from conduct_allegations where id = $1', [allegationId]);
    return r?.caseId;
  }

  /** Adds a subject; naming a person replaces any unidentified subject described the same way is left to the caseworker. */
  async insertSubject(tx: Queryable, caseId: string, allegationId: string, s: { personId: string | null; unidentifiedDescription: string | null }): Promise<boolean> {
    const rows = await tx.query(
      `insert into conduct_allegation_subjects (allegation_id, case_id, person_id, unidentified_description) values ($1, $2, $3, $4)
       on conflict do nothing returning id`,
      [allegationId, caseId, s.personId, s.unidentifiedDescription],
    );
    return rows.length === 1;
  }

  /** Keeps the case's need-to-know column in step with its allegations' subjects (called after every subject change). */
  async syncSubjects(tx: Queryable, caseId: string): Promise<string[]> {
    const [r] = await tx.query<{ ids: string[] }>(
      `update conduct_cases set subject_person_ids = coalesce((select array_agg(distinct person_id order by person_id) from conduct_allegation_subjects where case_id = $1 and person_id is not null), '{}')
       where id = $1 returning subject_person_ids as ids`,
      [caseId],
    );
    return r?.ids ?? [];
  }

  async insertFlag(tx: Queryable, caseId: string, allegationId: string | null, flag: string, byLabel: string): Promise<boolean> {
    const rows = await tx.query('insert into conduct_flags (case_id, allegation_id, flag, added_by_label) values ($1, $2, $3, $4) on conflict do nothing returning id', [caseId, allegationId, flag, byLabel]);
    return rows.length === 1;
  }

  async deleteFlag(tx: Queryable, caseId: string, allegationId: string | null, flag: string): Promise<boolean> {
    const rows = await tx.query('delete from conduct_flags where case_id = $1 and allegation_id is not distinct from $2 and flag = $3 returning id', [caseId, allegationId, flag]);
    return rows.length === 1;
  }

  async insertParty(tx: Queryable, caseId: string, p: { role: string; colleague: boolean; personId: string | null; forenames: string; surname: string; email: string | null; phone: string | null; address: string | null; postcode: string | null; vulnerable: boolean }): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_parties (case_id, role, colleague, person_id, forenames, surname, email, phone, address, postcode, vulnerable)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [caseId, p.role, p.colleague, p.personId, p.forenames, p.surname, p.email, p.phone, p.address, p.postcode, p.vulnerable],
    );
    return r!.id;
  }

  async partySummaries(caseId: string, q: Queryable = this.db): Promise<PartySummary[]> {
    return q.query<PartySummary>(
      `select p.id, p.role, p.colleague, p.vulnerable, (s.party_id is not null) as "hasSupportPlan"
       from conduct_parties p left join conduct_victim_support s on s.party_id = p.id where p.case_id = $1 order by p.created_at, p.id`,
      [caseId],
    );
  }

  async parties(caseId: string, q: Queryable = this.db): Promise<Party[]> {
    return q.query<Party>(
      `select p.id, p.role, p.colleague, p.vulnerable, (s.party_id is not null) as "hasSupportPlan", p.person_id as "personId", p.forenames, p.surname, p.email, p.phone, p.address, p.postcode,
         case when s.party_id is null then null else jsonb_build_object('supportPlan', s.support_plan, 'supportOfficer', s.support_officer, 'entitlementsOffered', to_jsonb(s.entitlements_offered),
           'reviewedOn', s.reviewed_on, 'updatedByLabel', s.updated_by_label) end as support
       from conduct_parties p left join conduct_victim_support s on s.party_id = p.id where p.case_id = $1 order by p.created_at, p.id`,
      [caseId],
    );
  }

  async party(partyId: string, q: Queryable): Promise<{ caseId: string; role: string; colleague: boolean } | undefined> {
    const [r] = await q.query<{ caseId: string; role: string; colleague: boolean }>('select case_id as "caseId", role, colleague from conduct_parties where id = $1', [partyId]);
    return r;
  }

  async upsertSupport(tx: Queryable, partyId: string, s: { supportPlan: string; supportOfficer: string; entitlementsOffered: string[]; reviewedOn: string; byLabel: string }): Promise<void> {
    await tx.query(
      `insert into conduct_victim_support (party_id, support_plan, support_officer, entitlements_offered, reviewed_on, updated_by_label) values ($1, $2, $3, $4, $5, $6)
       on conflict (party_id) do update set support_plan = excluded.support_plan, support_officer = excluded.support_officer, entitlements_offered = excluded.entitlements_offered,
         reviewed_on = excluded.reviewed_on, updated_by_label = excluded.updated_by_label, updated_at = now()`,
      [partyId, s.supportPlan, s.supportOfficer, s.entitlementsOffered, s.reviewedOn, s.byLabel],
    );
  }

  async insertDecision(tx: Queryable, caseId: string, d: { kind: string; value: string; personId: string | null; rationale: string; details: Record<string, unknown>; decidedOn: string; decidedBy: string | null; decidedByLabel: string; deciderPersonId: string | null; deciderRank: string | null }): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_decisions (case_id, kind, value, person_id, rationale, details, decided_on, decided_by, decided_by_label, decider_person_id, decider_rank)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11) returning id`,
      [caseId, d.kind, d.value, d.personId, d.rationale, JSON.stringify(d.details), d.decidedOn, d.decidedBy, d.decidedByLabel, d.deciderPersonId, d.deciderRank],
    );
    return r!.id;
  }

  async decisions(caseId: string, q: Queryable = this.db): Promise<Decision[]> {
    return q.query<Decision>(
      `select id, kind, value, person_id as "personId", rationale, details, decided_on as "decidedOn", decided_by_label as "decidedByLabel", decider_rank as "deciderRank"
       from conduct_decisions where case_id = $1 order by created_at, id`,
      [caseId],
    );
  }

  async insertOutcome(tx: Queryable, caseId: string, o: { personId: string; forum: string; finding: string | null; outcome: string; decidedOn: string; decidedByName: string; recordedBy: string | null; recordedByLabel: string }): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into conduct_outcomes (case_id, person_id, forum, finding, outcome, decided_on, decided_by_name, recorded_by, recorded_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [caseId, o.personId, o.forum, o.finding, o.outcome, o.decidedOn, o.decidedByName, o.recordedBy, o.recordedByLabel],
    );
    return r!.id;
  }

  async outcomes(caseId: string, q: Queryable = this.db): Promise<Outcome[]> {
    return q.query<Outcome>(
      `select id, person_id as "personId", forum, finding, outcome, decided_on as "decidedOn", decided_by_name as "decidedByName", recorded_by_label as "recordedByLabel"
       from conduct_outcomes where case_id = $1 order by created_at, id`,
      [caseId],
    );
  }

  async note(tx: Queryable, caseId: string, actorLabel: string, what: string): Promise<void> {
    await tx.query('insert into conduct_timeline (case_id, actor_label, what) values ($1, $2, $3)', [caseId, actorLabel, what]);
  }

  async timeline(caseId: string, q: Queryable = this.db): Promise<TimelineEntry[]> {
    return q.query<TimelineEntry>('select at, actor_label as "actorLabel", what from conduct_timeline where case_id = $1 order by at, id', [caseId]);
  }

  /** Cases the viewer may see (need-to-know in the query itself), newest first. */
  async list(viewer: Viewer, o: { status?: string; kind?: string; flag?: string; category?: string; reference?: string; personId?: string; limit: number; offset: number }): Promise<{ cases: CaseListItem[]; total: number; more: boolean }> {
    const params: unknown[] = [];
    const where = [needToKnowSql(viewer, 'c', params)];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (o.status) add((p) => `c.status = ${p}`, o.status);
    if (o.kind) add((p) => `c.kind = ${p}`, o.kind);
    if (o.flag) add((p) => `exists (select 1 from conduct_flags f where f.case_id = c.id and f.flag = ${p})`, o.flag);
    if (o.category) add((p) => `exists (select 1 from conduct_allegations a where a.case_id = c.id and a.category = ${p})`, o.category);
    if (o.reference) add((p) => `c.reference = upper(${p})`, o.reference.trim());
    if (o.personId) add((p) => `c.subject_person_ids @> array[${p}::uuid]`, o.personId); // @> uses the GIN index
    // The page and a count that stops past COUNT_CAP: counting every match of millions of cases cost more than the page.
    const [cases, counted] = await Promise.all([
      this.db.query<CaseListItem>(
        `select c.id, c.reference, c.kind, c.status, c.received_on as "receivedOn", c.recorded_on as "recordedOn",
           (select count(*)::int from conduct_allegations a where a.case_id = c.id) as allegations,
           coalesce((select array_agg(distinct f.flag) from conduct_flags f where f.case_id = c.id), '{}') as flags
         from conduct_cases c where ${where.join(' and ')}
         order by c.received_on desc, c.reference desc limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, o.limit, o.offset],
      ),
      this.db.query<{ n: number }>(`select count(*)::int as n from (select 1 from conduct_cases c where ${where.join(' and ')} limit ${COUNT_CAP + 1}) m`, params),
    ]);
    const n = counted[0]?.n ?? 0;
    return { cases, total: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
  }

  /** A person's cases and their outcomes for that person, for the person page (need-to-know applied). */
  async historyOf(viewer: Viewer, personId: string, limit = 50): Promise<(CaseListItem & { outcomes: { outcome: string; decidedOn: string }[] })[]> {
    const params: unknown[] = [personId];
    const where = needToKnowSql(viewer, 'c', params);
    return this.db.query(
      `select c.id, c.reference, c.kind, c.status, c.received_on as "receivedOn", c.recorded_on as "recordedOn",
         (select count(*)::int from conduct_allegation_subjects s where s.case_id = c.id and s.person_id = $1) as allegations,
         coalesce((select array_agg(distinct f.flag) from conduct_flags f where f.case_id = c.id), '{}') as flags,
         coalesce((select jsonb_agg(jsonb_build_object('outcome', o.outcome, 'decidedOn', o.decided_on) order by o.decided_on) from conduct_outcomes o where o.case_id = c.id and o.person_id = $1), '[]'::jsonb) as outcomes
       from conduct_cases c where c.subject_person_ids @> array[$1::uuid] and ${where}
       order by c.received_on desc limit ${Number(limit)}`,
      params,
    );
  }

  /** The work list: cases waiting for the recording decision, and recorded cases with no handling decision yet. */
  async workList(viewer: Viewer, limit: number): Promise<{ toRecord: CaseListItem[]; toAssess: CaseListItem[]; counts: { toRecord: number; toAssess: number } }> {
    const one = async (condition: string) => {
      const params: unknown[] = [];
      const where = needToKnowSql(viewer, 'c', params);
      const rows = await this.db.query<CaseListItem & { total: number }>(
        `select c.id, c.reference, c.kind, c.status, c.received_on as "receivedOn", c.recorded_on as "recordedOn", 0 as allegations, '{}'::text[] as flags, count(*) over ()::int as total
         from conduct_cases c where ${condition} and ${where} order by c.received_on, c.reference limit ${Number(limit)}`,
        params,
      );
      return { items: rows.map(({ total: _t, ...c }) => c), total: rows[0]?.total ?? 0 };
    };
    const toRecord = await one(`c.status = 'to_be_recorded'`);
    const toAssess = await one(`c.status = 'recorded' and c.handling_route is null`);
    return { toRecord: toRecord.items, toAssess: toAssess.items, counts: { toRecord: toRecord.total, toAssess: toAssess.total } };
  }

  /** The facts the flag checks need, for the cases the viewer may see, a page at a time (most recent first, after `after`). */
  async flagFacts(viewer: Viewer, limit: number, after?: { receivedOn: string; caseId: string }): Promise<(FlagFacts & { receivedOn: string })[]> {
    const params: unknown[] = [];
    let where = needToKnowSql(viewer, 'c', params);
    if (after) {
      params.push(after.receivedOn, after.caseId);
      where += ` and (c.received_on, c.id) < ($${params.length - 1}::date, $${params.length}::uuid)`;
    }
    return this.db.query<FlagFacts & { receivedOn: string }>(
      `select c.id as "caseId", c.reference, c.kind, c.received_on as "receivedOn",
         coalesce((select array_agg(f.flag) from conduct_flags f where f.case_id = c.id and f.allegation_id is null), '{}') as "caseFlags",
         coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'category', a.category,
             'flags', coalesce((select jsonb_agg(f.flag) from conduct_flags f where f.allegation_id = a.id), '[]'::jsonb)) order by a.created_at)
           from conduct_allegations a where a.case_id = c.id), '[]'::jsonb) as allegations,
         exists (select 1 from conduct_parties p where p.case_id = c.id and not p.colleague) as "publicParty",
         exists (select 1 from conduct_parties p where p.case_id = c.id and p.colleague) as "colleagueParty"
       from conduct_cases c where ${where} and (exists (select 1 from conduct_flags f where f.case_id = c.id) or exists (select 1 from conduct_allegations a where a.case_id = c.id))
       order by c.received_on desc, c.id desc limit ${Number(limit)}`,
      params,
    );
  }

  /** How many decisions of each kind were taken at each rank (the seniority rule is judged per pair, not per row). */
  async decisionRankGroups(viewer: Viewer): Promise<{ kind: string; deciderRank: string | null; decisions: number }[]> {
    const params: unknown[] = [];
    const where = needToKnowSql(viewer, 'c', params);
    return this.db.query(
      `select d.kind, d.decider_rank as "deciderRank", count(*)::int as decisions
       from conduct_decisions d join conduct_cases c on c.id = d.case_id where ${where} group by 1, 2`,
      params,
    );
  }

  /** The decisions of the given (kind, rank) pairs, newest first, up to `limit`. */
  async decisionRecords(viewer: Viewer, pairs: readonly { kind: string; deciderRank: string | null }[], limit: number): Promise<DecisionRecord[]> {
    if (!pairs.length) return [];
    const params: unknown[] = [];
    const where = needToKnowSql(viewer, 'c', params);
    params.push(JSON.stringify(pairs), limit);
    return this.db.query<DecisionRecord>(
      `select d.case_id as "caseId", c.reference, d.kind, d.value, d.decided_on as "decidedOn", d.decided_by_label as "decidedByLabel", d.decider_rank as "deciderRank"
       from conduct_decisions d join conduct_cases c on c.id = d.case_id
       where ${where} and exists (select 1 from jsonb_to_recordset($${params.length - 1}::jsonb) as p(kind text, "deciderRank" text)
                                  where p.kind = d.kind and p."deciderRank" is not distinct from d.decider_rank)
       order by d.decided_on desc, d.created_at desc limit $${params.length}`,
      params,
    );
  }
}

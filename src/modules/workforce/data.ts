import type { Db, Queryable } from '../../platform/db/types.js';
import type { Scope } from '../../platform/access/policy.js';
import type { HrRecord, PersonEdit, PostInput } from './schema.js';
import type { DirectoryFacts } from './import/validate.js';

export interface PersonSummary {
  id: string;
  payrollNumber: string;
  collarNumber: string | null;
  forenames: string;
  surname: string;
  personType: string;
  rankOrGrade: string | null;
  unitName: string | null;
  postTitle: string | null;
  leavingDate: string | null;
}

export interface PersonDetail extends PersonSummary {
  dateOfBirth: string | null;
  unitCode: string | null;
  lineManager: { id: string; name: string; payrollNumber: string } | null;
  post: { id: string; code: string; title: string; requiredVettingLevel: string; nationalSecurityLevel: string | null; designated: boolean } | null;
  startDate: string | null;
  leavingReason: string | null;
  email: string | null;
  version: number;
  updatedAt: Date;
}

export interface Post {
  id: string;
  code: string;
  title: string;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  requiredVettingLevel: string;
  nationalSecurityLevel: string | null;
  designated: boolean;
  active: boolean;
  version: number;
  holder: { id: string; name: string; payrollNumber: string } | null;
}

export interface Assignment {
  personId: string;
  personName: string;
  payrollNumber: string;
  postId: string;
  postCode: string;
  postTitle: string;
  startDate: string;
  endDate: string | null;
}

export type PersonChange = { personId: string; payrollNumber: string; change: 'created' | 'updated' | 'left' | 'moved'; fromPostId?: string | null; toPostId?: string | null };

export interface ApplySummary {
  created: number;
  updated: number;
  unchanged: number;
  moved: number;
  leavers: number;
  unitsCreated: number;
  changes: PersonChange[];
}

export interface SearchOptions {
  q?: string;
  scope: Scope;
  viewerPersonId: string | null;
  includeLeavers?: boolean;
  unitCode?: string;
  limit: number;
  offset: number;
}

const CHUNK = 1000;

/** Counting every match of a broad search costs more than it tells: beyond this, the count says "more than". */
export const SEARCH_COUNT_CAP = 5000;

/** The words of a search, as a full-text prefix query ('bex:* & marrow:*'); letters and digits only, so it is always valid. */
export function prefixQuery(q: string): string {
  return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 6).map((t) => `${t}:*`).join(' & ');
}

const SUMMARY_COLUMNS = `p.id, p.payroll_number as "payrollNumber", p.collar_number as "collarNumber", p.forenames, p.surname,
  p.person_type as "personType", p.rank_or_grade as "rankOrGrade", u.name as "unitName", po.title as "postTitle", p.leaving_date as "leavingDate"`;

/** Rows whose subject is within a team-scoped viewer's management chain (any depth), or themselves. */
function scopeCondition(scope: Scope, viewerPersonId: string | null, params: unknown[]): string {
  if (scope === 'all') return 'true';
  params.push(viewerPersonId);
  const v = `$${params.length}::uuid`;
  if (scope === 'self') return `p.id = ${v}`;
  return `(p.id = ${v} or p.id in (with recursive team(id) as (
      select id from people where line_manager_id = ${v}
      union select c.id from people c join team t on c.line_manager_id = t.id)
    select id from team))`;
}

async function inChunks<T>(items: T[], fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await fn(items.slice(i, i + CHUNK));
}

export class WorkforceRepository {
  constructor(private readonly db: Db) {}

  async searchPeople(o: SearchOptions): Promise<{ people: PersonSummary[]; total: number; totalIsCapped: boolean }> {
    const params: unknown[] = [];
    const where = [scopeCondition(o.scope, o.viewerPersonId, params)];
    if (!o.includeLeavers) where.push('p.leaving_date is null');
    if (o.unitCode) {
      params.push(o.unitCode);
      where.push(`p.unit_id = (select id from units where code = $${params.length})`);
    }
    const query = prefixQuery(o.q ?? '');
    if (o.q?.trim() && !query) return { people: [], total: 0, totalIsCapped: false };
    if (query) {
      params.push(query);
      where.push(`p.search_vector @@ to_tsquery('simple', $${params.length})`);
    }
    const terms = query ? query.split(' & ').map((t) => t.slice(0, -2)) : [];
    const condition = where.join(' and ');
    const n = params.length;
    const exact = terms.length === 1 && /\d/.test(terms[0]!) && o.offset === 0
      ? // Someone who types a payroll or collar number wants that person first.
        this.db.query<PersonSummary>(
          `select ${SUMMARY_COLUMNS} from people p left join units u on u.id = p.unit_id left join posts po on po.id = p.current_post_id
           where ${condition} and (lower(p.payroll_number) = $${n + 1} or lower(p.collar_number) = $${n + 1})`,
          [...params, terms[0]],
        )
      : Promise.resolve([]);
    // Gather the matches through the full-text index (stopping past the cap), count them and sort them, in one statement.
    // Left to itself the planner often walks the name index instead, and names cluster, so it reads far.
    let rows = await this.db.query<PersonSummary & { matched: number }>(
      `with matches as materialized (select p.* from people p where ${condition} limit ${SEARCH_COUNT_CAP + 1})
       select ${SUMMARY_COLUMNS}, (select count(*)::int from matches) as matched
       from matches p left join units u on u.id = p.unit_id left join posts po on po.id = p.current_post_id
       order by lower(p.surname), lower(p.forenames), p.payroll_number limit $${n + 1} offset $${n + 2}`,
      [...params, o.limit, o.offset],
    );
    const total = rows[0]?.matched
      ?? (o.offset > 0 ? (await this.db.query<{ n: number }>(`select count(*)::int as n from (select 1 from people p where ${condition} limit ${SEARCH_COUNT_CAP + 1}) x`, params))[0]?.n ?? 0 : 0);
    if (total > SEARCH_COUNT_CAP) {
      // Very broad: the first 5,000 found are not the first 5,000 by name, so read in name order instead.
      rows = await this.db.query<PersonSummary & { matched: number }>(
        `select ${SUMMARY_COLUMNS} from people p left join units u on u.id = p.unit_id left join posts po on po.id = p.current_post_id
         where ${condition} order by lower(p.surname), lower(p.forenames), p.payroll_number limit $${n + 1} offset $${n + 2}`,
        [...params, o.limit, o.offset],
      );
    }
    const found = rows.map(({ matched: _m, ...p }) => p);
    const exactRows = await exact;
    const first = new Set(exactRows.map((p) => p.id));
    const people = [...exactRows, ...found.filter((p) => !first.has(p.id))].slice(0, o.limit);
    return { people, total: Math.min(total, SEARCH_COUNT_CAP), totalIsCapped: total > SEARCH_COUNT_CAP };
  }

  async personDetail(id: string): Promise<PersonDetail | undefined> {
    return (await this.personRow(id, false))?.person;
  }

  /**
   * Everything the person page shows, with the facts its access decision needs (the management chain),
   * in one round trip. The caller decides and audits before any of it leaves the server.
   */
  async personPage(id: string): Promise<{ person: PersonDetail; managerChain: string[]; history: Assignment[] } | undefined> {
    return this.personRow(id, true);
  }

  private async personRow(id: string, withPage: boolean): Promise<{ person: PersonDetail; managerChain: string[]; history: Assignment[] } | undefined> {
    const pageColumns = withPage
      ? `, (with recursive chain(id, depth) as (
            select p.line_manager_id, 1 where p.line_manager_id is not null
            union all select c2.line_manager_id, c.depth + 1 from people c2 join chain c on c2.id = c.id
              where c2.line_manager_id is not null and c.depth < 50)
          select array_agg(id order by depth) from chain) as chain,
         (select json_agg(h) from (
            select a.person_id as "personId", p.forenames || ' ' || p.surname as "personName", p.payroll_number as "payrollNumber",
              a.post_id as "postId", hp.code as "postCode", hp.title as "postTitle", a.start_date as "startDate", a.end_date as "endDate"
            from post_assignments a join posts hp on hp.id = a.post_id
            where a.person_id = p.id order by a.start_date desc, a.created_at desc limit 200) h) as history`
      : '';
    const [r] = await this.db.query<Record<string, unknown>>(
      `select ${SUMMARY_COLUMNS}, p.date_of_birth as "dateOfBirth", u.code as "unitCode", p.start_date as "startDate",
         p.leaving_reason as "leavingReason", p.email, p.version, p.updated_at as "updatedAt",
         m.id as "managerId", m.forenames || ' ' || m.surname as "managerName", m.payroll_number as "managerPayroll",
         po.id as "postId", po.code as "postCode", po.required_vetting_level as "postLevel", po.national_security_level as "postNsv", po.designated as "postDesignated"
         ${pageColumns}
       from people p left join units u on u.id = p.unit_id left join posts po on po.id = p.current_post_id
         left join people m on m.id = p.line_manager_id
       where p.id = $1`,
      [id],
    );
    if (!r) return undefined;
    const person: PersonDetail = {
      id: r.id as string, payrollNumber: r.payrollNumber as string, collarNumber: r.collarNumber as string | null, forenames: r.forenames as string,
      surname: r.surname as string, personType: r.personType as string, rankOrGrade: r.rankOrGrade as string | null, unitName: r.unitName as string | null,
      postTitle: r.postTitle as string | null, leavingDate: r.leavingDate as string | null, dateOfBirth: r.dateOfBirth as string | null,
      unitCode: r.unitCode as string | null, startDate: r.startDate as string | null, leavingReason: r.leavingReason as string | null,
      email: r.email as string | null, version: r.version as number, updatedAt: r.updatedAt as Date,
      lineManager: r.managerId ? { id: r.managerId as string, name: r.managerName as string, payrollNumber: r.managerPayroll as string } : null,
      post: r.postId
        ? { id: r.postId as string, code: r.postCode as string, title: r.postTitle as string, requiredVettingLevel: r.postLevel as string, nationalSecurityLevel: r.postNsv as string | null, designated: r.postDesignated as boolean }
        : null,
    };
    return { person, managerChain: (r.chain as string[] | null) ?? [], history: (r.history as Assignment[] | null) ?? [] };
  }

  /** How many current people report to this person, at any depth: a count, no personal data. */
  async teamSize(personId: string): Promise<number> {
    const [r] = await this.db.query<{ n: number }>(
      `with recursive team(id) as (select id from people where line_manager_id = $1 and leaving_date is null
         union select c.id from people c join team t on c.line_manager_id = t.id where c.leaving_date is null)
       select count(*)::int as n from team`,
      [personId],
    );
    return r?.n ?? 0;
  }

  /** The person's managers, nearest first: what a team-scoped grant is checked against. */
  async managerChain(personId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `with recursive chain(id, depth) as (
         select line_manager_id, 1 from people where id = $1 and line_manager_id is not null
         union all select p.line_manager_id, c.depth + 1 from people p join chain c on p.id = c.id
           where p.line_manager_id is not null and c.depth < 50)
       select id from chain order by depth`,
      [personId],
    );
    return rows.map((r) => r.id);
  }

  async personIdByPayroll(payrollNumber: string, q: Queryable = this.db): Promise<string | undefined> {
    const [r] = await q.query<{ id: string }>('select id from people where payroll_number = $1', [payrollNumber]);
    return r?.id;
  }

  async protectedCharacteristics(personId: string): Promise<Record<string, string | null> | undefined> {
    const [r] = await this.db.query<Record<string, string | null>>(
      `select sex, gender_identity_same_as_birth as "genderIdentitySameAsBirth", ethnicity, religion,
         sexual_orientation as "sexualOrientation", disability from protected_characteristics where person_id = $1`,
      [personId],
    );
    return r;
  }

  async assignmentsForPost(postId: string): Promise<Assignment[]> {
    return this.db.query<Assignment>(
      `select a.person_id as "personId", p.forenames || ' ' || p.surname as "personName", p.payroll_number as "payrollNumber",
         a.post_id as "postId", po.code as "postCode", po.title as "postTitle", a.start_date as "startDate", a.end_date as "endDate"
       from post_assignments a join people p on p.id = a.person_id join posts po on po.id = a.post_id
       where a.post_id = $1 order by a.start_date desc, a.created_at desc limit 200`,
      [postId],
    );
  }

  async updatePerson(tx: Queryable, id: string, edit: PersonEdit): Promise<boolean> {
    const rows = await tx.query(
      `update people set collar_number = $3, forenames = $4, surname = $5, date_of_birth = $6, rank_or_grade = $7, email = $8,
         version = version + 1, updated_at = now()
       where id = $1 and version = $2 returning id`,
      [id, edit.version, edit.collarNumber ?? null, edit.forenames, edit.surname, edit.dateOfBirth ?? null, edit.rankOrGrade ?? null, edit.email ?? null],
    );
    return rows.length === 1;
  }

  async units(): Promise<{ id: string; code: string; name: string; parentCode: string | null; people: number }[]> {
    return this.db.query(
      `select u.id, u.code, u.name, pu.code as "parentCode",
         (select count(*)::int from people p where p.unit_id = u.id and p.leaving_date is null) as people
       from units u left join units pu on pu.id = u.parent_id order by u.name`,
    );
  }

  async listPosts(o: { q?: string; unitCode?: string; designated?: boolean; vacant?: boolean; limit: number; offset: number }): Promise<{ posts: Post[]; total: number }> {
    const params: unknown[] = [];
    const where = ['po.active'];
    if (o.q) {
      params.push(`%${o.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(lower(po.title) like $${params.length} or lower(po.code) like $${params.length})`);
    }
    if (o.unitCode) {
      params.push(o.unitCode);
      where.push(`u.code = $${params.length}`);
    }
    if (o.designated !== undefined) {
      params.push(o.designated);
      where.push(`po.designated = $${params.length}`);
    }
    if (o.vacant) where.push('h.id is null');
    const rows = await this.db.query<Record<string, unknown>>(
      `select po.*, u.code as unit_code, u.name as unit_name, h.id as holder_id, h.forenames || ' ' || h.surname as holder_name,
         h.payroll_number as holder_payroll, count(*) over ()::int as total
       from posts po left join units u on u.id = po.unit_id
         left join lateral (select id, forenames, surname, payroll_number from people where current_post_id = po.id and leaving_date is null limit 1) h on true
       where ${where.join(' and ')} order by po.code limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, o.limit, o.offset],
    );
    return { posts: rows.map(toPost), total: (rows[0]?.total as number) ?? 0 };
  }

  async postById(id: string): Promise<Post | undefined> {
    const [r] = await this.db.query<Record<string, unknown>>(
      `select po.*, u.code as unit_code, u.name as unit_name, h.id as holder_id, h.forenames || ' ' || h.surname as holder_name, h.payroll_number as holder_payroll
       from posts po left join units u on u.id = po.unit_id
         left join lateral (select id, forenames, surname, payroll_number from people where current_post_id = po.id and leaving_date is null limit 1) h on true
       where po.id = $1`,
      [id],
    );
    return r && toPost(r);
  }

  async unitIdByCode(q: Queryable, code: string): Promise<string | undefined> {
    const [r] = await q.query<{ id: string }>('select id from units where code = $1', [code]);
    return r?.id;
  }

  async createPost(tx: Queryable, code: string, p: PostInput, unitId: string): Promise<string> {
    const [r] = await tx.query<{ id: string }>(
      `insert into posts (code, title, unit_id, required_vetting_level, national_security_level, designated, active)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [code, p.title, unitId, p.requiredVettingLevel, p.nationalSecurityLevel ?? null, p.designated, p.active],
    );
    return r!.id;
  }

  async updatePost(tx: Queryable, id: string, version: number, p: PostInput, unitId: string): Promise<boolean> {
    const rows = await tx.query(
      `update posts set title = $3, unit_id = $4, required_vetting_level = $5, national_security_level = $6, designated = $7, active = $8,
         version = version + 1, updated_at = now() where id = $1 and version = $2 returning id`,
      [id, version, p.title, unitId, p.requiredVettingLevel, p.nationalSecurityLevel ?? null, p.designated, p.active],
    );
    return rows.length === 1;
  }

  /** What the import validator needs to know, read once before validation. */
  async directoryFacts(): Promise<DirectoryFacts> {
    const [units, posts, people] = await Promise.all([
      this.db.query<{ code: string }>('select code from units'),
      this.db.query<{ code: string }>('select code from posts where active'),
      this.db.query<{ payroll_number: string }>('select payroll_number from people'),
    ]);
    return {
      unitCodes: new Set(units.map((u) => u.code)),
      postCodes: new Set(posts.map((p) => p.code)),
      payrollNumbers: new Set(people.map((p) => p.payroll_number)),
    };
  }

  /**
   * Applies validated HR records in the caller's transaction, matching people by payroll number:
   * new people are created, changed ones updated, unchanged ones left alone (re-importing is idempotent),
   * post changes end the old assignment and start a new one, leavers give up their post.
   * In full mode, current people missing from the records are recorded as leavers.
   */
  async applyHrRecords(tx: Queryable, records: HrRecord[], options: { mode: 'delta' | 'full'; today: string }): Promise<ApplySummary> {
    const summary: ApplySummary = { created: 0, updated: 0, unchanged: 0, moved: 0, leavers: 0, unitsCreated: 0, changes: [] };
    summary.unitsCreated = await this.createMissingUnits(tx, records);
    const unitIds = await codeMap(tx, 'units', [...new Set(records.map((r) => r.unitCode))]);
    const postIds = await codeMap(tx, 'posts', [...new Set(records.flatMap((r) => (r.postCode ? [r.postCode] : [])))]);
    const existing = await this.existingByPayroll(tx, records.map((r) => r.payrollNumber));

    const toInsert: Record<string, unknown>[] = [];
    const toUpdate: Record<string, unknown>[] = [];
    const postMoves: { payroll: string; fromPostId: string | null; toPostId: string | null; date: string }[] = [];
    for (const r of records) {
      const row = personRow(r, unitIds, postIds);
      const before = existing.get(r.payrollNumber);
      if (!before) {
        toInsert.push(row);
        if (row.current_post_id) postMoves.push({ payroll: r.payrollNumber, fromPostId: null, toPostId: row.current_post_id as string, date: r.postStartDate ?? r.startDate });
        continue;
      }
      const changed = PERSON_FIELDS.some((f) => (before[f] ?? null) !== (row[f] ?? null)) || (before.manager_payroll ?? null) !== (r.lineManagerPayrollNumber ?? null);
      if (!changed) {
        summary.unchanged++;
        continue;
      }
      toUpdate.push({ ...row, id: before.id });
      if ((before.current_post_id ?? null) !== (row.current_post_id ?? null)) {
        postMoves.push({ payroll: r.payrollNumber, fromPostId: before.current_post_id as string | null, toPostId: row.current_post_id as string | null, date: r.leavingDate ?? r.postStartDate ?? options.today });
      }
      if (!before.leaving_date && row.leaving_date) summary.leavers++;
    }
    const ids = new Map([...existing].map(([k, v]) => [k, v.id as string]));
    await inChunks(toInsert, async (chunk) => {
      const inserted = await tx.query<{ id: string; payroll_number: string }>(
        `insert into people (payroll_number, collar_number, forenames, surname, date_of_birth, person_type, rank_or_grade, unit_id,
           current_post_id, start_date, leaving_date, leaving_reason, email)
         select payroll_number, collar_number, forenames, surname, date_of_birth, person_type, rank_or_grade, unit_id,
           current_post_id, start_date, leaving_date, leaving_reason, email
         from jsonb_to_recordset($1::jsonb) as r(${PERSON_RECORDSET})
         returning id, payroll_number`,
        [JSON.stringify(chunk)],
      );
      for (const p of inserted) {
        ids.set(p.payroll_number, p.id);
        summary.changes.push({ personId: p.id, payrollNumber: p.payroll_number, change: 'created' });
      }
    });
    summary.created = toInsert.length;
    await inChunks(toUpdate, async (chunk) => {
      await tx.query(
        `update people p set collar_number = r.collar_number, forenames = r.forenames, surname = r.surname, date_of_birth = r.date_of_birth,
           person_type = r.person_type, rank_or_grade = r.rank_or_grade, unit_id = r.unit_id, current_post_id = r.current_post_id,
           start_date = r.start_date, leaving_date = r.leaving_date, leaving_reason = r.leaving_reason, email = r.email,
           version = p.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as r(id uuid, ${PERSON_RECORDSET}) where p.id = r.id`,
        [JSON.stringify(chunk)],
      );
      for (const u of chunk) {
        const left = !existing.get(u.payroll_number as string)!.leaving_date && u.leaving_date;
        summary.changes.push({ personId: u.id as string, payrollNumber: u.payroll_number as string, change: left ? 'left' : 'updated' });
      }
    });
    summary.updated = toUpdate.length;
    await this.linkManagers(tx, records, ids, existing);
    summary.moved = await this.recordPostMoves(tx, postMoves, ids, summary);
    await this.upsertProtectedCharacteristics(tx, records, ids);
    if (options.mode === 'full') summary.leavers += await this.recordMissingAsLeavers(tx, records, options.today, summary);
    return summary;
  }

  private async createMissingUnits(tx: Queryable, records: HrRecord[]): Promise<number> {
    const named = new Map<string, string>();
    for (const r of records) if (r.unitName && !named.has(r.unitCode)) named.set(r.unitCode, r.unitName);
    if (!named.size) return 0;
    const rows = await tx.query(
      `insert into units (code, name) select code, name from jsonb_to_recordset($1::jsonb) as r(code text, name text)
       on conflict (code) do nothing returning id`,
      [JSON.stringify([...named].map(([code, name]) => ({ code, name })))],
    );
    return rows.length;
  }

  private async existingByPayroll(tx: Queryable, payrolls: string[]): Promise<Map<string, Record<string, unknown>>> {
    const map = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < payrolls.length; i += 10_000) {
      const rows = await tx.query<Record<string, unknown>>(
        `select p.*, m.payroll_number as manager_payroll from people p left join people m on m.id = p.line_manager_id
         where p.payroll_number = any($1::text[])`,
        [payrolls.slice(i, i + 10_000)],
      );
      for (const r of rows) map.set(r.payroll_number as string, r);
    }
    return map;
  }

  private async linkManagers(tx: Queryable, records: HrRecord[], ids: Map<string, string>, existing: Map<string, Record<string, unknown>>): Promise<void> {
    const payrollOf = new Map(records.map((r) => [ids.get(r.payrollNumber), r.payrollNumber]));
    const missing = [...new Set(records.flatMap((r) => (r.lineManagerPayrollNumber && !ids.has(r.lineManagerPayrollNumber) ? [r.lineManagerPayrollNumber] : [])))];
    if (missing.length) {
      const rows = await tx.query<{ id: string; payroll_number: string }>('select id, payroll_number from people where payroll_number = any($1::text[])', [missing]);
      for (const r of rows) ids.set(r.payroll_number, r.id);
    }
    const links = records
      .map((r) => ({ id: ids.get(r.payrollNumber)!, manager: r.lineManagerPayrollNumber ? ids.get(r.lineManagerPayrollNumber) ?? null : null }))
      .filter((l) => (existing.get(payrollOf.get(l.id) ?? '')?.line_manager_id ?? null) !== l.manager);
    await inChunks(links, async (chunk) => {
      await tx.query(
        `update people p set line_manager_id = r.manager from jsonb_to_recordset($1::jsonb) as r(id uuid, manager uuid)
         where p.id = r.id and p.line_manager_id is distinct from r.manager`,
        [JSON.stringify(chunk)],
      );
    });
  }

  private async recordPostMoves(tx: Queryable, moves: { payroll: string; fromPostId: string | null; toPostId: string | null; date: string }[], ids: Map<string, string>, summary: ApplySummary): Promise<number> {
    const rows = moves.map((m) => ({ person_id: ids.get(m.payroll)!, from_post: m.fromPostId, to_post: m.toPostId, date: m.date }));
    await inChunks(rows, async (chunk) => {
      const json = JSON.stringify(chunk);
      await tx.query(
        `update post_assignments a set end_date = greatest(a.start_date, r.date) from jsonb_to_recordset($1::jsonb) as r(person_id uuid, from_post uuid, date date)
         where a.person_id = r.person_id and a.end_date is null`,
        [json],
      );
      await tx.query(
        `insert into post_assignments (post_id, person_id, start_date)
         select r.to_post, r.person_id, r.date from jsonb_to_recordset($1::jsonb) as r(person_id uuid, to_post uuid, date date) where r.to_post is not null`,
        [json],
      );
    });
    // A move is a post change for someone already in the directory who is not leaving; leavers are reported as 'left'.
    let moved = 0;
    const created = new Set(summary.changes.filter((c) => c.change === 'created').map((c) => c.personId));
    for (const m of moves) {
      const personId = ids.get(m.payroll)!;
      if (created.has(personId) || !m.toPostId) continue;
      moved++;
      summary.changes.push({ personId, payrollNumber: m.payroll, change: 'moved', fromPostId: m.fromPostId, toPostId: m.toPostId });
    }
    return moved;
  }

  private async upsertProtectedCharacteristics(tx: Queryable, records: HrRecord[], ids: Map<string, string>): Promise<void> {
    const rows = records
      .filter((r) => r.sex || r.ethnicity || r.religion || r.sexualOrientation || r.disability || r.genderIdentitySameAsBirth)
      .map((r) => ({
        person_id: ids.get(r.payrollNumber), sex: r.sex ?? null, gender_identity_same_as_birth: r.genderIdentitySameAsBirth ?? null, ethnicity: r.ethnicity ?? null,
        religion: r.religion ?? null, sexual_orientation: r.sexualOrientation ?? null, disability: r.disability ?? null,
      }));
    await inChunks(rows, async (chunk) => {
      // A blank cell means "not supplied this time": it keeps what is held rather than erasing it.
      await tx.query(
        `insert into protected_characteristics as pc (person_id, sex, gender_identity_same_as_birth, ethnicity, religion, sexual_orientation, disability)
         select * from jsonb_to_recordset($1::jsonb) as r(person_id uuid, sex text, gender_identity_same_as_birth text, ethnicity text, religion text, sexual_orientation text, disability text)
         on conflict (person_id) do update set
           sex = coalesce(excluded.sex, pc.sex),
           gender_identity_same_as_birth = coalesce(excluded.gender_identity_same_as_birth, pc.gender_identity_same_as_birth),
           ethnicity = coalesce(excluded.ethnicity, pc.ethnicity), religion = coalesce(excluded.religion, pc.religion),
           sexual_orientation = coalesce(excluded.sexual_orientation, pc.sexual_orientation), disability = coalesce(excluded.disability, pc.disability),
           updated_at = now()`,
        [JSON.stringify(chunk)],
      );
    });
  }

  private async recordMissingAsLeavers(tx: Queryable, records: HrRecord[], today: string, summary: ApplySummary): Promise<number> {
    const rows = await tx.query<{ id: string; payroll_number: string; current_post_id: string | null }>(
      `update people set leaving_date = $2, leaving_reason = 'Not in the full HR extract', current_post_id = null, version = version + 1, updated_at = now()
       where leaving_date is null and not (payroll_number = any($1::text[]))
       returning id, payroll_number, current_post_id`,
      [records.map((r) => r.payrollNumber), today],
    );
    if (rows.length) {
      await tx.query('update post_assignments set end_date = greatest(start_date, $2::date) where person_id = any($1::uuid[]) and end_date is null', [rows.map((r) => r.id), today]);
    }
    for (const r of rows) summary.changes.push({ personId: r.id, payrollNumber: r.payroll_number, change: 'left' });
    return rows.length;
  }

  // Import jobs: progress and outcome of each file, for the UI and the CLI.
  async createImportJob(kind: string, fileName: string, createdBy: string | null): Promise<string> {
    const [r] = await this.db.query<{ id: string }>(`insert into import_jobs (kind, file_name, status, created_by) values ($1, $2, 'queued', $3) returning id`, [kind, fileName, createdBy]);
    return r!.id;
  }

  async updateImportJob(id: string, fields: { status?: string; totalRows?: number; processedRows?: number; errors?: unknown; summary?: unknown; finished?: boolean }, q: Queryable = this.db): Promise<void> {
    await q.query(
      `update import_jobs set status = coalesce($2, status), total_rows = coalesce($3, total_rows), processed_rows = coalesce($4, processed_rows),
         errors = coalesce($5::jsonb, errors), summary = coalesce($6::jsonb, summary), finished_at = case when $7 then now() else finished_at end
       where id = $1`,
      [id, fields.status ?? null, fields.totalRows ?? null, fields.processedRows ?? null, fields.errors === undefined ? null : JSON.stringify(fields.errors), fields.summary === undefined ? null : JSON.stringify(fields.summary), fields.finished ?? false],
    );
  }

  /** Jobs left running by a process that stopped: their transaction rolled back, so nothing of them was applied. */
  async failInterruptedImports(): Promise<number> {
    const rows = await this.db.query(
      `update import_jobs set status = 'failed', finished_at = now(),
         errors = '[{"line":0,"field":"file","message":"The import was interrupted when Probity stopped. Nothing was changed: upload the file again."}]'::jsonb
       where status in ('queued', 'validating', 'applying') returning id`,
    );
    return rows.length;
  }

  async importJob(id: string): Promise<ImportJob | undefined> {
    const [r] = await this.db.query<ImportJob>(
      `select id, kind, file_name as "fileName", status, total_rows as "totalRows", processed_rows as "processedRows", errors, summary,
         created_by as "createdBy", created_at as "createdAt", finished_at as "finishedAt" from import_jobs where id = $1`,
      [id],
    );
    return r;
  }

  async recentImportJobs(limit = 10): Promise<ImportJob[]> {
    return this.db.query<ImportJob>(
      `select id, kind, file_name as "fileName", status, total_rows as "totalRows", processed_rows as "processedRows", null as errors, summary,
         created_by as "createdBy", created_at as "createdAt", finished_at as "finishedAt" from import_jobs order by created_at desc limit $1`,
      [limit],
    );
  }
}

export interface ImportJob {
  id: string;
  kind: string;
  fileName: string;
  status: 'queued' | 'validating' | 'applying' | 'succeeded' | 'rejected' | 'failed';
  totalRows: number | null;
  processedRows: number;
  errors: { line: number; field: string; message: string }[] | null;
  summary: Record<string, number> | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const PERSON_FIELDS = ['collar_number', 'forenames', 'surname', 'date_of_birth', 'person_type', 'rank_or_grade', 'unit_id', 'current_post_id', 'start_date', 'leaving_date', 'leaving_reason', 'email'] as const;
const PERSON_RECORDSET = `payroll_number text, collar_number text, forenames text, surname text, date_of_birth date, person_type text, rank_or_grade text,
  unit_id uuid, current_post_id uuid, start_date date, leaving_date date, leaving_reason text, email text`;

function personRow(r: HrRecord, unitIds: Map<string, string>, postIds: Map<string, string>): Record<string, unknown> {
  return {
    payroll_number: r.payrollNumber, collar_number: r.collarNumber ?? null, forenames: r.forenames, surname: r.surname,
    date_of_birth: r.dateOfBirth ?? null, person_type: r.personType, rank_or_grade: r.rankOrGrade ?? null, unit_id: unitIds.get(r.unitCode) ?? null,
    current_post_id: r.leavingDate ? null : r.postCode ? postIds.get(r.postCode) ?? null : null, start_date: r.startDate,
    leaving_date: r.leavingDate ?? null, leaving_reason: r.leavingReason ?? null, email: r.email ?? null,
  };
}

async function codeMap(tx: Queryable, table: 'units' | 'posts', codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await tx.query<{ id: string; code: string }>(`select id, code from ${table} where code = any($1::text[])`, [codes]);
  return new Map(rows.map((r) => [r.code, r.id]));
}

function toPost(r: Record<string, unknown>): Post {
  return {
    id: r.id as string, code: r.code as string, title: r.title as string, unitId: r.unit_id as string | null, unitCode: r.unit_code as string | null,
    unitName: r.unit_name as string | null, requiredVettingLevel: r.required_vetting_level as string, nationalSecurityLevel: r.national_security_level as string | null,
    designated: r.designated as boolean, active: r.active as boolean, version: r.version as number,
    holder: r.holder_id ? { id: r.holder_id as string, name: r.holder_name as string, payrollNumber: r.holder_payroll as string } : null,
  };
}

import type { Db, Queryable } from '../../../platform/db/types.js';
import { ASKED_KEYS, CHARACTERISTICS, CHARACTERISTIC_KEYS, type AskedKey, type CharacteristicKey, type EqualityAnswers } from './characteristics.js';
import {
  STAGE_OF, computeOverview, computeReport, type CrossTabRow, type DisproportionalityReport, type ReportFilters, type ReportOptions, type ValueCounts,
} from './report.js';

/**
 * Data access for equality monitoring and the disproportionality report.
 *
 * Performance (1,000,000 decisions on PostgreSQL 15): the report is one GROUP BY over the period's final decisions
 * hash-joined to their monitoring rows on the application id, so PostgreSQL reads each table once, in parallel,
 * and returns a dozen rows; the statistics then run on those counts in microseconds. A short period reads its
 * decisions from a covering index on decided_on. The application's kind is copied onto the monitoring row, so
 * filtering by kind needs no third join. JIT compilation is off for the statement: compiling costs more than it
 * saves on a query this shape. The overview reads all seven characteristics in one pass (a cross-tabulation rolled
 * up here) rather than seven.
 */

const column = (key: CharacteristicKey) => `e.${CHARACTERISTICS[key].column}`;

/** The events column, FROM and WHERE for a stage's decided cases, pushing their parameters. */
function decidedCases(filters: ReportFilters, params: unknown[]): string {
  const stage = STAGE_OF[filters.outcome];
  const where: string[] = [];
  const bound = (value: string | null | undefined, op: string, col: string) => {
    if (!value) return;
    params.push(value);
    where.push(`${col} ${op} $${params.length}::date`);
  };
  let from: string;
  if (stage === 'decision') {
    // A decision awaiting ratification is not yet a decision.
    from = 'vetting_decisions x';
    where.push(`x.status = 'final'`);
    params.push(filters.outcome);
  } else {
    from = 'vetting_appeals x';
    where.push('x.outcome is not null');
    if (filters.appealsDenominator === 'considered_on_merits') where.push(`x.outcome <> 'criteria_not_met'`);
    params.push('upheld');
  }
  const outcomeParam = `$${params.length}`;
  bound(filters.from, '>=', 'x.decided_on');
  bound(filters.to, '<=', 'x.decided_on');
  if (filters.kind) {
    params.push(filters.kind);
    // The kind is copied onto the monitoring row (every application has one from its creation event), so no third
    // join. A decision whose row is missing (its event not yet delivered) is left out of a report for one kind.
    where.push(`e.application_kind = $${params.length}`);
  }
  return `count(*) filter (where x.outcome = ${outcomeParam})::int as events
    from ${from} left join vetting_equality_monitoring e on e.application_id = x.application_id
    where ${where.join(' and ')}`;
}

/** Runs a report query in a transaction, so that SET LOCAL has a scope. */
async function reportQuery<T>(db: Db, build: (params: unknown[]) => string): Promise<T[]> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgresql') await tx.query('set local jit = off');
    const params: unknown[] = [];
    const text = build(params);
    return tx.query<T>(text, params);
  });
}

/** Whether appeals are recorded here: the appeals feature owns that table and may not be installed. */
async function appealsRecorded(db: Db): Promise<boolean> {
  const [r] = await db.query<{ present: boolean }>(`select to_regclass('vetting_appeals') is not null as present`);
  return !!r?.present;
}

/**
 * The disproportionality report for one characteristic, on the real counts (no suppression: that is for display).
 * This is what the benchmark times.
 */
export async function disproportionalityReport(db: Db, options: ReportOptions): Promise<DisproportionalityReport> {
  if (STAGE_OF[options.outcome] === 'appeal' && !(await appealsRecorded(db))) return computeReport(options, [], false);
  const rows = await reportQuery<ValueCounts>(db, (params) => {
    const cases = decidedCases(options, params);
    return `select ${column(options.characteristic)} as value, count(*)::int as decided, ${cases} group by 1`;
  });
  return computeReport(options, rows);
}

/** Every characteristic's report (each against its configured or largest reference group), from one pass. */
export async function disproportionalityOverview(db: Db, filters: ReportFilters, referenceGroups: Partial<Record<CharacteristicKey, string>> = {}): Promise<DisproportionalityReport[]> {
  if (STAGE_OF[filters.outcome] === 'appeal' && !(await appealsRecorded(db))) return computeOverview(filters, referenceGroups, [], false);
  const columns = CHARACTERISTIC_KEYS.map((k) => `${column(k)} as "${k}"`).join(', ');
  const rows = await reportQuery<CrossTabRow>(db, (params) => {
    const cases = decidedCases(filters, params);
    return `select ${columns}, count(*)::int as decided, ${cases} group by ${CHARACTERISTIC_KEYS.map((_, i) => i + 1).join(', ')}`;
  });
  return computeOverview(filters, referenceGroups, rows);
}

// ---- equality monitoring rows -------------------------------------------------------------------------------

export interface ApplicationFacts {
  id: string;
  reference: string;
  kind: string;
  personId: string | null;
  dateOfBirth: string | null;
  receivedOn: string;
  subjectPersonIds: string[];
  excludedUserIds: string[];
  sealedToUserIds: string[];
}

export interface MonitoringStatus {
  answered: Record<AskedKey, boolean>;
  ageBandKnown: boolean;
  copiedFromWorkforce: boolean;
  formRecordedAt: string | null;
  /** 0 when there is no row yet. */
  version: number;
}

const ASKED_COLUMNS = ASKED_KEYS.map((k) => CHARACTERISTICS[k].column);

export class EqualityRepository {
  constructor(private readonly db: Db) {}

  async application(id: string, q: Queryable = this.db): Promise<ApplicationFacts | undefined> {
    const [r] = await q.query<ApplicationFacts>(
      `select id, reference, kind, person_id as "personId", applicant_date_of_birth as "dateOfBirth", received_on as "receivedOn",
         subject_person_ids as "subjectPersonIds", excluded_user_ids as "excludedUserIds", sealed_to_user_ids as "sealedToUserIds"
       from vetting_applications where id = $1`,
      [id],
    );
    return r;
  }

  async applicationIdByReference(reference: string): Promise<string | undefined> {
    const [r] = await this.db.query<{ id: string }>('select id from vetting_applications where reference = $1', [reference]);
    return r?.id;
  }

  /** Which answers are held, never what they are: the only way values leave this table is in aggregate. */
  async status(applicationId: string, q: Queryable = this.db): Promise<MonitoringStatus> {
    const [r] = await q.query<Record<string, unknown>>(
      `select ${ASKED_COLUMNS.map((c) => `${c} is not null as "${c}"`).join(', ')}, age_band is not null as "ageBandKnown",
         copied_from_workforce_at is not null as "copiedFromWorkforce", form_recorded_at as "formRecordedAt", version
       from vetting_equality_monitoring where application_id = $1`,
      [applicationId],
    );
    const answered = Object.fromEntries(ASKED_KEYS.map((k) => [k, r?.[CHARACTERISTICS[k].column] === true])) as Record<AskedKey, boolean>;
    return {
      answered, ageBandKnown: r?.ageBandKnown === true, copiedFromWorkforce: r?.copiedFromWorkforce === true,
      formRecordedAt: r?.formRecordedAt ? String(r.formRecordedAt) : null, version: r ? Number(r.version) : 0,
    };
  }

  /**
   * Copies the directory's answers when an application is created. An answer already given on the form is kept
   * (the applicant's own answer wins over the directory's); the age band always comes from the application.
   */
  async copyFromWorkforce(tx: Queryable, application: { id: string; kind: string }, ageBand: string | null, answers: EqualityAnswers | null): Promise<void> {
    const values = ASKED_KEYS.map((k) => answers?.[k] ?? null);
    await tx.query(
      `insert into vetting_equality_monitoring as m (application_id, age_band, ${ASKED_COLUMNS.join(', ')}, copied_from_workforce_at, application_kind)
       values ($1, $2, ${ASKED_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')}, case when $${ASKED_COLUMNS.length + 3}::boolean then now() end, $${ASKED_COLUMNS.length + 4})
       on conflict (application_id) do update set age_band = excluded.age_band, application_kind = excluded.application_kind,
         ${ASKED_COLUMNS.map((c) => `${c} = coalesce(m.${c}, excluded.${c})`).join(', ')},
         copied_from_workforce_at = excluded.copied_from_workforce_at, version = m.version + 1, updated_at = now()`,
      [application.id, ageBand, ...values, answers !== null, application.kind],
    );
  }

  /**
   * Records the form's answers (a blank leaves the held answer as it is). Returns false when the row's version is
   * not the one the form was opened with (someone else recorded in between), and then changes nothing.
   */
  async recordForm(tx: Queryable, application: { id: string; kind: string }, ageBand: string | null, answers: Partial<Record<AskedKey, string>>, expectedVersion: number, userId: string | null): Promise<boolean> {
    const values = ASKED_KEYS.map((k) => answers[k] ?? null);
    const n = ASKED_COLUMNS.length;
    // Version 0 means the form saw no row: insert one, unless someone (or the copy from HR) got there first.
    const rows = expectedVersion === 0
      ? await tx.query(
        `insert into vetting_equality_monitoring (application_id, age_band, ${ASKED_COLUMNS.join(', ')}, form_recorded_at, form_recorded_by, application_kind)
         values ($1, $2, ${ASKED_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')}, now(), $${n + 3}, $${n + 4})
         on conflict (application_id) do nothing returning version`,
        [application.id, ageBand, ...values, userId, application.kind],
      )
      : await tx.query(
        `update vetting_equality_monitoring set ${ASKED_COLUMNS.map((c, i) => `${c} = coalesce($${i + 2}, ${c})`).join(', ')},
           age_band = coalesce(age_band, $${n + 2}), form_recorded_at = now(), form_recorded_by = $${n + 3}, version = version + 1, updated_at = now()
         where application_id = $1 and version = $${n + 4} returning version`,
        [application.id, ...values, ageBand, userId, expectedVersion],
      );
    return rows.length === 1;
  }

}

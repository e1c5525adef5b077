import { needToKnowSql, type Viewer } from '../../../platform/access/policy.js';
import type { Db } from '../../../platform/db/types.js';
import { complianceStatusSql, type ComplianceStatus } from './levels.js';

export interface ComplianceRow {
  personId: string; payrollNumber: string; forenames: string; surname: string; personType: string; unitCode: string | null;
  postId: string | null; postCode: string | null; postTitle: string | null; requiredLevel: string | null; designated: boolean;
  heldLevel: string | null; outcome: string | null; decidedOn: string | null; expiresOn: string | null; applicationId: string | null; reference: string | null;
  status: ComplianceStatus;
}

export interface ExpiringRow extends ComplianceRow {
  daysLeft: number;
  /** Reminders recorded for this clearance, in days before expiry (90, 60, 30). */
  remindersSent: number[];
  /** A renewal or other review is already open for the person. */
  reviewOpen: boolean;
}

export const LISTS = ['postholders', 'under-vetted', 'no-clearance', 'expiring'] as const;
export type ListName = (typeof LISTS)[number];

export interface ListFilter {
  q?: string;
  unit?: string;
  /** The level the post requires. */
  level?: string;
  status?: ComplianceStatus;
  designated?: boolean;
  /** Expiring list: clearances expiring within this many days. */
  days?: number;
}

export interface BacklogBand { key: string; label: string; maxDays: number | null }
export const BACKLOG_BANDS: BacklogBand[] = [
  { key: '0-30', label: 'Up to 30 days', maxDays: 30 },
  { key: '31-60', label: '31 to 60 days', maxDays: 60 },
  { key: '61-90', label: '61 to 90 days', maxDays: 90 },
  { key: '91-180', label: '91 to 180 days', maxDays: 180 },
  { key: 'over-180', label: 'Over 180 days', maxDays: null },
];

export interface OpenApplication { id: string; reference: string; applicant: string; kind: string; level: string; status: string; receivedOn: string; ageDays: number; reviewReason: string | null }
export interface MonthlyDecisionTimes { month: string; decisions: number; medianDays: number; p90Days: number }
export interface RecentReminder { personId: string; name: string; payrollNumber: string; daysBefore: number; expiresOn: string; recordedOn: string; reviewApplicationId: string | null; reviewNote: string | null }

/** Applications still waiting for a final decision. */
const OPEN = `('open', 'awaiting_ratification')`;

const ROW_COLUMNS = `p.person_id as "personId", p.payroll_number as "payrollNumber", p.forenames, p.surname, p.person_type as "personType", p.unit_code as "unitCode",
  p.post_id as "postId", p.post_code as "postCode", p.post_title as "postTitle", p.required_level as "requiredLevel", p.designated,
  c.level as "heldLevel", c.outcome, c.decided_on as "decidedOn", c.expires_on as "expiresOn", c.application_id as "applicationId", c.reference`;

/**
 * The compliance lists' SQL. Every list reads the postholder projection (one row per serving person) joined by
 * primary key to the maintained current clearance (which carries its application's need-to-know arrays), never the
 * decisions or applications tables, so its cost follows the size of the workforce, not the number of decisions. Need-to-know: the viewer never sees their own row, nor a clearance whose
 * application is sealed from them or excludes them.
 */
export class ComplianceRepository {
  constructor(private readonly db: Db) {}

  async list(viewer: Viewer, list: ListName, filter: ListFilter, limit: number | null, offset: number): Promise<{ rows: (ComplianceRow | ExpiringRow)[]; total: number }> {
    const params: unknown[] = [];
    const from = this.source(viewer, list, filter, params);
    const extra = list === 'expiring' ? `, ${this.expiringColumns(viewer, params)}` : '';
    const status = statusFilter(list, filter, params);
    params.push(limit, offset);
    const rows = await this.db.query<ComplianceRow & { total: number }>(
      `select *, count(*) over ()::int as total from (select ${ROW_COLUMNS}, ${complianceStatusSql('p', 'c')} as status${extra} ${from}) x
       ${status}
       order by ${ORDER[list]} limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  async count(viewer: Viewer, list: ListName, filter: ListFilter): Promise<number> {
    const params: unknown[] = [];
    const from = this.source(viewer, list, filter, params);
    const [r] = await this.db.query<{ n: number }>(
      `select count(*)::int as n from (select ${complianceStatusSql('p', 'c')} as status ${from}) x ${statusFilter(list, filter, params)}`,
      params,
    );
    return r?.n ?? 0;
  }

  /** Open applications in age bands (all of them: these are counts, not records). */
  async backlogBands(): Promise<(BacklogBand & { applications: number })[]> {
    const bandCase = `case ${BACKLOG_BANDS.filter((b) => b.maxDays !== null).map((b) => `when age <= ${b.maxDays} then '${b.key}'`).join(' ')} else '${BACKLOG_BANDS.at(-1)!.key}' end`;
    const rows = await this.db.query<{ band: string; n: number }>(
      `select ${bandCase} as band, count(*)::int as n from (select current_date - received_on as age from vetting_applications where status in ${OPEN}) x group by 1`,
    );
    const counts = new Map(rows.map((r) => [r.band, r.n]));
    return BACKLOG_BANDS.map((b) => ({ ...b, applications: counts.get(b.key) ?? 0 }));
  }

  /**
   * Median and 90th percentile days from receipt to final decision, by the month the decision became final, from the
   * counts of decisions per whole number of days (kept with every decision), so the cost does not grow with decisions.
   */
  async monthlyDecisionTimes(months: number): Promise<MonthlyDecisionTimes[]> {
    const rows = await this.db.query<{ month: string; days: number; decisions: number }>(
      `select to_char(month, 'YYYY-MM') as month, days, decisions from vetting_decision_time_counts
       where month >= $1::date and decisions > 0 order by month desc, days`,
      [firstDayMonthsAgo(months - 1)],
    );
    const byMonth = new Map<string, { days: number; decisions: number }[]>();
    for (const r of rows) byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), r]);
    return [...byMonth].map(([month, counts]) => ({
      month, decisions: counts.reduce((n, c) => n + c.decisions, 0),
      medianDays: round1(percentileOfCounts(counts, 0.5)), p90Days: round1(percentileOfCounts(counts, 0.9)),
    }));
  }

  /** Open applications the viewer may see, oldest first. */
  async openApplications(viewer: Viewer, limit: number | null, offset: number): Promise<{ applications: OpenApplication[]; total: number }> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    params.push(limit, offset);
    const rows = await this.db.query<OpenApplication & { total: number }>(
      `select a.id, a.reference, a.applicant_forenames || ' ' || a.applicant_surname as applicant, a.kind, a.level, a.status, a.received_on as "receivedOn",
              current_date - a.received_on as "ageDays", a.review_reason as "reviewReason", count(*) over ()::int as total
       from vetting_applications a where a.status in ${OPEN} and ${allowed}
       order by a.received_on, a.reference limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { applications: rows.map(({ total: _t, ...a }) => a), total: rows[0]?.total ?? 0 };
  }

  /** Expiry reminders recorded in the last `days` days, newest first, for serving people the viewer may see. */
  recentReminders(viewer: Viewer, days: number, limit: number | null): Promise<RecentReminder[]> {
    const params: unknown[] = [];
    const allowed = needToKnowSql(viewer, 'a', params);
    params.push(days, limit);
    return this.db.query<RecentReminder>(
      `select r.person_id as "personId", p.forenames || ' ' || p.surname as name, p.payroll_number as "payrollNumber", r.days_before as "daysBefore",
              r.expires_on as "expiresOn", r.recorded_on as "recordedOn", r.review_application_id as "reviewApplicationId", r.review_note as "reviewNote"
       from vetting_expiry_reminders r
       join vetting_postholders p on p.person_id = r.person_id
       join vetting_decisions d on d.id = r.decision_id join vetting_applications a on a.id = d.application_id
       where r.recorded_on >= current_date - $${params.length - 1}::int and ${allowed}
       order by r.recorded_on desc, r.expires_on, r.person_id limit $${params.length}`,
      params,
    );
  }

  async units(): Promise<string[]> {
    const rows = await this.db.query<{ unit: string }>('select distinct unit_code as unit from vetting_postholders where unit_code is not null order by 1');
    return rows.map((r) => r.unit);
  }

  /** Which rows a list starts from, before the status filter. */
  private source(viewer: Viewer, list: ListName, f: ListFilter, params: unknown[]): string {
    // The current clearance carries its application's need-to-know arrays.
    const allowed = needToKnowSql(viewer, 'c', params);
    params.push(viewer.personId);
    const where = [`(c.person_id is null or ${allowed})`, `p.person_id is distinct from $${params.length}::uuid`];
    if (list === 'postholders') where.push('p.post_id is not null');
    if (list === 'under-vetted') where.push('p.designated');
    if (list === 'expiring') {
      params.push(f.days ?? 90);
      where.push(`c.expires_on >= current_date and c.expires_on <= current_date + $${params.length}::int`);
    }
    if (f.designated !== undefined && list === 'postholders') {
      params.push(f.designated);
      where.push(`p.designated = $${params.length}`);
    }
    if (f.unit) {
      params.push(f.unit);
      where.push(`p.unit_code = $${params.length}`);
    }
    if (f.level) {
      params.push(f.level);
      where.push(`p.required_level = $${params.length}`);
    }
    if (f.q) {
      params.push(`${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, f.q);
      where.push(`(p.surname ilike $${params.length - 1} or p.post_code ilike $${params.length - 1} or p.payroll_number = $${params.length})`);
    }
    return `from vetting_postholders p
      left join vetting_current_clearance c on c.person_id = p.person_id
      where ${where.join(' and ')}`;
  }

  private expiringColumns(viewer: Viewer, params: unknown[]): string {
    const allowed = needToKnowSql(viewer, 'o', params);
    return `c.expires_on - current_date as "daysLeft",
      array(select r.days_before from vetting_expiry_reminders r where r.decision_id = c.decision_id order by r.days_before desc) as "remindersSent",
      exists (select 1 from vetting_applications o where o.person_id = p.person_id and o.status in ${OPEN} and ${allowed}) as "reviewOpen"`;
  }
}

const ORDER: Record<ListName, string> = {
  postholders: 'x."postCode", x.surname, x.forenames, x."personId"',
  'under-vetted': 'x.surname, x.forenames, x."personId"',
  'no-clearance': 'x.surname, x.forenames, x."personId"',
  expiring: 'x."expiresOn", x.surname, x.forenames, x."personId"',
};

function statusFilter(list: ListName, f: ListFilter, params: unknown[]): string {
  const where: string[] = [];
  if (list === 'under-vetted') where.push(`x.status <> 'compliant'`);
  if (list === 'no-clearance') where.push(`x.status in ('no_clearance', 'expired')`);
  if (f.status && list !== 'expiring') {
    params.push(f.status);
    where.push(`x.status = $${params.length}`);
  }
  return where.length ? `where ${where.join(' and ')}` : '';
}

/** The first day of the month `back` months before this one (Europe/London), as YYYY-MM-DD. */
export function firstDayMonthsAgo(back: number, today = new Date()): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(today).split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - back, 1));
  return first.toISOString().slice(0, 10);
}

/**
 * PostgreSQL's percentile_cont over values given as counts of each value (sorted ascending): the value at fraction p
 * of the way through the sorted values, interpolating linearly between the two nearest.
 */
export function percentileOfCounts(counts: readonly { days: number; decisions: number }[], p: number): number {
  const total = counts.reduce((n, c) => n + c.decisions, 0);
  if (!total) return Number.NaN;
  const position = p * (total - 1);
  const below = Math.floor(position);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const c of counts) {
      seen += c.decisions;
      if (index < seen) return c.days;
    }
    return counts.at(-1)!.days;
  };
  const low = valueAt(below);
  return position === below ? low : low + (position - below) * (valueAt(below + 1) - low);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Timeliness of complaint and conduct handling: calendar days from receipt to recording, to the handling (assessment)
 * decision and to finalisation, each counted in the month the step was completed, as medians and 90th percentiles.
 *
 * The database returns a histogram (month, days, number of cases) rather than every case, so a year of a large force
 * is a few thousand rows; the percentiles are taken here, by the nearest-rank method (the smallest number of days
 * within which at least that share of cases was done), which is exact on whole days and the same on both engines.
 */
export const MEASURES = ['record', 'assess', 'finalise'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, string> = {
  record: 'Days from receipt to recording',
  assess: 'Days from receipt to the handling decision',
  finalise: 'Days from receipt to finalisation',
};

export interface HistogramBin { measure: Measure; month: string; days: number; cases: number }
export interface Summary { cases: number; medianDays: number | null; p90Days: number | null }
export interface TimelinessMonth { month: string; measures: Record<Measure, Summary> }
export interface TimelinessReport { from: string; to: string; months: TimelinessMonth[]; overall: Record<Measure, Summary> }

/** The nearest-rank percentile (0 < p ≤ 1) of values given as counts of each value; null when there are none. */
export function percentileOf(bins: readonly { days: number; cases: number }[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError('A percentile is a share above 0 and at most 1');
  const sorted = bins.filter((b) => b.cases > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((n, b) => n + b.cases, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (const b of sorted) {
    seen += b.cases;
    if (seen >= rank) return b.days;
  }
  return sorted.at(-1)!.days;
}

export function summarise(bins: readonly { days: number; cases: number }[]): Summary {
  return { cases: bins.reduce((n, b) => n + b.cases, 0), medianDays: percentileOf(bins, 0.5), p90Days: percentileOf(bins, 0.9) };
}

/** Every month from one YYYY-MM to another, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y++; }
  }
  return months;
}

/** The report's table: every month in the period (empty months included, so gaps show), and the period overall. */
export function timelinessReport(from: string, to: string, bins: readonly HistogramBin[]): TimelinessReport {
  const pick = (measure: Measure, month?: string) => bins.filter((b) => b.measure === measure && (month === undefined || b.month === month));
  const measuresFor = (month?: string) => Object.fromEntries(MEASURES.map((m) => [m, summarise(pick(m, month))])) as Record<Measure, Summary>;
  return { from, to, months: monthsBetween(from, to).map((month) => ({ month, measures: measuresFor(month) })), overall: measuresFor() };
}

/** The first day of a YYYY-MM month, and the first day of the month after another (a half-open date range). */
export const monthStart = (month: string) => `${month}-01`;
export function monthAfter(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
/** The YYYY-MM that is `back` months before another. */
export function monthsBefore(month: string, back: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

import { csvCell, csvLines } from '../../../platform/http/csv.js';
import { FINDING_LABELS, monthsBetween, type Finding, type Selection } from './sampling.js';

/** One pooled or hand-sampled decision as the report reads it. */
export interface ReportEntry {
  month: string;
  decidedBy: string | null;
  decidedByLabel: string;
  eligible: boolean;
  selection: Selection | null;
  finding: Finding | null;
  learningThemes: readonly string[];
}

export interface ReportRow {
  key: string;
  label: string;
  inPool: number;
  sampledByRule: number;
  /** Sampled by rule ÷ in pool; null when nothing entered the pool. */
  sampleRate: number | null;
  addedByHand: number;
  qaCompleted: number;
  qaOutstanding: number;
  findings: Record<Finding, number>;
  themes: Record<string, number>;
}

const emptyRow = (key: string, label: string): ReportRow => ({
  key, label, inPool: 0, sampledByRule: 0, sampleRate: null, addedByHand: 0, qaCompleted: 0, qaOutstanding: 0,
  findings: { agree: 0, agree_with_learning: 0, disagree: 0 }, themes: {},
});

function add(row: ReportRow, e: ReportEntry): void {
  if (e.eligible) row.inPool += 1;
  if (e.eligible && e.selection && e.selection !== 'by_hand') row.sampledByRule += 1;
  if (e.selection === 'by_hand') row.addedByHand += 1;
  if (e.selection && !e.finding) row.qaOutstanding += 1;
  if (e.finding) {
    row.qaCompleted += 1;
    row.findings[e.finding] += 1;
    for (const t of e.learningThemes) row.themes[t] = (row.themes[t] ?? 0) + 1;
  }
}

function finish(rows: ReportRow[]): ReportRow[] {
  for (const r of rows) r.sampleRate = r.inPool ? r.sampledByRule / r.inPool : null;
  return rows;
}

/** One row per month from `from` to `to` (months with nothing show zeros), then a total. */
export function byMonth(entries: readonly ReportEntry[], from: string, to: string): ReportRow[] {
  const rows = new Map(monthsBetween(from, to).map((m) => [m, emptyRow(m, m)]));
  const total = emptyRow('total', 'Total');
  for (const e of entries) {
    const row = rows.get(e.month);
    if (!row) continue;
    add(row, e);
    add(total, e);
  }
  return finish([...rows.values(), total]);
}

/** One row per decision maker (by user, falling back to the recorded name), busiest first, then a total. */
export function byDecisionMaker(entries: readonly ReportEntry[]): ReportRow[] {
  const rows = new Map<string, ReportRow>();
  const total = emptyRow('total', 'Total');
  for (const e of entries) {
    const key = e.decidedBy ?? `name:${e.decidedByLabel}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyRow(key, e.decidedByLabel)));
    add(row, e);
    add(total, e);
  }
  const sorted = [...rows.values()].sort((a, b) => b.inPool + b.addedByHand - (a.inPool + a.addedByHand) || a.label.localeCompare(b.label));
  return finish([...sorted, total]);
}

/** Every learning theme used in these rows, most used first, so each gets a column. */
export function themesUsed(rows: readonly ReportRow[]): string[] {
  const totals = new Map<string, number>();
  for (const r of rows) if (r.key !== 'total') for (const [t, n] of Object.entries(r.themes)) totals.set(t, (totals.get(t) ?? 0) + n);
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

export const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);

export { csvCell };
/** Rows of cells as formula-safe CSV. */
export const toCsv = csvLines;


/** The report as CSV: one line per row, a column per finding and per learning theme. */
export function reportCsv(groupHeading: string, rows: readonly ReportRow[]): string {
  const themes = themesUsed(rows);
  const header = [groupHeading, 'Decisions in pool', 'Sampled by rule', 'Sample rate', 'Added by hand', 'QA completed', 'QA outstanding',
    ...Object.values(FINDING_LABELS), ...themes.map((t) => `Theme: ${t}`)];
  return toCsv([
    header,
    ...rows.map((r) => [r.label, r.inPool, r.sampledByRule, percent(r.sampleRate), r.addedByHand, r.qaCompleted, r.qaOutstanding,
      r.findings.agree, r.findings.agree_with_learning, r.findings.disagree, ...themes.map((t) => r.themes[t] ?? 0)]),
  ]);
}

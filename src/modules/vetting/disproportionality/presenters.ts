import { csvCell } from '../../../platform/http/csv.js';
import { labelFor } from '../presenters.js';
import { CHARACTERISTICS } from './characteristics.js';
import { OUTCOME_LABELS, type DisproportionalityReport, type GroupResult } from './report.js';
import { displayCount, isSuppressed, type SuppressedMarker } from './stats.js';

/**
 * What people see of the report: the figures with small counts suppressed (pages, chart, JSON API and CSV alike).
 * The calculation (report.ts) always uses the real counts; here a group whose counts are too small to show has its
 * counts shown as "<N" and its rate, relative rate, interval, p-value and flag withheld, because each of those would
 * give the counts back. A flag on a group of two or three says what happened to them: to someone who knows who was
 * refused, that would disclose those people's characteristics.
 */

/** Counts below this are suppressed in displays unless the force sets vetting.disproportionality.suppressBelow. */
export const DEFAULT_SUPPRESS_BELOW = 5;

export interface DisplayGroup {
  group: string;
  isReference: boolean;
  suppressed: boolean;
  decided: number | SuppressedMarker;
  events: number | SuppressedMarker;
  rate: number | null;
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
  intervalCorrected: boolean;
  flagged: 'higher' | 'lower' | null;
}

export interface DisplayReport {
  characteristic: DisproportionalityReport['characteristic'];
  characteristicLabel: string;
  outcome: DisproportionalityReport['outcome'];
  outcomeLabel: string;
  stage: DisproportionalityReport['stage'];
  from: string | null;
  to: string | null;
  kind: string | null;
  confidence: number;
  reference: string | null;
  referenceSource: DisproportionalityReport['referenceSource'];
  /** The reference group's own counts are suppressed, so every relative rate and flag is withheld (each would reveal them). */
  referenceSuppressed: boolean;
  suppressBelow: number;
  decided: number | SuppressedMarker;
  stageRecorded: boolean;
  groups: DisplayGroup[];
}

// A group is suppressed when it has fewer than the threshold decided, with the outcome or without it: any of the
// three would let a reader single out the people in it.
const primarySuppressed = (g: GroupResult, threshold: number) =>
  isSuppressed(g.decided, threshold) || isSuppressed(g.events, threshold) || isSuppressed(g.decided - g.events, threshold);

/**
 * Which groups to suppress. When only one group is suppressed its counts could be had by subtracting the others
 * from the total shown, so the next smallest group is suppressed with it (complementary suppression).
 */
export function suppressedGroups(groups: readonly GroupResult[], threshold: number): Set<string> {
  const suppressed = new Set(groups.filter((g) => primarySuppressed(g, threshold)).map((g) => g.group));
  if (suppressed.size === 1) {
    const others = groups.filter((g) => !suppressed.has(g.group)).sort((a, b) => Number(a.isReference) - Number(b.isReference) || a.decided - b.decided);
    if (others[0]) suppressed.add(others[0].group);
  }
  return suppressed;
}

export function presentReport(report: DisproportionalityReport, threshold: number): DisplayReport {
  const suppressed = suppressedGroups(report.groups, threshold);
  const referenceSuppressed = report.reference !== null && suppressed.has(report.reference);
  const groups = report.groups.map((g): DisplayGroup => {
    const hidden = suppressed.has(g.group);
    const withheld = hidden || referenceSuppressed;
    return {
      group: g.group, isReference: g.isReference, suppressed: hidden,
      decided: hidden ? `<${threshold}` : g.decided, events: hidden ? `<${threshold}` : g.events,
      rate: hidden ? null : g.rate,
      ratio: withheld ? null : g.ratio, lower: withheld ? null : g.lower, upper: withheld ? null : g.upper, pValue: withheld ? null : g.pValue,
      intervalCorrected: !withheld && g.intervalCorrected, flagged: withheld ? null : g.flagged,
    };
  });
  return {
    characteristic: report.characteristic, characteristicLabel: CHARACTERISTICS[report.characteristic].label,
    outcome: report.outcome, outcomeLabel: OUTCOME_LABELS[report.outcome], stage: report.stage,
    from: report.from, to: report.to, kind: report.kind, confidence: report.confidence,
    reference: report.reference, referenceSource: report.referenceSource, referenceSuppressed, suppressBelow: threshold,
    decided: displayCount(report.decided, threshold), stageRecorded: report.stageRecorded, groups,
  };
}

// ---- words and numbers --------------------------------------------------------------------------------------

const count = new Intl.NumberFormat('en-GB');
export const formatCount = (n: number | SuppressedMarker): string => (typeof n === 'number' ? count.format(n) : n);
export const formatRate = (rate: number | null): string => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);
export const formatRatio = (r: number | null): string => (r === null ? '' : r.toFixed(2));
export const formatP = (p: number | null): string => (p === null ? '' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** What the relative-rate cell says, for every case the table can hold. */
export function ratioText(g: DisplayGroup, report: DisplayReport): string {
  if (g.isReference) return 'Reference group';
  if (g.suppressed) return 'Suppressed';
  if (report.referenceSuppressed) return 'Withheld (reference group suppressed)';
  if (g.decided === 0) return 'Nobody decided';
  if (g.ratio === null) return 'Not defined (no outcomes in the reference group)';
  return formatRatio(g.ratio);
}

export function intervalText(g: DisplayGroup): string {
  if (g.lower === null || g.upper === null) return '';
  return `${formatRatio(g.lower)} to ${formatRatio(g.upper)}${g.intervalCorrected ? ' *' : ''}`;
}

export const flagText = (flag: DisplayGroup['flagged']): string => (flag === 'higher' ? 'Higher' : flag === 'lower' ? 'Lower' : '');

export function periodText(from: string | null, to: string | null, date: (d: string) => string): string {
  if (from && to) return `decided from ${date(from)} to ${date(to)}`;
  if (from) return `decided on or after ${date(from)}`;
  if (to) return `decided on or before ${date(to)}`;
  return 'decided at any time';
}

// ---- CSV ----------------------------------------------------------------------------------------------------

/** A text cell a spreadsheet will not run: a leading =, +, -, @, tab or carriage return is defused with a quote. */
export function csvText(value: string): string {
  return csvCell(value);
}
const csvNumber = (n: number | null, digits: number): string => (n === null ? '' : Number(n.toPrecision(digits)).toString());

const CSV_HEADER = [
  'Characteristic', 'Outcome', 'Decided from', 'Decided to', 'Application kind', 'Group', 'Reference group', 'Decided', 'With the outcome',
  'Rate', 'Relative rate', 'Lower 95% limit', 'Upper 95% limit', 'Interval corrected for a zero count', 'Fisher exact p-value', 'Flagged', 'Suppressed',
];

/**
 * The same figures as the page, suppression included: a CSV leaves the system (board papers, publication by the
 * OPCC), so the disclosure control has to travel with it. Rates and ratios carry more digits than the page.
 */
export function reportCsv(report: DisplayReport): string {
  const lines = [CSV_HEADER.map(csvText).join(',')];
  for (const g of report.groups) {
    const withheld = g.suppressed || report.referenceSuppressed;
    const cells = [
      csvText(report.characteristicLabel), csvText(report.outcomeLabel), report.from ?? '', report.to ?? '', csvText(report.kind ? labelFor(report.kind) : 'All kinds'),
      csvText(g.group), g.isReference ? 'Yes' : 'No', String(g.decided), String(g.events),
      g.suppressed ? 'suppressed' : csvNumber(g.rate, 6),
      g.isReference ? '' : withheld ? 'suppressed' : csvNumber(g.ratio, 6),
      g.isReference ? '' : withheld ? 'suppressed' : csvNumber(g.lower, 6),
      g.isReference ? '' : withheld ? 'suppressed' : csvNumber(g.upper, 6),
      g.isReference || withheld ? '' : g.intervalCorrected ? 'Yes' : 'No',
      g.isReference ? '' : withheld ? 'suppressed' : csvNumber(g.pValue, 4),
      g.isReference ? '' : withheld ? 'suppressed' : flagText(g.flagged), g.suppressed ? 'Yes' : 'No',
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ---- chart --------------------------------------------------------------------------------------------------

/** GOV.UK colours; each has at least 4.5:1 contrast on white, so bars and their labels pass WCAG 1.4.3 and 1.4.11. */
export const CHART_COLOURS = { text: '#0b0c0c', secondary: '#505a5f', bar: '#1d70b8', higher: '#d4351c', lower: '#4c2c92', axis: '#0b0c0c' } as const;

export interface ChartRow {
  y: number;
  labelLines: string[];
  /** Bar from the line at 1 to the relative rate. */
  bar: { x: number; width: number; colour: string } | null;
  whisker: { x1: number; x2: number; openLow: boolean; openHigh: boolean } | null;
  /** Text at the right: the figures, or why there are none. */
  text: string;
  flag: string;
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  oneX: number;
  ticks: { x: number; label: string }[];
  rows: ChartRow[];
  rowHeight: number;
  title: string;
  description: string;
}

const WIDTH = 760;
const PLOT_LEFT = 270;
const PLOT_RIGHT = 540;
const TOP = 16;
const ROW_HEIGHT = 46;
const AXIS_SPACE = 40;
const TICK_CANDIDATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
const round = (n: number) => Math.round(n * 10) / 10;

/** Breaks a group name into lines of at most `width` characters, at spaces. */
export function wrapLabel(text: string, width = 34): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A log scale wide enough for every interval shown (within 0.01 to 100) and for 0.5 to 2 at least. */
function scale(groups: readonly DisplayGroup[]) {
  const values = groups.flatMap((g) => [g.lower, g.upper, g.ratio]).filter((v): v is number => v !== null && v > 0);
  const low = Math.max(0.01, Math.min(0.5, ...values) / 1.2);
  const high = Math.min(100, Math.max(2, ...values) * 1.2);
  const x = (v: number) => {
    const clamped = Math.min(high, Math.max(low, v));
    return round(PLOT_LEFT + ((Math.log(clamped) - Math.log(low)) / (Math.log(high) - Math.log(low))) * (PLOT_RIGHT - PLOT_LEFT));
  };
  return { low, high, x };
}

export function chartModel(report: DisplayReport): ChartModel {
  const { low, high, x } = scale(report.groups);
  const oneX = x(1);
  const rows = report.groups.map((g, i): ChartRow => {
    const y = TOP + i * ROW_HEIGHT;
    const flag = g.flagged ? `Flagged: ${flagText(g.flagged).toLowerCase()}` : '';
    const base = { y, labelLines: wrapLabel(g.group), bar: null, whisker: null, flag };
    if (g.ratio === null || g.lower === null || g.upper === null) return { ...base, text: ratioText(g, report) };
    const end = x(g.ratio);
    const colour = g.flagged === 'higher' ? CHART_COLOURS.higher : g.flagged === 'lower' ? CHART_COLOURS.lower : CHART_COLOURS.bar;
    return {
      ...base,
      bar: { x: Math.min(oneX, end), width: Math.max(2, round(Math.abs(end - oneX))), colour },
      whisker: { x1: x(g.lower), x2: x(g.upper), openLow: g.lower < low, openHigh: g.upper > high },
      text: `${formatRatio(g.ratio)} (${intervalText(g)})`,
    };
  });
  const bottom = TOP + rows.length * ROW_HEIGHT;
  const ticks = TICK_CANDIDATES.filter((t) => t >= low && t <= high).map((t) => ({ x: x(t), label: String(t) }));
  return {
    width: WIDTH, height: bottom + AXIS_SPACE, plot: { left: PLOT_LEFT, right: PLOT_RIGHT, top: TOP, bottom }, oneX, ticks, rows, rowHeight: ROW_HEIGHT,
    title: `Relative rate of ${report.outcomeLabel.toLowerCase()} by ${report.characteristicLabel.toLowerCase()}${report.reference ? `, compared with ${report.reference}` : ''}`,
    description: chartDescription(report),
  };
}

function chartDescription(report: DisplayReport): string {
  const parts = [
    `A bar for each group runs from the line at 1 (the same rate as the reference group) to its relative rate, on a logarithmic scale, with a whisker showing the ${Math.round(report.confidence * 100)}% confidence interval.`,
  ];
  const flagged = report.groups.filter((g) => g.flagged).map((g) => `${g.group} (${flagText(g.flagged).toLowerCase()})`);
  parts.push(flagged.length ? `Flagged because the interval excludes 1: ${flagged.join('; ')}.` : 'No group is flagged.');
  const suppressed = report.groups.filter((g) => g.suppressed).map((g) => g.group);
  if (suppressed.length) parts.push(`Figures suppressed for small numbers: ${suppressed.join('; ')}.`);
  parts.push('The table that follows gives every figure.');
  return parts.join(' ');
}

// ---- table --------------------------------------------------------------------------------------------------

export interface TableRow {
  group: string;
  isReference: boolean;
  suppressed: boolean;
  decided: string;
  events: string;
  rate: string;
  ratio: string;
  interval: string;
  pValue: string;
  flag: string;
}

/** The table beside the chart (its text alternative), every cell as words and numbers. */
export function tableRows(report: DisplayReport): TableRow[] {
  return report.groups.map((g) => ({
    group: g.group, isReference: g.isReference, suppressed: g.suppressed,
    decided: formatCount(g.decided), events: formatCount(g.events), rate: g.suppressed ? 'Suppressed' : g.rate === null ? 'None decided' : formatRate(g.rate),
    ratio: ratioText(g, report), interval: intervalText(g), pValue: formatP(g.pValue), flag: flagText(g.flagged),
  }));
}

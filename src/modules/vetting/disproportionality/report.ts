import { ValidationError } from '../../../platform/http/errors.js';
import { APPLICATION_KINDS } from '../rules.js';
import { CHARACTERISTICS, CHARACTERISTIC_KEYS, canBeReference, groupOf, groupsOf, type CharacteristicKey } from './characteristics.js';
import { relativeRate } from './stats.js';

/**
 * The disproportionality report's calculation, from counts: for each group of one characteristic, how many were
 * decided and how many had the outcome, the rate, and the relative rate against the reference group with its 95%
 * confidence interval and Fisher's exact p-value. Always on the real counts: suppression is for display only
 * (presenters.ts) and never feeds back into anything here.
 */

export const REPORT_OUTCOMES = ['refusal', 'clearance_with_conditions', 'appeal_upheld'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<ReportOutcome, string> = {
  refusal: 'Refusal', clearance_with_conditions: 'Clearance with conditions', appeal_upheld: 'Appeal upheld',
};
/** Which stage an outcome belongs to, and what "decided" means there. */
export const STAGE_OF: Record<ReportOutcome, 'decision' | 'appeal'> = { refusal: 'decision', clearance_with_conditions: 'decision', appeal_upheld: 'appeal' };
export const CONFIDENCE = 0.95;

export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export type AppealsDenominator = 'all_decided' | 'considered_on_merits';

export interface ReportFilters {
  outcome: ReportOutcome;
  /** Decided on or after (YYYY-MM-DD); no lower bound when absent. */
  from?: string | null;
  /** Decided on or before (YYYY-MM-DD); no upper bound when absent. */
  to?: string | null;
  kind?: ApplicationKind | null;
  /** For appeal upheld: whether appeals refused as not meeting the criteria count as decided (default: they do). */
  appealsDenominator?: AppealsDenominator;
}

export interface ReportOptions extends ReportFilters {
  characteristic: CharacteristicKey;
  /** The reference group the viewer chose; otherwise the configured one, otherwise the largest. */
  reference?: string | null;
  /** The configured (conventional) reference group per characteristic. */
  referenceGroups?: Partial<Record<CharacteristicKey, string>>;
}

/** Counts for one stored value (null: nothing recorded), as the database returns them. */
export interface ValueCounts {
  value: string | null;
  decided: number;
  events: number;
}

export interface GroupResult {
  group: string;
  isReference: boolean;
  decided: number;
  events: number;
  /** events ÷ decided; null when nobody in the group was decided. */
  rate: number | null;
  /** Relative rate against the reference; null for the reference itself and when undefined. */
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  /** Fisher's exact two-sided p-value; null for the reference. */
  pValue: number | null;
  /** The interval used the Haldane–Anscombe correction because a count was 0. */
  intervalCorrected: boolean;
  /** The confidence interval lies wholly above 1 (higher) or below 1 (lower). */
  flagged: 'higher' | 'lower' | null;
}

export interface DisproportionalityReport {
  characteristic: CharacteristicKey;
  outcome: ReportOutcome;
  stage: 'decision' | 'appeal';
  from: string | null;
  to: string | null;
  kind: ApplicationKind | null;
  confidence: number;
  reference: string | null;
  referenceSource: 'chosen' | 'configured' | 'largest' | null;
  decided: number;
  events: number;
  groups: GroupResult[];
  /** False when appeals are not recorded in this installation (no vetting_appeals table): appeal figures are empty. */
  stageRecorded: boolean;
}

/** Folds stored values into the report's groups: every category, then other values held, then not recorded. */
export function countsByGroup(characteristic: CharacteristicKey, rows: readonly ValueCounts[]): Map<string, { decided: number; events: number }> {
  const groups = new Map(groupsOf(characteristic).map((g) => [g, { decided: 0, events: 0 }]));
  for (const row of rows) {
    const counts = groups.get(groupOf(characteristic, row.value))!;
    counts.decided += row.decided;
    counts.events += row.events;
  }
  return groups;
}

function chooseReference(
  characteristic: CharacteristicKey, groups: Map<string, { decided: number }>, chosen: string | null | undefined, configured: string | undefined,
): { reference: string | null; source: DisproportionalityReport['referenceSource'] } {
  const usable = (g: string | null | undefined): g is string => !!g && canBeReference(characteristic, g) && (groups.get(g)?.decided ?? 0) > 0;
  if (chosen) {
    if (!canBeReference(characteristic, chosen)) {
      throw new ValidationError([{ field: 'reference', message: `Choose a reference group that is one of the ${CHARACTERISTICS[characteristic].label.toLowerCase()} categories` }]);
    }
    if (!usable(chosen)) throw new ValidationError([{ field: 'reference', message: `Nobody in the ${chosen} group was decided in this period: choose another reference group` }]);
    return { reference: chosen, source: 'chosen' };
  }
  if (usable(configured)) return { reference: configured, source: 'configured' };
  let largest: string | null = null;
  for (const [g, c] of groups) if (usable(g) && (largest === null || c.decided > groups.get(largest)!.decided)) largest = g;
  return { reference: largest, source: largest ? 'largest' : null };
}

const flagOf = (lower: number | null, upper: number | null): GroupResult['flagged'] =>
  lower !== null && lower > 1 ? 'higher' : upper !== null && upper < 1 ? 'lower' : null;

/** The report for one characteristic from its counts. */
export function computeReport(options: ReportOptions, rows: readonly ValueCounts[], stageRecorded = true): DisproportionalityReport {
  const { characteristic } = options;
  const byGroup = countsByGroup(characteristic, rows);
  const { reference, source } = chooseReference(characteristic, byGroup, options.reference, options.referenceGroups?.[characteristic]);
  const referenceCounts = reference ? byGroup.get(reference)! : null;
  const groups: GroupResult[] = [...byGroup].map(([group, counts]) => {
    const rate = counts.decided > 0 ? counts.events / counts.decided : null;
    if (!referenceCounts || group === reference) {
      return { group, isReference: group === reference, ...counts, rate, ratio: null, lower: null, upper: null, pValue: null, intervalCorrected: false, flagged: null };
    }
    const rr = relativeRate({ events: counts.events, total: counts.decided }, { events: referenceCounts.events, total: referenceCounts.decided }, CONFIDENCE);
    return {
      group, isReference: false, ...counts, rate, ratio: rr.ratio, lower: rr.lower, upper: rr.upper,
      pValue: counts.decided > 0 ? rr.pValue : null, intervalCorrected: rr.intervalCorrected, flagged: flagOf(rr.lower, rr.upper),
    };
  });
  return {
    characteristic, outcome: options.outcome, stage: STAGE_OF[options.outcome], from: options.from ?? null, to: options.to ?? null, kind: options.kind ?? null,
    confidence: CONFIDENCE, reference, referenceSource: source,
    decided: groups.reduce((n, g) => n + g.decided, 0), events: groups.reduce((n, g) => n + g.events, 0), groups, stageRecorded,
  };
}

/** One row of the cross-tabulation the overview reads: every characteristic's value, with the counts. */
export type CrossTabRow = Record<CharacteristicKey, string | null> & { decided: number; events: number };

/** Every characteristic's report from one cross-tabulation (one pass over the decisions for all of them). */
export function computeOverview(filters: ReportFilters, referenceGroups: Partial<Record<CharacteristicKey, string>>, rows: readonly CrossTabRow[], stageRecorded = true): DisproportionalityReport[] {
  return CHARACTERISTIC_KEYS.map((characteristic) =>
    computeReport({ ...filters, characteristic, referenceGroups }, rows.map((r) => ({ value: r[characteristic], decided: r.decided, events: r.events })), stageRecorded),
  );
}

/**
 * Statistics behind the vetting disproportionality report.
 *
 * Pure functions over counts (never over rows), so a report over a million decisions costs the
 * same as one over a hundred. Everything here works on the real counts: small-count suppression
 * (`isSuppressed`, `displayCount`) is for display only and must never feed back into a calculation.
 */

/** One group's counts for one stage and outcome: how many had the outcome, out of how many decided. */
export interface Counts {
  events: number;
  total: number;
}

/** Relative rate of an outcome for a group against the reference group, with its uncertainty. */
export interface RelativeRate {
  /** events / total for the group; null when the group has no decisions. */
  groupRate: number | null;
  /** events / total for the reference group; null when the reference group has no decisions. */
  referenceRate: number | null;
  /** groupRate / referenceRate; null when either total is 0 or the reference rate is 0. */
  ratio: number | null;
  /** Lower confidence limit (Katz log method); null when either total is 0. */
  lower: number | null;
  /** Upper confidence limit (Katz log method); null when either total is 0. */
  upper: number | null;
  /** Two-sided Fisher's exact test p-value for the 2×2 table (1 when a margin is 0). */
  pValue: number;
  /**
   * True when a zero count meant the interval was computed with the Haldane–Anscombe correction;
   * the interval is then centred on the corrected ratio, so it need not contain `ratio`.
   */
  intervalCorrected: boolean;
}

/** The text shown instead of a suppressed count, e.g. `<5`. */
export type SuppressedMarker = `<${number}`;

// ---- validation -------------------------------------------------------------------------------

// Counts come from database aggregates; anything else is a programming error worth failing loudly on.
function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

// A rate needs events that are a subset of the decisions they are counted from.
function assertCounts(counts: Counts, name: string): void {
  assertCount(counts.events, `${name}.events`);
  assertCount(counts.total, `${name}.total`);
  if (counts.events > counts.total) {
    throw new RangeError(`${name}.events (${counts.events}) must not exceed ${name}.total (${counts.total})`);
  }
}

// ---- log-factorial ------------------------------------------------------------------------------

const LOG_FACTORIAL_TABLE_SIZE = 171; // 170! is the largest factorial a double can hold
const LOG_FACTORIAL_TABLE: Float64Array = (() => {
  const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  let factorial = 1;
  for (let k = 1; k < LOG_FACTORIAL_TABLE_SIZE; k++) {
    factorial *= k;
    table[k] = Math.log(factorial);
  }
  return table;
})();
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln(k!) to within a few units in the last place: a table below 171 and the Stirling series above
 * (whose first omitted term is below 1e-20 there), so it neither overflows nor loses precision at
 * the ~2,000,000 decisions a force-wide table can reach.
 */
export function logFactorial(k: number): number {
  assertCount(k, 'k');
  if (k < LOG_FACTORIAL_TABLE_SIZE) return LOG_FACTORIAL_TABLE[k] ?? 0;
  const inverse = 1 / k;
  const inverseSquared = inverse * inverse;
  const series = inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared / 1680)));
  return k * Math.log(k) - k + HALF_LOG_TWO_PI + 0.5 * Math.log(k) + series;
}

// ---- Fisher's exact test ----------------------------------------------------------------------

// R's fisher.test counts tables "as or less probable" with this relative slack, so that tables
// whose probabilities are mathematically equal (e.g. mirror images) are not split by rounding.
const TIE_SLACK = 1e-7;
const LOG_TIE = Math.log1p(TIE_SLACK);
// Sums stop once the rest of a log-concave tail provably adds less than this relative amount.
const SUM_TOLERANCE = 1e-17;
// A running product is folded into a log offset before it can underflow.
const RESCALE_BELOW = 1e-280;
// Below exp(-745.14) a double rounds to 0, so a p-value certainly under that is returned as 0.
const LOG_SMALLEST_P = -746;

/**
 * Two-sided p-value of Fisher's exact test for the 2×2 table [[a, b], [c, d]]
 * (group events, group non-events; reference events, reference non-events).
 *
 * Same definition as R's `fisher.test`: the probability, under the hypergeometric distribution
 * of `a` given all four margins, of the tables at most (1 + 1e-7) times as probable as the one
 * observed. Returns 1 when a margin is 0 (only one table is possible).
 *
 * Why this way: probabilities are taken relative to the mode and built by the exact ratio between
 * neighbouring tables, so nothing overflows at n ≈ 2,000,000 and there is no cancellation between
 * huge log-factorials; sums walk outwards from the mode or from the tail boundaries and stop when
 * the remainder is provably negligible (the distribution is log-concave), so the cost is
 * O(standard deviation), never more than O(support). Relative error about 1e-13 at worst (seen at p ≈ 1e-260;
 * ordinary p-values are closer to 1e-15); a p-value below the smallest double is returned as 0.
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  assertCount(a, 'a');
  assertCount(b, 'b');
  assertCount(c, 'c');
  assertCount(d, 'd');
  const groupTotal = a + b; // row 1
  const referenceTotal = c + d; // row 2
  const events = a + c; // column 1
  const n = groupTotal + referenceTotal;
  if (!Number.isSafeInteger(n)) throw new RangeError(`the table total must be a safe integer, got ${n}`);
  if (groupTotal === 0 || referenceTotal === 0 || events === 0 || events === n) return 1;

  // Support of `a` given the margins.
  const lo = Math.max(0, events - referenceTotal);
  const hi = Math.min(groupTotal, events);
  if (lo === hi) return 1;
  const shift = referenceTotal - events; // so that d = shift + a

  // P(i+1)/P(i) and P(i-1)/P(i), from the binomial coefficients C(groupTotal, i) C(referenceTotal, events - i).
  const up = (i: number): number => ((groupTotal - i) * (events - i)) / ((i + 1) * (shift + i + 1));
  const down = (i: number): number => (i * (shift + i)) / ((groupTotal - i + 1) * (events - i + 1));

  // The mode; the closed form can be one off at a plateau, so settle it by the ratios.
  let mode = Math.min(hi, Math.max(lo, Math.floor(((groupTotal + 1) * (events + 1)) / (n + 2))));
  while (mode < hi && up(mode) > 1) mode++;
  while (mode > lo && down(mode) > 1) mode--;

  // Cheap screen with log-factorials: if even (support size) tables as likely as the observed one
  // would sum below the smallest double, the answer is 0 and the walks below need not run.
  const logHypergeometric = (i: number): number =>
    -(logFactorial(i) + logFactorial(groupTotal - i) + logFactorial(events - i) + logFactorial(shift + i));
  const screen = logHypergeometric(a) - logHypergeometric(mode);
  if (screen + Math.log(hi - lo + 1) < LOG_SMALLEST_P) return 0;

  // ln(P(a)/P(mode)), by the neighbour ratios (exact to a few ulps per step).
  const logObserved = logRatioAlong(mode, a, up, down);
  // Every table is at most (1 + slack) times as probable as the observed one: all count.
  if (logObserved + LOG_TIE >= 0) return 1;
  const logThreshold = logObserved + LOG_TIE;

  // ln(sum of P(i)/P(mode)) over the whole support.
  const logTotal = Math.log(
    sumOutwards(mode, +1, lo, hi, up, down) + sumOutwards(mode, -1, lo, hi, up, down) - 1,
  );

  // The qualifying tables form two tails, one each side of the mode. On the observed side the tail
  // starts at `a` (or nearer the mode if neighbours tie with it); on the far side, at the first
  // table from the mode that is no more probable than the threshold.
  const direction: 1 | -1 = a < mode ? -1 : 1;
  const opposite: 1 | -1 = a < mode ? 1 : -1;
  let nearStart = a;
  let logNearStart = logObserved;
  for (let ratio = 1; nearStart - direction !== mode; ) {
    const next = nearStart - direction;
    ratio *= direction < 0 ? up(nearStart) : down(nearStart);
    if (ratio > 1 + TIE_SLACK) break;
    nearStart = next;
    logNearStart = logObserved + Math.log(ratio);
  }
  const far = firstAtOrBelow(mode, opposite, lo, hi, logThreshold, up, down);

  let p = Math.exp(logNearStart + Math.log(sumOutwards(nearStart, direction, lo, hi, up, down)) - logTotal);
  if (far !== null) {
    p += Math.exp(far.logRatio + Math.log(sumOutwards(far.index, opposite, lo, hi, up, down)) - logTotal);
  }
  return Math.min(1, Math.max(0, p));
}

type Step = (i: number) => number;

// ln(P(to)/P(from)) by multiplying neighbour ratios, folding into a log offset before underflow.
function logRatioAlong(from: number, to: number, up: Step, down: Step): number {
  let offset = 0;
  let product = 1;
  const direction = to > from ? 1 : -1;
  for (let i = from; i !== to; i += direction) {
    product *= direction > 0 ? up(i) : down(i);
    if (product < RESCALE_BELOW) {
      offset += Math.log(product);
      product = 1;
    }
  }
  return offset + Math.log(product);
}

// Sum of P(i)/P(start) from `start` outwards to the end of the support, for a start at or beyond
// the mode in that direction; stops when the log-concave remainder is provably negligible.
function sumOutwards(start: number, direction: 1 | -1, lo: number, hi: number, up: Step, down: Step): number {
  let term = 1;
  let sum = 1;
  for (let i = start; direction > 0 ? i < hi : i > lo; i += direction) {
    const ratio = direction > 0 ? up(i) : down(i);
    term *= ratio;
    sum += term;
    // Ratios only fall moving away from the mode, so the rest is at most term·r/(1 − r).
    if (term === 0 || (ratio < 1 && (term * ratio) / (1 - ratio) <= sum * SUM_TOLERANCE)) break;
  }
  return sum;
}

// First table from the mode in `direction` with ln(P(i)/P(mode)) at or below the threshold.
function firstAtOrBelow(
  mode: number, direction: 1 | -1, lo: number, hi: number, logThreshold: number, up: Step, down: Step,
): { index: number; logRatio: number } | null {
  let offset = 0;
  let product = 1;
  let linearThreshold = Math.exp(logThreshold);
  for (let i = mode; direction > 0 ? i < hi : i > lo; i += direction) {
    product *= direction > 0 ? up(i) : down(i);
    if (product <= linearThreshold) return { index: i + direction, logRatio: offset + Math.log(product) };
    if (product < RESCALE_BELOW) {
      offset += Math.log(product);
      product = 1;
      linearThreshold = Math.exp(logThreshold - offset);
    }
  }
  return null;
}

// ---- normal quantile --------------------------------------------------------------------------

/**
 * Inverse of the standard normal distribution function (Wichura 1988, AS 241 PPND16), accurate to
 * about 1e-16 relative, so confidence limits do not depend on a hard-coded 1.96.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be strictly between 0 and 1, got ${String(p)}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/** Two-sided critical value z for a confidence level (0.95 → 1.959963984540054), for any chosen level. */
export function criticalValue(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1, got ${String(confidence)}`);
  }
  // The lower tail is computed without the rounding of 1 − α/2.
  return -normalQuantile((1 - confidence) / 2);
}

// ---- relative rate ----------------------------------------------------------------------------

/**
 * Relative rate of an outcome for `group` against `reference`, with a Katz log-method confidence
 * interval and Fisher's exact p-value: the headline figures of the disproportionality report.
 *
 * ratio = (a/n1)/(c/n2); interval exp(ln ratio ± z·√(1/a − 1/n1 + 1/c − 1/n2)).
 */
export function relativeRate(group: Counts, reference: Counts, confidence = 0.95): RelativeRate {
  assertCounts(group, 'group');
  assertCounts(reference, 'reference');
  const z = criticalValue(confidence);
  const { events: a, total: n1 } = group;
  const { events: c, total: n2 } = reference;
  const pValue = fisherExactTwoSided(a, n1 - a, c, n2 - c);
  const groupRate = n1 > 0 ? a / n1 : null;
  const referenceRate = n2 > 0 ? c / n2 : null;
  if (groupRate === null || referenceRate === null) {
    return { groupRate, referenceRate, ratio: null, lower: null, upper: null, pValue, intervalCorrected: false };
  }
  const ratio = referenceRate > 0 ? groupRate / referenceRate : null;

  // With a zero event count the log method breaks down (ln 0, 1/0), so the interval, and only the
  // interval, uses the Haldane–Anscombe correction: 0.5 added to each of the four cells. The point
  // estimate stays the uncorrected ratio (0, or null when the reference rate is 0).
  const intervalCorrected = a === 0 || c === 0;
  const ea = intervalCorrected ? a + 0.5 : a;
  const ec = intervalCorrected ? c + 0.5 : c;
  const en1 = intervalCorrected ? n1 + 1 : n1;
  const en2 = intervalCorrected ? n2 + 1 : n2;
  const centre = intervalCorrected ? ea / en1 / (ec / en2) : (ratio as number);
  const standardError = Math.sqrt(Math.max(0, 1 / ea - 1 / en1 + 1 / ec - 1 / en2));
  // Multiplying the centre (rather than exponentiating ln centre) keeps lower ≤ centre ≤ upper exact.
  const lower = centre * Math.exp(-z * standardError);
  const upper = centre * Math.exp(z * standardError);
  return { groupRate, referenceRate, ratio, lower, upper, pValue, intervalCorrected };
}

// ---- small-count suppression (display only) ---------------------------------------------------

/**
 * Whether a count must be hidden in displays because it is below the threshold (zero included: a
 * zero can be as disclosive as a one). Display only: calculations always use the real count.
 */
export function isSuppressed(count: number, threshold: number): boolean {
  assertCount(count, 'count');
  assertCount(threshold, 'threshold');
  return count < threshold;
}

/** The count to show: the number itself, or `<threshold` (e.g. `<5`) when it is suppressed. */
export function displayCount(count: number, threshold: number): number | SuppressedMarker {
  return isSuppressed(count, threshold) ? `<${threshold}` : count;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  criticalValue, displayCount, fisherExactTwoSided, isSuppressed, logFactorial, normalQuantile, relativeRate,
} from './stats.js';

// ---- independent oracles -------------------------------------------------------------------------

// Exact factorials as BigInts, grown on demand; the oracle shares no arithmetic with stats.ts.
const factorials: bigint[] = [1n];
function factorial(k: number): bigint {
  for (let i = factorials.length; i <= k; i++) factorials.push((factorials[i - 1] as bigint) * BigInt(i));
  return factorials[k] as bigint;
}
const choose = (n: number, k: number): bigint => factorial(n) / (factorial(k) * factorial(n - k));

// num/den as the nearest double (to within an ulp or so), for tiny values as well as ordinary ones.
function quotient(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  let shift = Math.max(0, den.toString(2).length - num.toString(2).length + 64);
  let value = Number((num << BigInt(shift)) / den);
  while (shift > 0) {
    const step = Math.min(shift, 1000);
    value /= 2 ** step;
    shift -= step;
  }
  return value;
}

// Brute-force Fisher's exact test in exact rational arithmetic, straight from the definition:
// enumerate every table with the observed margins, weight C(r1, i)·C(r2, c1 − i), and add those at
// most (1 + 1e-7) times the observed weight — compared exactly, as w·10^7 ≤ w_obs·(10^7 + 1).
function exactFisher(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const weight = (i: number): bigint => choose(r1, i) * choose(r2, c1 - i);
  const observed = weight(a);
  let total = 0n;
  let tail = 0n;
  for (let i = Math.max(0, c1 - r2); i <= Math.min(r1, c1); i++) {
    const w = weight(i);
    total += w;
    if (w * 10_000_000n <= observed * 10_000_001n) tail += w;
  }
  expect(total).toBe(choose(r1 + r2, c1)); // Vandermonde: the enumeration is complete
  return quotient(tail, total);
}

// Standard normal distribution function by Marsaglia's series (fine to ~1e-14 for |x| ≤ 4).
function normalCdf(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < 400 && Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
    term *= (x * x) / (2 * k + 1);
    sum += term;
  }
  return 0.5 + (sum * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

// ---- Fisher's exact test ----------------------------------------------------------------------

describe('fisherExactTwoSided', () => {
  // Our argument order is the table by rows: [[a, b], [c, d]]. R's matrix(c(w, x, y, z), 2) fills
  // by column, giving [[w, y], [x, z]], so fisher.test(matrix(c(w, x, y, z), 2)) is our
  // fisherExactTwoSided(w, y, x, z). (The test is symmetric under transposition, so the mapping
  // does not change the answer, but it is spelt out so the cases read as the tables R saw.)
  // Tolerance: half a unit in the last digit R printed, and tighter against exact fractions.
  it.each([
    { r: [3, 1, 1, 3], table: [3, 1, 1, 3], printed: 0.4857142857, digits: 10, exact: 17 / 35 },
    { r: [1, 9, 11, 3], table: [1, 11, 9, 3], printed: 0.002759456, digits: 9, exact: null },
    { r: [10, 0, 0, 10], table: [10, 0, 0, 10], printed: 1.082509e-5, digits: 11, exact: 2 / 184_756 },
    { r: [0, 5, 5, 0], table: [0, 5, 5, 0], printed: 0.007936508, digits: 9, exact: 2 / 252 },
  ])('matches R: fisher.test(matrix(c($r), 2))', ({ table, printed, digits, exact }) => {
    const [a, b, c, d] = table as [number, number, number, number];
    const p = fisherExactTwoSided(a, b, c, d);
    expect(Math.abs(p - printed)).toBeLessThanOrEqual(0.5 * 10 ** -digits);
    if (exact !== null) expect(relativeError(p, exact)).toBeLessThan(1e-13);
    expect(relativeError(p, exactFisher(a, b, c, d))).toBeLessThan(1e-13);
  });

  it('returns 1 for degenerate tables (a zero margin) and for the most probable table', () => {
    expect(fisherExactTwoSided(0, 0, 0, 0)).toBe(1);
    expect(fisherExactTwoSided(0, 0, 3, 7)).toBe(1); // empty group
    expect(fisherExactTwoSided(0, 5, 0, 9)).toBe(1); // no events anywhere
    expect(fisherExactTwoSided(4, 0, 6, 0)).toBe(1); // events for everyone
    expect(fisherExactTwoSided(5, 5, 5, 5)).toBe(1);
    expect(fisherExactTwoSided(4500, 995_500, 4500, 995_500)).toBe(1); // symmetric, n = 2,000,000
  });

  it('agrees with the brute-force exact-rational oracle on every table of a moderate size (n = 60)', () => {
    // Group of 25 against a reference of 35, every possible number of events.
    for (let events = 0; events <= 60; events++) {
      for (let a = Math.max(0, events - 35); a <= Math.min(25, events); a++) {
        const p = fisherExactTwoSided(a, 25 - a, events - a, 35 - (events - a));
        const expected = exactFisher(a, 25 - a, events - a, 35 - (events - a));
        expect(relativeError(p, expected), `a=${a} events=${events}`).toBeLessThan(1e-12);
      }
    }
  });

  it('agrees with the oracle on larger, unbalanced tables (n ≈ 2,000)', () => {
    for (const [a, b, c, d] of [
      [40, 160, 120, 1680], [0, 300, 45, 1655], [12, 88, 100, 1800], [150, 850, 120, 880], [3, 1997, 0, 4],
    ] as const) {
      expect(relativeError(fisherExactTwoSided(a, b, c, d), exactFisher(a, b, c, d))).toBeLessThan(1e-12);
    }
  });

  it('matches independently computed values for n = 2,000,000', () => {
    // References from mpmath at 60 significant digits, summing exp(lnC(r1,i) + lnC(r2,c1−i) − lnC(n,c1))
    // over every table at or below the observed log-probability + ln(1 + 1e-7):
    //   (4600, 995400, 4400, 995600) → 0.035514237787469652502
    //   (5000, 995000, 4000, 996000) → 4.3344528597264550369e-26
    const moderate = fisherExactTwoSided(4600, 995_400, 4400, 995_600);
    expect(relativeError(moderate, 0.035514237787469652502)).toBeLessThan(1e-10);
    const extreme = fisherExactTwoSided(5000, 995_000, 4000, 996_000);
    expect(relativeError(extreme, 4.3344528597264550369e-26)).toBeLessThan(1e-10);

    // And a check needing no reference program: Yates's chi-squared is close for counts this large.
    const [a, b, c, d] = [4600, 995_400, 4400, 995_600];
    const n = a + b + c + d;
    const chiSquared = (n * (Math.abs(a * d - b * c) - n / 2) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
    const approximate = 2 * (1 - normalCdf(Math.sqrt(chiSquared)));
    expect(relativeError(moderate, approximate)).toBeLessThan(0.01);
  });

  it('handles a table of 2,000,000 decisions without throwing (not timed)', () => {
    const p = fisherExactTwoSided(5000, 995_000, 4000, 996_000);
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('underflows to 0 only when the true p-value is below the smallest double', () => {
    expect(fisherExactTwoSided(0, 1_000_000, 200_000, 800_000)).toBe(0);
    expect(fisherExactTwoSided(9000, 991_000, 0, 1_000_000)).toBe(0);
    // 1/C(1000, 500) ≈ 3.7e-300 for each extreme table: small but representable.
    const p = fisherExactTwoSided(500, 0, 0, 500);
    expect(relativeError(p, exactFisher(500, 0, 0, 500))).toBeLessThan(1e-12);
  });

  const cell = fc.nat({ max: 60 });
  const bigCell = fc.oneof(fc.nat({ max: 60 }), fc.nat({ max: 1_000_000 }));

  it('property: agrees with the exact-rational oracle on random small tables', () => {
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        expect(relativeError(fisherExactTwoSided(a, b, c, d), exactFisher(a, b, c, d))).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('property: p is in [0, 1]', () => {
    fc.assert(
      fc.property(bigCell, bigCell, bigCell, bigCell, (a, b, c, d) => {
        const p = fisherExactTwoSided(a, b, c, d);
        return p >= 0 && p <= 1;
      }),
      { numRuns: 300 },
    );
  });

  it('property: unchanged by transposing the table, swapping the rows or swapping the columns', () => {
    fc.assert(
      fc.property(bigCell, bigCell, bigCell, bigCell, (a, b, c, d) => {
        const p = fisherExactTwoSided(a, b, c, d);
        const close = (q: number): boolean => Math.abs(q - p) <= 1e-9 * p || Math.abs(q - p) < 1e-300;
        return (
          close(fisherExactTwoSided(a, c, b, d)) && // transposed
          close(fisherExactTwoSided(c, d, a, b)) && // rows swapped
          close(fisherExactTwoSided(b, a, d, c)) // columns swapped
        );
      }),
      { numRuns: 300 },
    );
  });

  it('rejects cells that are not non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => fisherExactTwoSided(bad, 1, 1, 1)).toThrow(RangeError);
      expect(() => fisherExactTwoSided(1, 1, 1, bad)).toThrow(RangeError);
    }
    expect(() => fisherExactTwoSided(-1, 1, 1, 1)).toThrow(/a must be a non-negative integer, got -1/);
  });
});

describe('logFactorial', () => {
  it('is exact for small arguments and continuous across the table/Stirling boundary', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(relativeError(logFactorial(10), Math.log(3_628_800))).toBeLessThan(1e-15);
    let sum = 0;
    for (let k = 2; k <= 400; k++) {
      sum += Math.log(k);
      expect(relativeError(logFactorial(k), sum), `k=${k}`).toBeLessThan(1e-13);
    }
    // lnΓ(2,000,001) = 27,017,323.650315882960… (mpmath, 40 digits); one ulp here is ~3.7e-9.
    expect(Math.abs(logFactorial(2_000_000) - 27_017_323.65031588296)).toBeLessThan(2e-8);
  });
});

// ---- normal quantile --------------------------------------------------------------------------

describe('normalQuantile and criticalValue', () => {
  it('matches reference quantiles', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-9);
    expect(Math.abs(normalQuantile(0.995) - 2.5758293035489)).toBeLessThan(1e-9);
    expect(Math.abs(criticalValue(0.95) - 1.959963984540054)).toBeLessThan(1e-9);
    expect(Math.abs(criticalValue(0.99) - 2.5758293035489)).toBeLessThan(1e-9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(Math.abs(normalQuantile(0.9) - 1.2815515655446004)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(1e-10) + 6.361340902404056)).toBeLessThan(1e-12); // beyond the central region
    expect(Math.abs(normalQuantile(1e-300) + 37.0470962993612)).toBeLessThan(1e-10); // far tail
  });

  it('property: antisymmetric and inverts the distribution function', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }), (p) => {
        const z = normalQuantile(p);
        expect(Math.abs(normalQuantile(1 - p) + z)).toBeLessThan(1e-9);
        expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1e-12);
      }),
    );
  });

  it('rejects probabilities outside (0, 1)', () => {
    for (const bad of [0, 1, -0.1, 1.1, Number.NaN]) {
      expect(() => normalQuantile(bad)).toThrow(RangeError);
      expect(() => criticalValue(bad)).toThrow(RangeError);
    }
  });
});

// ---- relative rate ----------------------------------------------------------------------------

describe('relativeRate', () => {
  it('matches a worked Katz interval', () => {
    // 20/100 against 10/100: ratio 2, se = √(1/20 − 1/100 + 1/10 − 1/100) = √0.13 = 0.360555…,
    // limits 2·exp(∓1.959964 × 0.360555) = 2 × 0.493282… and 2 × 2.027240…, i.e. 0.98656 and 4.05448
    // (R: 2 * exp(c(-1, 1) * qnorm(0.975) * sqrt(0.13)) gives 0.9865632 4.0544792).
    const result = relativeRate({ events: 20, total: 100 }, { events: 10, total: 100 });
    expect(result.groupRate).toBe(0.2);
    expect(result.referenceRate).toBe(0.1);
    expect(result.ratio).toBe(2);
    expect(result.lower).toBeCloseTo(0.9866, 3);
    expect(result.upper).toBeCloseTo(4.0545, 3);
    expect(relativeError(result.lower as number, 0.9865632067317821)).toBeLessThan(1e-12);
    expect(relativeError(result.upper as number, 4.054479198804628)).toBeLessThan(1e-12);
    expect(result.intervalCorrected).toBe(false);
    // Exact value 0.0734275897213763… (the oracle above; scipy.stats.fisher_exact agrees).
    expect(relativeError(result.pValue, exactFisher(20, 80, 10, 90))).toBeLessThan(1e-12);
    expect(Math.abs(result.pValue - 0.07342759)).toBeLessThan(5e-9);
    expect(result.pValue).toBe(fisherExactTwoSided(20, 80, 10, 90));
  });

  it('widens with the confidence level', () => {
    const at95 = relativeRate({ events: 20, total: 100 }, { events: 10, total: 100 });
    const at99 = relativeRate({ events: 20, total: 100 }, { events: 10, total: 100 }, 0.99);
    expect(at99.lower as number).toBeLessThan(at95.lower as number);
    expect(at99.upper as number).toBeGreaterThan(at95.upper as number);
    expect(relativeError(at99.upper as number, 2 * Math.exp(2.5758293035489 * Math.sqrt(0.13)))).toBeLessThan(1e-12);
  });

  it('uses the Haldane–Anscombe correction for the interval only when a count is 0', () => {
    // 0/50 against 10/100: ratio 0 as observed; the interval comes from 0.5/51 against 10.5/101.
    const zeroGroup = relativeRate({ events: 0, total: 50 }, { events: 10, total: 100 });
    expect(zeroGroup.ratio).toBe(0);
    expect(zeroGroup.intervalCorrected).toBe(true);
    const centre = 0.5 / 51 / (10.5 / 101);
    const se = Math.sqrt(1 / 0.5 - 1 / 51 + 1 / 10.5 - 1 / 101);
    expect(relativeError(zeroGroup.lower as number, centre * Math.exp(-1.959963984540054 * se))).toBeLessThan(1e-12);
    expect(relativeError(zeroGroup.upper as number, centre * Math.exp(1.959963984540054 * se))).toBeLessThan(1e-12);
    expect(zeroGroup.lower).toBeCloseTo(0.005638, 5);
    expect(zeroGroup.upper).toBeCloseTo(1.577370, 5);

    // 7/40 against 0/200: no ratio (the reference rate is 0), but a corrected interval.
    const zeroReference = relativeRate({ events: 7, total: 40 }, { events: 0, total: 200 });
    expect(zeroReference.ratio).toBeNull();
    expect(zeroReference.intervalCorrected).toBe(true);
    expect(zeroReference.lower as number).toBeGreaterThan(1);
    expect(Number.isFinite(zeroReference.upper)).toBe(true);
  });

  it('gives null rather than Infinity or NaN when a rate is undefined', () => {
    const emptyGroup = relativeRate({ events: 0, total: 0 }, { events: 3, total: 30 });
    expect(emptyGroup).toEqual({
      groupRate: null, referenceRate: 0.1, ratio: null, lower: null, upper: null, pValue: 1, intervalCorrected: false,
    });
    const emptyReference = relativeRate({ events: 2, total: 9 }, { events: 0, total: 0 });
    expect(emptyReference.ratio).toBeNull();
    expect(emptyReference.lower).toBeNull();
    expect(emptyReference.pValue).toBe(1);
    expect(relativeRate({ events: 0, total: 10 }, { events: 0, total: 10 }).ratio).toBeNull();
  });

  const counts = fc
    .tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }))
    .map(([x, y]) => ({ events: Math.min(x, y), total: Math.max(x, y) }));
  const smallCounts = fc
    .tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 }))
    .map(([x, y]) => ({ events: Math.min(x, y), total: Math.max(x, y) }));

  const either = fc.oneof(counts, smallCounts);

  it('property: the interval contains the ratio whenever both are defined and uncorrected', () => {
    fc.assert(
      fc.property(either, either, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (group, reference, confidence) => {
        const result = relativeRate(group, reference, confidence);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        for (const value of [result.groupRate, result.referenceRate, result.ratio, result.lower, result.upper]) {
          expect(value === null || Number.isFinite(value)).toBe(true);
        }
        if (result.lower !== null && result.upper !== null) expect(result.lower).toBeLessThanOrEqual(result.upper);
        if (result.ratio !== null && !result.intervalCorrected) {
          expect(result.lower as number).toBeLessThanOrEqual(result.ratio);
          expect(result.upper as number).toBeGreaterThanOrEqual(result.ratio);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: rejects invalid counts with a RangeError', () => {
    const invalid = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ noNaN: false }).filter((x) => !Number.isSafeInteger(x)),
    );
    fc.assert(
      fc.property(invalid, fc.nat({ max: 100 }), (bad, good) => {
        expect(() => relativeRate({ events: bad, total: good + 1000 }, { events: 1, total: 2 })).toThrow(RangeError);
        expect(() => relativeRate({ events: 0, total: bad }, { events: 1, total: 2 })).toThrow(RangeError);
        expect(() => relativeRate({ events: 1, total: 2 }, { events: bad, total: good + 1000 })).toThrow(RangeError);
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (total, excess) => {
        expect(() => relativeRate({ events: total + excess, total }, { events: 1, total: 2 })).toThrow(RangeError);
        expect(() => relativeRate({ events: 1, total: 2 }, { events: total + excess, total })).toThrow(RangeError);
      }),
    );
    expect(() => relativeRate({ events: 6, total: 5 }, { events: 1, total: 2 })).toThrow(
      'group.events (6) must not exceed group.total (5)',
    );
    expect(() => relativeRate({ events: 1, total: 5 }, { events: 1, total: 2 }, 1)).toThrow(RangeError);
  });
});

// ---- suppression ------------------------------------------------------------------------------

describe('small-count suppression (display only)', () => {
  it('hides counts below the threshold, zero included', () => {
    expect(isSuppressed(0, 5)).toBe(true);
    expect(isSuppressed(4, 5)).toBe(true);
    expect(isSuppressed(5, 5)).toBe(false);
    expect(displayCount(3, 5)).toBe('<5');
    expect(displayCount(0, 10)).toBe('<10');
    expect(displayCount(5, 5)).toBe(5);
    expect(displayCount(0, 0)).toBe(0); // a threshold of 0 suppresses nothing
  });

  it('property: shows the count itself or the threshold marker, never anything else', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.nat({ max: 100 }), (count, threshold) => {
        const shown = displayCount(count, threshold);
        expect(shown).toBe(count < threshold ? `<${threshold}` : count);
      }),
    );
  });

  it('does not touch the calculation: small counts still give the exact statistics', () => {
    const result = relativeRate({ events: 3, total: 12 }, { events: 1, total: 40 });
    expect(isSuppressed(3, 5) && isSuppressed(1, 5)).toBe(true);
    expect(result.ratio).toBe(3 / 12 / (1 / 40));
    expect(relativeError(result.pValue, exactFisher(3, 9, 1, 39))).toBeLessThan(1e-12);
  });

  it('rejects invalid counts and thresholds', () => {
    expect(() => isSuppressed(-1, 5)).toThrow(RangeError);
    expect(() => displayCount(2.5, 5)).toThrow(RangeError);
    expect(() => displayCount(2, -5)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { monthAfter, monthsBefore, monthsBetween, percentileOf, summarise, timelinessReport } from './timeliness.js';

const bins = (values: number[]) => values.map((days) => ({ days, cases: 1 }));

describe('timeliness percentiles (nearest rank over a histogram of days)', () => {
  it('takes the median and 90th percentile of whole days', () => {
    expect(percentileOf(bins([1, 2, 3, 4, 5]), 0.5)).toBe(3);
    expect(percentileOf(bins([1, 2, 3, 4]), 0.5)).toBe(2); // nearest rank: the lower middle of an even count
    expect(percentileOf(bins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0.9)).toBe(9);
    expect(percentileOf(bins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 0.9)).toBe(10);
    expect(percentileOf(bins([7]), 0.9)).toBe(7);
  });

  it('weights each number of days by its count, in any order', () => {
    const histogram = [{ days: 40, cases: 1 }, { days: 3, cases: 8 }, { days: 12, cases: 1 }];
    expect(percentileOf(histogram, 0.5)).toBe(3);
    expect(percentileOf(histogram, 0.8)).toBe(3);
    expect(percentileOf(histogram, 0.9)).toBe(12);
    expect(percentileOf(histogram, 1)).toBe(40);
    expect(summarise(histogram)).toEqual({ cases: 10, medianDays: 3, p90Days: 12 });
  });

  it('gives none for no cases and refuses a share outside (0, 1]', () => {
    expect(percentileOf([], 0.5)).toBeNull();
    expect(percentileOf([{ days: 4, cases: 0 }], 0.5)).toBeNull();
    expect(() => percentileOf(bins([1]), 0)).toThrow(RangeError);
    expect(() => percentileOf(bins([1]), 1.5)).toThrow(RangeError);
  });

  it('lists every month of the period, empty ones included, and the period overall', () => {
    const report = timelinessReport('2025-11', '2026-02', [
      { measure: 'record', month: '2025-11', days: 2, cases: 3 }, { measure: 'record', month: '2026-01', days: 10, cases: 1 },
      { measure: 'finalise', month: '2026-02', days: 200, cases: 2 },
    ]);
    expect(report.months.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(report.months[1]!.measures.record).toEqual({ cases: 0, medianDays: null, p90Days: null });
    expect(report.overall.record).toEqual({ cases: 4, medianDays: 2, p90Days: 10 });
    expect(report.overall.assess.cases).toBe(0);
    expect(report.overall.finalise).toEqual({ cases: 2, medianDays: 200, p90Days: 200 });
  });

  it('does month arithmetic across year ends', () => {
    expect(monthsBetween('2025-12', '2026-01')).toEqual(['2025-12', '2026-01']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
    expect(monthAfter('2025-12')).toBe('2026-01-01');
    expect(monthsBefore('2026-03', 11)).toBe('2025-04');
    expect(monthsBefore('2026-01', 1)).toBe('2025-12');
  });
});

import { describe, expect, it } from 'vitest';
import { FORCE_VETTING_LEVELS } from '../../../platform/reference.js';
import { meetsLevel } from '../service.js';
import { csvCell, toCsv } from '../../../platform/http/csv.js';
import fc from 'fast-check';
import { firstDayMonthsAgo, percentileOfCounts } from './data.js';
import { LEVEL_RANK, complianceStatus, daysUntil, reminderDue } from './levels.js';

describe('comparing vetting levels', () => {
  it('ranks levels so that rank comparison agrees with meetsLevel for every pair', () => {
    for (const held of FORCE_VETTING_LEVELS) {
      for (const required of FORCE_VETTING_LEVELS) {
        expect(LEVEL_RANK[held]! >= LEVEL_RANK[required]!, `${held} against ${required}`).toBe(meetsLevel(held, required));
      }
    }
  });

  it('treats MV as meeting RV, RV as not meeting MV, and NPPV3 as equivalent to MV', () => {
    expect(meetsLevel('MV', 'RV')).toBe(true);
    expect(meetsLevel('RV', 'MV')).toBe(false);
    expect(LEVEL_RANK.NPPV3).toBe(LEVEL_RANK.MV);
    expect(LEVEL_RANK.NPPV1).toBeLessThan(LEVEL_RANK.RV!);
  });

  it('gives a postholder’s standing from the level held, its expiry and the post’s requirement', () => {
    const today = '2026-11-24';
    expect(complianceStatus({ heldLevel: null, expiresOn: null, requiredLevel: 'RV' }, today)).toBe('no_clearance');
    expect(complianceStatus({ heldLevel: 'MV', expiresOn: '2026-11-23', requiredLevel: 'RV' }, today)).toBe('expired');
    expect(complianceStatus({ heldLevel: 'MV', expiresOn: '2026-11-24', requiredLevel: 'MV' }, today)).toBe('compliant');
    expect(complianceStatus({ heldLevel: 'RV', expiresOn: '2030-01-01', requiredLevel: 'MV' }, today)).toBe('under_vetted');
    expect(complianceStatus({ heldLevel: 'RV', expiresOn: null, requiredLevel: null }, today)).toBe('compliant');
  });
});

describe('expiry windows', () => {
  it('counts whole calendar days, across a clock change', () => {
    expect(daysUntil('2027-03-31', '2027-03-01')).toBe(30);
    expect(daysUntil('2026-10-26', '2026-10-24')).toBe(2);
    expect(daysUntil('2026-11-23', '2026-11-24')).toBe(-1);
  });

  it('is due at the tightest threshold reached, once each', () => {
    const t = [90, 60, 30];
    expect(reminderDue(91, t, [])).toBeUndefined();
    expect(reminderDue(90, t, [])).toBe(90);
    expect(reminderDue(75, t, [90])).toBeUndefined();
    expect(reminderDue(60, t, [90])).toBe(60);
    expect(reminderDue(30, t, [90, 60])).toBe(30);
    expect(reminderDue(10, t, [90, 60, 30])).toBeUndefined();
    expect(reminderDue(0, t, [90, 60])).toBe(30);
  });

  it('does not send the earlier reminders for a clearance first seen late, nor any once it has expired', () => {
    expect(reminderDue(25, [90, 60, 30], [])).toBe(30);
    expect(reminderDue(45, [90, 60, 30], [])).toBe(60);
    expect(reminderDue(80, [90, 60, 30], [60])).toBeUndefined();
    expect(reminderDue(-1, [90, 60, 30], [])).toBeUndefined();
  });
});

describe('decision-time months', () => {
  it('starts the window on the first day of the month, counting back across years', () => {
    const today = new Date('2026-01-20T12:00:00Z');
    expect(firstDayMonthsAgo(0, today)).toBe('2026-01-01');
    expect(firstDayMonthsAgo(11, today)).toBe('2025-02-01');
    expect(firstDayMonthsAgo(1, new Date('2026-03-31T23:30:00Z'))).toBe('2026-03-01'); // already 1 April in London
  });
});

describe('percentiles from counts of whole days', () => {
  /** percentile_cont as PostgreSQL defines it, over the values themselves. */
  const percentileCont = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    const h = p * (sorted.length - 1);
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.ceil(h)] ?? sorted[lo]!) - sorted[lo]!);
  };
  const countsOf = (values: number[]) => [...new Set(values)].sort((a, b) => a - b).map((days) => ({ days, decisions: values.filter((v) => v === days).length }));

  it('gives the median and 90th percentile as percentile_cont does', () => {
    const counts = countsOf([10, 20, 30, 40, 100]);
    expect(percentileOfCounts(counts, 0.5)).toBe(30);
    expect(percentileOfCounts(counts, 0.9)).toBeCloseTo(76);
    expect(percentileOfCounts([{ days: 12, decisions: 1 }], 0.9)).toBe(12);
    expect(percentileOfCounts([], 0.5)).toBeNaN();
  });

  it('agrees with percentile_cont over the expanded values', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }), fc.constantFrom(0.5, 0.9), (values, p) => {
      expect(percentileOfCounts(countsOf(values), p)).toBeCloseTo(percentileCont(values, p), 9);
    }));
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+44 1234')).toBe("'+44 1234");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvCell(null)).toBe('');
    expect(csvCell([90, 60])).toBe('90; 60');
    expect(toCsv([{ header: 'Name', value: (r: { n: string }) => r.n }], [{ n: 'Ann' }])).toBe('Name\r\nAnn\r\n');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/http/errors.js';
import { NOT_RECORDED, OTHER_VALUE, PREFER_NOT_TO_SAY } from './characteristics.js';
import {
  DEFAULT_SUPPRESS_BELOW, chartModel, csvText, presentReport, reportCsv, suppressedGroups, tableRows, wrapLabel, type DisplayReport,
} from './presenters.js';
import { computeOverview, computeReport, type GroupResult, type ValueCounts } from './report.js';
import { fisherExactTwoSided } from './stats.js';

const Z95 = 1.959963984540054;
const close = (actual: number | null, expected: number, relative = 1e-12) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(relative);
};

// Refusals by ethnic group: White 6 of 60, Black 8 of 20, Asian 5 of 30, Mixed 1 of 3, two who preferred not to say,
// one value outside the categories, and six with nothing recorded (1 refused).
const ROWS: ValueCounts[] = [
  { value: 'White', decided: 60, events: 6 },
  { value: 'Black, Black British, Caribbean or African', decided: 20, events: 8 },
  { value: 'Asian or Asian British', decided: 30, events: 5 },
  { value: 'Mixed or multiple ethnic groups', decided: 3, events: 1 },
  { value: PREFER_NOT_TO_SAY, decided: 2, events: 0 },
  { value: 'Gypsy or Irish Traveller', decided: 1, events: 0 },
  { value: null, decided: 6, events: 1 },
];
const report = (extra: Partial<Parameters<typeof computeReport>[0]> = {}) => computeReport({ characteristic: 'ethnicity', outcome: 'refusal', ...extra }, ROWS);
const group = (r: { groups: GroupResult[] }, name: string) => r.groups.find((g) => g.group === name)!;

describe('computeReport', () => {
  it('gives the relative rate, Katz interval and Fisher p-value on the real counts (scipy 1.17 reference values)', () => {
    const r = report();
    expect(r.reference).toBe('White');
    expect(r.referenceSource).toBe('largest');
    const black = group(r, 'Black, Black British, Caribbean or African');
    expect(black).toMatchObject({ decided: 20, events: 8, rate: 0.4, isReference: false, flagged: 'higher', intervalCorrected: false });
    close(black.ratio, 4);
    close(black.lower, 1.578700140674023);
    close(black.upper, 10.13492023454741);
    close(black.pValue, 0.004853574187673852, 1e-10); // scipy.stats.fisher_exact([[8, 12], [6, 54]])
    const asian = group(r, 'Asian or Asian British');
    close(asian.ratio, 5 / 30 / 0.1);
    close(asian.lower, 0.5531601486870256);
    close(asian.pValue, 0.49592223741166186, 1e-10);
    expect(asian.flagged).toBeNull();
    // Small groups are calculated like any other: suppression is for display only.
    const mixed = group(r, 'Mixed or multiple ethnic groups');
    close(mixed.ratio, 10 / 3);
    close(mixed.pValue, 0.30195663670015865, 1e-10);
    close(group(r, NOT_RECORDED).pValue, 0.5040932758410284, 1e-10);
  });

  it('lists every category, then other values and not recorded, whether or not anyone is in them', () => {
    const r = report();
    expect(r.groups.map((g) => g.group)).toEqual([
      'White', 'Asian or Asian British', 'Black, Black British, Caribbean or African', 'Mixed or multiple ethnic groups', 'Other ethnic group', PREFER_NOT_TO_SAY, OTHER_VALUE, NOT_RECORDED,
    ]);
    expect(group(r, 'Other ethnic group')).toMatchObject({ decided: 0, events: 0, rate: null, ratio: null, pValue: null, flagged: null });
    expect(group(r, OTHER_VALUE)).toMatchObject({ decided: 1, events: 0 });
    expect(r.decided).toBe(122);
    expect(r.events).toBe(21);
  });

  it('uses the configured reference, then the largest category, and refuses a reference that cannot be one', () => {
    expect(report({ referenceGroups: { ethnicity: 'Asian or Asian British' } })).toMatchObject({ reference: 'Asian or Asian British', referenceSource: 'configured' });
    expect(report({ referenceGroups: { ethnicity: 'Other ethnic group' } })).toMatchObject({ reference: 'White', referenceSource: 'largest' }); // nobody decided
    const chosen = report({ reference: 'Black, Black British, Caribbean or African' });
    expect(chosen.referenceSource).toBe('chosen');
    close(group(chosen, 'White').ratio, 0.25);
    for (const bad of [PREFER_NOT_TO_SAY, NOT_RECORDED, 'Martian', 'Other ethnic group']) expect(() => report({ reference: bad })).toThrow(ValidationError);
    expect(computeReport({ characteristic: 'sex', outcome: 'refusal' }, [])).toMatchObject({ reference: null, referenceSource: null, decided: 0 });
  });

  it('flags a group whose interval lies wholly below 1', () => {
    const r = computeReport({ characteristic: 'sex', outcome: 'refusal' }, [{ value: 'Male', decided: 1000, events: 200 }, { value: 'Female', decided: 500, events: 40 }]);
    expect(r.reference).toBe('Male');
    expect(group(r, 'Female').flagged).toBe('lower');
  });

  it('property: flagged exactly when the interval excludes 1, and p agrees with the 2×2 table', () => {
    const counts = fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 400 })).map(([x, y]) => ({ decided: Math.max(x, y), events: Math.min(x, y) }));
    fc.assert(fc.property(counts, counts, (male, female) => {
      const r = computeReport({ characteristic: 'sex', outcome: 'refusal', reference: male.decided > 0 ? 'Male' : null }, [{ value: 'Male', ...male }, { value: 'Female', ...female }]);
      const f = group(r, 'Female');
      if (r.reference !== 'Male' || f.decided === 0) return;
      expect(f.flagged).toBe(f.lower! > 1 ? 'higher' : f.upper! < 1 ? 'lower' : null);
      expect(f.pValue).toBe(fisherExactTwoSided(female.events, female.decided - female.events, male.events, male.decided - male.events));
      if (!f.intervalCorrected && f.ratio !== null) {
        const se = Math.sqrt(1 / female.events - 1 / female.decided + 1 / male.events - 1 / male.decided);
        close(f.upper, f.ratio * Math.exp(Z95 * se), 1e-9);
      }
    }), { numRuns: 200 });
  });

  it('rolls one cross-tabulation up into every characteristic', () => {
    const reports = computeOverview({ outcome: 'refusal' }, { ethnicity: 'White' }, [
      { ethnicity: 'White', sex: 'Male', religion: null, sexualOrientation: null, disability: 'No', genderIdentitySameAsBirth: null, ageBand: '25 to 34', decided: 50, events: 5 },
      { ethnicity: 'White', sex: 'Female', religion: null, sexualOrientation: null, disability: 'Yes', genderIdentitySameAsBirth: null, ageBand: '25 to 34', decided: 10, events: 1 },
      { ethnicity: 'Asian or Asian British', sex: 'Male', religion: 'Sikh', sexualOrientation: null, disability: 'No', genderIdentitySameAsBirth: null, ageBand: null, decided: 20, events: 8 },
    ]);
    expect(reports.map((r) => r.characteristic)).toEqual(['ethnicity', 'sex', 'genderIdentitySameAsBirth', 'religion', 'sexualOrientation', 'disability', 'ageBand']);
    const sex = reports[1]!;
    expect(sex.reference).toBe('Male');
    expect(group(sex, 'Male')).toMatchObject({ decided: 70, events: 13 });
    expect(group(sex, 'Female')).toMatchObject({ decided: 10, events: 1 });
    expect(group(reports[6]!, NOT_RECORDED)).toMatchObject({ decided: 20, events: 8 });
    expect(reports.every((r) => r.decided === 80)).toBe(true);
  });
});

describe('suppression in displays', () => {
  it('hides small groups’ counts and every figure that would give them back, their flag included', () => {
    const raw = report();
    const shown = presentReport(raw, 5);
    const mixed = shown.groups.find((g) => g.group === 'Mixed or multiple ethnic groups')!;
    expect(mixed).toMatchObject({ suppressed: true, decided: '<5', events: '<5', rate: null, ratio: null, lower: null, upper: null, pValue: null, flagged: null });
    expect(shown.groups.filter((g) => g.suppressed).map((g) => g.group)).toEqual(['Mixed or multiple ethnic groups', 'Other ethnic group', PREFER_NOT_TO_SAY, OTHER_VALUE, NOT_RECORDED]);
    const asian = shown.groups.find((g) => g.group === 'Asian or Asian British')!;
    expect(asian).toMatchObject({ suppressed: false, decided: 30, events: 5 }); // five is not below five
    // The calculation underneath is untouched.
    expect(group(raw, 'Mixed or multiple ethnic groups')).toMatchObject({ decided: 3, events: 1 });
    close(group(raw, 'Mixed or multiple ethnic groups').ratio, 10 / 3);
    expect(shown.decided).toBe(122);
  });

  it('suppresses a group with few people without the outcome too (almost everyone refused)', () => {
    const r = computeReport({ characteristic: 'sex', outcome: 'refusal' }, [{ value: 'Male', decided: 100, events: 10 }, { value: 'Female', decided: 40, events: 38 }, { value: PREFER_NOT_TO_SAY, decided: 50, events: 9 }]);
    const shown = presentReport(r, 5);
    expect(r.groups.find((g) => g.group === 'Female')!.flagged).toBe('higher');
    expect(shown.groups.find((g) => g.group === 'Female')).toMatchObject({ suppressed: true, flagged: null });
  });

  it('withholds every relative rate and flag when the reference group itself is suppressed', () => {
    const shown = presentReport(report(), 10); // White has only 6 refusals
    expect(shown.referenceSuppressed).toBe(true);
    const black = shown.groups.find((g) => g.group === 'Black, Black British, Caribbean or African')!;
    expect(black).toMatchObject({ suppressed: true, ratio: null, flagged: null });
    expect(tableRows(shown).find((r) => r.group === 'White')).toMatchObject({ decided: '<10', ratio: 'Reference group' });
  });

  it('adds a complementary group when only one would be hidden, so it cannot be had by subtraction', () => {
    const groups = computeReport({ characteristic: 'disability', outcome: 'refusal' }, [
      { value: 'No', decided: 500, events: 50 }, { value: 'Yes', decided: 40, events: 6 }, { value: PREFER_NOT_TO_SAY, decided: 30, events: 7 },
      { value: 'Irrelevant', decided: 3, events: 1 }, { value: null, decided: 60, events: 6 },
    ]).groups.filter((g) => g.decided > 0);
    expect([...suppressedGroups(groups, 5)].sort()).toEqual([OTHER_VALUE, PREFER_NOT_TO_SAY]);
    expect([...suppressedGroups(groups, 0)]).toEqual([]);
  });

  it('property: a shown group never has a count below the threshold, and its figures equal the calculation', () => {
    const counts = fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 60 })).map(([x, y]) => ({ decided: Math.max(x, y), events: Math.min(x, y) }));
    fc.assert(fc.property(fc.array(counts, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 12 }), (cells, threshold) => {
      const raw = computeReport({ characteristic: 'disability', outcome: 'refusal' }, cells.map((c, i) => ({ value: ['Yes', 'No', PREFER_NOT_TO_SAY][i]!, ...c })));
      const shown = presentReport(raw, threshold);
      expect(shown.groups.filter((g) => g.suppressed).length).not.toBe(1);
      for (const g of shown.groups) {
        const real = raw.groups.find((x) => x.group === g.group)!;
        if (g.suppressed) continue;
        expect(g.decided).toBe(real.decided);
        expect(Math.min(real.decided, real.events, real.decided - real.events)).toBeGreaterThanOrEqual(threshold);
        if (!shown.referenceSuppressed) expect(g.ratio).toBe(real.ratio);
      }
    }), { numRuns: 300 });
  });

  it('uses five as the default threshold', () => {
    expect(DEFAULT_SUPPRESS_BELOW).toBe(5);
  });
});

describe('CSV export', () => {
  it('has the same figures as the page, suppressed cells marked as suppressed', () => {
    const csv = reportCsv(presentReport(report({ from: '2026-01-01', to: '2026-06-30', kind: 'recruit' }), 5));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Characteristic,Outcome,Decided from,Decided to,Application kind,Group,Reference group,Decided,With the outcome,Rate,Relative rate,Lower 95% limit,Upper 95% limit,Interval corrected for a zero count,Fisher exact p-value,Flagged,Suppressed');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toBe('Ethnic group,Refusal,2026-01-01,2026-06-30,Recruit,White,Yes,60,6,0.1,,,,,,,No');
    expect(lines[3]).toBe('Ethnic group,Refusal,2026-01-01,2026-06-30,Recruit,"Black, Black British, Caribbean or African",No,20,8,0.4,4,1.5787,10.1349,No,0.004854,Higher,No');
    expect(lines[4]).toBe('Ethnic group,Refusal,2026-01-01,2026-06-30,Recruit,Mixed or multiple ethnic groups,No,<5,<5,suppressed,suppressed,suppressed,suppressed,,suppressed,suppressed,Yes');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses cells a spreadsheet would run as a formula, and quotes separators', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvText(evil).replace(/^"/, '')).toMatch(/^'/);
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('a,"b"')).toBe('"a,""b"""');
    expect(csvText('White')).toBe('White');
    // A value HR holds that looks like a formula is counted under "Other value held", so it never reaches the CSV;
    // the group names that do are fixed text.
    const csv = reportCsv(presentReport(computeReport({ characteristic: 'religion', outcome: 'refusal' }, [{ value: '=cmd|calc', decided: 9, events: 1 }]), 5));
    expect(csv).not.toContain('=cmd');
    for (const line of csv.trimEnd().split('\r\n')) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('the chart', () => {
  const shown = (): DisplayReport => presentReport(report(), 5);

  it('describes itself, labels every group and marks suppressed and flagged ones in words', () => {
    const chart = chartModel(shown());
    expect(chart.title).toBe('Relative rate of refusal by ethnic group, compared with White');
    expect(chart.description).toContain('Flagged because the interval excludes 1: Black, Black British, Caribbean or African (higher).');
    expect(chart.description).toContain('Figures suppressed for small numbers: Mixed or multiple ethnic groups; Other ethnic group; Prefer not to say; Other value held; Not recorded.');
    expect(chart.rows).toHaveLength(8);
    expect(chart.rows.map((r) => r.labelLines.join(' '))).toEqual(shown().groups.map((g) => g.group));
    const black = chart.rows[2]!;
    expect(black).toMatchObject({ text: '4.00 (1.58 to 10.13)', flag: 'Flagged: higher' });
    expect(black.bar!.colour).toBe('#d4351c');
    expect(chart.rows[0]).toMatchObject({ bar: null, whisker: null, text: 'Reference group' });
    expect(chart.rows[3]).toMatchObject({ bar: null, text: 'Suppressed' });
  });

  it('draws bars from the line at 1 to the relative rate, with whiskers at the interval, on a log scale', () => {
    const chart = chartModel(shown());
    const asian = chart.rows[1]!;
    expect(asian.bar!.x).toBe(chart.oneX);
    const black = chart.rows[2]!;
    expect(black.bar!.x).toBe(chart.oneX);
    // ln 4 / ln(1.6667) is the ratio of the bars' lengths on a log scale.
    expect(black.bar!.width / asian.bar!.width).toBeCloseTo(Math.log(4) / Math.log(5 / 3), 1);
    expect(black.whisker!.x1).toBeLessThan(black.bar!.x + black.bar!.width);
    expect(black.whisker!.x2).toBeGreaterThan(black.bar!.x + black.bar!.width);
    expect(chart.ticks.map((t) => t.label)).toContain('1');
    expect(chart.ticks.find((t) => t.label === '1')!.x).toBe(chart.oneX);
  });

  it('wraps long group names', () => {
    expect(wrapLabel('Black, Black British, Caribbean or African')).toEqual(['Black, Black British, Caribbean or', 'African']);
    expect(wrapLabel('White')).toEqual(['White']);
  });
});

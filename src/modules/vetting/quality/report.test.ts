import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthLabel, qaState, selectionSummary, themeCounts } from './presenters.js';
import { byDecisionMaker, byMonth, csvCell, reportCsv, themesUsed, toCsv, type ReportEntry } from './report.js';

const entry = (e: Partial<ReportEntry>): ReportEntry => ({ month: '2026-10', decidedBy: 'u1', decidedByLabel: 'Ada Fenwick', eligible: true, selection: null, finding: null, learningThemes: [], ...e });

const ENTRIES: ReportEntry[] = [
  entry({ selection: 'share', finding: 'agree' }),
  entry({ selection: 'share', finding: 'disagree', learningThemes: ['Record keeping', 'Risk assessment'] }),
  entry({}),
  entry({ selection: 'all_refusals' }),
  entry({ month: '2026-11', decidedBy: 'u2', decidedByLabel: 'Bram Ostler', selection: 'share', finding: 'agree_with_learning', learningThemes: ['Record keeping'] }),
  entry({ month: '2026-11', decidedBy: 'u2', decidedByLabel: 'Bram Ostler', eligible: false, selection: 'by_hand', finding: 'agree' }),
  entry({ month: '2027-01', decidedBy: null, decidedByLabel: 'Legacy import' }),
];

describe('QA report figures', () => {
  it('counts the pool, the sample, the rate, findings and themes by month, with empty months and a total', () => {
    const rows = byMonth(ENTRIES, '2026-09', '2026-11');
    expect(rows.map((r) => r.key)).toEqual(['2026-09', '2026-10', '2026-11', 'total']);
    expect(rows[0]).toMatchObject({ inPool: 0, sampledByRule: 0, sampleRate: null });
    expect(rows[1]).toMatchObject({ inPool: 4, sampledByRule: 3, sampleRate: 0.75, addedByHand: 0, qaCompleted: 2, qaOutstanding: 1, findings: { agree: 1, agree_with_learning: 0, disagree: 1 }, themes: { 'Record keeping': 1, 'Risk assessment': 1 } });
    expect(rows[2]).toMatchObject({ inPool: 1, sampledByRule: 1, sampleRate: 1, addedByHand: 1, qaCompleted: 2, qaOutstanding: 0 });
    expect(rows[3]).toMatchObject({ inPool: 5, sampledByRule: 4, sampleRate: 0.8, addedByHand: 1, qaCompleted: 4, themes: { 'Record keeping': 2, 'Risk assessment': 1 } });
  });

  it('groups by decision maker, by user or by recorded name, busiest first', () => {
    const rows = byDecisionMaker(ENTRIES);
    expect(rows.map((r) => r.label)).toEqual(['Ada Fenwick', 'Bram Ostler', 'Legacy import', 'Total']);
    expect(rows[1]).toMatchObject({ inPool: 1, addedByHand: 1, findings: { agree: 1, agree_with_learning: 1, disagree: 0 } });
    expect(rows[2]).toMatchObject({ key: 'name:Legacy import', inPool: 1, sampledByRule: 0, sampleRate: 0 });
  });

  it('keeps the totals equal to the sum of the rows, whatever the entries', () => {
    const arbitraryEntry = fc.record({
      month: fc.constantFrom('2026-01', '2026-02', '2026-03'), decidedBy: fc.constantFrom('u1', 'u2', null), decidedByLabel: fc.constantFrom('A', 'B'),
      eligible: fc.boolean(), selection: fc.constantFrom('share', 'all_refusals', 'by_hand', null), finding: fc.constantFrom('agree', 'agree_with_learning', 'disagree', null),
      learningThemes: fc.subarray(['x', 'y', 'z']),
    }) as fc.Arbitrary<ReportEntry>;
    fc.assert(fc.property(fc.array(arbitraryEntry, { maxLength: 60 }), (entries) => {
      for (const rows of [byMonth(entries, '2026-01', '2026-03'), byDecisionMaker(entries)]) {
        const total = rows.at(-1)!;
        const body = rows.slice(0, -1);
        for (const k of ['inPool', 'sampledByRule', 'addedByHand', 'qaCompleted', 'qaOutstanding'] as const) expect(body.reduce((n, r) => n + r[k], 0)).toBe(total[k]);
        expect(total.inPool).toBe(entries.filter((e) => e.eligible).length);
        if (total.sampleRate !== null) expect(total.sampleRate).toBeLessThanOrEqual(1);
      }
    }));
  });

  it('lists the learning themes used, most used first', () => {
    expect(themesUsed(byMonth(ENTRIES, '2026-10', '2026-11'))).toEqual(['Record keeping', 'Risk assessment']);
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas, and quotes where needed', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ['+', '-', '@', '\t']) expect(csvCell(`${start}1`)).toMatch(/^"?'/);
    expect(csvCell('Fenwick, Ada')).toBe('"Fenwick, Ada"');
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(toCsv([['a', 'b'], [1, '@x']])).toBe("a,b\r\n1,'@x\r\n");
  });

  it('writes a column per finding and per theme used', () => {
    const csv = reportCsv('Decision maker', byDecisionMaker([...ENTRIES, entry({ decidedBy: 'u3', decidedByLabel: '=cmd|calc', selection: 'share' })]));
    const [header, first, ...rest] = csv.trim().split('\r\n');
    const evil = rest.find((line) => line.includes('cmd|calc'));
    expect(header).toBe('Decision maker,Decisions in pool,Sampled by rule,Sample rate,Added by hand,QA completed,QA outstanding,Agree,Agree with learning,Disagree,Theme: Record keeping,Theme: Risk assessment');
    expect(first).toBe('Ada Fenwick,4,3,75.0%,0,2,1,1,0,1,1,1');
    expect(evil).toBe("'=cmd|calc,1,1,100.0%,0,0,1,0,0,0,0,0");
  });
});

describe('QA presenters', () => {
  const base = { eligible: true, draw: 0.08676, sampleShare: 0.25, addedByLabel: null };
  it('explains the selection with the figures the rule used', () => {
    expect(selectionSummary({ ...base, selection: 'share' })).toBe('Sampled: its draw of 0.0868 is below the share of 25%');
    expect(selectionSummary({ ...base, draw: 0.9, selection: null })).toBe('Not sampled: its draw of 0.9000 is not below the share of 25%');
    expect(selectionSummary({ ...base, eligible: false, selection: 'by_hand', addedByLabel: 'fvm.user' })).toBe('Added to the sample by fvm.user (not in the pool by rule)');
    expect(selectionSummary({ ...base, selection: 'all_refusals', sampleShare: 0.125 })).toBe('Sampled: every refusal is sampled');
  });

  it('names the QA state, the month and theme counts', () => {
    expect(qaState({ selection: 'share', finding: null })).toBe('Sampled, awaiting quality assurance');
    expect(qaState({ selection: null, finding: null })).toBe('In the pool, not sampled');
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(monthLabel('Total')).toBe('Total');
    expect(themeCounts({ b: 1, a: 1, c: 3 })).toBe('c (3); a (1); b (1)');
  });
});

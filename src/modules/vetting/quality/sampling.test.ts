import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, entersPool, findingErrors, monthsBetween, samplingDraw, selectionFor } from './sampling.js';

const THEMES = ['Record keeping', 'Risk assessment of the adverse information'];
const uuid = fc.uuid();
const share = fc.double({ min: 0, max: 1, noNaN: true });

describe('the QA pool', () => {
  it('takes every refusal and clearances only when they were made on adverse information', () => {
    expect(entersPool('refusal', false)).toBe(true);
    expect(entersPool('refusal', true)).toBe(true);
    expect(entersPool('clearance', true)).toBe(true);
    expect(entersPool('clearance_with_conditions', true)).toBe(true);
    expect(entersPool('clearance', false)).toBe(false);
    expect(entersPool('clearance_with_conditions', false)).toBe(false);
    expect(entersPool('withdrawn', true)).toBe(false);
  });
});

describe('the sampling draw', () => {
  it('is the first 48 bits of SHA-256 over the id, as sha256sum gives them', () => {
    // Oracles from the command line: printf %s <id> | sha256sum, first 12 hex digits ÷ 16^12.
    expect(samplingDraw('00000000-0000-4000-8000-000000000000')).toBeCloseTo(0.8574269937527674, 15);
    expect(samplingDraw('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBeCloseTo(0.08676429614163439, 15);
  });

  it('is stable: the same decision always draws the same number, whatever the case of its id', () => {
    fc.assert(fc.property(uuid, (id) => {
      const draw = samplingDraw(id);
      expect(samplingDraw(id)).toBe(draw);
      expect(samplingDraw(id.toUpperCase())).toBe(draw);
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
    }));
  });

  it('only ever adds decisions to the sample when the share rises', () => {
    fc.assert(fc.property(uuid, share, share, (id, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      const draw = samplingDraw(id);
      if (selectionFor('clearance', draw, { sampleShare: low, sampleAllRefusals: false })) {
        expect(selectionFor('clearance', draw, { sampleShare: high, sampleAllRefusals: false })).toBe('share');
      }
    }));
  });

  it('samples nothing at a share of 0 and everything at a share of 1', () => {
    fc.assert(fc.property(uuid, (id) => {
      expect(selectionFor('clearance', samplingDraw(id), { sampleShare: 0, sampleAllRefusals: false })).toBeNull();
      expect(selectionFor('clearance', samplingDraw(id), { sampleShare: 1, sampleAllRefusals: false })).toBe('share');
    }));
  });

  it('realises the configured share over many decisions (within five standard errors)', () => {
    fc.assert(
      fc.property(fc.array(uuid, { minLength: 3000, maxLength: 3000 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (ids, s) => {
        const unique = [...new Set(ids)];
        const sampled = unique.filter((id) => selectionFor('clearance', samplingDraw(id), { sampleShare: s, sampleAllRefusals: false })).length;
        const tolerance = 5 * Math.sqrt((s * (1 - s)) / unique.length);
        expect(Math.abs(sampled / unique.length - s)).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 20 },
    );
  });

  it('samples every refusal when the force chooses to, and refusals at the share otherwise', () => {
    fc.assert(fc.property(uuid, share, (id, s) => {
      const draw = samplingDraw(id);
      expect(selectionFor('refusal', draw, { sampleShare: s, sampleAllRefusals: true })).toBe('all_refusals');
      expect(selectionFor('refusal', draw, { sampleShare: s, sampleAllRefusals: false })).toBe(draw < s ? 'share' : null);
      expect(selectionFor('clearance', draw, { sampleShare: s, sampleAllRefusals: true })).toBe(draw < s ? 'share' : null);
    }));
  });
});

describe('a finding', () => {
  it('needs nothing more than the finding for agree', () => {
    expect(findingErrors({ finding: 'agree', learningThemes: [] }, THEMES)).toEqual([]);
  });

  it('needs feedback and a learning theme for agree with learning and disagree', () => {
    for (const finding of ['agree_with_learning', 'disagree'] as const) {
      expect(findingErrors({ finding, learningThemes: [], feedback: '   ' }, THEMES).map((e) => e.field)).toEqual(['learningThemes', 'feedback']);
      expect(findingErrors({ finding, learningThemes: ['Record keeping'], feedback: 'Record the NDM options considered.' }, THEMES)).toEqual([]);
    }
  });

  it('accepts only configured themes, and a referral only for a disagreement', () => {
    expect(findingErrors({ finding: 'agree', learningThemes: ['Made up'] }, THEMES)).toEqual([{ field: 'learningThemes', message: expect.stringContaining('Made up') }]);
    expect(findingErrors({ finding: 'agree', learningThemes: [], action: 'refer_to_manager' }, THEMES).map((e) => e.field)).toEqual(['action']);
    expect(findingErrors({ finding: 'disagree', learningThemes: ['Record keeping'], feedback: 'Risk not weighed.', action: 'refer_to_manager' }, THEMES)).toEqual([]);
  });
});

describe('months', () => {
  it('lists the months of a range across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('adds and subtracts months', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -11)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -60, max: 60 }), (y, m, n) => {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      expect(addMonths(addMonths(month, n), -n)).toBe(month);
      if (n >= 0) expect(monthsBetween(month, addMonths(month, n))).toHaveLength(n + 1);
    }));
  });
});

import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided } from '../disproportionality/stats.js';
import { vettingHistory, type HistoryChunk, type HistoryOptions } from './history.js';

const BLACK = 'Black, Black British, Caribbean or African';
const options = (overrides: Partial<HistoryOptions> = {}): HistoryOptions => ({
  asOf: '2026-11-01', years: 5, seed: 7, externalApplicants: 3000,
  people: Array.from({ length: 200 }, (_, i) => ({ personId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, forenames: 'Quorabel', surname: 'Vantablick', dateOfBirth: '1980-01-01', personType: i % 3 ? 'staff' : 'officer', requiredLevel: i % 10 ? 'RV' : 'MV', startDate: i % 2 ? '2024-03-01' : '2005-05-05', equality: { ethnicity: 'White' } })),
  disproportion: { field: 'ethnicity', group: BLACK, refusalMultiplier: 2.5 }, ...overrides,
});
const all = (o: HistoryOptions): HistoryChunk => {
  const merged: HistoryChunk = { applications: [], checks: [], traces: [], associates: [], decisions: [], conditions: [], equality: [], appeals: [], timeline: [] };
  for (const c of vettingHistory(o, 700)) for (const k of Object.keys(merged) as (keyof HistoryChunk)[]) merged[k].push(...c[k]);
  return merged;
};

describe('synthetic vetting history', () => {
  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify(all(options()))).toBe(JSON.stringify(all(options())));
    expect(JSON.stringify(all(options({ seed: 8 })).decisions.slice(0, 20))).not.toBe(JSON.stringify(all(options()).decisions.slice(0, 20)));
  });

  it('holds together: unique ids and references, every row pointing at a generated application or decision, decisions after receipt', () => {
    const h = all(options());
    const apps = new Map(h.applications.map((a) => [a.id as string, a]));
    expect(apps.size).toBe(h.applications.length);
    const ids = [...h.applications, ...h.checks, ...h.decisions, ...h.appeals].map((r) => r.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(h.applications.map((a) => a.reference)).size).toBe(h.applications.length);
    const decisionIds = new Set(h.decisions.map((d) => d.id));
    for (const rows of [h.checks, h.traces, h.associates, h.equality, h.decisions, h.appeals, h.timeline]) for (const r of rows) expect(apps.has(r.application_id as string)).toBe(true);
    for (const c of h.conditions) expect(decisionIds.has(c.decision_id)).toBe(true);
    for (const d of h.decisions) expect(d.decided_on as string >= (apps.get(d.application_id as string)!.received_on as string)).toBe(true);
    expect(h.applications.filter((a) => a.status === 'open').length).toBeGreaterThan(20);
    for (const d of h.decisions.filter((x) => x.had_adverse_information)) expect(d.rationale).toMatchObject({ information: expect.any(String), riskFactors: expect.any(Array) });
    expect(h.conditions.length).toBeGreaterThan(0);
    expect(h.appeals.length).toBeGreaterThan(20);
    for (const a of h.appeals) expect(decisionIds.has(a.decision_id)).toBe(true);
    const outcomes = h.appeals.map((a) => a.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['upheld', 'not_upheld', 'criteria_not_met']));
    for (const a of h.appeals) expect(a.outcome === null).toBe(a.decided_on === null);
  });

  it('builds in a disproportion in refusals of one group that an exact test finds, and none without it', () => {
    const rates = (o: HistoryOptions) => {
      const h = all(o);
      const ethnicity = new Map(h.equality.map((e) => [e.application_id, e.ethnicity]));
      const count = (inGroup: boolean) => {
        const ds = h.decisions.filter((d) => (ethnicity.get(d.application_id) === BLACK) === inGroup);
        return { n: ds.length, refused: ds.filter((d) => d.outcome === 'refusal').length };
      };
      const g = count(true);
      const r = count(false);
      return { p: fisherExactTwoSided(g.refused, g.n - g.refused, r.refused, r.n - r.refused), ratio: g.refused / g.n / (r.refused / r.n) };
    };
    const skewed = rates(options({ externalApplicants: 6000 }));
    expect(skewed.ratio).toBeGreaterThan(1.6);
    expect(skewed.p).toBeLessThan(0.01);
    const fair = rates(options({ externalApplicants: 6000, disproportion: undefined }));
    expect(fair.ratio).toBeLessThan(1.5);
  });
});

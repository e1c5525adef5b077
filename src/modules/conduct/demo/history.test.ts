import { describe, expect, it } from 'vitest';
import { DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER, FORUMS, HANDLING_ROUTES, OUTCOMES, rankLevel, seniorityVerdict, type DecisionKind } from '../rules.js';
import { conductHistory, type ConductDemoPerson } from './history.js';

const RANKS = ['Constable', 'Sergeant', 'Inspector', 'Chief Inspector', 'Superintendent', 'Grade C'];
const people: ConductDemoPerson[] = Array.from({ length: 600 }, (_, i) => ({
  personId: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`, forenames: 'Demo', surname: `Person${i}`,
  personType: i % 7 === 0 ? 'staff' : 'officer', rankOrGrade: RANKS[i % RANKS.length]!, unitCode: i % 10 === 0 ? 'PSD' : 'RESP',
}));
const all = (options: Partial<Parameters<typeof conductHistory>[0]> = {}) => {
  const chunks = [...conductHistory({ asOf: '2026-11-01', years: 6, seed: 7, people, cases: 3000, ...options }, 700)];
  const flat = <K extends keyof (typeof chunks)[number]>(k: K) => chunks.flatMap((c) => c[k] as Record<string, unknown>[]);
  return { chunks, cases: flat('cases'), allegations: flat('allegations'), decisions: flat('decisions'), outcomes: flat('outcomes'), flags: flat('flags'), parties: flat('parties'), support: flat('support'), investigated: flat('investigated') };
};

describe('the synthetic conduct history', () => {
  const h = all();

  it('is deterministic and its ids and references are unique', () => {
    expect(JSON.stringify(all().cases.slice(0, 50))).toBe(JSON.stringify(h.cases.slice(0, 50)));
    const ids = [...h.cases, ...h.allegations, ...h.decisions, ...h.outcomes, ...h.flags].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(h.cases.map((c) => c.reference)).size).toBe(h.cases.length);
    expect(h.cases.every((c) => /^PSD-\d{4}-[2-9A-HJKMNP-Z]{8}$/.test(c.reference as string))).toBe(true);
  });

  it('covers every handling route and every outcome, and every forum but none the rules forbid', () => {
    expect(new Set(h.cases.map((c) => c.handling_route).filter(Boolean))).toEqual(new Set(HANDLING_ROUTES));
    expect(new Set(h.outcomes.map((o) => o.outcome))).toEqual(new Set(OUTCOMES));
    expect(new Set(h.outcomes.map((o) => o.forum))).toEqual(new Set(FORUMS));
    expect(h.outcomes.some((o) => o.outcome === 'reduction_in_rank' && people.find((p) => p.personId === o.person_id)!.personType !== 'officer')).toBe(false);
  });

  it('includes decisions below the minimum rank for the seniority report, and most decisions above it', () => {
    const verdicts = h.decisions.map((d) => seniorityVerdict(d.kind as DecisionKind, d.decider_rank as string, DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER).ok);
    const breaches = verdicts.filter((ok) => !ok).length;
    expect(breaches).toBeGreaterThan(10);
    expect(breaches / verdicts.length).toBeLessThan(0.08);
    expect(h.decisions.every((d) => rankLevel(d.decider_rank as string, DEFAULT_RANK_ORDER) !== undefined)).toBe(true);
  });

  it('keeps dates in order, leaves some cases open past twelve months and flags PIB with colleague victims, some unsupported', () => {
    for (const c of h.cases) {
      const [received, recorded, finalised] = [c.received_on, c.recorded_on, c.finalised_on] as (string | null)[];
      if (recorded) expect(recorded >= received!).toBe(true);
      if (finalised) expect(finalised > (recorded ?? received)!).toBe(true);
    }
    expect(h.cases.some((c) => c.status !== 'finalised' && c.status !== 'to_be_recorded' && (c.received_on as string) < '2025-11-01')).toBe(true);
    expect(h.flags.some((f) => f.flag === 'prejudicial_improper_behaviour')).toBe(true);
    const colleagueVictims = h.parties.filter((p) => p.colleague);
    expect(colleagueVictims.length).toBeGreaterThan(h.support.length);
    expect(h.support.length).toBeGreaterThan(0);
    expect(h.investigated.length).toBeGreaterThan(100);
  });

  it('stops at an exact number of allegations, spread over the whole period', () => {
    const lean = all({ maxAllegations: 1000, cases: 1000, lean: true });
    expect(lean.allegations.length).toBe(1000);
    expect(lean.parties).toHaveLength(0);
    expect(lean.decisions.every((d) => d.kind === 'handling_route')).toBe(true);
    expect((lean.cases.at(-1)!.received_on as string) >= '2026-09-01').toBe(true);
  });
});

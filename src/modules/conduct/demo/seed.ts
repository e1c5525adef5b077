import type { Db, Queryable } from '../../../platform/db/types.js';
import { insertRows } from '../../../platform/demo/rows.js';
import { conductHistory, type ConductChunk, type ConductDemoPerson, type ConductHistoryOptions, type InvestigatedCase } from './history.js';

/** Tables in the order their rows must go in (each row's references exist before it). */
const TABLES: [keyof ConductChunk, string][] = [
  ['cases', 'conduct_cases'], ['allegations', 'conduct_allegations'], ['subjects', 'conduct_allegation_subjects'], ['flags', 'conduct_flags'], ['parties', 'conduct_parties'],
  ['support', 'conduct_victim_support'], ['decisions', 'conduct_decisions'], ['outcomes', 'conduct_outcomes'], ['timeline', 'conduct_timeline'],
];


/** Loads generated conduct history into the caller's transaction; returns what it loaded and the investigated cases. */
export async function seedConductHistory(q: Queryable, chunks: Iterable<ConductChunk & { investigated: InvestigatedCase[] }>): Promise<{ cases: number; allegations: number; investigated: InvestigatedCase[] }> {
  let cases = 0;
  let allegations = 0;
  const investigated: InvestigatedCase[] = [];
  for (const chunk of chunks) {
    for (const [key, table] of TABLES) await insertRows(q, table, chunk[key]);
    cases += chunk.cases.length;
    allegations += chunk.allegations.length;
    investigated.push(...chunk.investigated);
  }
  return { cases, allegations, investigated };
}

/**
 * The demo force's complaints and conduct history: seven years, about one case a year for every six people (a busy
 * PSD), every route and outcome, decisions below the minimum rank, mis-flags, stale open cases and PIB allegations.
 * `withInvestigations` is the hook for the investigation feature's demo (plans and lines of inquiry, some left open
 * and stale): it runs in the same transaction with the investigated cases, once they exist.
 */
export async function seedDemoConduct(
  db: Db,
  people: readonly ConductDemoPerson[],
  options: { asOf?: string; years?: number; seed?: number; withInvestigations?: (tx: Queryable, cases: InvestigatedCase[]) => Promise<void> } = {},
): Promise<{ cases: number; allegations: number; investigated: number }> {
  const years = options.years ?? 7;
  const history: ConductHistoryOptions = { asOf: options.asOf ?? '2026-11-01', years, seed: options.seed ?? 2026, people, cases: Math.max(200, Math.round((people.length / 6) * years)) };
  return db.transaction(async (tx) => {
    const loaded = await seedConductHistory(tx, conductHistory(history, 2000));
    if (options.withInvestigations) await options.withInvestigations(tx, loaded.investigated);
    return { cases: loaded.cases, allegations: loaded.allegations, investigated: loaded.investigated.length };
  });
}

export type { ConductDemoPerson, InvestigatedCase } from './history.js';

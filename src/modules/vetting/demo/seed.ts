import type { Queryable } from '../../../platform/db/types.js';
import { insertRows } from '../../../platform/demo/rows.js';
import type { HistoryChunk } from './history.js';

/** Tables in the order their rows must go in (each row's references exist before it). */
const TABLES: [keyof HistoryChunk, string][] = [
  ['applications', 'vetting_applications'], ['equality', 'vetting_equality_monitoring'], ['checks', 'vetting_checks'], ['traces', 'vetting_adverse_traces'],
  ['associates', 'vetting_associates'], ['decisions', 'vetting_decisions'], ['conditions', 'vetting_conditions'], ['appeals', 'vetting_appeals'], ['timeline', 'vetting_timeline'],
];


/** Loads generated vetting history (inside the caller's transaction) and moves the reference sequence past it. */
export async function seedVettingHistory(q: Queryable, chunks: Iterable<HistoryChunk>): Promise<{ applications: number; decisions: number }> {
  let applications = 0;
  let decisions = 0;
  for (const chunk of chunks) {
    for (const [key, table] of TABLES) await insertRows(q, table, chunk[key]);
    applications += chunk.applications.length;
    decisions += chunk.decisions.length;
  }
  await q.query(`select setval('vetting_reference_seq', greatest((select count(*) from vetting_applications), 1))`);
  await q.query(`select setval('vetting_appeal_reference_seq', greatest((select count(*) from vetting_applications), 1))`);
  return { applications, decisions };
}

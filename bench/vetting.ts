/**
 * npm run bench:vetting — the disproportionality report and the compliance lists on PostgreSQL with 1,000,000 vetting
 * decisions (250,000 serving people, each with the decision behind their clearance, and outside applicants for the rest).
 * Prints one JSON object: {"decisions", "disproportionality": {"medianMs", ...}, "compliance": {"medianMs", ...}}.
 * Options: --decisions N (default 1000000), --people N serving (default 250000), --runs R timed runs each (default 9).
 */
import { parseArgs } from 'node:util';
import type { Viewer } from '../src/platform/access/policy.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { dbUrl, freshDatabase } from './database.js';
import { Random, hash32 } from '../src/platform/demo/random.js';
import { ComplianceRepository, LISTS } from '../src/modules/vetting/compliance/data.js';
import { PostholderProjection } from '../src/modules/vetting/compliance/projection.js';
import { vettingHistory, type HistoryPerson } from '../src/modules/vetting/demo/history.js';
import { seedVettingHistory } from '../src/modules/vetting/demo/seed.js';
import { disproportionalityReport } from '../src/modules/vetting/disproportionality/data.js';
import type { PeopleDirectory } from '../src/modules/vetting/service.js';

const { values } = parseArgs({ options: { decisions: { type: 'string', default: '1000000' }, people: { type: 'string', default: '250000' }, runs: { type: 'string', default: '9' } } });
const DECISIONS = Number(values.decisions);
const PEOPLE = Number(values.people);
const RUNS = Number(values.runs);
const DB_NAME = 'probity_bench_vetting';
const log = (m: string) => process.stderr.write(`${m}\n`);
const LEVELS = ['RV', 'RV', 'RV', 'MV', 'NPPV2', 'NPPV3'];
const ETHNICITY = ['White', 'White', 'White', 'White', 'White', 'White', 'White', 'White', 'Asian or Asian British', 'Black, Black British, Caribbean or African', 'Mixed or multiple ethnic groups'];

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Serving people for the benchmark, with the posts they hold: ids and names only, no workforce tables needed. */
function servingPeople(): (HistoryPerson & { postId: string; designated: boolean })[] {
  return Array.from({ length: PEOPLE }, (_, i) => {
    const rng = new Random(hash32(99, i));
    return {
      personId: uuid(i + 1), forenames: 'Benchley', surname: `Quorn${i}`, dateOfBirth: '1985-06-01', personType: rng.chance(0.6) ? 'officer' : 'staff',
      requiredLevel: rng.pick(LEVELS), startDate: rng.chance(0.3) ? '2023-04-01' : '2009-09-01', postId: uuid(10_000_000 + i), designated: rng.chance(0.15),
      equality: { ethnicity: rng.pick(ETHNICITY), sex: rng.chance(0.5) ? 'Female' : 'Male' },
    };
  });
}

async function prepare(): Promise<number> {
  const db = await freshDatabase(DB_NAME);
  const people = servingPeople();
  const t0 = Date.now();
  const history = vettingHistory({
    asOf: '2026-11-01', years: 10, seed: 1, people, externalApplicants: DECISIONS * 2, maxDecisions: DECISIONS, lean: true,
    disproportion: { field: 'ethnicity', group: 'Black, Black British, Caribbean or African', refusalMultiplier: 2 },
  });
  let loaded = { applications: 0, decisions: 0 };
  for (const chunk of history) {
    // A bulk load skips the per-statement triggers (and foreign-key checks); the compliance tables they keep are
    // re-derived once below, as the weekly reconciliation job does.
    const r = await db.transaction(async (tx) => {
      await tx.query('set local session_replication_role = replica');
      return seedVettingHistory(tx, [chunk]);
    });
    loaded = { applications: loaded.applications + r.applications, decisions: loaded.decisions + r.decisions };
    if (loaded.applications % 100_000 < chunk.applications.length) log(`${loaded.decisions} decisions loaded (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // The compliance projection, filled through its own code from a directory standing in for the workforce module.
  const directory = {
    postholders: async () => people.map((p) => ({ personId: p.personId!, payrollNumber: `B${p.personId!.slice(-8)}`, forenames: p.forenames, surname: p.surname, personType: p.personType, unitCode: 'BENCH', postId: p.postId, postCode: p.postId.slice(-8), postTitle: 'Benchmark post', requiredVettingLevel: p.requiredLevel ?? 'RV', designated: p.designated })),
  } as unknown as PeopleDirectory;
  await new PostholderProjection(db, directory).ensureFilled();
  await db.transaction(async (tx) => {
    await tx.query('select 1 from vetting_refresh_current_clearance(array(select distinct person_id from vetting_applications where person_id is not null))');
    await tx.query('select 1 from vetting_recount_decision_times()');
  });
  await db.query('vacuum analyze');
  log(`loaded ${loaded.decisions} decisions (${loaded.applications} applications) and ${PEOPLE} postholders in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await db.close();
  return loaded.decisions;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)), runs };
}

const decisions = await prepare();
const db = await openPostgres(dbUrl(DB_NAME), 4);
const viewer: Viewer = { userId: uuid(999_999_999), personId: null, roles: ['force_vetting_manager'], label: 'bench' };
const compliance = new ComplianceRepository(db);
// What the report page runs: ethnicity against White, refusals, all time (the whole table).
const disproportionality = await timed(RUNS, () => disproportionalityReport(db, { characteristic: 'ethnicity', outcome: 'refusal' }));
// What the compliance pages run: the first page and total of each list, and the backlog with decision times by month.
const complianceLists = await timed(RUNS, () => Promise.all([
  ...LISTS.map((list) => compliance.list(viewer, list, list === 'expiring' ? { days: 90 } : {}, 25, 0)),
  compliance.backlogBands(), compliance.monthlyDecisionTimes(12), compliance.openApplications(viewer, 25, 0),
]));
// One decision recorded at this scale, with the compliance triggers running (rolled back each time).
class Rollback extends Error {}
let n = 0;
const oneDecision = await timed(RUNS, () => db.transaction(async (tx) => {
  const [a] = await tx.query<{ id: string }>(`insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, level, received_on, status)
    values ($1, 'renewal', $2, 'Benchley', 'Quorn', 'RV', '2026-10-01', 'decided') returning id`, [`BENCH-${++n}`, uuid((n % PEOPLE) + 1)]);
  await tx.query(`insert into vetting_decisions (application_id, outcome, level, decided_on, expires_on, decided_by_label, had_adverse_information, status)
    values ($1, 'clearance', 'RV', '2026-11-01', '2036-11-01', 'bench', false, 'final')`, [a!.id]);
  throw new Rollback();
}).catch((e: unknown) => { if (!(e instanceof Rollback)) throw e; }));
await db.close();
console.log(JSON.stringify({ decisions, disproportionality, compliance: complianceLists, oneDecisionWithTriggers: oneDecision }));

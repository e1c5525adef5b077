/**
 * npm run bench:conduct — the filtered case list, a person's conduct history and the timeliness report on PostgreSQL
 * with 2,000,000 allegations (about 1.25 million cases over ten years, against 200,000 people).
 * Prints one JSON object: {"allegations", "caseList": {"p95Ms", ...}, "conductHistory": {"p95Ms", ...}, "timelinessReport": {"medianMs", ...}}.
 * Each is timed through the code a page runs (the services, with their access checks and audit writes).
 * Options: --allegations N (default 2000000), --people N (default 200000), --runs R timed runs each (default 40),
 * --skip-load to time the database the last run loaded.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ActorContext } from '../src/platform/access/guard.js';
import { AuditLog } from '../src/platform/audit/audit-log.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/bus.js';
import { SettingsStore } from '../src/platform/settings.js';
import { hash32, Random } from '../src/platform/demo/random.js';
import { ConductRepository } from '../src/modules/conduct/data.js';
import { ConductService, type PeopleDirectory } from '../src/modules/conduct/service.js';
import { conductHistory, type ConductDemoPerson } from '../src/modules/conduct/demo/history.js';
import { seedConductHistory } from '../src/modules/conduct/demo/seed.js';
import { ReportingRepository } from '../src/modules/conduct/reporting/data.js';
import { ReportingService } from '../src/modules/conduct/reporting/service.js';
import { dbUrl, freshDatabase } from './database.js';

const { values } = parseArgs({ options: { allegations: { type: 'string', default: '2000000' }, people: { type: 'string', default: '200000' }, runs: { type: 'string', default: '40' }, 'skip-load': { type: 'boolean', default: false } } });
const ALLEGATIONS = Number(values.allegations);
const PEOPLE = Number(values.people);
const RUNS = Number(values.runs);
const DB_NAME = 'probity_bench_conduct';
const AS_OF = '2026-11-01';
const log = (m: string) => process.stderr.write(`${m}\n`);
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const RANKS = ['Constable', 'Constable', 'Constable', 'Constable', 'Sergeant', 'Sergeant', 'Inspector', 'Chief Inspector', 'Grade C', 'Grade E'];

/** People for the benchmark: ids, names and ranks only, standing in for the workforce directory. */
function benchPeople(): ConductDemoPerson[] {
  return Array.from({ length: PEOPLE }, (_, i) => {
    const rng = new Random(hash32(77, i));
    const rankOrGrade = rng.pick(RANKS);
    return { personId: uuid(i + 1), forenames: 'Benchley', surname: `Quorn${i}`, personType: rankOrGrade.startsWith('Grade') ? 'staff' : 'officer', rankOrGrade, unitCode: i % 500 === 0 ? 'PSD' : 'RESP' };
  });
}

async function prepare(people: ConductDemoPerson[]): Promise<number> {
  const db = await freshDatabase(DB_NAME);
  const t0 = Date.now();
  // About 1.6 allegations a case: cases run until the exact allegation count is reached.
  const history = conductHistory({ asOf: AS_OF, years: 10, seed: 1, people, cases: ALLEGATIONS, maxAllegations: ALLEGATIONS, lean: true }, 10_000);
  let loaded = 0;
  for (const chunk of history) {
    // A bulk load without per-row trigger and foreign-key work; the rows are generated consistent with each other.
    const r = await db.transaction(async (tx) => {
      await tx.query('set local session_replication_role = replica');
      return seedConductHistory(tx, [chunk]);
    });
    loaded += r.allegations;
    if (loaded % 200_000 < r.allegations) log(`${loaded} allegations loaded (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // The timeliness milestones the skipped triggers would have kept, re-derived once, as a bulk load must.
  await db.query('select conduct_refresh_milestones()');
  await db.query('vacuum analyze');
  log(`loaded ${loaded} allegations in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await db.close();
  return loaded;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;
async function timed(runs: number, fn: (i: number) => Promise<unknown>) {
  await fn(-1); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return { p95Ms: Math.round(percentile(times, 0.95)), medianMs: Math.round(percentile(times, 0.5)), maxMs: Math.round(Math.max(...times)), runs };
}

const people = benchPeople();
// --skip-load times an already loaded database again (after a code change), without the minutes of loading.
const allegations = values['skip-load'] ? await loadedAllegations() : await prepare(people);
async function loadedAllegations(): Promise<number> {
  const db = await openPostgres(dbUrl(DB_NAME), 1);
  const [r] = await db.query<{ n: number }>('select count(*)::int as n from conduct_allegations');
  await db.close();
  return r!.n;
}
const db = await openPostgres(dbUrl(DB_NAME), 4);
const audit = new AuditLog(db);
const settings = new SettingsStore(db);
const bus = new EventBus(db);
const directory: PeopleDirectory = {
  personBasics: async () => ({ forenames: 'Benchley', surname: 'Quorn', dateOfBirth: null, personType: 'officer' }),
  personIdByPayroll: async () => undefined,
  rankOrGrade: async () => 'Chief Inspector',
};
const conduct = new ConductService(db, new ConductRepository(db), audit, bus, directory, settings);
const reporting = new ReportingService({ db, audit, bus, settings, people: directory, conduct }, new ReportingRepository(db));
const actor: ActorContext = { viewer: { userId: randomUUID(), personId: uuid(PEOPLE + 1), roles: ['head_of_psd'], label: 'bench' }, correlationId: 'bench' };

// The filtered case list, as the case list page runs it: a mix of the filters people use, first pages and a later one.
const FILTERS = [
  { status: 'assessed' as const }, { flag: 'prejudicial_improper_behaviour' as const }, { kind: 'conduct_matter' as const, category: 'F2' },
  { queue: 'open_over_12_months' as const }, { outcome: 'final_written_warning' as const }, { handlingRoute: 'investigation_directed' as const, receivedFrom: '2024-01-01' },
  { kind: 'public_complaint' as const, receivedFrom: '2026-01-01', receivedTo: '2026-06-30', page: 3 }, { subjectPersonId: uuid(4242) }, {},
];
const caseList = await timed(RUNS, (i) => reporting.findCases(actor, { page: 1, pageSize: 25, ...FILTERS[(i + FILTERS.length) % FILTERS.length]! }));
// A person's conduct history, as the person page's panel runs it, for people chosen at random.
const conductHistoryTimes = await timed(RUNS, (i) => conduct.personHistory(actor, uuid(1 + (hash32(5, i + 1) % PEOPLE))));
// The timeliness report page: the last twelve months, all kinds.
const timelinessReport = await timed(Math.max(9, Math.round(RUNS / 4)), () => reporting.timeliness(actor, { to: AS_OF.slice(0, 7) }));
const coreCaseList = await timed(RUNS, (i) => conduct.list(actor, { page: 1, pageSize: 25, ...[{ status: 'assessed' as const }, { flag: 'prejudicial_improper_behaviour' as const }, { kind: 'conduct_matter' as const, category: 'F2' }, {}][(i + 4) % 4]! }));
await db.close();
console.log(JSON.stringify({ allegations, caseList, conductHistory: conductHistoryTimes, timelinessReport, coreCaseList }));

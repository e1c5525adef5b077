/**
 * npm run bench:api — people search and person page under 32 concurrent connections, on PostgreSQL with 250,000 people.
 * Prints one JSON object. Options: --people N (default 250000), --seconds S per scenario (default 20), --connections C (default 32),
 * --workers W Probity processes (default 2, one per core here).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { SecretBox } from '../src/platform/auth/secrets.js';
import { currentCode, newTotpSecret } from '../src/platform/auth/totp.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { dbUrl, freshDatabase } from './database.js';
import { loadPeople } from './load-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '250000' }, seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '32' }, workers: { type: 'string', default: '2' } } });
const PEOPLE = Number(values.people);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const WORKERS = Number(values.workers);
const DB_NAME = 'probity_bench_api';
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const PORT = 3977;
const log = (m: string) => process.stderr.write(`${m}\n`);

async function prepareDatabase() {
  const db = await freshDatabase(DB_NAME);
  const t0 = Date.now();
  const loaded = await loadPeople(db.pool, { people: PEOPLE });
  await db.query('vacuum analyze'); // the steady state autovacuum keeps: a bulk COPY leaves GIN's pending list full
  log(`loaded ${PEOPLE} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const totp = newTotpSecret();
  await db.query(`insert into users (username, display_name, roles, password_hash, totp_secret_enc) values ('bench', 'Bench', '{hr}', $1, $2)`, [await hashPassword('bench-password-123'), new SecretBox(SECRET, 'totp').seal(totp)]);
  await db.close();
  return { ...loaded, totp };
}

async function startServer() {
  const child = spawn(process.execPath, ['dist/server.js'], {
    env: { ...process.env, PROBITY_WORKERS: String(WORKERS), NODE_ENV: 'production', DATABASE_URL: dbUrl(DB_NAME), PORT: String(PORT), PROBITY_SECRET: SECRET, PROBITY_SECURE_COOKIES: 'false', LOG_LEVEL: 'warn', PROBITY_SIGNIN_IP_LIMIT: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = '';
  for (;;) {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    if ((seen += chunk.toString()).split('Probity is running').length > WORKERS) break;
  }
  return child;
}

async function signIn(totp: string): Promise<string> {
  const base = `http://127.0.0.1:${PORT}`;
  let cookie = '';
  const req = async (path: string, body?: Record<string, string>) => {
    const res = await fetch(base + path, { method: body ? 'POST' : 'GET', redirect: 'manual', headers: { cookie, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body: body ? new URLSearchParams(body) : undefined });
    const set = res.headers.getSetCookie()[0];
    if (set) cookie = set.split(';')[0]!;
    const text = await res.text();
    return { res, csrf: /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '' };
  };
  const page = await req('/sign-in');
  const first = await req('/sign-in', { _csrf: page.csrf, username: 'bench', password: 'bench-password-123', returnTo: '/' });
  const second = await req(first.res.headers.get('location')!);
  const done = await req('/sign-in/second-factor', { _csrf: second.csrf, code: currentCode(totp), returnTo: '/' });
  if (done.res.status !== 302) throw new Error('bench sign-in failed');
  return cookie;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(cookie: string, paths: () => string, seconds = SECONDS) {
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${PORT}`, connections: CONNECTIONS, duration: seconds, headers: { cookie },
        requests: [{ setupRequest: (r) => ({ ...r, path: paths() }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      latencies.push(ms);
      if (status !== 200) non2xx++;
    });
  });
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), p99Ms: round(percentile(latencies, 99)), rps: Math.round(result.requests.average), requests: latencies.length, non200: non2xx };
}

const data = await prepareDatabase();
const server = await startServer();
try {
  const cookie = await signIn(data.totp);
  let i = 0;
  // What caseworkers type: a surname, a surname and forename, or a payroll number.
  const terms = data.sample.map((p, k) => [p.surname, `${p.forenames.split(' ')[0]} ${p.surname}`, p.payrollNumber, p.surname][k % 4]!);
  // The broadest thing anyone types: three letters from the start of a surname (reported separately).
  const fragments = data.sample.map((p) => p.surname.slice(0, 3).toLowerCase());
  // Warm up both paths, then measure each.
  await run(cookie, () => `/people?q=${encodeURIComponent(terms[i++ % terms.length]!)}`, 5);
  await run(cookie, () => `/people/${data.personIds[i++ % data.personIds.length]}`, 5);
  const search = await run(cookie, () => `/people?q=${encodeURIComponent(terms[(i = (i * 7919 + 1) % terms.length)]!)}`);
  const personPage = await run(cookie, () => `/people/${data.personIds[(i = (i * 7919 + 13) % data.personIds.length)]}`);
  const searchBroad = await run(cookie, () => `/people?q=${encodeURIComponent(fragments[(i = (i * 7919 + 7) % fragments.length)]!)}`, Math.max(5, Math.round(SECONDS / 2)));
  console.log(JSON.stringify({ people: PEOPLE, connections: CONNECTIONS, workers: WORKERS, search, personPage, searchBroad }));
} finally {
  server.kill('SIGTERM');
}

import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { describeDemoAccounts, isEmpty, loadDemo } from './demo.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { DataDirInUseError } from './platform/db/lock.js';
import { migrate } from './platform/db/migrate.js';
import { openDatabase } from './platform/db/open.js';
import type { Db } from './platform/db/types.js';
import { DbSessionStore } from './platform/http/session-store.js';
import { services } from './services.js';

/** Opens the database, migrates it, loads the demo force on a first embedded start, and serves. */
export async function start(config: Config, options: { migrate: boolean } = { migrate: true }): Promise<{ server: Server; close: () => Promise<void>; db: Db }> {
  const db = await openDatabase(config);
  const applied = options.migrate ? await migrate(db) : [];
  const s = services(config, db);
  if (applied.length) s.logger.info({ migrations: applied }, 'migrations applied');
  // One process owns the embedded database, so anything still marked running was cut off by the last stop.
  if (db.engine === 'pglite') await s.workforceRepository.failInterruptedImports();
  const firstStart = db.engine === 'pglite' && config.seedDemoOnFirstStart && (await isEmpty(db));
  const url = `http://localhost:${config.port}`;
  if (firstStart) {
    console.log('First start: loading the synthetic demo force (about a minute)…');
    const accounts = await loadDemo(db, { secret: config.secret, dataDir: config.dataDir });
    console.log(describeDemoAccounts(accounts, url));
  }
  const app = createApp(s);
  const server = await new Promise<Server>((resolve) => {
    const srv = app.listen(config.port, () => resolve(srv));
  });
  const timers = [
    setInterval(() => void new DbSessionStore(db).prune().catch(() => {}), 10 * 60_000),
    setInterval(() => void s.bus.dispatch().catch(() => {}), 15_000),
  ];
  void s.bus.dispatch();
  // Every process ticks each minute; each job runs once per period across all of them. Tests never start it.
  s.scheduler.start();
  const close = async () => {
    for (const t of timers) clearInterval(t);
    await s.scheduler.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await s.bus.dispatch().catch(() => undefined); // deliver what the last requests published before the database closes
    await db.close();
  };
  return { server, close, db };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration problem: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (config.workers > 1 && cluster.isPrimary) return startCluster(config);
  try {
    const { close, server } = await start(config, { migrate: cluster.isPrimary });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Probity is running on http://localhost:${port} (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}${config.demoMode ? ', demo mode' : ''})`);
    const stop = () => void close().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Several processes on one port (PostgreSQL only): the primary migrates once, then forks workers and replaces any that die. */
async function startCluster(config: Config) {
  const db = await openDatabase(config);
  await migrate(db);
  await db.close();
  let stopping = false;
  for (let i = 0; i < config.workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} stopped (code ${code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();

import { PGlite, types, type PGliteInterface, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './lock.js';
import type { Db, Queryable } from './types.js';

/** Both engines return the same JS types: dates as 'YYYY-MM-DD' strings (no time-zone drift), int8 as number. */
const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
};

function wrap(q: PGliteInterface | Transaction): Queryable {
  return {
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await q.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
  };
}

export interface PgliteOptions {
  /** Folder for the data; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** A dump made by dumpDataDir, to start from (tests load a migrated template this way). */
  loadDataDir?: Blob;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { raw: PGlite }> {
  let release = () => {};
  let path: string | undefined;
  if (options.dataDir) {
    release = lockDataDir(options.dataDir);
    path = join(options.dataDir, 'pglite');
    mkdirSync(path, { recursive: true });
  }
  let pg: PGlite;
  try {
    pg = new PGlite({ dataDir: path, extensions: { pg_trgm }, parsers, loadDataDir: options.loadDataDir });
    await pg.waitReady;
    // As on PostgreSQL: current_date and date casts are London dates.
    await pg.exec("set timezone to 'Europe/London'");
  } catch (err) {
    release();
    throw err;
  }
  const base = wrap(pg);
  return {
    engine: 'pglite',
    raw: pg,
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (script) => {
      await pg.exec(script);
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}

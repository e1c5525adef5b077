import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import type { Db } from '../../src/platform/db/types.js';
import { withDatabase } from './global-setup.js';

export const engine = (process.env.PROBITY_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgresql';

/** A fresh, migrated database for one test file, on the engine this project runs: close it in afterAll. */
export async function testDb(): Promise<Db> {
  if (engine === 'postgresql') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `probity_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
    await admin.end();
    const db = await openPostgres(withDatabase(url, name), 10);
    const close = db.close.bind(db);
    return Object.assign(db, {
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    });
  }
  return openPglite({ loadDataDir: new Blob([readFileSync(inject('pgliteDump'))]) });
}

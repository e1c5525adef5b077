import pg from 'pg';
import type { Db, Queryable } from './types.js';

// Same JS types as the embedded engine (see pglite.ts).
const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 1082) return (v: string) => v; // date
    if (oid === 20) return (v: string) => Number(v); // int8
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await client.query({ text, values: params as unknown[] | undefined, types: typeParsers });
      return result.rows as T[];
    },
  };
}

export async function openPostgres(connectionString: string, poolSize = 20): Promise<Db & { pool: pg.Pool }> {
  // Dates in SQL (current_date, date casts) are the force's dates: London, whatever the server's own time zone.
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'probity', options: '-c TimeZone=Europe/London' });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  const base = wrap(pool);
  return {
    engine: 'postgresql',
    pool,
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}

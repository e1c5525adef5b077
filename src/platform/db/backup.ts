import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Db, Queryable } from './types.js';

const FORMAT = 'probity-backup';
const PAGE = 5000;

/** Application tables in an order where every table comes after the tables it references. */
export async function tablesInDependencyOrder(db: Queryable): Promise<string[]> {
  const tables = (await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )).map((t) => t.name);
  const deps = await db.query<{ child: string; parent: string }>(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
     from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`,
  );
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t) visit(d.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function primaryKeyOrder(db: Queryable, table: string): Promise<string> {
  const cols = await db.query<{ name: string }>(
    `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
     where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`,
    [table],
  );
  return cols.length ? cols.map((c) => `"${c.name}"`).join(', ') : 'ctid';
}

/** Writes every table as gzipped NDJSON: a header line, then one line a row. Works the same on both engines. */
export async function backupTo(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const tables = await tablesInDependencyOrder(db);
  const migrations = (await db.query<{ name: string }>('select name from schema_migrations order by name')).map((m) => m.name);
  let rows = 0;
  async function* lines() {
    yield JSON.stringify({ format: FORMAT, version: 1, createdAt: new Date().toISOString(), engine: db.engine, migrations, tables }) + '\n';
    for (const table of tables) {
      const order = await primaryKeyOrder(db, table);
      for (let offset = 0; ; offset += PAGE) {
        const page = await db.query<{ r: unknown }>(`select row_to_json(t) as r from "${table}" t order by ${order} limit ${PAGE} offset ${offset}`);
        for (const p of page) {
          rows++;
          yield JSON.stringify({ t: table, r: p.r }) + '\n';
        }
        if (page.length < PAGE) break;
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
  return { tables: tables.length, rows };
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a migrated database in one transaction: either everything is restored or nothing changes.
 * The target must be empty of application data unless `replace` is set, which clears it first.
 */
export async function restoreFrom(db: Db, file: string, options: { replace: boolean }): Promise<{ rows: number }> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? undefined : (JSON.parse(first.value) as { format?: string; migrations?: string[]; tables?: string[] });
  if (header?.format !== FORMAT) throw new RestoreError('This file is not a Probity backup');
  const known = new Set((await db.query<{ name: string }>('select name from schema_migrations')).map((m) => m.name));
  const missing = (header.migrations ?? []).filter((m) => !known.has(m));
  if (missing.length) throw new RestoreError(`The backup comes from a newer Probity (migrations ${missing.join(', ')}): upgrade first`);
  const tables = (await tablesInDependencyOrder(db)).filter((t) => t !== 'schema_migrations');
  let rows = 0;
  await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>('select (select count(*) from users) + (select count(*) from people) as n');
    if (Number(n) > 0 && !options.replace) throw new RestoreError('The database already holds data: restore into an empty database, or pass --replace to overwrite it');
    await tx.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} cascade`);
    const identity = await tx.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'`,
    );
    // Generated columns are computed again on insert, so they are left out of it.
    const stored = await tx.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = 'public' and is_generated = 'NEVER' order by ordinal_position`,
    );
    const columnsOf = (table: string) => stored.filter((c) => c.table_name === table).map((c) => `"${c.column_name}"`).join(', ');
    let batch: unknown[] = [];
    let batchTable = '';
    const flush = async () => {
      if (!batch.length) return;
      const overriding = identity.some((c) => c.table_name === batchTable) ? 'overriding system value' : '';
      const columns = columnsOf(batchTable);
      await tx.query(`insert into "${batchTable}" (${columns}) ${overriding} select ${columns} from jsonb_populate_recordset(null::"${batchTable}", $1::jsonb)`, [JSON.stringify(batch)]);
      rows += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!next.value.trim()) continue;
      const line = JSON.parse(next.value) as { t: string; r: unknown };
      if (line.t === 'schema_migrations') continue;
      if (!tables.includes(line.t)) throw new RestoreError(`The backup has a table this Probity does not know: ${line.t}`);
      if (line.t !== batchTable || batch.length >= 1000) {
        await flush();
        batchTable = line.t;
      }
      batch.push(line.r);
    }
    await flush();
    for (const c of identity) {
      await tx.query(`select setval(pg_get_serial_sequence('"${c.table_name}"', '${c.column_name}'), coalesce((select max("${c.column_name}") from "${c.table_name}"), 0) + 1, false)`);
    }
  });
  return { rows };
}

/** A fingerprint of every table's content, for proving a restore equals its source. */
export async function databaseFingerprint(db: Queryable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tablesInDependencyOrder(db)) {
    if (table === 'schema_migrations') continue;
    const order = await primaryKeyOrder(db, table);
    const [r] = await db.query<{ h: string | null; n: number }>(`select md5(coalesce(string_agg(row_to_json(t)::text, '|' order by ${order}), '')) as h, count(*)::int as n from "${table}" t`);
    out[table] = `${r?.n}:${r?.h}`;
  }
  return out;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sourceRoot } from '../paths.js';
import type { Db } from './types.js';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Every capability owns its SQL in a `migrations/` folder beside its code. Files are named
 * `YYYYMMDDNN_what.sql` and applied in name order across all folders, forward only, once each.
 */
export function findMigrations(root = sourceRoot): Migration[] {
  const found: Migration[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (basename(dir) === 'migrations' && entry.endsWith('.sql')) found.push({ name: entry.replace(/\.sql$/, ''), sql: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  found.sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set<string>();
  for (const m of found) {
    if (names.has(m.name)) throw new Error(`Two migrations share the name ${m.name}`);
    names.add(m.name);
  }
  return found;
}

/** Applies pending migrations, each in its own transaction. Returns the names applied. */
export async function migrate(db: Db, migrations = findMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`);
  const applied = new Set((await db.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    await db.transaction(async (tx) => {
      // Serialise concurrent starters on PostgreSQL; harmless on the embedded engine.
      await tx.query('select pg_advisory_xact_lock(727274)');
      const again = await tx.query('select 1 from schema_migrations where name = $1', [m.name]);
      if (again.length) return;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (name) values ($1)', [m.name]);
      done.push(m.name);
    });
  }
  return done;
}

/** Splits a migration into statements at semicolons outside quotes, dollar-quoted bodies and comments. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const rest = sql.slice(i);
    if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (ch === "'") {
      const end = sql.indexOf("'", i + 1);
      current += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      current += sql.slice(i, end + dollar[0].length);
      i = end + dollar[0].length;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

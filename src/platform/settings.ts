import type { z } from 'zod';
import { ConflictError } from './http/errors.js';
import { one, type Db, type Queryable } from './db/types.js';

/**
 * Rules the domain reference leaves to each force (sample shares, thresholds, renewal periods) live in the
 * settings table as JSON, one key per rule, each with a version so a stale edit is refused, not lost.
 * Readers pass a schema and a default: a missing or unreadable value falls back to the default.
 */
/** One rule a force sets: where it is stored, how it is checked, what applies when it is not set. */
export interface SettingDefinition<T = unknown> {
  key: string;
  label: string;
  /** What the value means and its shape, for the person editing it. */
  hint: string;
  schema: z.ZodType<T>;
  fallback: T;
}

export class SettingsStore {
  constructor(private readonly db: Db) {}

  async get<T>(key: string, schema: z.ZodType<T>, fallback: T, q: Queryable = this.db): Promise<T> {
    const row = await one<{ value: unknown }>(q, 'select value from settings where key = $1', [key]);
    if (!row) return fallback;
    const parsed = schema.safeParse(row.value);
    return parsed.success ? parsed.data : fallback;
  }

  async version(key: string, q: Queryable = this.db): Promise<number> {
    const row = await one<{ version: number }>(q, 'select version from settings where key = $1', [key]);
    return row?.version ?? 0;
  }

  /**
   * Writes a value inside the caller's transaction (which audits the change). expectedVersion is the version the
   * editor saw (0 for a key never set); a different current version means someone else changed it first.
   */
  async put(tx: Queryable, key: string, value: unknown, userId: string | null, expectedVersion: number): Promise<number> {
    const rows = await tx.query<{ version: number }>(
      `insert into settings (key, value, version, updated_by) values ($1, $2::jsonb, 1, $3)
       on conflict (key) do update set value = excluded.value, version = settings.version + 1, updated_by = excluded.updated_by, updated_at = now()
         where settings.version = $4
       returning version`,
      [key, JSON.stringify(value), userId, expectedVersion],
    );
    if (!rows[0]) throw new ConflictError('Someone else changed this setting while you were editing it: reload to see their change');
    return rows[0].version;
  }
}

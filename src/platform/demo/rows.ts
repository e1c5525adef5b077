import type { Queryable } from '../db/types.js';

/** Inserts generated rows whose keys are the table's column names, typed by the table itself (jsonb_populate_recordset). */
export async function insertRows(q: Queryable, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).join(', ');
  await q.query(`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows)]);
}

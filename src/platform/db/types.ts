export type Row = Record<string, unknown>;

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export type Engine = 'pglite' | 'postgresql';

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations, restore). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** First row or undefined. */
export async function one<T = Row>(q: Queryable, text: string, params?: readonly unknown[]): Promise<T | undefined> {
  const rows = await q.query<T>(text, params);
  return rows[0];
}

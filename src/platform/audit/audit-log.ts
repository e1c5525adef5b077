import type { Db, Queryable } from '../db/types.js';
import { entryHash, type ChainedFields } from './chain.js';

export interface Actor {
  userId: string | null;
  /** Who, in words: a username, an API token's name, or "system". */
  label: string;
}

/** One audit event in the house vocabulary: what, who, when, subject, correlation, details. */
export interface AuditEvent {
  action: string;
  actor: Actor;
  outcome?: 'ok' | 'denied' | 'failed';
  subjectType?: string;
  subjectId?: string;
  subjectPersonId?: string | null;
  correlationId?: string;
  ip?: string;
  purpose?: string;
  details?: Record<string, unknown>;
}

interface Head {
  seq: number;
  hash: string;
}

interface Pending {
  event: AuditEvent;
  at: Date;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * The tamper-evident audit log.
 *
 * `record` is for reads (called before the data is loaded): concurrent calls are gathered and written
 * in one transaction (group commit), so auditing every read costs one round trip per batch, not per read,
 * and the caller still waits until its entry is durable.
 * `recordIn` is for writes: the entry commits or rolls back with the change it describes.
 */
export class AuditLog {
  private queue: Pending[] = [];
  private flushing = false;
  /** The chain head as this process last saw it; a stale value only costs one retry. */
  private head: Head | undefined;

  constructor(private readonly db: Db) {}

  record(event: AuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, at: new Date(), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  async recordIn(tx: Queryable, event: AuditEvent): Promise<void> {
    await appendEntries(tx, [{ event, at: new Date() }]);
  }

  /** Many entries in the caller's transaction (a bulk import writes one per person it changes). */
  async recordManyIn(tx: Queryable, events: AuditEvent[]): Promise<void> {
    const at = new Date();
    for (let i = 0; i < events.length; i += MAX_BATCH) await appendEntries(tx, events.slice(i, i + MAX_BATCH).map((event) => ({ event, at })));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.appendOptimistically(batch);
          for (const p of batch) p.resolve();
        } catch (err) {
          this.head = undefined;
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One statement per batch: chain the entries onto the head this process last saw, and insert them only if
   * the head is still that one (the update's row lock makes concurrent writers queue, then re-check). If
   * another process or an in-transaction write moved the head, reload it and chain again.
   */
  private async appendOptimistically(batch: Pending[]): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      this.head ??= await readHead(this.db);
      const { rows, head } = chain(this.head, batch);
      const inserted = await this.db.query(
        `with moved as (update audit_head set seq = $3, hash = $4 where id = 1 and seq = $1 and hash = $2 returning 1)
         ${INSERT_ENTRIES} where exists (select 1 from moved) returning seq`,
        [this.head.seq, this.head.hash, head.seq, head.hash, JSON.stringify(rows)],
      );
      if (inserted.length === rows.length) {
        this.head = head;
        return;
      }
      this.head = undefined;
    }
    throw new Error('Could not append to the audit log: the chain head kept moving');
  }
}

const INSERT_ENTRIES = `insert into audit_log (seq, at, actor_user_id, actor_label, action, outcome, subject_type, subject_id,
       subject_person_id, correlation_id, ip, purpose, details, prev_hash, hash)
     select seq, at, actor_user_id, actor_label, action, outcome, subject_type, subject_id,
       subject_person_id, correlation_id, ip, purpose, details, prev_hash, hash
     from jsonb_to_recordset($5::jsonb) as r(seq bigint, at timestamptz, actor_user_id uuid, actor_label text,
       action text, outcome text, subject_type text, subject_id text, subject_person_id uuid, correlation_id text,
       ip text, purpose text, details jsonb, prev_hash text, hash text)`;

async function readHead(q: Queryable, lock = false): Promise<Head> {
  const [head] = await q.query<Head>(`select seq, hash from audit_head where id = 1${lock ? ' for update' : ''}`);
  if (!head) throw new Error('audit_head is missing: the audit log has not been initialised');
  return { seq: Number(head.seq), hash: head.hash };
}

/** Computes the entries' hashes onto a head; returns the rows to insert and the new head. */
function chain(start: Head, items: { event: AuditEvent; at: Date }[]): { rows: Record<string, unknown>[]; head: Head } {
  let { seq, hash } = start;
  const rows: Record<string, unknown>[] = [];
  for (const { event, at } of items) {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      at,
      actorUserId: event.actor.userId,
      actorLabel: event.actor.label,
      action: event.action,
      outcome: event.outcome ?? 'ok',
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      subjectPersonId: event.subjectPersonId ?? null,
      correlationId: event.correlationId ?? null,
      ip: event.ip ?? null,
      purpose: event.purpose ?? null,
      details: event.details ?? {},
      prevHash: hash,
    };
    const next = entryHash(fields);
    rows.push({
      seq, at: at.toISOString(), actor_user_id: fields.actorUserId, actor_label: fields.actorLabel, action: fields.action,
      outcome: fields.outcome, subject_type: fields.subjectType, subject_id: fields.subjectId,
      subject_person_id: fields.subjectPersonId, correlation_id: fields.correlationId, ip: fields.ip,
      purpose: fields.purpose, details: fields.details, prev_hash: hash, hash: next,
    });
    hash = next;
  }
  return { rows, head: { seq, hash } };
}

/** In a caller's transaction: the head row lock serialises this writer with every other until commit. */
async function appendEntries(tx: Queryable, items: { event: AuditEvent; at: Date }[]): Promise<void> {
  const start = await readHead(tx, true);
  const { rows, head } = chain(start, items);
  await tx.query(`with moved as (update audit_head set seq = $3, hash = $4 where id = 1 and seq = $1 and hash = $2 returning 1)
    ${INSERT_ENTRIES} where exists (select 1 from moved)`, [start.seq, start.hash, head.seq, head.hash, JSON.stringify(rows)]);
}

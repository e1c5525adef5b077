import type { Db, Queryable } from '../db/types.js';

export interface DomainEvent<P = Record<string, unknown>> {
  type: string;
  payload: P;
  correlationId?: string;
}

export interface StoredEvent<P = Record<string, unknown>> extends DomainEvent<P> {
  id: number;
  occurredAt: Date;
}

type Handler = (event: StoredEvent, tx: Queryable) => Promise<void>;

/**
 * How modules talk without touching each other's tables. A module publishes an event inside the
 * transaction that made the change (a transactional outbox: no change without its event, no event
 * without its change). Each subscriber handles each event exactly once: its handler runs in a
 * transaction that also records the delivery, and a failed handler is retried on the next dispatch.
 */
export class EventBus {
  private readonly subscriptions: { subscriber: string; types: Set<string>; handler: Handler }[] = [];
  private dispatching: Promise<void> | undefined;
  private again = false;
  private lastError: unknown;

  constructor(private readonly db: Db) {}

  subscribe(subscriber: string, types: string[], handler: Handler): void {
    if (this.subscriptions.some((s) => s.subscriber === subscriber)) throw new Error(`Subscriber ${subscriber} is already registered`);
    this.subscriptions.push({ subscriber, types: new Set(types), handler });
  }

  async publish(tx: Queryable, event: DomainEvent): Promise<void> {
    await tx.query('insert into domain_events (type, payload, correlation_id) values ($1, $2, $3)', [
      event.type,
      JSON.stringify(event.payload),
      event.correlationId ?? null,
    ]);
  }

  async publishMany(tx: Queryable, events: DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000).map((e) => ({ type: e.type, payload: e.payload, correlation_id: e.correlationId ?? null }));
      await tx.query(
        `insert into domain_events (type, payload, correlation_id)
         select type, payload, correlation_id from jsonb_to_recordset($1::jsonb) as r(type text, payload jsonb, correlation_id text)`,
        [JSON.stringify(chunk)],
      );
    }
  }

  /** Delivers everything pending; concurrent calls share one run. Call after a commit that published events. */
  dispatch(): Promise<void> {
    if (this.dispatching) {
      this.again = true;
      return this.dispatching;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.again = false;
          for (const s of this.subscriptions) await this.deliverTo(s);
        } while (this.again);
      } finally {
        this.dispatching = undefined;
      }
    })();
    return this.dispatching;
  }

  /** The last handler failure, for the health check and logs. */
  get failure(): unknown {
    return this.lastError;
  }

  private async deliverTo(s: { subscriber: string; types: Set<string>; handler: Handler }): Promise<void> {
    const pending = await this.db.query<{ id: number; type: string; payload: Record<string, unknown>; correlation_id: string | null; occurred_at: Date }>(
      `select e.id, e.type, e.payload, e.correlation_id, e.occurred_at from domain_events e
       where e.type = any($1::text[])
         and not exists (select 1 from event_deliveries d where d.subscriber = $2 and d.event_id = e.id)
       order by e.id limit 500`,
      [[...s.types], s.subscriber],
    );
    for (const row of pending) {
      const event: StoredEvent = { id: Number(row.id), type: row.type, payload: row.payload, correlationId: row.correlation_id ?? undefined, occurredAt: row.occurred_at };
      try {
        await this.db.transaction(async (tx) => {
          const claimed = await tx.query('insert into event_deliveries (subscriber, event_id) values ($1, $2) on conflict do nothing returning event_id', [s.subscriber, event.id]);
          if (claimed.length) await s.handler(event, tx);
        });
      } catch (err) {
        // Stop this subscriber's run at the first failure so events stay in order; the next dispatch retries.
        this.lastError = err;
        return;
      }
    }
    if (pending.length === 500) this.again = true;
  }
}

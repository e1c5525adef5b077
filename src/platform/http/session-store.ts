import session from 'express-session';
import type { Db } from '../db/types.js';

/** Server-side sessions in our own table, so they work the same on both engines. */
export class DbSessionStore extends session.Store {
  /** When each session's expiry was last written: an idle timeout of minutes needs no write on every request. */
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Db, private readonly touchEveryMs = 60_000) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db
      .query<{ data: session.SessionData }>('select data from sessions where sid = $1 and expires_at > now()', [sid])
      .then((rows) => cb(null, rows[0]?.data ?? null), cb);
  }

  override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 30 * 60_000);
    this.touched.set(sid, Date.now());
    this.db
      .query(
        `insert into sessions (sid, data, expires_at) values ($1, $2, $3)
         on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
        [sid, JSON.stringify(data), expires.toISOString()],
      )
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.db.query('delete from sessions where sid = $1', [sid]).then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, data: session.SessionData, cb?: (err?: unknown) => void): void {
    const last = this.touched.get(sid);
    if (last !== undefined && Date.now() - last < this.touchEveryMs) return cb?.();
    this.touched.set(sid, Date.now());
    const expires = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 30 * 60_000);
    this.db.query('update sessions set expires_at = $2 where sid = $1', [sid, expires.toISOString()]).then(() => cb?.(), (err) => cb?.(err));
  }

  /** Removes expired sessions; called on a timer by the server. */
  async prune(): Promise<void> {
    this.touched.clear();
    await this.db.query('delete from sessions where expires_at <= now()');
  }
}

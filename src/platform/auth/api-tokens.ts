import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/types.js';
import { ACTIONS, RESOURCE_KIND_NAMES, RESOURCE_KINDS, type Action, type ResourceKindName } from '../access/policy.js';

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Scopes an integration may hold: `kind:action` pairs, limited to kinds with no subject protection
 * (a token has no person behind it, so it must never be given case, intelligence or alert data).
 */
export const TOKEN_SCOPES: readonly string[] = RESOURCE_KIND_NAMES.filter(
  (k) => !RESOURCE_KINDS[k].protectsSubject && !['user_account', 'api_token', 'settings', 'audit_log'].includes(k),
).flatMap((k) => ACTIONS.filter((a) => Object.values(RESOURCE_KINDS[k].grants as Record<string, Partial<Record<Action, string>>>).some((g) => g[a])).map((a) => `${k}:${a}`));

export function scopeAllows(scopes: readonly string[], kind: ResourceKindName, action: Action): boolean {
  return scopes.includes(`${kind}:${action}`);
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Tokens look like `prb_<id>_<secret>`; only a SHA-256 of the 256-bit secret is stored. */
export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  async create(q: Queryable, name: string, scopes: string[], createdBy: string | null, expiresAt: Date | null): Promise<{ token: string; id: string }> {
    const secret = randomBytes(32).toString('base64url');
    const [row] = await q.query<{ id: string }>(
      'insert into api_tokens (name, scopes, secret_hash, created_by, expires_at) values ($1, $2, $3, $4, $5) returning id',
      [name, scopes, hashSecret(secret), createdBy, expiresAt?.toISOString() ?? null],
    );
    return { id: row!.id, token: `prb_${row!.id}_${secret}` };
  }

  /** The token's record if the presented token is valid, live and unrevoked. */
  async authenticate(presented: string): Promise<ApiToken | undefined> {
    const match = /^prb_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) return undefined;
    const [, id, secret] = match;
    const [row] = await this.db.query<{ id: string; name: string; scopes: string[]; secret_hash: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }>(
      'select * from api_tokens where id = $1',
      [id],
    );
    if (!row) return undefined;
    const expected = Buffer.from(row.secret_hash, 'hex');
    const actual = Buffer.from(hashSecret(secret!), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    if (row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now())) return undefined;
    // Last use is coarse (one write a minute at most) so a busy integration does not write on every call.
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
      await this.db.query('update api_tokens set last_used_at = now() where id = $1', [id]);
    }
    return { id: row.id, name: row.name, scopes: row.scopes, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db.query<{ id: string; name: string; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }>(
      'select id, name, scopes, created_at, expires_at, last_used_at, revoked_at from api_tokens order by created_at desc',
    );
    return rows.map((r) => ({ id: r.id, name: r.name, scopes: r.scopes, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
  }

  async revoke(q: Queryable, id: string, by: string | null): Promise<boolean> {
    const rows = await q.query('update api_tokens set revoked_at = now(), revoked_by = $2 where id = $1 and revoked_at is null returning id', [id, by]);
    return rows.length === 1;
  }
}

import type { Db, Queryable } from '../db/types.js';
import { isRole, type Role } from '../access/roles.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  personId: string | null;
  roles: Role[];
  passwordHash: string | null;
  totpSecretEnc: string | null;
  totpLastStep: number | null;
  oidcSubject: string | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  isDemo: boolean;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  mustChangePassword: boolean;
  version: number;
}

interface UserRow {
  id: string; username: string; display_name: string; email: string | null; person_id: string | null; roles: string[];
  password_hash: string | null; totp_secret_enc: string | null; totp_last_step: number | null; oidc_subject: string | null;
  failed_attempts: number; locked_until: Date | null; is_demo: boolean; disabled_at: Date | null; last_sign_in_at: Date | null;
  must_change_password: boolean; version: number;
}

function toUser(r: UserRow): User {
  return {
    id: r.id, username: r.username, displayName: r.display_name, email: r.email, personId: r.person_id,
    roles: r.roles.filter(isRole), passwordHash: r.password_hash, totpSecretEnc: r.totp_secret_enc,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step), oidcSubject: r.oidc_subject,
    failedAttempts: r.failed_attempts, lockedUntil: r.locked_until, isDemo: r.is_demo, disabledAt: r.disabled_at,
    lastSignInAt: r.last_sign_in_at, mustChangePassword: r.must_change_password, version: r.version,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  personId?: string | null;
  roles: Role[];
  passwordHash?: string | null;
  totpSecretEnc?: string | null;
  oidcSubject?: string | null;
  isDemo?: boolean;
  mustChangePassword?: boolean;
}

/** Data access for accounts. Only the auth and admin code uses it; modules see a Viewer. */
export class UserRepository {
  /**
   * Signed-in users are looked up on every request; a few seconds' cache saves a query each time.
   * Every change made through this repository clears it at once; a change made by another process
   * (a second server, the CLI) takes effect within CACHE_MS.
   */
  private readonly cache = new Map<string, { user: User; at: number }>();
  static readonly CACHE_MS = 5_000;

  constructor(private readonly db: Db) {}

  async byIdCached(id: string): Promise<User | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < UserRepository.CACHE_MS) return hit.user;
    const user = await this.byId(id);
    if (this.cache.size > 10_000) this.cache.clear();
    if (user) this.cache.set(id, { user, at: Date.now() });
    return user;
  }

  private forget(id: string): void {
    this.cache.delete(id);
  }

  async byId(id: string, q: Queryable = this.db): Promise<User | undefined> {
    const [r] = await q.query<UserRow>('select * from users where id = $1', [id]);
    return r && toUser(r);
  }

  async byUsername(username: string, q: Queryable = this.db): Promise<User | undefined> {
    const [r] = await q.query<UserRow>('select * from users where lower(username) = lower($1)', [username]);
    return r && toUser(r);
  }

  async byOidcSubject(subject: string): Promise<User | undefined> {
    const [r] = await this.db.query<UserRow>('select * from users where oidc_subject = $1', [subject]);
    return r && toUser(r);
  }

  /** Accounts with this email address (case-insensitive): more than one means the address cannot identify a person. */
  async byEmail(email: string): Promise<User[]> {
    const rows = await this.db.query<UserRow>('select * from users where lower(email) = lower($1) order by id limit 2', [email]);
    return rows.map(toUser);
  }

  /**
   * Links a single sign-on identity to an account that has none yet. Returns false when the account
   * already has one or another account holds this identity (the unique index).
   */
  async linkOidcSubject(id: string, subject: string): Promise<boolean> {
    this.forget(id);
    try {
      const rows = await this.db.query(
        'update users set oidc_subject = $2, version = version + 1, updated_at = now() where id = $1 and oidc_subject is null returning id',
        [id, subject],
      );
      return rows.length === 1;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return false;
      throw err;
    }
  }

  async list(options: { search?: string; limit: number; offset: number }): Promise<{ users: User[]; total: number }> {
    const params: unknown[] = [];
    let where = '';
    if (options.search) {
      params.push(`%${options.search.toLowerCase()}%`);
      where = `where lower(username) like $1 or lower(display_name) like $1`;
    }
    const [count] = await this.db.query<{ n: number }>(`select count(*)::int as n from users ${where}`, params);
    const rows = await this.db.query<UserRow>(
      `select * from users ${where} order by lower(username) limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, options.limit, options.offset],
    );
    return { users: rows.map(toUser), total: count?.n ?? 0 };
  }

  async insert(q: Queryable, u: NewUser): Promise<User> {
    const [r] = await q.query<UserRow>(
      `insert into users (username, display_name, email, person_id, roles, password_hash, totp_secret_enc, oidc_subject, is_demo, must_change_password)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
      [u.username, u.displayName, u.email ?? null, u.personId ?? null, u.roles, u.passwordHash ?? null, u.totpSecretEnc ?? null, u.oidcSubject ?? null, u.isDemo ?? false, u.mustChangePassword ?? false],
    );
    return toUser(r!);
  }

  async recordFailure(id: string, maxFailures: number, lockoutMinutes: number): Promise<void> {
    this.forget(id);
    await this.db.query(
      `update users set failed_attempts = failed_attempts + 1,
         locked_until = case when failed_attempts + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
       where id = $1`,
      [id, maxFailures, lockoutMinutes],
    );
  }

  async recordSignIn(id: string, totpStep: number | null): Promise<void> {
    this.forget(id);
    await this.db.query(
      `update users set failed_attempts = 0, locked_until = null, last_sign_in_at = now(),
         totp_last_step = coalesce($2, totp_last_step) where id = $1`,
      [id, totpStep],
    );
  }

  async clearFailures(id: string): Promise<void> {
    this.forget(id);
    await this.db.query('update users set failed_attempts = 0, locked_until = null where id = $1', [id]);
  }

  /** Stores a TOTP step as used, only if it is newer than the last one: a code works once. */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    this.forget(id);
    const rows = await this.db.query(
      'update users set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id',
      [id, step],
    );
    return rows.length === 1;
  }

  /** A new password: the user's own (clears the must-change flag) or a temporary one an administrator set. */
  async setPassword(id: string, passwordHash: string, temporary: boolean, q: Queryable = this.db): Promise<void> {
    this.forget(id);
    await q.query('update users set password_hash = $2, must_change_password = $3, version = version + 1, updated_at = now() where id = $1', [id, passwordHash, temporary]);
  }

  async setTotpSecret(id: string, enc: string | null, q: Queryable = this.db): Promise<void> {
    this.forget(id);
    await q.query('update users set totp_secret_enc = $2, totp_last_step = null, version = version + 1, updated_at = now() where id = $1', [id, enc]);
  }

  /** Optimistic update: returns false when the version has moved on. */
  async update(
    q: Queryable,
    id: string,
    expectedVersion: number,
    changes: { displayName: string; email: string | null; personId: string | null; roles: Role[]; disabled: boolean },
  ): Promise<boolean> {
    this.forget(id);
    const rows = await q.query(
      `update users set display_name = $3, email = $4, person_id = $5, roles = $6,
         disabled_at = case when $7 then coalesce(disabled_at, now()) else null end,
         version = version + 1, updated_at = now()
       where id = $1 and version = $2 returning id`,
      [id, expectedVersion, changes.displayName, changes.email, changes.personId, changes.roles, changes.disabled],
    );
    return rows.length === 1;
  }

  async count(): Promise<number> {
    const [r] = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return r?.n ?? 0;
  }
}

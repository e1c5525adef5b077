import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/types.js';
import type { Role } from '../../src/platform/access/roles.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { newTotpSecret, currentCode } from '../../src/platform/auth/totp.js';
import { services, type Services } from '../../src/services.js';
import { testDb } from './db.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestApp {
  db: Db;
  services: Services;
  config: Config;
  url: string;
  close(): Promise<void>;
  /** Creates a local account with a second factor already set up; returns its TOTP secret. */
  user(username: string, roles: Role[], personId?: string | null): Promise<{ id: string; totpSecret: string }>;
}

export async function startTestApp(env: Record<string, string> = {}, db?: Db): Promise<TestApp> {
  const database = db ?? (await testDb());
  const config = loadConfig({
    NODE_ENV: 'test', PROBITY_SECRET: 'test-secret-that-is-long-enough-0123456789', PROBITY_DATA_DIR: mkdtempSync(join(tmpdir(), 'probity-app-')),
    PROBITY_DEMO_MODE: 'false', PROBITY_SIGNIN_IP_LIMIT: '10000', LOG_LEVEL: 'silent', PORT: '0', ...env,
  });
  const s = services(config, database);
  const server: Server = await new Promise((resolve) => {
    const srv = createApp(s).listen(0, '127.0.0.1', () => resolve(srv));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    db: database, services: s, config, url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      // A write's dispatch may still be delivering events: let it finish before the database goes.
      await s.bus.dispatch().catch(() => undefined);
      await s.scheduler.stop();
      await database.close();
    },
    async user(username, roles, personId = null) {
      const totpSecret = newTotpSecret();
      const u = await database.transaction((tx) => s.users.insert(tx, { username, displayName: username, roles, personId, passwordHash: HASH_CACHE.get(), totpSecretEnc: s.auth.totpBox.seal(totpSecret) }));
      return { id: u.id, totpSecret };
    },
  };
}

// Hashing is deliberately slow; tests share one hash of the test password.
const HASH_CACHE = (() => {
  let hash: string | undefined;
  return { get: () => hash!, ready: hashPassword(TEST_PASSWORD).then((h) => (hash = h)) };
})();
await HASH_CACHE.ready;

/** A browser-like HTTP client: keeps cookies, reads the CSRF token from pages, never follows redirects by itself. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, init: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string>; body?: BodyInit } = {}) {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), ...init.headers };
    let body: BodyInit | undefined = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ _csrf: this.csrf, ...init.form })) for (const item of ([] as string[]).concat(v)) params.append(k, item);
      body = params;
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      this.cookies.set(k!, v.join('='));
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1]!;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'), json: () => JSON.parse(text) };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Record<string, string | string[]>) {
    return this.request('POST', path, { form });
  }

  /** Signs in through the real pages: password, then a current one-time code. */
  async signIn(username: string, totpSecret: string, password = TEST_PASSWORD) {
    await this.get('/sign-in');
    const first = await this.post('/sign-in', { username, password, returnTo: '/' });
    if (first.status !== 302 || !first.location?.startsWith('/sign-in/second-factor')) throw new Error(`sign-in failed: ${first.status}`);
    await this.get(first.location);
    const second = await this.post('/sign-in/second-factor', { code: currentCode(totpSecret), returnTo: '/' });
    if (second.status !== 302) throw new Error(`second factor failed: ${second.status}`);
    await this.get('/');
    return this;
  }
}

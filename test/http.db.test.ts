import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../src/platform/auth/totp.js';
import { Client, startTestApp, type TestApp, TEST_PASSWORD } from './support/app.js';

let app: TestApp;
let hrSecret: string;
let personIds: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({ PROBITY_SIGNIN_MAX_FAILURES: '3' });
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  await app.db.query(`insert into posts (code, title, unit_id, required_vetting_level, designated) values ('PST-1', 'Response sergeant', (select id from units where code = 'RESP'), 'RV', false)`);
  const hrActor = { viewer: { userId: null, personId: null, roles: ['hr' as const], label: 'setup' }, correlationId: 'setup' };
  await app.services.workforce.syncFromHr(hrActor, [
    { payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01', postCode: 'PST-1', sex: 'Female' },
    { payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'staff', unitCode: 'RESP', startDate: '2012-01-01', lineManagerPayrollNumber: 'P1' },
  ], 'delta');
  personIds = { P1: (await app.services.workforce.personIdByPayroll('P1'))!, P2: (await app.services.workforce.personIdByPayroll('P2'))! };
  hrSecret = (await app.user('hr.user', ['hr'])).totpSecret;
  await app.user('staff.user', ['staff'], personIds.P2);
});
afterAll(() => app.close());

let userCount = 0;
/** A fresh account per sign-in: a one-time code is accepted once, so users cannot be shared across quick sign-ins. */
async function signedIn(roles: Parameters<TestApp['user']>[1], personId: string | null = null) {
  const name = `${roles.join('-')}.${++userCount}`.replace(/_/g, '-');
  const { totpSecret } = await app.user(name, roles, personId);
  return new Client(app.url).signIn(name, totpSecret);
}

describe('platform endpoints', () => {
  it('answers the health check with the engine', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    expect((await res.json()) as object).toEqual({ status: 'ok', database: app.db.engine });
  });

  it('sends a strict content security policy with a per-request nonce and no inline allowance', async () => {
    const a = await fetch(`${app.url}/sign-in`);
    const b = await fetch(`${app.url}/sign-in`);
    const csp = a.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(nonce).not.toBe(/'nonce-([^']+)'/.exec(b.headers.get('content-security-policy')!)![1]);
    const html = await a.text();
    for (const tag of html.match(/<script[^>]*>/g)!) expect(tag).toContain(`nonce="${nonce}"`);
    expect(a.headers.get('cache-control')).toBe('no-store');
  });

  it('redirects pages to sign-in and answers the API with 401 JSON', async () => {
    const page = await fetch(`${app.url}/people?q=x`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/sign-in?returnTo=%2Fpeople%3Fq%3Dx');
    const api = await fetch(`${app.url}/api/v1/people`);
    expect(api.status).toBe(401);
    expect((await api.json()) as object).toMatchObject({ error: 'unauthenticated' });
  });

  it('describes every /api route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    const app2 = (await import('../src/app.js')).createApp(app.services);
    const routes: string[] = [];
    const walk = (stack: any[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) routes.push(`${m} ${prefix}${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack, prefix + (layer.matchers?.length && layer.slash === false ? '' : ''));
      }
    };
    walk((app2 as any).router.stack, '');
    const apiRoutes = routes.filter((r) => / \/v1\//.test(r)).map((r) => r.replace(/ \/v1/, ' /api/v1').replace(/:([A-Za-z]+)/g, '{$1}'));
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const r of apiRoutes) expect(documented, `${r} is not in the OpenAPI document`).toContain(r);
  });
});

describe('sign-in', () => {
  it('needs the password and then a one-time code, which works once only', async () => {
    const c = new Client(app.url);
    await c.get('/sign-in');
    const wrong = await c.post('/sign-in', { username: 'hr.user', password: 'nope', returnTo: '/' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('govuk-error-summary');
    const ok = await c.post('/sign-in', { username: 'HR.USER', password: TEST_PASSWORD, returnTo: '/people' });
    expect(ok.location).toBe('/sign-in/second-factor?returnTo=%2Fpeople');
    expect((await c.get('/')).status).toBe(302); // not signed in until the second factor
    await c.get(ok.location!);
    const code = currentCode(hrSecret);
    const bad = await c.post('/sign-in/second-factor', { code: '000000' === code ? '111111' : '000000', returnTo: '/people' });
    expect(bad.status).toBe(401);
    const good = await c.post('/sign-in/second-factor', { code, returnTo: '/people' });
    expect(good.location).toBe('/people');
    expect((await c.get('/people')).status).toBe(200);
    // The same code cannot sign in a second session.
    const other = new Client(app.url);
    await other.get('/sign-in');
    const again = await other.post('/sign-in', { username: 'hr.user', password: TEST_PASSWORD, returnTo: '/' });
    await other.get(again.location!);
    expect((await other.post('/sign-in/second-factor', { code, returnTo: '/' })).status).toBe(401);
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    await app.user('lock.me', ['hr']);
    const c = new Client(app.url);
    await c.get('/sign-in');
    for (let i = 0; i < 3; i++) expect((await c.post('/sign-in', { username: 'lock.me', password: 'wrong-password', returnTo: '/' })).status).toBe(401);
    expect((await c.post('/sign-in', { username: 'lock.me', password: TEST_PASSWORD, returnTo: '/' })).status).toBe(401);
    const [row] = await app.db.query<{ locked: boolean }>(`select locked_until > now() as locked from users where username = 'lock.me'`);
    expect(row?.locked).toBe(true);
  });

  it('refuses demo accounts outside demo mode', async () => {
    await app.db.query(`update users set is_demo = true where username = 'staff.user'`);
    const c = new Client(app.url);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { username: 'staff.user', password: TEST_PASSWORD, returnTo: '/' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Demo accounts can only be used when Probity runs in demo mode');
    await app.db.query(`update users set is_demo = false where username = 'staff.user'`);
  });

  it('ends a session at its maximum age however active it is', async () => {
    const c = await signedIn(['hr']);
    expect((await c.get('/people')).status).toBe(200);
    await app.db.query(`update sessions set data = jsonb_set(data, '{signedInAt}', to_jsonb((extract(epoch from now()) * 1000 - 13 * 3600 * 1000)::bigint))`);
    expect((await c.get('/people')).location).toBe('/sign-in?returnTo=%2Fpeople');
  });

  it('refuses a form without its CSRF token', async () => {
    const c = new Client(app.url);
    await c.get('/sign-in');
    c.csrf = 'forged';
    const res = await c.post('/sign-in', { username: 'hr.user', password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('pages and API behind sign-in', () => {
  it('gives bad input field-level messages, never a 500 or a stack trace', async () => {
    const c = await signedIn(['hr']);
    expect((await c.get('/people/not-a-uuid')).status).toBe(404);
    const bad = await c.request('PATCH', `/api/v1/people/${personIds.P1}`, { json: { forenames: '', version: 'x' }, headers: { 'x-csrf-token': c.csrf } });
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['forenames', 'surname', 'version']);
    const malformed = await c.request('POST', '/api/v1/hr/records', { body: '{"records": [', headers: { 'content-type': 'application/json', 'x-csrf-token': c.csrf } });
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'validation' });
    const form = await c.post(`/people/${personIds.P1}/edit`, { forenames: '', surname: 'X', dateOfBirth: '31/02/1990', version: '1' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('govuk-error-summary');
    expect(form.text).toContain('href="#dateOfBirth"');
  });

  it('shows a clear conflict to a stale edit and keeps the first save', async () => {
    const a = await signedIn(['hr']);
    await Promise.resolve().then(async () => {
      const b = await signedIn(['hr']);
      const formA = await a.get(`/people/${personIds.P2}/edit`);
      await b.get(`/people/${personIds.P2}/edit`);
      const version = /name="version" value="(\d+)"/.exec(formA.text)![1]!;
      expect((await a.post(`/people/${personIds.P2}/edit`, { forenames: 'Bexley', surname: 'Marrowby-First', version })).status).toBe(302);
      const stale = await b.post(`/people/${personIds.P2}/edit`, { forenames: 'Bexley', surname: 'Marrowby-Second', version });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Someone else changed this record after you opened it');
      expect(stale.text).toContain('Marrowby-First');
    });
  });

  it('asks why before showing protected characteristics, and audits the purpose', async () => {
    const c = await signedIn(['hr']);
    expect((await c.post(`/people/${personIds.P1}/protected-characteristics`, {})).status).toBe(400);
    const shown = await c.post(`/people/${personIds.P1}/protected-characteristics`, { purpose: 'Reasonable adjustments' });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Female');
    const [entry] = await app.db.query<{ purpose: string }>(`select purpose from audit_log where action = 'protected-characteristics.view' order by seq desc limit 1`);
    expect(entry?.purpose).toBe('Reasonable adjustments');
  });

  it('shows a line manager their team on the home page, and HR its recent imports', async () => {
    const manager = await signedIn(['line_manager'], personIds.P1);
    expect((await manager.get('/')).text).toContain('1 person reports to you');
    const hr = await signedIn(['hr']);
    const id = await app.services.workforce.startImport({ viewer: { userId: null, personId: null, roles: ['hr'], label: 't' }, correlationId: 't' }, 'home-card.csv');
    expect(id).toBeTruthy();
    expect((await hr.get('/')).text).toContain('home-card.csv');
  });

  it('lets self-service staff see their own record and nobody else’s', async () => {
    const c = await signedIn(['staff'], personIds.P2);
    expect((await c.get(`/people/${personIds.P2}`)).status).toBe(200);
    expect((await c.get(`/people/${personIds.P1}`)).status).toBe(403);
    expect((await c.get('/admin/users')).status).toBe(403);
  });

  it('issues scoped, revocable API tokens, shown once and stored hashed', async () => {
    const admin = await signedIn(['system_admin']);
    await admin.get('/admin/tokens');
    const created = await admin.post('/admin/tokens', { name: 'HR feed', scopes: ['workforce_import:create'], expiresInDays: '30' });
    const token = /data-qa="api-token">([^<]+)</.exec(created.text)![1]!;
    const [stored] = await app.db.query<{ secret_hash: string }>(`select secret_hash from api_tokens where name = 'HR feed'`);
    // The secret is everything after the second underscore (base64url secrets may themselves contain underscores).
    const secret = /^prb_[^_]+_(.+)$/.exec(token)![1]!;
    expect(secret.length).toBeGreaterThan(20);
    expect(stored!.secret_hash).not.toContain(secret);
    const push = (t: string, records: unknown[]) => fetch(`${app.url}/api/v1/hr/records`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
    const joiner = { payrollNumber: 'P3', forenames: 'Corvin', surname: 'Thistlewick', personType: 'pcso', unitCode: 'RESP', startDate: '2025-01-01' };
    const ok = await push(token, [joiner]);
    expect(ok.status).toBe(200);
    expect((await ok.json()) as object).toMatchObject({ created: 1 });
    expect((await fetch(`${app.url}/api/v1/people`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await fetch(`${app.url}/people`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' })).status).toBe(401);
    const rejected = await push(token, [{ ...joiner, payrollNumber: 'P4', startDate: 'someday' }]);
    expect(rejected.status).toBe(400);
    expect(((await rejected.json()) as { details: unknown }).details).toEqual([{ field: 'records[0].startDate', message: 'Enter a real date, for example 2024-03-27 or 27/03/2024' }]);
    const id = token.split('_')[1]!;
    await admin.get('/admin/tokens');
    await admin.post(`/admin/tokens/${id}/revoke`, {});
    expect((await push(token, [joiner])).status).toBe(401);
    expect((await push(`${token.slice(0, -1)}x`, [joiner])).status).toBe(401);
  });

  it('lets an administrator unlock an account and set a temporary password that must be replaced', async () => {
    const { id, totpSecret } = await app.user('locked.out', ['hr']);
    await app.db.query(`update users set failed_attempts = 9, locked_until = now() + interval '1 hour' where id = $1`, [id]);
    const admin = await signedIn(['system_admin']);
    await admin.get(`/admin/users/${id}`);
    expect((await admin.post(`/admin/users/${id}/unlock`, {})).status).toBe(302);
    const [row] = await app.db.query<{ locked_until: Date | null }>('select locked_until from users where id = $1', [id]);
    expect(row?.locked_until).toBeNull();
    await admin.get(`/admin/users/${id}`);
    const reset = await admin.post(`/admin/users/${id}/reset-password`, {});
    const temporary = /data-qa="temporary-password">([^<]+)</.exec(reset.text)![1]!.trim();
    const user = new Client(app.url);
    await user.signIn('locked.out', totpSecret, temporary);
    expect((await user.get('/people')).location).toBe('/account/password');
    expect((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const audited = await app.db.query<{ action: string }>(`select action from audit_log where subject_id = $1 and action like 'user.%' order by seq`, [id]);
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['user.unlock', 'user.reset-password']));
  });

  it('lets an auditor search the log by user and by subject, never about themselves', async () => {
    const c = await signedIn(['auditor'], personIds.P1);
    const byUser = await c.get('/audit?user=hr.user');
    expect(byUser.status).toBe(200);
    expect(byUser.text).toContain('person.view');
    const aboutSelf = await c.get('/audit?payrollNumber=P1');
    expect(aboutSelf.text).toContain('0 entries');
    const aboutOther = await c.get('/audit?payrollNumber=P2');
    expect(aboutOther.text).toMatch(/[1-9]\d* entries/);
  });
});

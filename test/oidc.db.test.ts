import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider, { type ProviderContext } from 'oidc-provider';
import { Client, startTestApp, type TestApp } from './support/app.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) run on 127.0.0.1, shaped like
 * Microsoft Entra ID: `oid`, `tid`, `preferred_username`, `name`, `email` and `amr` in the id_token.
 * The "browser" is two cookie-keeping clients (one per site) following redirects by hand; the provider's
 * login page is replaced by a route that signs in whoever the test has lined up in `nextLogin`.
 */

const CLIENT_ID = 'probity-test';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
const TENANT = randomUUID();

interface Identity {
  oid: string;
  preferred_username: string;
  email: string;
  name: string;
}

/** Accounts at the provider, by account id (the provider's `sub`). */
const identities = new Map<string, Identity>();
/** What the provider's login step does next: sign in an account with these methods, or refuse. */
let nextLogin: { accountId: string; amr: string[] } | 'refuse' = 'refuse';

let providerServer: Server;
let provider: Provider;
let issuer: string;
let app: TestApp;
let redirectUri: string;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(typeof address === 'object' && address ? address.port : 0);
  }));
}

function close(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The provider's interaction (login) step, done programmatically. */
async function interaction(req: IncomingMessage, res: ServerResponse) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
    const login = nextLogin;
    if (login === 'refuse') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    } else {
      await provider.interactionFinished(req, res, { login: { accountId: login.accountId, amr: login.amr, remember: false } }, { mergeWithLastSubmission: false });
    }
  } catch (err) {
    res.statusCode = 500;
    res.end(`interaction failed: ${String(err)}`);
  }
}

function makeProvider(): Provider {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const p = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [{ ...key, kid: 'test-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    // Entra puts these in the id_token itself rather than only behind the userinfo endpoint.
    conformIdTokenClaims: false,
    // `amr` (how the person signed in, from the login step below) is put in every id_token by listing it
    // under the openid scope; otherwise oidc-provider sends it only when the claims parameter asks for it.
    claims: { acr: null, sid: null, auth_time: null, iss: null, openid: ['sub', 'tid', 'amr'], profile: ['name', 'preferred_username', 'oid'], email: ['email'] },
    features: { devInteractions: { enabled: false } },
    ttl: { AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const identity = identities.get(sub);
      if (!identity) return undefined;
      return { accountId: sub, claims: async () => ({ sub, tid: TENANT, ...identity }) };
    },
    // A first-party client: consent is implied, as for an enterprise application an Entra admin has consented to.
    async loadExistingGrant(ctx: ProviderContext) {
      const { client, session, result, provider: op } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return op.Grant.find(grantId);
      const grant = new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  return p;
}

beforeAll(async () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  providerServer = createServer((req, res) => handler(req, res));
  issuer = `http://127.0.0.1:${await listen(providerServer)}`;
  // The app's port is known only once it listens, so its redirect address is set straight after;
  // the OIDC routes read the configuration on each request.
  app = await startTestApp({
    OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_REDIRECT_URI: 'http://127.0.0.1/sign-in/sso/callback', OIDC_REQUIRE_MFA: 'true',
  });
  redirectUri = `${app.url}/sign-in/sso/callback`;
  app.config.oidc!.redirectUri = redirectUri;
  provider = makeProvider();
  const callback = provider.callback();
  handler = (req, res) => (req.url?.startsWith('/interaction/') ? void interaction(req, res) : callback(req, res));
});

afterAll(async () => {
  await close(providerServer);
  await app?.close();
});

/** An account at the provider and, unless told otherwise, nothing at Probity. */
function identity(name: string, email = `${name.toLowerCase().replace(/\s+/g, '.')}@force.police.example`): { accountId: string } & Identity {
  const accountId = `acct-${randomUUID()}`;
  const id = { oid: randomUUID(), preferred_username: email, email, name };
  identities.set(accountId, id);
  return { accountId, ...id };
}

async function probityUser(fields: { username: string; displayName: string; email?: string | null; oidcSubject?: string | null; isDemo?: boolean }) {
  return app.db.transaction((tx) => app.services.users.insert(tx, { ...fields, roles: ['vetting_researcher'] }));
}

/** Starts single sign-on at the app; returns the provider's authorisation address. */
async function startSso(client: Client, returnTo = '/'): Promise<string> {
  const res = await client.get(`/sign-in/sso?returnTo=${encodeURIComponent(returnTo)}`);
  expect(res.status).toBe(302);
  expect(res.location).toMatch(new RegExp(`^${issuer}/`));
  return res.location!;
}

/** Follows the provider's redirects (login included) until it sends the browser back to the app. */
async function atProvider(authorisationUrl: string, login: typeof nextLogin): Promise<string> {
  nextLogin = login;
  const browser = new Client(issuer);
  let location = authorisationUrl;
  for (let hops = 0; hops < 10; hops++) {
    if (location.startsWith(redirectUri)) return location;
    const url = new URL(location, issuer);
    const res = await browser.get(url.pathname + url.search);
    if (res.status !== 302 && res.status !== 303) throw new Error(`provider answered ${res.status}: ${res.text.slice(0, 500)}`);
    location = new URL(res.location!, url).href;
  }
  throw new Error('too many redirects at the provider');
}

/** The browser arriving back at the app with the provider's response. */
function callback(client: Client, callbackUrl: string) {
  return client.get(callbackUrl.slice(app.url.length));
}

async function signInWithSso(client: Client, login: typeof nextLogin, returnTo = '/') {
  return callback(client, await atProvider(await startSso(client, returnTo), login));
}

async function expectSignedInAs(client: Client, displayName: string) {
  const home = await client.get('/');
  expect(home.status).toBe(200);
  expect(home.text).toContain(displayName);
}

async function expectSignedOut(client: Client) {
  const home = await client.get('/');
  expect(home.status).toBe(302);
  expect(home.location).toMatch(/^\/sign-in/);
}

async function auditEntries(action: string, where: { userId?: string; outcome?: string } = {}) {
  return app.db.query<{ actor_user_id: string | null; actor_label: string; outcome: string; details: Record<string, unknown> }>(
    `select actor_user_id, actor_label, outcome, details from audit_log
      where action = $1 and ($2::uuid is null or actor_user_id = $2) and ($3::text is null or outcome = $3) order by seq`,
    [action, where.userId ?? null, where.outcome ?? null],
  );
}

const MFA = ['pwd', 'mfa'];

describe('single sign-on by OpenID Connect', () => {
  it('signs in a user whose force identity is already linked, and audits it', async () => {
    const who = identity('Alex Linked');
    const user = await probityUser({ username: 'alex.linked', displayName: 'Alex Linked', oidcSubject: who.oid });
    const client = new Client(app.url);
    const res = await signInWithSso(client, { accountId: who.accountId, amr: MFA }, '/accessibility');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/accessibility');
    await expectSignedInAs(client, 'Alex Linked');
    const entries = await auditEntries('auth.sign-in', { userId: user.id, outcome: 'ok' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ method: 'oidc' });
  });

  it('links an account by email on first sign-in, then recognises the identity by its subject', async () => {
    const who = identity('Jo Bloggs', 'jo.bloggs@force.police.example');
    const user = await probityUser({ username: 'jo.bloggs', displayName: 'Jo Bloggs', email: 'Jo.Bloggs@Force.Police.Example' });
    const first = new Client(app.url);
    expect((await signInWithSso(first, { accountId: who.accountId, amr: MFA })).location).toBe('/');
    await expectSignedInAs(first, 'Jo Bloggs');
    expect((await app.services.users.byId(user.id))!.oidcSubject).toBe(who.oid);
    const links = await auditEntries('auth.sso-link', { userId: user.id });
    expect(links).toHaveLength(1);
    expect(links[0]!.details).toMatchObject({ matchedOn: 'preferred_username', subject: who.oid, tenant: TENANT });

    // The email no longer matches anything at Probity: only the stored subject can find the account now.
    identities.set(who.accountId, { ...who, preferred_username: 'someone.else@force.police.example', email: 'someone.else@force.police.example' });
    const second = new Client(app.url);
    expect((await signInWithSso(second, { accountId: who.accountId, amr: MFA })).location).toBe('/');
    await expectSignedInAs(second, 'Jo Bloggs');
    expect(await auditEntries('auth.sso-link', { userId: user.id })).toHaveLength(1);
  });

  it('refuses a sign-in without multi-factor authentication when it is required', async () => {
    const who = identity('Sam Single');
    const user = await probityUser({ username: 'sam.single', displayName: 'Sam Single', oidcSubject: who.oid });
    const client = new Client(app.url);
    const res = await signInWithSso(client, { accountId: who.accountId, amr: ['pwd'] });
    expect(res.status).toBe(403);
    expect(res.text).toContain('multi-factor authentication');
    expect(res.text).toContain('govuk-error-summary');
    await expectSignedOut(client);
    const refused = await auditEntries('auth.sign-in', { outcome: 'denied' });
    expect(refused.some((e) => e.actor_label === who.preferred_username && e.details.reason === 'no multi-factor authentication in amr')).toBe(true);
    expect(await auditEntries('auth.sign-in', { userId: user.id, outcome: 'ok' })).toHaveLength(0);
  });

  it('refuses an identity that matches no account, and does not take over an account already linked to another identity', async () => {
    const stranger = identity('Pat Stranger');
    const client = new Client(app.url);
    const res = await signInWithSso(client, { accountId: stranger.accountId, amr: MFA });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your force account is not set up for Probity: ask your Probity administrator');
    await expectSignedOut(client);
    expect((await auditEntries('auth.sign-in', { outcome: 'denied' })).some((e) => e.actor_label === stranger.preferred_username && e.details.reason === 'unknown identity')).toBe(true);

    const owner = await probityUser({ username: 'chris.owner', displayName: 'Chris Owner', email: 'chris.owner@force.police.example', oidcSubject: randomUUID() });
    const impostor = identity('Chris Owner', 'chris.owner@force.police.example');
    const other = new Client(app.url);
    expect((await signInWithSso(other, { accountId: impostor.accountId, amr: MFA })).status).toBe(403);
    await expectSignedOut(other);
    expect((await app.services.users.byId(owner.id))!.oidcSubject).not.toBe(impostor.oid);
  });

  it('refuses a response whose state has been tampered with, and the attempt cannot be used again', async () => {
    const who = identity('Dee Tamper');
    await probityUser({ username: 'dee.tamper', displayName: 'Dee Tamper', oidcSubject: who.oid });
    const client = new Client(app.url);
    const genuine = await atProvider(await startSso(client), { accountId: who.accountId, amr: MFA });
    const tampered = new URL(genuine);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const res = await callback(client, tampered.href);
    expect(res.status).toBe(401);
    expect(res.text).toContain('did not complete');
    await expectSignedOut(client);
    const again = await callback(client, genuine);
    expect(again.status).toBe(401);
    await expectSignedOut(client);
  });

  it('refuses a replayed callback', async () => {
    const who = identity('Robin Replay');
    await probityUser({ username: 'robin.replay', displayName: 'Robin Replay', oidcSubject: who.oid });
    const client = new Client(app.url);
    const callbackUrl = await atProvider(await startSso(client), { accountId: who.accountId, amr: MFA });
    expect((await callback(client, callbackUrl)).status).toBe(302);
    await expectSignedInAs(client, 'Robin Replay');
    expect((await client.post('/sign-out', {})).status).toBe(302);
    await expectSignedOut(client);

    // The same browser again, and another browser part-way through its own sign-in.
    expect((await callback(client, callbackUrl)).status).toBe(401);
    await expectSignedOut(client);
    const attacker = new Client(app.url);
    await startSso(attacker);
    expect((await callback(attacker, callbackUrl)).status).toBe(401);
    await expectSignedOut(attacker);
  });

  it('refuses disabled accounts and demo accounts outside demo mode', async () => {
    const who = identity('Kim Disabled');
    const user = await probityUser({ username: 'kim.disabled', displayName: 'Kim Disabled', oidcSubject: who.oid });
    await app.db.query('update users set disabled_at = now() where id = $1', [user.id]);
    const client = new Client(app.url);
    const res = await signInWithSso(client, { accountId: who.accountId, amr: MFA });
    expect(res.status).toBe(403);
    await expectSignedOut(client);
    expect(await auditEntries('auth.sign-in', { userId: user.id, outcome: 'denied' })).toHaveLength(1);

    const demo = identity('Demo Person');
    await probityUser({ username: 'demo.person', displayName: 'Demo Person', oidcSubject: demo.oid, isDemo: true });
    const other = new Client(app.url);
    const refused = await signInWithSso(other, { accountId: demo.accountId, amr: MFA });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('demo mode');
    await expectSignedOut(other);
  });

  it('refuses cleanly when the provider reports an error', async () => {
    const client = new Client(app.url);
    const res = await signInWithSso(client, 'refuse');
    expect(res.status).toBe(401);
    expect(res.text).toContain('You did not finish signing in');
    await expectSignedOut(client);
    const failed = await auditEntries('auth.sign-in', { outcome: 'failed' });
    expect(failed.some((e) => e.details.reason === 'identity provider returned access_denied')).toBe(true);
  });
});

describe('single sign-on when the provider cannot be reached', () => {
  let offline: TestApp;
  beforeAll(async () => {
    const unused = createServer();
    const port = await listen(unused);
    await close(unused);
    offline = await startTestApp({
      OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: 'http://127.0.0.1/sign-in/sso/callback',
    });
  });
  afterAll(async () => {
    await offline?.close();
  });

  it('shows a plain 503 page, not a stack trace', async () => {
    const client = new Client(offline.url);
    const res = await client.get('/sign-in/sso');
    expect(res.status).toBe(503);
    expect(res.text).toContain('Signing in with your force account is not available');
    expect(res.text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    await expectSignedOut(client);
  });
});

import { Router, type Request, type Response } from 'express';
import * as client from 'openid-client';
import type { Config, OidcConfig } from '../config.js';
import { accountUsable } from './middleware.js';
import { establishSession, safeReturnTo } from './routes.js';
import type { AuthService } from './service.js';
import type { User, UserRepository } from './users.js';

/**
 * Single sign-on by OpenID Connect (forces use Microsoft Entra ID): authorisation code flow with PKCE,
 * state and nonce kept in the server-side session. openid-client checks the response, the id_token's
 * signature, issuer, audience and nonce; this file decides whether the identity may use Probity.
 */

type Claims = Record<string, unknown>;

interface Refusal {
  status: 401 | 403;
  /** Shown to the person signing in: plain words, nothing about the provider's internals. */
  message: string;
  /** Recorded in the audit log. */
  reason: string;
  outcome: 'failed' | 'denied';
}

const NOT_COMPLETED = 'Signing in with your force account did not complete. Try again.';
const NOT_SET_UP = 'Your force account is not set up for Probity: ask your Probity administrator';

const refusals = {
  noSignInInProgress: { status: 401, outcome: 'failed', reason: 'no single sign-on in progress', message: NOT_COMPLETED },
  providerError: (code: string) => ({ status: 401, outcome: 'failed', reason: `identity provider returned ${code}`, message: code === 'access_denied' ? 'You did not finish signing in with your force account. Try again.' : NOT_COMPLETED }),
  invalidResponse: (detail: string) => ({ status: 401, outcome: 'failed', reason: `invalid response: ${detail}`, message: NOT_COMPLETED }),
  noSubject: (claim: string) => ({ status: 403, outcome: 'denied', reason: `no ${claim} claim in the id_token`, message: NOT_SET_UP }),
  noMfa: { status: 403, outcome: 'denied', reason: 'no multi-factor authentication in amr', message: 'Sign in to your force account again using multi-factor authentication, then try again.' },
  unknown: { status: 403, outcome: 'denied', reason: 'unknown identity', message: NOT_SET_UP },
  ambiguous: { status: 403, outcome: 'denied', reason: 'email matches more than one account', message: NOT_SET_UP },
  demo: { status: 403, outcome: 'denied', reason: 'demo account outside demo mode', message: 'Demo accounts can only be used when Probity runs in demo mode' },
  disabled: { status: 403, outcome: 'denied', reason: 'disabled', message: 'Your Probity account cannot be used: ask your Probity administrator' },
} satisfies Record<string, Refusal | ((arg: string) => Refusal)>;

/** Plain http is allowed only for a provider on this machine (development and tests). */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/** A network failure or timeout talking to the provider, as opposed to a response that fails the checks. */
function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string };
  return (e?.name === 'TypeError' && e.message === 'fetch failed') || e?.name === 'TimeoutError' || e?.name === 'AbortError'
    || e?.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || e?.code === 'OAUTH_RESPONSE_IS_NOT_JSON';
}

function describe(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) return err.error;
  const e = err as { code?: string; message?: string };
  return String(e?.code ?? e?.message ?? 'unknown').slice(0, 200);
}

const stringClaim = (claims: Claims, name: string): string | undefined => {
  const v = claims[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

export function oidcRoutes(config: Config, users: UserRepository, auth: AuthService): Router {
  const router = Router();
  const info = (req: Request, res: Response) => ({ ip: req.ip, correlationId: res.locals.correlationId });
  const settings = (): OidcConfig => {
    if (!config.oidc) throw new Error('oidcRoutes needs config.oidc');
    return config.oidc;
  };

  // Discovery is done once and kept; a failure is not kept, so the next attempt tries again.
  let discovered: Promise<client.Configuration> | undefined;
  const discover = (): Promise<client.Configuration> => {
    if (!discovered) {
      const oidc = settings();
      const issuer = new URL(oidc.issuer);
      discovered = client.discovery(issuer, oidc.clientId, oidc.clientSecret, client.ClientSecretPost(oidc.clientSecret), {
        timeout: 10,
        execute: issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : [],
      });
      discovered.catch(() => (discovered = undefined));
    }
    return discovered;
  };

  const unavailable = (res: Response) =>
    res.status(503).render('error.njk', {
      pageTitle: 'Single sign-on is not available',
      heading: 'Signing in with your force account is not available',
      message: 'Probity cannot reach your force’s sign-in service at the moment. Try again later, or sign in with a Probity account if you have one.',
    });

  router.get('/sign-in/sso', async (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (res.locals.currentUser) return res.redirect(returnTo);
    let oidcClient: client.Configuration;
    try {
      oidcClient = await discover();
    } catch {
      return unavailable(res);
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    req.session.oidc = { state, nonce, codeVerifier, returnTo };
    const url = client.buildAuthorizationUrl(oidcClient, {
      redirect_uri: settings().redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.redirect(url.href);
  });

  router.get('/sign-in/sso/callback', async (req, res) => {
    const oidc = settings();
    // One use only: whatever happens next, this sign-in attempt is spent.
    const pending = req.session.oidc;
    delete req.session.oidc;
    const returnTo = safeReturnTo(pending?.returnTo);

    const refuse = async (refusal: Refusal, label = 'single sign-on', user?: User) => {
      await auth.log('auth.sign-in', label.slice(0, 100), user?.id ?? null, refusal.outcome, info(req, res), { method: 'oidc', reason: refusal.reason });
      res.status(refusal.status).render('auth/views/sign-in.njk', {
        pageTitle: 'Sign in', returnTo, sso: oidc.label,
        errors: { errorList: [{ text: refusal.message }], fieldErrors: {} },
      });
    };

    if (!pending) {
      const error = typeof req.query.error === 'string' ? req.query.error.slice(0, 100) : undefined;
      return refuse(error ? refusals.providerError(error) : refusals.noSignInInProgress);
    }

    let oidcClient: client.Configuration;
    try {
      oidcClient = await discover();
    } catch {
      return unavailable(res);
    }

    // The response is checked against the registered redirect address, not the Host header.
    const currentUrl = new URL(oidc.redirectUri);
    currentUrl.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    let claims: Claims;
    try {
      const tokens = await client.authorizationCodeGrant(oidcClient, currentUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Claims;
    } catch (err) {
      if (err instanceof client.AuthorizationResponseError) return refuse(refusals.providerError(err.error.slice(0, 100)));
      if (isUnavailable(err)) return unavailable(res);
      return refuse(refusals.invalidResponse(describe(err)));
    }

    const subject = stringClaim(claims, oidc.subjectClaim);
    const label = stringClaim(claims, 'preferred_username') ?? stringClaim(claims, 'email') ?? subject ?? 'single sign-on';
    if (!subject) return refuse(refusals.noSubject(oidc.subjectClaim), label);
    if (oidc.requireMfa && !(Array.isArray(claims.amr) && claims.amr.includes('mfa'))) return refuse(refusals.noMfa, label);

    let user = await users.byOidcSubject(subject);
    if (!user) {
      // First sign-in: link to an existing account by its email address, once.
      let candidate: User | undefined;
      let matchedOn: string | undefined;
      for (const claim of ['preferred_username', 'email']) {
        const address = stringClaim(claims, claim);
        if (!address?.includes('@')) continue;
        const matches = await users.byEmail(address);
        if (matches.length > 1) return refuse(refusals.ambiguous, label);
        if (matches[0] && !matches[0].oidcSubject) {
          candidate = matches[0];
          matchedOn = claim;
          break;
        }
      }
      if (!candidate) return refuse(refusals.unknown, label);
      const check = usable(candidate);
      if (check) return refuse(check, candidate.username, candidate);
      if (!(await users.linkOidcSubject(candidate.id, subject))) return refuse(refusals.unknown, label);
      await auth.log('auth.sso-link', candidate.username, candidate.id, 'ok', info(req, res), {
        matchedOn, subjectClaim: oidc.subjectClaim, subject, tenant: stringClaim(claims, 'tid') ?? null,
      });
      user = { ...candidate, oidcSubject: subject };
    }
    const check = usable(user);
    if (check) return refuse(check, user.username, user);

    await establishSession(req, user.id);
    await auth.completeSignIn(user, null, info(req, res), 'oidc');
    res.redirect(returnTo);
  });

  function usable(user: User): Refusal | undefined {
    if (accountUsable(user, config.demoMode)) return undefined;
    return user.isDemo && !user.disabledAt ? refusals.demo : refusals.disabled;
  }

  return router;
}

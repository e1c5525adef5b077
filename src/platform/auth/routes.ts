import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config.js';
import { presentFormErrors } from '../http/form-errors.js';
import { groupSecret, newTotpSecret, otpauthUri } from './totp.js';
import type { AuthService } from './service.js';
import type { UserRepository } from './users.js';

/** Only same-site paths, so a crafted link cannot send a signed-in user elsewhere. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** Signs the user in on a fresh session id (no session fixation). */
export async function establishSession(req: Request, userId: string): Promise<void> {
  await regenerateSession(req);
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
}

const FAILED_MESSAGE = 'Enter a correct username and password. After several failed attempts an account is locked for a short time.';

export function signInRoutes(auth: AuthService, users: UserRepository, config: Config): Router {
  const router = Router();
  const info = (req: Request, res: Response) => ({ ip: req.ip, correlationId: res.locals.correlationId });
  const limiter = rateLimit({
    windowMs: config.signIn.windowMinutes * 60_000,
    limit: config.signIn.ipLimitPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).render('error.njk', { pageTitle: 'Too many attempts', heading: 'Too many sign-in attempts', message: `Wait ${config.signIn.windowMinutes} minutes, then try again.` });
    },
  });

  router.get('/sign-in', (req, res) => {
    if (res.locals.currentUser) return res.redirect('/');
    res.render('auth/views/sign-in.njk', { pageTitle: 'Sign in', returnTo: safeReturnTo(req.query.returnTo), sso: config.oidc?.label });
  });

  router.post('/sign-in', limiter, async (req, res) => {
    const username = String(req.body.username ?? '').trim();
    const password = String(req.body.password ?? '');
    const returnTo = safeReturnTo(req.body.returnTo);
    const fieldErrors = [];
    if (!username) fieldErrors.push({ field: 'username', message: 'Enter your username' });
    if (!password) fieldErrors.push({ field: 'password', message: 'Enter your password' });
    if (fieldErrors.length) {
      return res.status(400).render('auth/views/sign-in.njk', { pageTitle: 'Sign in', username, returnTo, errors: presentFormErrors(fieldErrors), sso: config.oidc?.label });
    }
    const outcome = await auth.checkPassword(username, password, info(req, res));
    if (outcome.kind === 'failed' || outcome.kind === 'demo-refused') {
      const message = outcome.kind === 'demo-refused' ? 'Demo accounts can only be used when Probity runs in demo mode' : FAILED_MESSAGE;
      return res.status(401).render('auth/views/sign-in.njk', { pageTitle: 'Sign in', username, returnTo, errors: presentFormErrors([{ field: 'username', message }]), sso: config.oidc?.label });
    }
    if (outcome.kind === 'signed-in') {
      await establishSession(req, outcome.user.id);
      return res.redirect(returnTo);
    }
    await regenerateSession(req);
    req.session.pendingUserId = outcome.user.id;
    if (outcome.kind === 'needs-enrolment') {
      req.session.enrolSecret = newTotpSecret();
      return res.redirect(`/sign-in/set-up-second-factor?returnTo=${encodeURIComponent(returnTo)}`);
    }
    res.redirect(`/sign-in/second-factor?returnTo=${encodeURIComponent(returnTo)}`);
  });

  router.get('/sign-in/second-factor', (req, res) => {
    if (!req.session.pendingUserId) return res.redirect('/sign-in');
    res.render('auth/views/second-factor.njk', { pageTitle: 'Enter your security code', returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.post('/sign-in/second-factor', limiter, async (req, res) => {
    const pending = req.session.pendingUserId;
    if (!pending) return res.redirect('/sign-in');
    const code = String(req.body.code ?? '');
    const returnTo = safeReturnTo(req.body.returnTo);
    const user = await auth.checkSecondFactor(pending, code, info(req, res));
    if (!user) {
      const message = /^\s*\d{6}\s*$/.test(code) ? 'The security code is wrong, has expired or has already been used' : 'Enter the 6-digit security code from your authenticator app';
      return res.status(401).render('auth/views/second-factor.njk', { pageTitle: 'Enter your security code', returnTo, errors: presentFormErrors([{ field: 'code', message }]) });
    }
    await establishSession(req, user.id);
    res.redirect(returnTo);
  });

  const renderEnrolment = async (res: Response, status: number, pending: string, secret: string, returnTo: string, error?: string) => {
    const user = await users.byId(pending);
    res.status(status).render('auth/views/set-up-second-factor.njk', {
      pageTitle: 'Set up your security codes', secret: groupSecret(secret), uri: otpauthUri(secret, user?.username ?? ''), returnTo,
      errors: error ? presentFormErrors([{ field: 'code', message: error }]) : undefined,
    });
  };

  router.get('/sign-in/set-up-second-factor', async (req, res) => {
    const pending = req.session.pendingUserId;
    const secret = req.session.enrolSecret;
    if (!pending || !secret) return res.redirect('/sign-in');
    await renderEnrolment(res, 200, pending, secret, safeReturnTo(req.query.returnTo));
  });

  router.post('/sign-in/set-up-second-factor', limiter, async (req, res) => {
    const pending = req.session.pendingUserId;
    const secret = req.session.enrolSecret;
    if (!pending || !secret) return res.redirect('/sign-in');
    const returnTo = safeReturnTo(req.body.returnTo);
    const user = await auth.enrol(pending, secret, String(req.body.code ?? ''), info(req, res));
    if (!user) return renderEnrolment(res, 400, pending, secret, returnTo, 'Enter the current 6-digit code your authenticator app shows for Probity');
    await establishSession(req, user.id);
    res.redirect(returnTo);
  });

  router.post('/sign-out', async (req, res) => {
    const user = res.locals.currentUser;
    if (user) await auth.log('auth.sign-out', user.username, user.id, 'ok', info(req, res), {});
    req.session.destroy(() => {
      res.clearCookie('probity.sid');
      res.redirect('/sign-in');
    });
  });

  return router;
}

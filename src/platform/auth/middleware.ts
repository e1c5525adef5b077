import type { NextFunction, Request, Response } from 'express';
import type { Viewer } from '../access/policy.js';
import { UnauthenticatedError } from '../http/errors.js';
import type { ApiTokenRepository } from './api-tokens.js';
import type { User, UserRepository } from './users.js';

export function viewerFor(user: User): Viewer {
  return { userId: user.id, personId: user.personId, roles: user.roles, label: user.username };
}

/** Whether a stored user may be signed in at all right now. */
export function accountUsable(user: User, demoMode: boolean): boolean {
  return !user.disabledAt && (!user.isDemo || demoMode);
}

/** Loads the signed-in user (session) or the integration (bearer token) into res.locals. */
export function currentUser(users: UserRepository, tokens: ApiTokenRepository, demoMode: boolean, sessionMaxHours = 12) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const auth = req.get('authorization');
      if (auth?.startsWith('Bearer ')) {
        // Tokens are for integrations: they open the API, never the pages.
        if (!req.originalUrl.startsWith('/api/')) throw new UnauthenticatedError('API tokens can only be used with /api');
        const token = await tokens.authenticate(auth.slice(7).trim());
        if (!token) throw new UnauthenticatedError('The API token is missing, invalid, expired or revoked');
        res.locals.apiToken = { id: token.id, name: token.name };
        res.locals.viewer = { userId: null, personId: null, roles: [], label: `token:${token.name}`, tokenScopes: token.scopes };
        return next();
      }
      const userId = req.session?.userId;
      const expired = !req.session?.signedInAt || Date.now() - req.session.signedInAt > sessionMaxHours * 3_600_000;
      if (userId && expired) delete req.session.userId;
      else if (userId) {
        const user = await users.byIdCached(userId);
        if (user && accountUsable(user, demoMode)) {
          res.locals.currentUser = user;
          res.locals.viewer = viewerFor(user);
        } else {
          delete req.session.userId;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Someone signed in with a temporary password chooses their own before anything else. */
export function requirePasswordChosen(req: Request, res: Response, next: NextFunction): void {
  if (!res.locals.currentUser?.mustChangePassword || req.path === '/account/password' || req.path === '/sign-out') return next();
  if (req.originalUrl.startsWith('/api/')) return next(new UnauthenticatedError('Choose a new password in Probity before using the API'));
  res.redirect('/account/password');
}

/** Pages need a signed-in user; they redirect to sign in, the API answers 401. */
export function requireSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.viewer) return next();
  if (req.path.startsWith('/api/') || req.baseUrl.startsWith('/api')) return next(new UnauthenticatedError());
  const returnTo = req.method === 'GET' && req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
  res.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
}

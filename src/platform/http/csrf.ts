import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection for everything a browser session can post.
 * Requests with an API token carry no ambient credentials and are exempt; multipart uploads are
 * checked by their route after the body is parsed (see `csrfAfterUpload`).
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token')),
});

export function csrf(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.apiToken) return next();
  res.locals.csrfToken = generateToken(req);
  if (req.is('multipart/form-data') && req.method === 'POST') return next();
  csrfSynchronisedProtection(req, res, next);
}

/** For multipart routes: check the token once the upload middleware has parsed the form. */
export const csrfAfterUpload = csrfSynchronisedProtection;

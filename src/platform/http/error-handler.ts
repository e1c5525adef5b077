import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { HttpError, NotFoundError } from './errors.js';

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.originalUrl.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json' && !req.accepts('html'));

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with your request', 401: 'Sign in to continue', 403: 'You do not have access to this page',
  404: 'Page not found', 409: 'This record has changed', 413: 'The file or form is too large', 429: 'Too many requests',
};

/** User errors get their message; anything else is logged with its correlation id and shown as a plain apology. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = res.locals.correlationId;
    let status = 500;
    let message = 'Sorry, there is a problem with the service. Try again later.';
    let details: { field: string; message: string }[] | undefined;
    let code = 'internal';
    const e = err as { type?: string; status?: number; code?: string };
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
      details = err.details.length ? err.details : undefined;
      code = status === 400 ? 'validation' : status === 409 ? 'conflict' : status === 404 ? 'not_found' : status === 403 ? 'forbidden' : status === 401 ? 'unauthenticated' : 'error';
    } else if (e?.type === 'entity.parse.failed') {
      status = 400; code = 'validation'; message = 'The request body is not valid JSON'; details = [{ field: 'body', message }];
    } else if (e?.type === 'entity.too.large') {
      status = 413; code = 'too_large'; message = 'The request is too large';
    } else if (e?.code === 'EBADCSRFTOKEN' || (e?.status === 403 && /csrf/i.test(String((err as Error).message)))) {
      status = 403; code = 'csrf'; message = 'This form has expired or was not sent from Probity. Go back, reload the page and try again.';
    } else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status; code = 'error'; message = HEADINGS[status] ?? 'There is a problem with your request';
    } else {
      logger.error({ err, correlationId, path: req.path }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res.status(status).json({ error: code, message, ...(details ? { details } : {}), correlationId });
      return;
    }
    res.status(status).render('error.njk', { pageTitle: HEADINGS[status] ?? 'Sorry, there is a problem', heading: HEADINGS[status] ?? 'Sorry, there is a problem with the service', message, correlationId: status >= 500 ? correlationId : undefined });
  };
}

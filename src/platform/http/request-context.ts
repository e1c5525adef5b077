import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Each request gets a correlation id (an incoming X-Request-Id if well-formed), echoed back and used in the audit log. */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  res.locals.correlationId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', res.locals.correlationId);
  next();
}

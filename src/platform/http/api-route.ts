import type { NextFunction, Request, Response, Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { ErrorResponse } from '../openapi/registry.js';
import { parseOrThrow } from './validate.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express style, relative to /api (e.g. /v1/people/:id). */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The 200/201 response schema. */
  response: z.ZodType;
  status?: 200 | 201 | 202;
  /** Extra documented statuses besides 400/401/403. */
  errors?: number[];
}

export interface ApiInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input: each problem names its field',
  401: 'Not signed in, or the API token is missing, invalid or revoked',
  403: 'Not allowed for this user or token',
  404: 'Not found',
  409: 'Conflict: the record changed since it was read',
  413: 'Too large',
};

/**
 * Registers an API route and its OpenAPI description together, so no endpoint goes undocumented,
 * and validates params, query and body against the same schemas the document shows.
 */
export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: ApiRouteSpec<P, Q, B>,
  handler: (input: ApiInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
): void {
  const status = spec.status ?? 200;
  const errors = [400, 401, 403, ...(spec.errors ?? [])];
  registry.registerPath({
    method: spec.method,
    path: `/api${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
    summary: spec.summary,
    tags: [spec.tag],
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: {
      [status]: { description: 'Success', content: { 'application/json': { schema: spec.response } } },
      ...Object.fromEntries(errors.map((code) => [code, { description: STATUS_TEXT[code] ?? 'Error', content: { 'application/json': { schema: ErrorResponse } } }])),
    },
  });
  router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const params = (spec.params ? parseOrThrow(spec.params, req.params) : req.params) as z.infer<P>;
      const query = (spec.query ? parseOrThrow(spec.query, req.query) : req.query) as z.infer<Q>;
      const body = (spec.body ? parseOrThrow(spec.body, req.body ?? {}) : req.body) as z.infer<B>;
      const result = await handler({ params, query, body, req, res });
      if (!res.headersSent) res.status(status).json(result);
    } catch (err) {
      next(err);
    }
  });
}

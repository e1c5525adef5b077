import { Router, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { FieldError } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { parsePublicComplaint } from './schema.js';
import type { ConductService } from './service.js';

export interface PublicFormLimit { windowMinutes: number; limitPerWindow: number }
/** Generous enough for a household or a library sharing one address, tight enough to stop a flood of cases. */
export const DEFAULT_PUBLIC_FORM_LIMIT: PublicFormLimit = { windowMinutes: 60, limitPerWindow: 10 };

declare module 'express-session' {
  interface SessionData {
    /** The reference of the complaint this browser has just made: the acknowledgement page shows it and nothing else. */
    complaintReference?: string;
  }
}

/**
 * The public online complaint form: no account needed. CSRF protection works as for sign-in (the token lives in the
 * anonymous session the form's page starts). Submissions are rate-limited per address; the address itself is kept
 * only in the audit log. Nothing here reads any case: the acknowledgement shows the reference this browser was given.
 */
export function conductPublicRoutes(service: ConductService, limit: PublicFormLimit = DEFAULT_PUBLIC_FORM_LIMIT): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: limit.windowMinutes * 60_000,
    limit: limit.limitPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).render('conduct/views/public-complaint-limit.njk', { pageTitle: 'Too many complaints sent', windowMinutes: limit.windowMinutes });
    },
  });

  const form = (res: Response, status: number, values: Record<string, unknown>, errors?: FieldError[]) =>
    res.status(status).render('conduct/views/public-complaint.njk', { pageTitle: 'Make a complaint about the police', values, errors: errors && presentFormErrors(errors) });

  router.get('/complaints/new', (_req, res) => form(res, 200, {}));

  router.post('/complaints/new', limiter, async (req, res) => {
    const parsed = parsePublicComplaint(req.body);
    if ('errors' in parsed) return form(res, 400, req.body, parsed.errors);
    req.session.complaintReference = await service.submitPublicComplaint(parsed.data, { ip: req.ip, correlationId: res.locals.correlationId });
    res.redirect('/complaints/submitted');
  });

  router.get('/complaints/submitted', (req, res) => {
    const reference = req.session.complaintReference;
    if (!reference) return res.redirect('/complaints/new');
    res.render('conduct/views/public-complaint-done.njk', { pageTitle: 'Complaint received', reference });
  });

  return router;
}

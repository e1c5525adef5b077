import type { Request, Response } from 'express';
import type { z } from 'zod';
import { ConflictError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';

export type FormErrors = ReturnType<typeof presentFormErrors>;

/** Parses a form into an API body, so forms and API share one schema and one set of messages. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/**
 * Posts a form: on success a flash and a redirect; on a user's error (bad input, a stale version, a step out of order)
 * the page again with a GOV.UK error summary, inline messages and what they typed. Anything else is not theirs to fix.
 */
export async function submitForm(req: Request, res: Response, o: {
  submit: () => Promise<{ redirect: string; flash: string }>;
  redisplay: (status: number, errors: FormErrors) => Promise<void>;
  /** Maps a service's field names onto the form's. */
  field?: (field: string) => string;
  /** Where a conflict's message points (a field on the form). */
  conflictField: string;
}): Promise<void> {
  try {
    const { redirect, flash } = await o.submit();
    req.session.flash = { type: 'success', text: flash };
    res.redirect(redirect);
  } catch (err) {
    if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
    const details: FieldError[] = err instanceof ValidationError
      ? err.details.map((d) => ({ ...d, field: o.field ? o.field(d.field) : d.field }))
      : [{ field: o.conflictField, message: err.message }];
    await o.redisplay(err.status, presentFormErrors(details));
  }
}

/** Checkbox and multi-line values arrive as a string or an array. */
export const list = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).map(String).filter((s) => s.trim());
export const lines = (v: unknown): string[] => (typeof v === 'string' ? v.split(/[\r\n,;]+/).map((s) => s.trim()).filter(Boolean) : list(v));

/** What the user typed, to show again; after a conflict the form takes the record's current version instead. */
export function typed(status: number, body: Record<string, unknown>): Record<string, unknown> {
  if (status !== 409) return body;
  const { version: _stale, ...rest } = body;
  return rest;
}

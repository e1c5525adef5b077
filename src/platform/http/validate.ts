import type { z } from 'zod';
import { ValidationError, fieldErrorsFromZod } from './errors.js';

/** Parses input against a schema, throwing a ValidationError with field-level messages on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error));
  return result.data;
}

import type { FieldError } from './errors.js';

/** Turns field errors into the parameters of govukErrorSummary and each field's errorMessage. */
export function presentFormErrors(errors: FieldError[]) {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] ??= { text: e.message };
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
    fieldErrors: byField,
  };
}

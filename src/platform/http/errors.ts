import type { ZodError } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** An error a user can cause: it carries a status and a message meant for them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

export class ValidationError extends HttpError {
  constructor(details: FieldError[], message = 'There is a problem with the information you gave') {
    super(400, message, details);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Page not found') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have access to this') {
    super(403, message);
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(message = 'Sign in to continue') {
    super(401, message);
  }
}

/** Someone else changed the record since it was loaded: nothing was overwritten. */
export class ConflictError extends HttpError {
  constructor(message = 'Someone else changed this record after you opened it. Your changes have not been saved.') {
    super(409, message);
  }
}

export function fieldErrorsFromZod(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : 'body',
    message: issue.message,
  }));
}

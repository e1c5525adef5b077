import type { Response } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { ForbiddenError, NotFoundError } from '../http/errors.js';
import { checkAccess, type Action, type Resource, type Viewer } from './policy.js';

/** Who is acting, and on which request: what services need to authorise and audit. */
export interface ActorContext {
  viewer: Viewer;
  correlationId: string;
  ip?: string;
}

export function actorFrom(res: Response): ActorContext {
  const viewer = res.locals.viewer;
  if (!viewer) throw new ForbiddenError('Sign in to continue');
  const req = res.req;
  return { viewer, correlationId: res.locals.correlationId, ip: req?.ip };
}

export interface AuditedAccess {
  /** Audit vocabulary: `<kind>.<verb>`, e.g. person.view. */
  event: string;
  subjectType: string;
  subjectId: string;
  subjectPersonId?: string | null;
  purpose?: string;
  details?: Record<string, unknown>;
}

/**
 * Decides access, writes the audit entry (allowed or denied) before any data is loaded, and throws when denied.
 * A denial that would reveal a record's existence (the viewer is its subject, excluded or not sealed in)
 * answers "not found", as if the record did not exist.
 */
export async function authoriseRead(audit: AuditLog, actor: ActorContext, action: Action, resource: Resource, access: AuditedAccess): Promise<void> {
  const decision = checkAccess(actor.viewer, action, resource);
  await audit.record({
    action: access.event,
    actor: { userId: actor.viewer.userId, label: actor.viewer.label },
    outcome: decision.allowed ? 'ok' : 'denied',
    subjectType: access.subjectType,
    subjectId: access.subjectId,
    subjectPersonId: access.subjectPersonId ?? null,
    correlationId: actor.correlationId,
    ip: actor.ip,
    purpose: access.purpose,
    details: decision.allowed ? access.details : { ...access.details, reason: decision.reason },
  });
  if (!decision.allowed) {
    if (decision.reason === 'role' || decision.reason === 'scope') throw new ForbiddenError();
    throw new NotFoundError();
  }
}

/** The same decision without auditing, for checks inside a write that audits itself in its transaction. */
export function assertAllowed(actor: ActorContext, action: Action, resource: Resource): void {
  const decision = checkAccess(actor.viewer, action, resource);
  if (!decision.allowed) {
    if (decision.reason === 'role' || decision.reason === 'scope') throw new ForbiddenError();
    throw new NotFoundError();
  }
}

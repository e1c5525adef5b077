import { createHash } from 'node:crypto';

/** The fields an audit entry's hash covers, in a fixed order. */
export interface ChainedFields {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectPersonId: string | null;
  correlationId: string | null;
  ip: string | null;
  purpose: string | null;
  details: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the database's jsonb key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(f: ChainedFields): string {
  const material = canonicalJson([
    f.seq, f.at.toISOString(), f.actorUserId, f.actorLabel, f.action, f.outcome, f.subjectType, f.subjectId,
    f.subjectPersonId, f.correlationId, f.ip, f.purpose, f.details ?? {}, f.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

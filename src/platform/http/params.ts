import { NotFoundError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's record id: anything that is not a UUID cannot exist, so it is "not found", never a database error. */
export function idParam(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new NotFoundError();
  return value.toLowerCase();
}

export function pageParam(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function textParam(value: unknown, max = 100): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim().slice(0, max);
  return t || undefined;
}

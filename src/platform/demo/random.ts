/** Seeded randomness for synthetic data: deterministic streams, so a seed always gives the same force. */

/** Integer hash used to give every person (and every purpose) an independent PRNG stream. */
export function hash32(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: small, fast and good enough for synthetic data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Whole number from min to max inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export interface Table<T> { values: readonly T[]; cumulative: readonly number[]; total: number }

export function table<T>(entries: ReadonlyArray<readonly [T, number]>): Table<T> {
  let total = 0;
  const cumulative = entries.map(([, w]) => (total += w));
  return { values: entries.map(([v]) => v), cumulative, total };
}

export function draw<T>(rng: Random, t: Table<T>): T {
  const x = rng.next() * t.total;
  let i = 0;
  while (i < t.cumulative.length - 1 && x >= t.cumulative[i]!) i++;
  return t.values[i]!;
}

/**
 * A deterministic UUID unique to (record, item): the record's sequence number and the item's number within it are
 * written into the id, so a million records cannot collide (ids drawn from 32-bit-seeded streams did). `variant`
 * (8, 9, a or b) keeps two generators' ids apart.
 */
export function demoId(seed: number, sequence: number, item: number, variant: '8' | '9' | 'a' | 'b' = '8'): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
  const s = sequence.toString(16).padStart(15, '0');
  return `${hex(hash32(seed, sequence), 8)}-${hex(item, 4)}-4${s.slice(0, 3)}-${variant}${s.slice(3, 6)}-${s.slice(6)}${hex(hash32(sequence, item), 3)}`;
}

const DAY_MS = 86_400_000;
/** Calendar arithmetic on whole days since 1970-01-01 (UTC), for generators that walk years of dates. */
export const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

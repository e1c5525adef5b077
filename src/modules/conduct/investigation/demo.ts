import type { Queryable } from '../../../platform/db/types.js';
import { insertRows } from '../../../platform/demo/rows.js';
import { Random, hash32 } from '../../../platform/demo/random.js';
import { DEFAULT_WIDER_INQUIRIES, addDays, daysBetween, type WiderInquiry } from './rules.js';

/**
 * Synthetic investigations for the demo force: for each investigated case, a plan (usually endorsed), its lines of
 * inquiry with progress, and supervisory and inspector reviews — some late, and some open lines left stale for the
 * work lists and reports to find. Pure and deterministic: the same input and seed give the same rows; no clock is read
 * (asOf is "today"). Rows use the tables' column names, ready for a bulk insert.
 */
export interface DemoCase {
  caseId: string;
  /** The case's recorded date (the plan opens a few days later); cases never recorded get no investigation. */
  recordedOn: string;
  /** Set for a finalised case: every line is concluded by then, apart from legacy breaches. */
  finalisedOn: string | null;
  /** Flagged prejudicial and improper behaviour: the wider inquiries are listed. */
  pib: boolean;
}

export interface DemoOptions {
  seed: number;
  asOf: string;
  /** Share of open cases whose open lines are left stale (no progress for months). */
  staleShare?: number;
  /** Share of finalised cases finalised with a line still open, as old systems allowed (for the reports to find). */
  legacyOpenShare?: number;
  supervisoryReviewDays?: number;
  inspectorReviewDays?: number;
  widerInquiries?: readonly WiderInquiry[];
}

export interface DemoInvestigationRows {
  plans: Record<string, unknown>[];
  lines: Record<string, unknown>[];
  progress: Record<string, unknown>[];
  reviews: Record<string, unknown>[];
}

const OWN_LINES = [
  'Obtain the complainant’s account', 'Take the subject’s account', 'Identify and interview witnesses', 'Obtain CCTV from the location', 'Review the custody record',
  'Review the incident log', 'Obtain duty rosters', 'Review emails and messages on force systems', 'Obtain call recordings', 'Check the property register',
];
const INVESTIGATORS = ['DS Marrowfield', 'DC Quenby', 'DS Lanternwick', 'DC Ollerbrook'];
const SUPERVISORS = ['DI Fennimore', 'DI Ashgrove'];
const INSPECTORS = ['DCI Brackwater', 'DI Fennimore'];
const REVIEW_NOTES = ['Plan on track; lines prioritised.', 'Chase outstanding material.', 'Consider further witnesses.', 'Progress satisfactory; update the complainant.'];

/** Two 32-bit hashes of a string under a seed. */
function hashKey(seed: number, key: string): [number, number] {
  let a = seed >>> 0;
  let b = 0x1234567;
  for (let i = 0; i < key.length; i++) {
    a = hash32(a, key.charCodeAt(i));
    b = hash32(b ^ a, i);
  }
  return [a, b];
}

/** A UUID fixed by (seed, key): stable across runs, distinct for distinct keys. */
export function demoUuid(seed: number, key: string): string {
  const [a, b] = hashKey(seed, key);
  const c = hash32(a, b);
  const d = hash32(b, c);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const s = hex(a) + hex(b) + hex(c) + hex(d);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[parseInt(s[16]!, 16) & 3]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const earlier = (a: string, b: string) => (a < b ? a : b);

export function demoInvestigations(cases: readonly DemoCase[], o: DemoOptions): DemoInvestigationRows {
  const out: DemoInvestigationRows = { plans: [], lines: [], progress: [], reviews: [] };
  const supervisoryDays = o.supervisoryReviewDays ?? 28;
  const inspectorDays = o.inspectorReviewDays ?? 84;
  const wider = o.widerInquiries ?? DEFAULT_WIDER_INQUIRIES;
  for (const c of cases) {
    const rng = new Random(hashKey(o.seed, c.caseId)[0]);
    const openedOn = addDays(c.recordedOn, rng.int(1, 10));
    const end = c.finalisedOn ?? o.asOf;
    if (openedOn > end) continue;
    const stale = !c.finalisedOn && rng.chance(o.staleShare ?? 0.15);
    const legacyOpen = !!c.finalisedOn && rng.chance(o.legacyOpenShare ?? 0.03);
    // Plans of finalised cases were endorsed; a few open ones still wait.
    const endorsed = !!c.finalisedOn || rng.chance(0.85);
    const endorsedOn = endorsed ? earlier(addDays(openedOn, rng.int(0, 7)), end) : null;
    out.plans.push({
      case_id: c.caseId, terms_of_reference: 'Establish what happened, whether the subject’s conduct fell below the Standards of Professional Behaviour, and what learning follows.',
      opened_on: openedOn, opened_by_label: rng.pick(INVESTIGATORS),
      endorsed_at: endorsedOn ? `${endorsedOn}T10:00:00Z` : null, endorsed_by: null, endorsed_by_label: endorsedOn ? rng.pick(SUPERVISORS) : null, endorsed_by_rank: endorsedOn ? 'Inspector' : null,
      version: endorsedOn ? 2 : 1,
    });

    const titles: { title: string; widerInquiry: string | null }[] = [
      ...(c.pib ? wider.map((w) => ({ title: w.title, widerInquiry: w.code })) : []),
      ...Array.from(new Set(Array.from({ length: rng.int(2, 4) }, () => rng.pick(OWN_LINES)))).map((title) => ({ title, widerInquiry: null })),
    ];
    const leftOpen = legacyOpen ? rng.int(0, titles.length - 1) : -1;
    titles.forEach((t, i) => {
      const id = demoUuid(o.seed, `${c.caseId}/line/${i}`);
      const span = Math.max(1, daysBetween(openedOn, end));
      // Lines close as the case goes on; open cases keep some lines open; stale ones stopped moving months ago.
      const closes = endorsedOn && ((!!c.finalisedOn && i !== leftOpen) || (!c.finalisedOn && rng.chance(0.4)));
      const progressOn = endorsedOn ? (stale ? earlier(addDays(endorsedOn, rng.int(1, 20)), end) : addDays(endorsedOn, Math.floor(rng.next() * Math.max(1, daysBetween(endorsedOn, end))))) : null;
      const concludedOn = closes ? earlier(addDays(openedOn, rng.int(Math.min(span, 7), span)), end) : null;
      const done = rng.chance(t.widerInquiry ? 0.8 : 0.9);
      out.lines.push({
        id, case_id: c.caseId, title: t.title, description: t.widerInquiry ? 'Wider inquiry for prejudicial and improper behaviour' : '', wider_inquiry: t.widerInquiry,
        status: concludedOn ? (done ? 'done' : 'closed') : 'open',
        conclusion: concludedOn ? (done ? 'Completed: nothing further of note.' : 'Closed: not proportionate in the circumstances.') : null,
        concluded_on: concludedOn, concluded_by_label: concludedOn ? rng.pick(INVESTIGATORS) : null,
        last_progress_on: progressOn, created_by_label: rng.pick(INVESTIGATORS), version: 1 + (progressOn ? 1 : 0) + (concludedOn ? 1 : 0),
      });
      if (progressOn) out.progress.push({ line_id: id, case_id: c.caseId, note: 'Enquiries made; awaiting material.', recorded_on: progressOn, recorded_by_label: rng.pick(INVESTIGATORS) });
    });

    // Reviews at roughly the interval, sometimes late; stale cases stopped being reviewed with their lines.
    const reviewUntil = stale ? earlier(addDays(openedOn, supervisoryDays * 2), end) : end;
    for (const [kind, days, who] of [['supervisory', supervisoryDays, SUPERVISORS], ['inspector', inspectorDays, INSPECTORS]] as const) {
      let on = addDays(openedOn, days + rng.int(-3, 10));
      for (let n = 0; on <= reviewUntil; n++) {
        out.reviews.push({
          id: demoUuid(o.seed, `${c.caseId}/review/${kind}/${n}`), case_id: c.caseId, kind, reviewed_on: on, reviewed_by: null, reviewed_by_label: rng.pick(who),
          reviewer_person_id: null, reviewer_rank: kind === 'inspector' ? 'Inspector' : null, summary: rng.pick(REVIEW_NOTES),
        });
        on = addDays(on, days + rng.int(-3, rng.chance(0.2) ? 30 : 5));
      }
    }
  }
  return out;
}

/** Loads demo plans, lines of inquiry, progress and reviews for the investigated demo cases (inside the caller's transaction). */
export async function seedDemoInvestigations(tx: Queryable, cases: readonly { caseId: string; handlingDecidedOn: string; finalisedOn: string | null; pib: boolean }[], o: DemoOptions): Promise<number> {
  const rows = demoInvestigations(cases.map((c) => ({ caseId: c.caseId, recordedOn: c.handlingDecidedOn, finalisedOn: c.finalisedOn, pib: c.pib })), o);
  await insertRows(tx, 'conduct_investigation_plans', rows.plans);
  await insertRows(tx, 'conduct_lines_of_inquiry', rows.lines);
  await insertRows(tx, 'conduct_line_progress', rows.progress);
  await insertRows(tx, 'conduct_investigation_reviews', rows.reviews);
  return rows.plans.length;
}

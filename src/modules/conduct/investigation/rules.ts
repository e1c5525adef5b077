/**
 * The rules of an investigation, as pure functions over plain facts: the plan's wider inquiries for prejudicial and
 * improper behaviour, when supervisory, inspector and criminal-allegation reviews fall due, the 12-month clock, and
 * the notices served on subjects. Dates are calendar dates ('YYYY-MM-DD'); "today" is always passed in.
 */

export const LINE_STATUSES = ['open', 'done', 'closed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export interface WiderInquiry { code: string; title: string }

/**
 * The wider inquiries HMICFRS (2022) expected in every report of prejudicial and improper behaviour, pre-listed as
 * lines of inquiry on the plan. The reference does not settle the list nationally: a setting
 * (conduct.investigation.widerInquiries) so a force can add to it.
 */
export const DEFAULT_WIDER_INQUIRIES: WiderInquiry[] = [
  { code: 'it_systems', title: 'The subject’s use of IT systems' },
  { code: 'incidents', title: 'Incidents attended or connected to' },
  { code: 'work_mobile', title: 'Work mobile device use' },
  { code: 'body_worn_video', title: 'Body-worn video' },
  { code: 'radio_location', title: 'Radio location checks' },
  { code: 'misconduct_history', title: 'Misconduct history' },
];

/** The core flag that marks prejudicial and improper behaviour (conduct/rules.ts FLAGS). */
export const PIB_FLAG = 'prejudicial_improper_behaviour';
/** The core flag for a criminal allegation by a member of the force against another. */
export const COLLEAGUE_CRIMINAL_FLAG = 'colleague_criminal_allegation';

/** The wider inquiries a plan still lacks: every one for a case flagged PIB (on the case or any allegation), none otherwise. */
export function missingWiderInquiries(flags: readonly string[], listedCodes: readonly (string | null)[], inquiries: readonly WiderInquiry[]): WiderInquiry[] {
  if (!flags.includes(PIB_FLAG)) return [];
  return inquiries.filter((w) => !listedCodes.includes(w.code));
}

/** One sentence per open line of inquiry: what stops the case being finalised. */
export function openLineBlockers(lines: readonly { title: string; status: string }[]): string[] {
  return lines.filter((l) => l.status === 'open').map((l) => `Line of inquiry '${l.title}' is still open`);
}

// --- Dates --------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const toIso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return toIso(toDay(iso) + days);
}

/** The same day n months later, or the month's last day when it has no such day (31 January + 1 month = 28/29 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round(toDay(to) - toDay(from));
}

/** Monday to Friday only; bank holidays are not known here, so a due date may fall a day or two early, never late. */
export function addWorkingDays(iso: string, days: number): string {
  let day = toDay(iso);
  for (let left = days; left > 0;) {
    day += 1;
    const weekday = new Date(day * DAY_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return toIso(day);
}

export const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

// --- Reviews ------------------------------------------------------------------------------------

export const REVIEW_KINDS = ['supervisory', 'inspector', 'criminal'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface ReviewIntervals { supervisoryDays: number; inspectorDays: number; criminalMonths: number }

export interface ReviewDue { kind: ReviewKind; dueOn: string; overdue: boolean; daysOverdue: number; lastReviewedOn: string | null }

/** When the next review of a kind falls due: the interval after the last one, or after the clock started if none yet. */
export function reviewDue(kind: ReviewKind, startedOn: string, lastReviewedOn: string | null, intervals: ReviewIntervals, today: string): ReviewDue {
  const from = lastReviewedOn && lastReviewedOn > startedOn ? lastReviewedOn : startedOn;
  const dueOn = kind === 'criminal' ? addMonths(from, intervals.criminalMonths) : addDays(from, kind === 'supervisory' ? intervals.supervisoryDays : intervals.inspectorDays);
  const late = daysBetween(dueOn, today);
  return { kind, dueOn, overdue: late > 0, daysOverdue: Math.max(0, late), lastReviewedOn };
}

export interface ReviewFacts {
  caseStatus: string;
  /** The date the investigation plan was opened, or null when the case has no plan. */
  planOpenedOn: string | null;
  /** The date the case was received: monthly reviews of a criminal allegation run from when it came in. */
  receivedOn: string;
  criminal: boolean;
  lastReviews: Partial<Record<ReviewKind, string | null>>;
}

/** Every review the case needs next: supervisory and inspector reviews while an investigation is open, monthly ones for a criminal allegation. */
export function reviewsDue(facts: ReviewFacts, intervals: ReviewIntervals, today: string): ReviewDue[] {
  if (facts.caseStatus === 'finalised') return [];
  const due: ReviewDue[] = [];
  if (facts.planOpenedOn) {
    due.push(reviewDue('supervisory', facts.planOpenedOn, facts.lastReviews.supervisory ?? null, intervals, today));
    due.push(reviewDue('inspector', facts.planOpenedOn, facts.lastReviews.inspector ?? null, intervals, today));
  }
  if (facts.criminal) due.push(reviewDue('criminal', facts.receivedOn, facts.lastReviews.criminal ?? null, intervals, today));
  return due;
}

/** A case is a criminal allegation against a member of the force when flagged so (case or allegation) or marked as under criminal investigation. */
export function isCriminalAllegation(flags: readonly string[], markedCriminal: boolean): boolean {
  return markedCriminal || flags.includes(COLLEAGUE_CRIMINAL_FLAG);
}

// --- The 12-month clock -------------------------------------------------------------------------

/** Police (Conduct) Regulations 2020 reg 19 and C&M Regulations reg 13: 12 months, then a report every 6 months. Set by law, not configurable. */
export const TIME_LIMIT_MONTHS = 12;
export const UPDATE_EVERY_MONTHS = 6;

export type TwelveMonthClock =
  | { started: false }
  | { started: true; startedOn: string; endsOn: string; daysRemaining: number; past: boolean; stopped: boolean; nextReportDue: string | null };

/**
 * The 12-month clock from the case's recorded date. Past it, the appropriate authority reports to the local policing
 * body (and the IOPC for Schedule 3 investigations) and again every 6 months: nextReportDue is the next of those dates.
 */
export function twelveMonthClock(recordedOn: string | null, finalisedOn: string | null, today: string): TwelveMonthClock {
  if (!recordedOn) return { started: false };
  const endsOn = addMonths(recordedOn, TIME_LIMIT_MONTHS);
  const asOf = finalisedOn ?? today;
  const past = asOf > endsOn;
  let nextReportDue: string | null = null;
  if (past && !finalisedOn) {
    let n = 0;
    while (addMonths(endsOn, n * UPDATE_EVERY_MONTHS) < today) n++;
    nextReportDue = addMonths(endsOn, n * UPDATE_EVERY_MONTHS);
  }
  return { started: true, startedOn: recordedOn, endsOn, daysRemaining: daysBetween(asOf, endsOn), past, stopped: !!finalisedOn, nextReportDue };
}

// --- Notices ------------------------------------------------------------------------------------

/** Regulation 17 notices go to officers; police staff get the force's equivalent investigation notice. */
export const NOTICE_KINDS = ['regulation_17', 'staff_investigation_notice'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const SERVICE_METHODS = ['in_person', 'post', 'email'] as const;
/** SI 2025/558 allowed notices to be served by e-mail from 28 May 2025. */
export const EMAIL_SERVICE_FROM = '2025-05-28';

export interface RuleError { field: string; message: string }

export function noticeErrors(n: { kind: NoticeKind; servedOn: string; method: string; subjectIsOfficer: boolean; caseReceivedOn: string; today: string }): RuleError[] {
  const errors: RuleError[] = [];
  if (n.kind === 'regulation_17' && !n.subjectIsOfficer) errors.push({ field: 'kind', message: 'A regulation 17 notice is served on a police officer: choose the staff investigation notice for police staff' });
  if (n.kind === 'staff_investigation_notice' && n.subjectIsOfficer) errors.push({ field: 'kind', message: 'A police officer is served a regulation 17 notice' });
  if (n.servedOn > n.today) errors.push({ field: 'servedOn', message: 'The date served must be today or in the past' });
  else if (n.servedOn < n.caseReceivedOn) errors.push({ field: 'servedOn', message: 'The date served cannot be before the case was received' });
  if (n.method === 'email' && n.servedOn < EMAIL_SERVICE_FROM) errors.push({ field: 'method', message: 'Notices could be served by e-mail only from 28 May 2025' });
  return errors;
}

export function responseErrors(r: { servedOn: string; receivedOn: string; today: string }): RuleError[] {
  if (r.receivedOn > r.today) return [{ field: 'receivedOn', message: 'The date the response was received must be today or in the past' }];
  if (r.receivedOn < r.servedOn) return [{ field: 'receivedOn', message: 'The response cannot be received before the notice was served' }];
  return [];
}

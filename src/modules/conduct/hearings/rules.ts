import { addCalendarDays as addDays, type TimeLimit } from '../../../platform/calendar.js';
/**
 * Rules for misconduct meetings and hearings, their publication and complainants' review rights (Police (Conduct)
 * Regulations 2020 as amended in 2024 and 2025; Police (Complaints and Misconduct) Regulations 2020). Pure functions:
 * the service reads the settings and passes them in.
 */

export const HEARING_KINDS = ['misconduct_meeting', 'misconduct_hearing', 'accelerated_hearing'] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];

export const PANEL_MEMBER_TYPES = [
  'chief_officer_chair', 'legally_qualified_chair', 'senior_officer', 'independent_member', 'legally_qualified_adviser', 'person_conducting',
] as const;
export type PanelMemberType = (typeof PANEL_MEMBER_TYPES)[number];

export const PANEL_MEMBER_LABELS: Record<PanelMemberType, string> = {
  chief_officer_chair: 'Chair: the chief officer, or a senior officer or senior member of staff they appoint',
  legally_qualified_chair: 'Legally qualified chair',
  senior_officer: 'Senior officer (superintendent or above)',
  independent_member: 'Independent member (appointed by the local policing body)',
  legally_qualified_adviser: 'Legally qualified person, advising the panel',
  person_conducting: 'Person conducting the meeting (at least one rank above the officer)',
};

/** Who conducts a forum from a date: each member type and how many of it. */
export interface PanelComposition {
  from: string;
  kind: HearingKind;
  required: Partial<Record<PanelMemberType, number>>;
}

/**
 * Defaults. From 7 May 2024 (Police (Conduct) (Amendment) Regulations 2024) a hearing is chaired by the chief officer
 * (or a delegate) with two independent members, advised by a legally qualified person; before that, from 2016, a
 * legally qualified chair sat with a senior officer and an independent member. Accelerated hearings are conducted by
 * the chief officer; meetings by someone at least a rank above the officer. A setting, so a force can correct it.
 */
export const DEFAULT_PANEL_COMPOSITIONS: PanelComposition[] = [
  { from: '2016-01-01', kind: 'misconduct_hearing', required: { legally_qualified_chair: 1, senior_officer: 1, independent_member: 1 } },
  { from: '2024-05-07', kind: 'misconduct_hearing', required: { chief_officer_chair: 1, independent_member: 2, legally_qualified_adviser: 1 } },
  { from: '2020-02-01', kind: 'accelerated_hearing', required: { chief_officer_chair: 1 } },
  { from: '2020-02-01', kind: 'misconduct_meeting', required: { person_conducting: 1 } },
];

/** The composition in force for this kind of forum on this date: the latest that started on or before it. */
export function compositionInForce(kind: HearingKind, on: string, compositions: readonly PanelComposition[]): PanelComposition | undefined {
  return compositions.filter((c) => c.kind === kind && c.from <= on).sort((a, b) => b.from.localeCompare(a.from))[0];
}

export interface PanelMember { type: PanelMemberType; name: string; rankOrGrade?: string }
export interface RuleError { field: string; message: string }

const countOf = (n: number, what: string) => `${n} ${what.charAt(0).toLowerCase()}${what.slice(1)}${n === 1 ? '' : ' (each)'}`;
const describeRequired = (required: PanelComposition['required']) =>
  Object.entries(required).filter(([, n]) => n).map(([t, n]) => countOf(n!, PANEL_MEMBER_LABELS[t as PanelMemberType])).join('; ');

/** Whether a panel is the one the regulations in force on the hearing date require: exactly the members by type. */
export function panelErrors(kind: HearingKind, on: string, panel: readonly PanelMember[], compositions: readonly PanelComposition[]): RuleError[] {
  const composition = compositionInForce(kind, on, compositions);
  if (!composition) return [{ field: 'panel', message: `No panel composition is set for a ${kind.replace(/_/g, ' ')} on ${on}: ask an administrator to correct the settings` }];
  const have = new Map<PanelMemberType, number>();
  for (const m of panel) have.set(m.type, (have.get(m.type) ?? 0) + 1);
  const wrong = PANEL_MEMBER_TYPES.some((t) => (have.get(t) ?? 0) !== (composition.required[t] ?? 0));
  if (!wrong) return [];
  return [{ field: 'panel', message: `On that date a ${kind.replace(/_/g, ' ')} needs: ${describeRequired(composition.required)}` }];
}

/** The members a form asks for: one slot per required member, in the composition's order. */
export function panelSlots(composition: PanelComposition | undefined): { type: PanelMemberType; index: number; label: string }[] {
  if (!composition) return [];
  return PANEL_MEMBER_TYPES.flatMap((type) => Array.from({ length: composition.required[type] ?? 0 }, (_, index) => ({
    type, index, label: (composition.required[type] ?? 0) > 1 ? `${PANEL_MEMBER_LABELS[type]} ${index + 1}` : PANEL_MEMBER_LABELS[type],
  })));
}

/** Whose name goes on the outcome as the person who decided: the chair, or the person conducting. */
export function chairOf(panel: readonly PanelMember[]): PanelMember | undefined {
  return panel.find((m) => m.type === 'chief_officer_chair' || m.type === 'legally_qualified_chair' || m.type === 'person_conducting');
}

// --- Time limits ------------------------------------------------------------------------------

export type { TimeLimit } from '../../../platform/calendar.js';

/** The chair's written report to the appropriate authority: within 5 working days after the proceedings end (reg 43). */
export const DEFAULT_CHAIR_REPORT_LIMIT: TimeLimit = { days: 5, unit: 'working' };

export { DEFAULT_BANK_HOLIDAYS, dueDate } from '../../../platform/calendar.js';
export { addDays };

// --- Appeals ----------------------------------------------------------------------------------

export const APPEAL_ROUTES = ['appeal_meeting', 'police_appeals_tribunal'] as const;
export type AppealRoute = (typeof APPEAL_ROUTES)[number];

/** A meeting's outcome is appealed within the force (reg 45); a hearing's, to the Police Appeals Tribunal. */
export function appealRoute(kind: HearingKind): AppealRoute {
  return kind === 'misconduct_meeting' ? 'appeal_meeting' : 'police_appeals_tribunal';
}

export const APPEAL_ROUTE_LABELS: Record<AppealRoute, string> = {
  appeal_meeting: 'Appeal to an appeal meeting within the force (Police (Conduct) Regulations 2020, reg 45)',
  police_appeals_tribunal: 'Appeal to the Police Appeals Tribunal (Police Appeals Tribunals Rules 2020)',
};

// --- Publication ------------------------------------------------------------------------------

export interface PublicationPeriods {
  /** Days a notice stays up after the last day of the hearing (0: it comes down the day after). */
  noticeDaysAfterHearing: number;
  /** Days an outcome stays up from its publication (Gwent keeps them at least 28; the regulatory minimum is unsure). */
  outcomeDays: number;
}
export const DEFAULT_PUBLICATION_PERIODS: PublicationPeriods = { noticeDaysAfterHearing: 0, outcomeDays: 28 };

export interface PublicationFacts { kind: HearingKind; inPublic: boolean; hearingDate: string; endsOn: string | null; concludedOn: string | null }

/** Why nothing about this forum may be published, or undefined when it may be. */
export function publicationRefusal(h: PublicationFacts, what: 'notice' | 'outcome', today: string): string | undefined {
  if (h.kind === 'misconduct_meeting') return 'Misconduct meetings are held in private: nothing about them is published';
  if (!h.inPublic) return 'This hearing is not in public: nothing about it is published';
  if (what === 'notice' && (h.endsOn ?? h.hearingDate) < today) return 'The hearing is over: publish its outcome instead';
  if (what === 'notice' && h.concludedOn) return 'The hearing has concluded: publish its outcome instead';
  if (what === 'outcome' && !h.concludedOn) return 'Record that the hearing has concluded before publishing its outcome';
  return undefined;
}

/** The days a publication is live: a notice until the hearing's last day (plus any days set), an outcome for the set period. */
export function publicationWindow(h: PublicationFacts, what: 'notice' | 'outcome', today: string, periods: PublicationPeriods): { from: string; until: string } {
  if (what === 'notice') return { from: today, until: addDays(h.endsOn ?? h.hearingDate, periods.noticeDaysAfterHearing) };
  return { from: today, until: addDays(today, Math.max(periods.outcomeDays - 1, 0)) };
}

export const isLive = (p: { publishedOn: string; publishedUntil: string; withdrawnAt: string | null }, today: string) =>
  !p.withdrawnAt && p.publishedOn <= today && today <= p.publishedUntil;

// --- Complainants' review rights ----------------------------------------------------------------

export const REVIEW_BODIES = ['local_policing_body', 'iopc'] as const;
export type ReviewBody = (typeof REVIEW_BODIES)[number];

/**
 * What makes the IOPC, not the local policing body, the relevant review body (reference §7; the exact allocation test
 * in PRA Sch 3 para 6A and the 2020 regulations is unsure there, so which of these count is a setting).
 */
export const IOPC_REVIEW_CRITERIA = ['referred_to_iopc', 'senior_officer_subject', 'lpb_appropriate_authority', 'could_justify_proceedings'] as const;
export type IopcReviewCriterion = (typeof IOPC_REVIEW_CRITERIA)[number];
export const IOPC_REVIEW_CRITERION_LABELS: Record<IopcReviewCriterion, string> = {
  referred_to_iopc: 'The complaint was referred to the IOPC',
  senior_officer_subject: 'A subject is a senior officer (above chief superintendent)',
  lpb_appropriate_authority: 'The local policing body is the appropriate authority',
  could_justify_proceedings: 'The conduct complained of, if proved, could justify criminal or disciplinary proceedings or infringe Article 2 or 3 ECHR',
};

export function reviewBody(met: readonly IopcReviewCriterion[], counting: readonly IopcReviewCriterion[]): ReviewBody {
  return met.some((c) => counting.includes(c)) ? 'iopc' : 'local_policing_body';
}

/** Apply within 28 days starting the day after the date of the outcome letter (IOPC). */
export const DEFAULT_REVIEW_WINDOW_DAYS = 28;
export const reviewDueOn = (letterDate: string, windowDays: number) => addDays(letterDate, windowDays);

export const REVIEW_OUTCOMES = ['upheld', 'not_upheld', 'not_valid'] as const;

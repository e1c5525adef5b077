import { APPEAL_DAYS } from '../letters.js';
import type { RuleError } from '../rules.js';
import type { TimeLimit } from './time-limits.js';

/**
 * Appeals against vetting decisions (domain reference §7). Verified: a force vetting refusal is appealed in writing,
 * with grounds, within 14 days, to a panel (chaired by the DCC in one force). General knowledge, unverified, so
 * configurable: the appeal is considered by someone senior to and independent of the original decision maker; the
 * appeal criteria; the limits under the Police (Vetting) Regulations 2025.
 */

export const APPEAL_AGAINST = ['refusal', 'withdrawal', 'conditions'] as const;
export type AppealAgainst = (typeof APPEAL_AGAINST)[number];

export const APPEAL_OUTCOMES = ['upheld', 'not_upheld', 'criteria_not_met'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
/** What a panel may find; 'criteria_not_met' comes only from the criteria check. */
export const PANEL_OUTCOMES = ['upheld', 'not_upheld'] as const;

export const APPEAL_STATUSES = ['lodged', 'awaiting_panel', 'panel_convened', 'decided'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/**
 * What follows an upheld appeal. Refusal: the panel grants the clearance applied for, or sends the application back
 * for a fresh decision by someone else. Conditions: removed, or varied (the variation recorded). Withdrawal: reversed.
 */
export const REMEDIES = {
  refusal: ['clearance_granted', 'fresh_decision'],
  conditions: ['conditions_removed', 'conditions_varied'],
  withdrawal: ['withdrawal_reversed'],
} as const satisfies Record<AppealAgainst, readonly string[]>;
export type Remedy = (typeof REMEDIES)[AppealAgainst][number];

// ---------------------------------------------------------------------------------------------
// Configuration (SettingsStore keys and defaults)
// ---------------------------------------------------------------------------------------------

export const SETTING_KEYS = {
  timeLimits: 'vetting.appeals.timeLimits',
  acceptLate: 'vetting.appeals.acceptLate',
  criteria: 'vetting.appeals.criteria',
  panel: 'vetting.appeals.panel',
  representations: 'vetting.withdrawal.representationTime',
  interviewRequired: 'vetting.withdrawal.interviewRequired',
  bankHolidays: 'vetting.bankHolidays',
} as const;

/**
 * Refusal and conditions: 14 calendar days from the decision letter (verified, and what letters.ts tells the applicant).
 * Withdrawal (PVR 2025): unverified; 10 working days from the written decision follows the police conduct regime.
 */
export const DEFAULT_TIME_LIMITS: Record<AppealAgainst, TimeLimit> = {
  refusal: { days: APPEAL_DAYS, unit: 'calendar' },
  conditions: { days: APPEAL_DAYS, unit: 'calendar' },
  withdrawal: { days: 10, unit: 'working' },
};

/** Whether a late appeal may still go ahead when the checker accepts the reason for lateness. */
export const DEFAULT_ACCEPT_LATE = true;

export interface AppealCriterion {
  code: string;
  label: string;
  /** 'required': every one must be met; 'ground': at least one must be met. */
  kind: 'required' | 'ground';
}

/**
 * The appeal criteria (unverified: the reference does not list them). The grounds follow the tests the courts apply to
 * vetting decisions (R (J) v West Mercia [2022]: irrationality, illegality, procedural impropriety; a decision maker
 * needs good reason not to follow APP Vetting) and new information.
 */
export const DEFAULT_CRITERIA: AppealCriterion[] = [
  { code: 'grounds_in_writing', label: 'The appeal is in writing and sets out its grounds', kind: 'required' },
  { code: 'new_information', label: 'There is new information the decision maker did not have, which could have changed the decision', kind: 'ground' },
  { code: 'unreasonable', label: 'The decision was outside the range of decisions open to a reasonable decision maker, or its reasoning was flawed', kind: 'ground' },
  { code: 'guidance_not_followed', label: 'The Vetting Code of Practice or APP Vetting was departed from without good reason', kind: 'ground' },
  { code: 'unfair_process', label: 'A breach of procedure or other unfairness could have materially affected the decision', kind: 'ground' },
];

export interface PanelPolicy {
  minMembers: number;
  maxMembers: number;
  /** Seniority by role: a member's seniority is that of their most senior role; higher is more senior. */
  roleSeniority: Record<string, number>;
}

export const DEFAULT_PANEL: PanelPolicy = {
  minMembers: 1,
  maxMembers: 5,
  roleSeniority: { vetting_researcher: 1, senior_vetting_advisor: 2, force_vetting_manager: 3, appropriate_authority: 4, head_of_psd: 4, head_of_ccu: 4 },
};

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

export type AppealAction = 'criteria' | 'panel' | 'outcome';

/** Why an action cannot be taken in this state, or undefined when it can. */
export function appealStepError(status: AppealStatus, action: AppealAction): string | undefined {
  if (status === 'decided') return 'This appeal has been decided: it can no longer change';
  switch (action) {
    case 'criteria':
      return status === 'lodged' ? undefined : 'The appeal criteria have already been checked';
    case 'panel':
      return status === 'lodged' ? 'Check the appeal against the appeal criteria before appointing a panel' : undefined;
    case 'outcome':
      if (status === 'lodged') return 'Check the appeal against the appeal criteria before recording an outcome';
      if (status === 'awaiting_panel') return 'Record the appeal panel before recording an outcome';
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Criteria
// ---------------------------------------------------------------------------------------------

export interface CriterionAssessment {
  code: string;
  met?: boolean;
  notes?: string;
}

export interface Timing {
  inTime: boolean;
  lateAccepted?: boolean;
  lateNote?: string;
  acceptLate: boolean;
}

/** Everything missing from a criteria check: each criterion decided with notes, and lateness dealt with. */
export function criteriaErrors(criteria: readonly AppealCriterion[], assessed: readonly CriterionAssessment[], timing: Timing): RuleError[] {
  const errors: RuleError[] = [];
  for (const c of criteria) {
    const a = assessed.find((x) => x.code === c.code);
    if (a?.met === undefined) errors.push({ field: `criteria.${c.code}.met`, message: `Say whether this criterion is met: ${c.label.toLowerCase()}` });
    if (!a?.notes?.trim()) errors.push({ field: `criteria.${c.code}.notes`, message: `Add notes on this criterion: ${c.label.toLowerCase()}` });
  }
  for (const a of assessed) {
    if (!criteria.some((c) => c.code === a.code)) errors.push({ field: `criteria.${a.code}`, message: `${a.code} is not one of the appeal criteria` });
  }
  if (!timing.inTime && timing.acceptLate) {
    if (timing.lateAccepted === undefined) errors.push({ field: 'lateAccepted', message: 'The appeal was lodged late: say whether the reason for lateness is accepted' });
    else if (timing.lateAccepted && !timing.lateNote?.trim()) errors.push({ field: 'lateNote', message: 'Say why the reason for lateness is accepted' });
  }
  return errors;
}

/** Whether the appeal can go to a panel, with the reasons it cannot (for the letter). */
export function criteriaResult(criteria: readonly AppealCriterion[], assessed: readonly CriterionAssessment[], timing: Timing): { met: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (!timing.inTime && !(timing.acceptLate && timing.lateAccepted)) reasons.push('late');
  const metCodes = new Set(assessed.filter((a) => a.met).map((a) => a.code));
  for (const c of criteria) if (c.kind === 'required' && !metCodes.has(c.code)) reasons.push(c.code);
  const grounds = criteria.filter((c) => c.kind === 'ground');
  if (grounds.length && !grounds.some((g) => metCodes.has(g.code))) reasons.push('no_ground');
  return { met: reasons.length === 0, reasons };
}

// ---------------------------------------------------------------------------------------------
// Panel
// ---------------------------------------------------------------------------------------------

export interface PanelMemberFacts {
  userId: string;
  displayName: string;
  panelRole: 'chair' | 'member';
  roles: readonly string[];
  personId: string | null;
  disabled: boolean;
}

export interface PanelFacts {
  /** Who made (and ratified) the decision under appeal. */
  decisionMakerUserIds: readonly string[];
  decisionMakerSeniority: number;
  subjectPersonIds: readonly string[];
  excludedUserIds: readonly string[];
  sealedToUserIds: readonly string[];
}

export function seniorityOf(roles: readonly string[], policy: PanelPolicy): number {
  return Math.max(0, ...roles.map((r) => policy.roleSeniority[r] ?? 0));
}

/** Independence and seniority: never the decision maker, never the subject, one chair, someone more senior. */
export function panelErrors(members: readonly PanelMemberFacts[], facts: PanelFacts, policy: PanelPolicy): RuleError[] {
  const errors: RuleError[] = [];
  members.forEach((m, i) => {
    const field = `members.${i}`;
    if (members.findIndex((x) => x.userId === m.userId) !== i) errors.push({ field, message: `${m.displayName} is named more than once` });
    if (facts.decisionMakerUserIds.includes(m.userId)) errors.push({ field, message: `${m.displayName} made the decision under appeal and cannot sit on the panel` });
    if (m.personId && facts.subjectPersonIds.includes(m.personId)) errors.push({ field, message: `${m.displayName} is the subject of this case and cannot sit on the panel` });
    if (facts.excludedUserIds.includes(m.userId)) errors.push({ field, message: `${m.displayName} is excluded from this case for a conflict of interest` });
    if (facts.sealedToUserIds.length && !facts.sealedToUserIds.includes(m.userId)) errors.push({ field, message: `This case is sealed and ${m.displayName} is not one of the people it is sealed to` });
    if (m.disabled) errors.push({ field, message: `${m.displayName}’s account is disabled` });
  });
  if (members.length < policy.minMembers) errors.push({ field: 'members', message: `An appeal panel needs at least ${policy.minMembers} member${policy.minMembers === 1 ? '' : 's'}` });
  if (members.length > policy.maxMembers) errors.push({ field: 'members', message: `An appeal panel has at most ${policy.maxMembers} members` });
  const chairs = members.filter((m) => m.panelRole === 'chair').length;
  if (chairs !== 1) errors.push({ field: 'members', message: chairs ? 'Name only one chair' : 'Name the chair of the panel' });
  if (members.length && !members.some((m) => seniorityOf(m.roles, policy) > facts.decisionMakerSeniority)) {
    errors.push({ field: 'members', message: 'At least one panel member must be more senior than the person who made the decision under appeal' });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Outcome
// ---------------------------------------------------------------------------------------------

export interface OutcomeInput {
  outcome: (typeof PANEL_OUTCOMES)[number];
  rationale: string;
  remedy?: string;
  remedyNote?: string;
}

export const MIN_RATIONALE = 20;

export function outcomeErrors(input: OutcomeInput, against: AppealAgainst, original: { convictionRule: string | null }): RuleError[] {
  const errors: RuleError[] = [];
  if (input.rationale.trim().length < MIN_RATIONALE) errors.push({ field: 'rationale', message: `Write the panel’s rationale (at least ${MIN_RATIONALE} characters)` });
  const remedies: readonly string[] = REMEDIES[against];
  if (input.outcome === 'upheld') {
    if (!input.remedy || !remedies.includes(input.remedy)) errors.push({ field: 'remedy', message: 'Choose what follows from upholding the appeal' });
    // The Code requires rejection for these sentences: the panel can send it back (the facts may be wrong), not clear.
    if (input.remedy === 'clearance_granted' && original.convictionRule === 'mandatory_rejection') {
      errors.push({ field: 'remedy', message: 'The decision under appeal applied mandatory rejection under the Vetting Code of Practice: send it back for a fresh decision on corrected facts instead' });
    }
    if (input.remedy === 'conditions_varied' && !input.remedyNote?.trim()) errors.push({ field: 'remedyNote', message: 'Describe how the conditions are varied' });
  } else if (input.remedy) {
    errors.push({ field: 'remedy', message: 'Only an upheld appeal changes the decision' });
  }
  return errors;
}

import { formatDate } from '../../../platform/ui/nunjucks.js';
import { NDM_STAGES, decisionErrors, type NdmRationale, type RuleError } from '../rules.js';

/**
 * Withdrawal of clearance from a serving officer or member of staff (domain reference §1, §6, §7): the Police (Vetting)
 * Regulations 2025 (officers must hold and maintain clearance; withdrawal assessment; dismissal route) and the Home
 * Office statutory guidance (2025): assessment, notice, the person's representations, interview, decision, appeal,
 * and the relation to the conduct and performance regimes. APP 6.2.2: keep a record of assessments, their outcome,
 * the appeal finding, and of people who resigned or retired before the assessment concluded.
 */

export const WITHDRAWAL_STATUSES = ['assessment', 'notice_served', 'decided', 'person_left'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export const OPEN_STATUSES: readonly WithdrawalStatus[] = ['assessment', 'notice_served'];

/** Where the concern came from (the reference's review triggers, §5). */
export const CONCERN_SOURCES = [
  'misconduct_outcome', 'criminal_investigation', 'adverse_intelligence', 'change_of_circumstances', 'annual_integrity_review', 'random_revetting', 'other',
] as const;

export const NOTICE_METHODS = ['in_person', 'post', 'email', 'representative'] as const;
export const WITHDRAWAL_DECISIONS = ['withdraw', 'retain', 'retain_with_conditions'] as const;
export type WithdrawalDecision = (typeof WITHDRAWAL_DECISIONS)[number];
/** The processes a withdrawal case links to (the statutory guidance's hierarchy of processes). */
export const LINKED_PROCESSES = ['none', 'conduct', 'performance'] as const;

/** Unverified: the representation period under PVR 2025; 10 working days follows the police conduct regime. */
export const DEFAULT_REPRESENTATION_TIME = { days: 10, unit: 'working' as const };
/** Whether an interview must be held (or declined) before the decision; the guidance treats it as information gathering. */
export const DEFAULT_INTERVIEW_REQUIRED = false;

/** Officers (and specials) fall under PVR 2025; staff and others under force policy and their contract. */
export function regimeFor(personType: string): 'pvr_2025' | 'force_policy' {
  return personType === 'officer' || personType === 'special_constable' ? 'pvr_2025' : 'force_policy';
}

export type WithdrawalAction = 'notice' | 'representations' | 'interview' | 'decision' | 'left';

export function withdrawalStepError(status: WithdrawalStatus, action: WithdrawalAction): string | undefined {
  if (status === 'decided') return 'This withdrawal assessment has been decided: it can no longer change';
  if (status === 'person_left') return 'The person left before this assessment concluded: it is closed';
  if (action === 'notice') return status === 'assessment' ? undefined : 'Notice has already been served';
  if (action === 'left') return undefined;
  return status === 'notice_served' ? undefined : 'Serve notice of the withdrawal assessment on the person first';
}

/** The decision waits for the person's representations, or for their time to run out. */
export function decisionReadyError(c: { representationsReceivedOn: string | null; representationsDueOn: string | null; interviewOn: string | null; today: string; interviewRequired: boolean }): string | undefined {
  if (!c.representationsReceivedOn && c.representationsDueOn && c.today <= c.representationsDueOn) {
    return `The person has until the end of ${formatDate(c.representationsDueOn)} to make representations: record them, or wait until that time has passed`;
  }
  if (c.interviewRequired && !c.interviewOn) return 'Record the interview before deciding';
  return undefined;
}

const MIN_STAGE = 20;

/** Every NDM stage written (a withdrawal is always about adverse information), and the risk factors chosen. */
export function ndmErrors(rationale: Partial<NdmRationale> | undefined, prefix: string): RuleError[] {
  // Also run on raw input (schemas check it alongside other fields), so nothing here assumes the types.
  const length = (v: unknown) => (typeof v === 'string' ? v.trim().length : 0);
  const errors: RuleError[] = NDM_STAGES.filter((s) => length(rationale?.[s.field]) < MIN_STAGE)
    .map((s) => ({ field: `${prefix}.${s.field}`, message: `Write the ${s.label.toLowerCase()} part of the rationale (at least ${MIN_STAGE} characters)` }));
  if (!Array.isArray(rationale?.riskFactors) || !rationale.riskFactors.length) errors.push({ field: `${prefix}.riskFactors`, message: 'Choose the APP risk factors you considered' });
  return errors;
}

export interface WithdrawalConditionInput { description: string; responsibleUnit: string; ownerName: string; reviewOn: string }

export function withdrawalDecisionErrors(input: { decision: WithdrawalDecision; rationale?: Partial<NdmRationale>; conditions: WithdrawalConditionInput[] }): RuleError[] {
  const errors = ndmErrors(input.rationale, 'rationale');
  if (input.decision === 'retain_with_conditions') {
    errors.push(...decisionErrors({ outcome: 'clearance_with_conditions', conditions: input.conditions }, []));
  } else if (input.conditions.length) {
    errors.push({ field: 'conditions', message: 'Only retaining the clearance with conditions records conditions' });
  }
  return errors;
}

/** Dates recorded for a step cannot be before the notice or in the future. */
export function stepDateError(field: string, on: string, c: { notBefore: string | null; today: string; what: string }): RuleError | undefined {
  if (on > c.today) return { field, message: `The date ${c.what} cannot be in the future` };
  if (c.notBefore && on < c.notBefore) return { field, message: `The date ${c.what} cannot be before ${formatDate(c.notBefore)}` };
  return undefined;
}

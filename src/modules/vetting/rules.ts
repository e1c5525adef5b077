import { PERSON_TYPES, type ForceVettingLevel } from '../../platform/reference.js';
import { ROLE_NAMES, type Role } from '../../platform/access/roles.js';
import { z } from '../../platform/openapi/registry.js';
import type { SettingDefinition } from '../../platform/settings.js';

/**
 * Vetting rules from the Vetting Code of Practice 2023 and APP Vetting (domain reference: shared/domain/vetting.md).
 * Where the reference is unverified the values are configuration, with these defaults.
 */

export const APPLICATION_KINDS = ['recruit', 'transferee', 'non_police', 'renewal', 'upgrade', 'review'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const CHECK_TYPES = ['pnc', 'pnd', 'local_intelligence', 'special_branch', 'professional_standards', 'financial', 'family_and_co_residents', 'biometric', 'open_source', 'supervisor_appraisal', 'vetting_interview'] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

/** The checks each level requires (reference §3; RV/MV/NPPV columns). Configurable. */
export const REQUIRED_CHECKS: Record<ForceVettingLevel, CheckType[]> = {
  RV: ['pnc', 'pnd', 'local_intelligence', 'special_branch', 'professional_standards', 'financial', 'family_and_co_residents'],
  MV: ['pnc', 'pnd', 'local_intelligence', 'special_branch', 'professional_standards', 'financial', 'family_and_co_residents', 'supervisor_appraisal'],
  NPPV1: ['pnc', 'pnd', 'local_intelligence', 'special_branch'],
  NPPV2: ['pnc', 'pnd', 'local_intelligence', 'special_branch', 'financial', 'family_and_co_residents'],
  NPPV3: ['pnc', 'pnd', 'local_intelligence', 'special_branch', 'financial', 'family_and_co_residents'],
};

/** The checks a level requires that are not yet recorded. */
export function requiredChecksOutstanding(level: ForceVettingLevel, recorded: readonly string[]): CheckType[] {
  return (REQUIRED_CHECKS[level] ?? []).filter((c) => !recorded.includes(c));
}

export const ADVERSE_CATEGORIES = [
  'criminal_conviction_or_caution', 'other_criminal_justice', 'financial', 'associations', 'family', 'conduct_history', 'honesty_integrity', 'other',
] as const;
export type AdverseCategory = (typeof ADVERSE_CATEGORIES)[number];

/** How a caution or conviction was disposed of; the first group means mandatory rejection under the Code. */
export const DISPOSALS = [
  'custodial_sentence', 'suspended_sentence', 'deferred_sentence', 'youth_detention', 'sex_offender_registration',
  'community_sentence', 'fine', 'conditional_discharge', 'absolute_discharge', 'caution', 'reprimand_or_warning', 'penalty_notice', 'other',
] as const;
export type Disposal = (typeof DISPOSALS)[number];
const MANDATORY_REJECTION: readonly Disposal[] = ['custodial_sentence', 'suspended_sentence', 'deferred_sentence', 'youth_detention', 'sex_offender_registration'];

export const OUTCOMES = ['clearance', 'clearance_with_conditions', 'refusal'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RESPONSIBLE_UNITS = ['vetting', 'ccu', 'psd', 'hr', 'line_manager'] as const;

/** Renewal periods in years (reference §4: general knowledge, unverified, so configurable). */
export const DEFAULT_RENEWAL_YEARS: Record<ForceVettingLevel, number> = { RV: 10, MV: 7, NPPV1: 3, NPPV2: 3, NPPV3: 5 };

export const RENEWAL_SETTING_DEFINITION: SettingDefinition<Record<ForceVettingLevel, number>> = {
  key: 'vetting.renewalYears', label: 'Renewal periods',
  hint: 'Years a clearance lasts at each level, for example {"RV": 10, "MV": 7, "NPPV1": 3, "NPPV2": 3, "NPPV3": 5}. The reference is unsure of these (NPPV2 may be 5 in some forces).',
  schema: z.object({ RV: z.number().int().min(1).max(15), MV: z.number().int().min(1).max(15), NPPV1: z.number().int().min(1).max(15), NPPV2: z.number().int().min(1).max(15), NPPV3: z.number().int().min(1).max(15) }),
  fallback: DEFAULT_RENEWAL_YEARS,
};

/** A clearance lasts its level's renewal period from the decision date. */
export function expiryFor(level: ForceVettingLevel, decidedOn: string, years: Record<ForceVettingLevel, number> = DEFAULT_RENEWAL_YEARS): string {
  const [y, m, d] = decidedOn.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years[level], m - 1, d));
  // 29 February plus whole years lands on 1 March in a common year; keep it in February.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/**
 * Ratification (issue: "decisions on roles in the evidential chain with adverse information need ratification by a
 * second, senior decision maker"). The reference does not list evidential-chain roles, so which kinds of role need it
 * and which roles may ratify are configuration (settings key `vetting.ratification`), with these defaults.
 */
export interface RatificationPolicy {
  /** Workforce person types whose roles are in the evidential chain. */
  evidentialChainRoleTypes: string[];
  /** Roles that may ratify; the ratifier must also not be the decision maker. */
  ratifierRoles: string[];
}
export const RATIFICATION_SETTING = 'vetting.ratification';
export const DEFAULT_RATIFICATION: RatificationPolicy = { evidentialChainRoleTypes: ['officer', 'special_constable', 'pcso'], ratifierRoles: ['force_vetting_manager'] };

/** Adverse information on an evidential-chain role needs ratification; a role not recorded is treated as in the chain. */
const RatificationPolicySchema = z.object({ evidentialChainRoleTypes: z.array(z.enum(PERSON_TYPES)), ratifierRoles: z.array(z.enum(ROLE_NAMES as [Role, ...Role[]])).min(1) });

export const RATIFICATION_SETTING_DEFINITION: SettingDefinition<RatificationPolicy> = {
  key: RATIFICATION_SETTING, label: 'Ratification by a second decision maker',
  hint: '{"evidentialChainRoleTypes": kinds of role (officer, special_constable, pcso, staff, …) whose decisions on adverse information need ratification, "ratifierRoles": roles that may ratify (for example force_vetting_manager)}.',
  schema: RatificationPolicySchema, fallback: DEFAULT_RATIFICATION,
};

export function needsRatification(policy: RatificationPolicy, roleType: string | null, hadAdverseInformation: boolean): boolean {
  return hadAdverseInformation && (!roleType || policy.evidentialChainRoleTypes.includes(roleType));
}

export interface TraceFacts {
  category: AdverseCategory;
  disposal?: Disposal | null;
}

export type ConvictionRule = 'mandatory_rejection' | 'presumption_of_rejection';

/**
 * The Code's conviction rules: an offence that led to a custodial, suspended or deferred sentence or youth detention,
 * or sex-offender registration, means mandatory rejection; any other caution or conviction a rebuttable presumption of rejection.
 */
export function convictionRule(traces: readonly TraceFacts[]): ConvictionRule | null {
  const criminal = traces.filter((t) => t.category === 'criminal_conviction_or_caution');
  if (criminal.some((t) => t.disposal && MANDATORY_REJECTION.includes(t.disposal))) return 'mandatory_rejection';
  return criminal.length ? 'presumption_of_rejection' : null;
}

/** The National Decision Model as the rationale's structure (reference §8), the Code of Ethics at its centre. */
export interface NdmRationale {
  information: string;
  threatAndRisk: string;
  riskFactors: string[];
  powersAndPolicy: string;
  options: string;
  decisionAndReview: string;
}

export const NDM_STAGES: { field: keyof Omit<NdmRationale, 'riskFactors'>; label: string }[] = [
  { field: 'information', label: 'Information and intelligence' },
  { field: 'threatAndRisk', label: 'Threat and risk assessment' },
  { field: 'powersAndPolicy', label: 'Powers and policy' },
  { field: 'options', label: 'Options and contingencies' },
  { field: 'decisionAndReview', label: 'Decision and review' },
];

/** Risk factors the APP asks decision makers to consider; the list is configurable. */
export const APP_RISK_FACTORS = [
  'Nature and seriousness of the matter', 'Time elapsed and age at the time', 'Repeated or single occurrence',
  'Dishonesty or integrity', 'Violence or threat to others', 'Targeting of vulnerable people or a protected characteristic',
  'Vulnerability to pressure or corruption', 'Associations with criminals or organised crime', 'Financial vulnerability',
  'Openness of the applicant’s declaration', 'Role and access the post gives',
] as const;

export interface DecisionInput {
  outcome: Outcome;
  rationale?: Partial<NdmRationale>;
  rebuttal?: string;
  conditions?: { description: string; responsibleUnit: string; ownerName: string; reviewOn: string }[];
}

export interface RuleError {
  field: string;
  message: string;
}

const MIN_STAGE_LENGTH = 20;

/** Everything that stops a decision being saved, each with the field it concerns. */
export function decisionErrors(input: DecisionInput, traces: readonly TraceFacts[]): RuleError[] {
  const errors: RuleError[] = [];
  const adverse = traces.length > 0;
  if (adverse) {
    for (const stage of NDM_STAGES) {
      const text = input.rationale?.[stage.field]?.trim() ?? '';
      if (text.length < MIN_STAGE_LENGTH) {
        errors.push({ field: `rationale.${stage.field}`, message: `Adverse information exists: write the ${stage.label.toLowerCase()} part of the rationale (at least ${MIN_STAGE_LENGTH} characters)` });
      }
    }
    if (!input.rationale?.riskFactors?.length) errors.push({ field: 'rationale.riskFactors', message: 'Adverse information exists: choose the APP risk factors you considered' });
  }
  const rule = convictionRule(traces);
  if (rule === 'mandatory_rejection' && input.outcome !== 'refusal') {
    errors.push({ field: 'outcome', message: 'The Vetting Code of Practice requires rejection: an offence led to a custodial, suspended or deferred sentence, youth detention or sex-offender registration' });
  }
  if (rule === 'presumption_of_rejection' && input.outcome !== 'refusal' && (input.rebuttal?.trim().length ?? 0) < MIN_STAGE_LENGTH) {
    errors.push({ field: 'rebuttal', message: 'A caution or conviction means a presumption of rejection: explain why it is rebutted (at least 20 characters)' });
  }
  if (input.outcome === 'clearance_with_conditions') {
    if (!input.conditions?.length) errors.push({ field: 'conditions', message: 'Clearance with conditions needs at least one condition' });
    input.conditions?.forEach((c, i) => {
      if (!c.description?.trim()) errors.push({ field: `conditions.${i}.description`, message: `Describe condition ${i + 1}` });
      if (!(RESPONSIBLE_UNITS as readonly string[]).includes(c.responsibleUnit)) errors.push({ field: `conditions.${i}.responsibleUnit`, message: `Choose the unit responsible for condition ${i + 1}` });
      if (!c.ownerName?.trim()) errors.push({ field: `conditions.${i}.ownerName`, message: `Name the owner of condition ${i + 1}` });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.reviewOn ?? '')) errors.push({ field: `conditions.${i}.reviewOn`, message: `Give a review date for condition ${i + 1}` });
    });
  }
  return errors;
}

import type { Queryable } from '../../../platform/db/types.js';
import { z } from '../../../platform/openapi/registry.js';
import type { SettingDefinition, SettingsStore } from '../../../platform/settings.js';
import { DEFAULT_INTERVIEW_REQUIRED, DEFAULT_REPRESENTATION_TIME } from '../withdrawal/rules.js';
import { DEFAULT_ACCEPT_LATE, DEFAULT_CRITERIA, DEFAULT_PANEL, DEFAULT_TIME_LIMITS, SETTING_KEYS, type AppealAgainst, type AppealCriterion, type PanelPolicy } from './rules.js';
import { DEFAULT_BANK_HOLIDAYS, type TimeLimit } from './time-limits.js';

const TimeLimitSchema = z.object({ days: z.number().int().min(1).max(365), unit: z.enum(['calendar', 'working']) });
const TimeLimitsSchema = z.object({ refusal: TimeLimitSchema, conditions: TimeLimitSchema, withdrawal: TimeLimitSchema });
const CriteriaSchema = z.array(z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/), label: z.string().min(1).max(300), kind: z.enum(['required', 'ground']) })).min(1).max(30);
const PanelPolicySchema = z
  .object({ minMembers: z.number().int().min(1).max(20), maxMembers: z.number().int().min(1).max(20), roleSeniority: z.record(z.string(), z.number().int().min(0).max(100)) })
  .refine((p) => p.minMembers <= p.maxMembers);
const BankHolidaysSchema = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(1000);

/** The appeals and withdrawal settings, for the vetting rules page. */
export const APPEALS_SETTING_DEFINITIONS: SettingDefinition[] = [
  { key: SETTING_KEYS.timeLimits, label: 'Appeal time limits', hint: 'For each kind of decision appealed (refusal, conditions, withdrawal): {"days": n, "unit": "calendar" or "working"}.', schema: TimeLimitsSchema, fallback: DEFAULT_TIME_LIMITS },
  { key: SETTING_KEYS.acceptLate, label: 'Late appeals may be accepted', hint: 'true or false.', schema: z.boolean(), fallback: DEFAULT_ACCEPT_LATE },
  { key: SETTING_KEYS.criteria, label: 'Appeal criteria', hint: 'A list of {"code", "label", "kind": "required" or "ground"}: every required criterion and at least one ground must be met.', schema: CriteriaSchema, fallback: DEFAULT_CRITERIA },
  { key: SETTING_KEYS.panel, label: 'Appeal panel', hint: '{"minMembers", "maxMembers", "roleSeniority": {role: rank}}: at least one member must be more senior than the decision maker.', schema: PanelPolicySchema, fallback: DEFAULT_PANEL },
  { key: SETTING_KEYS.representations, label: 'Time for representations on a withdrawal', hint: '{"days": n, "unit": "calendar" or "working"}.', schema: TimeLimitSchema, fallback: DEFAULT_REPRESENTATION_TIME },
  { key: SETTING_KEYS.interviewRequired, label: 'A withdrawal needs an interview', hint: 'true or false.', schema: z.boolean(), fallback: DEFAULT_INTERVIEW_REQUIRED },
  { key: SETTING_KEYS.bankHolidays, label: 'Bank holidays (for working days)', hint: 'A list of dates, YYYY-MM-DD. Extend it each year.', schema: BankHolidaysSchema, fallback: [...DEFAULT_BANK_HOLIDAYS] },
];

/** Everything the reference leaves to the force, read from settings with the defaults in rules.ts. */
export interface AppealsPolicy {
  timeLimits: Record<AppealAgainst, TimeLimit>;
  acceptLate: boolean;
  criteria: AppealCriterion[];
  panel: PanelPolicy;
  bankHolidays: string[];
  representationTime: TimeLimit;
  interviewRequired: boolean;
}

/** Reads the settings one by one: inside a transaction on the embedded engine, queries must not overlap. */
export async function loadPolicy(settings: SettingsStore, q?: Queryable): Promise<AppealsPolicy> {
  return {
    timeLimits: await settings.get(SETTING_KEYS.timeLimits, TimeLimitsSchema, DEFAULT_TIME_LIMITS, q),
    acceptLate: await settings.get(SETTING_KEYS.acceptLate, z.boolean(), DEFAULT_ACCEPT_LATE, q),
    criteria: await settings.get(SETTING_KEYS.criteria, CriteriaSchema, DEFAULT_CRITERIA, q),
    panel: await settings.get(SETTING_KEYS.panel, PanelPolicySchema, DEFAULT_PANEL, q),
    bankHolidays: await settings.get(SETTING_KEYS.bankHolidays, BankHolidaysSchema, [...DEFAULT_BANK_HOLIDAYS], q),
    representationTime: await settings.get(SETTING_KEYS.representations, TimeLimitSchema, DEFAULT_REPRESENTATION_TIME, q),
    interviewRequired: await settings.get(SETTING_KEYS.interviewRequired, z.boolean(), DEFAULT_INTERVIEW_REQUIRED, q),
  };
}

/** One kind of appeal's time limit, for letters that state it (so the letter and the check always agree). */
export async function appealTimeLimit(settings: SettingsStore, against: AppealAgainst, q?: Queryable): Promise<TimeLimit> {
  return (await settings.get(SETTING_KEYS.timeLimits, TimeLimitsSchema, DEFAULT_TIME_LIMITS, q))[against];
}

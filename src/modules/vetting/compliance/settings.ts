import { z } from '../../../platform/openapi/registry.js';
import type { Queryable } from '../../../platform/db/types.js';
import type { SettingDefinition, SettingsStore } from '../../../platform/settings.js';

/**
 * Compliance and review-trigger rules the domain reference leaves open (shared/domain/vetting.md §4–5), as settings
 * with these defaults. The reference gives no interval for re-checking PND between renewals (it says PND is checked
 * on every application and at renewal, and cites the 2023 national PND screening and the 2024 annual integrity
 * review), so the periodic re-check defaults to 12 months, in line with the annual review.
 */
export const COMPLIANCE_SETTINGS = {
  reminderDays: { key: 'vetting.compliance.expiryReminderDays', schema: z.array(z.number().int().min(1).max(730)).min(1).max(10), fallback: [90, 60, 30] as number[] },
  renewalReviewAtDays: { key: 'vetting.compliance.renewalReviewAtDays', schema: z.number().int().min(1).max(730), fallback: 90 },
  pndRecheckMonths: { key: 'vetting.compliance.pndRecheckMonths', schema: z.number().int().min(1).max(120), fallback: 12 },
  pndRecheckBatchSize: { key: 'vetting.compliance.pndRecheckBatchSize', schema: z.number().int().min(1).max(10_000), fallback: 50 },
} as const;

/** The compliance settings, for the vetting rules page. */
export const COMPLIANCE_SETTING_DEFINITIONS: SettingDefinition[] = [
  { ...COMPLIANCE_SETTINGS.reminderDays, label: 'Expiry reminders', hint: 'Days before a clearance expires on which a reminder is recorded, for example [90, 60, 30].' },
  { ...COMPLIANCE_SETTINGS.renewalReviewAtDays, label: 'Open the renewal review', hint: 'Days before expiry: the renewal review opens at the first reminder within this many days.' },
  { ...COMPLIANCE_SETTINGS.pndRecheckMonths, label: 'Periodic PND re-check', hint: 'Months since the last Police National Database check after which a re-check review opens.' },
  { ...COMPLIANCE_SETTINGS.pndRecheckBatchSize, label: 'PND re-checks a day', hint: 'The most re-check reviews the daily job opens.' },
];

export interface ComplianceRules {
  reminderDays: number[];
  renewalReviewAtDays: number;
  pndRecheckMonths: number;
  pndRecheckBatchSize: number;
}

export async function complianceRules(settings: SettingsStore, q?: Queryable): Promise<ComplianceRules> {
  const s = COMPLIANCE_SETTINGS;
  const [reminderDays, renewalReviewAtDays, pndRecheckMonths, pndRecheckBatchSize] = await Promise.all([
    settings.get(s.reminderDays.key, s.reminderDays.schema, s.reminderDays.fallback, q),
    settings.get(s.renewalReviewAtDays.key, s.renewalReviewAtDays.schema, s.renewalReviewAtDays.fallback, q),
    settings.get(s.pndRecheckMonths.key, s.pndRecheckMonths.schema, s.pndRecheckMonths.fallback, q),
    settings.get(s.pndRecheckBatchSize.key, s.pndRecheckBatchSize.schema, s.pndRecheckBatchSize.fallback, q),
  ]);
  return { reminderDays: [...reminderDays].sort((a, b) => b - a), renewalReviewAtDays, pndRecheckMonths, pndRecheckBatchSize };
}

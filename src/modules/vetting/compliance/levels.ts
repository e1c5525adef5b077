import { FORCE_VETTING_LEVELS } from '../../../platform/reference.js';
import { meetsLevel } from '../service.js';

/**
 * A number per level such that rank(a) >= rank(b) exactly when meetsLevel(a, b): the service's comparison, in a form
 * SQL can use to compare a whole list at once. Derived from meetsLevel, so the two cannot drift apart.
 */
export const LEVEL_RANK: Readonly<Record<string, number>> = Object.fromEntries(
  FORCE_VETTING_LEVELS.map((held) => [held, FORCE_VETTING_LEVELS.filter((required) => meetsLevel(held, required)).length]),
);

/** The rank of a level column as SQL (null for a level the rules do not know, which then meets nothing). */
export function levelRankSql(column: string): string {
  return `(case ${column} ${Object.entries(LEVEL_RANK).map(([level, rank]) => `when '${level}' then ${rank}`).join(' ')} end)`;
}

export const COMPLIANCE_STATUSES = ['compliant', 'under_vetted', 'no_clearance', 'expired'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const STATUS_LABELS: Record<ComplianceStatus, string> = {
  compliant: 'Compliant', under_vetted: 'Under-vetted', no_clearance: 'No clearance', expired: 'Clearance expired',
};

/** A postholder's standing: what their post requires against the clearance they hold today. */
export function complianceStatus(c: { heldLevel: string | null; expiresOn: string | null; requiredLevel: string | null }, today: string): ComplianceStatus {
  if (!c.heldLevel) return 'no_clearance';
  if (c.expiresOn !== null && c.expiresOn < today) return 'expired';
  if (c.requiredLevel === null) return 'compliant';
  return meetsLevel(c.heldLevel, c.requiredLevel) ? 'compliant' : 'under_vetted';
}

/** The same rule as SQL over the projection (p) and the current clearance (c); keep the two in step. */
export function complianceStatusSql(p: string, c: string): string {
  return `(case when ${c}.person_id is null then 'no_clearance'
    when ${c}.expires_on < current_date then 'expired'
    when ${p}.required_level is null then 'compliant'
    when ${levelRankSql(`${c}.level`)} >= ${levelRankSql(`${p}.required_level`)} then 'compliant'
    else 'under_vetted' end)`;
}

/** Whole days from today to a date (negative once it has passed); both are calendar dates, YYYY-MM-DD. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The expiry reminder due now, if any: the tightest threshold the clearance has come within, unless that reminder or
 * a tighter one is already recorded. A clearance first seen at 25 days gets the 30-day reminder only, not all three;
 * an expired clearance gets none (it shows as expired instead).
 */
export function reminderDue(daysLeft: number, thresholds: readonly number[], recorded: readonly number[]): number | undefined {
  if (daysLeft < 0) return undefined;
  const within = thresholds.filter((t) => daysLeft <= t);
  if (!within.length) return undefined;
  const tightest = Math.min(...within);
  return recorded.some((r) => r <= tightest) ? undefined : tightest;
}

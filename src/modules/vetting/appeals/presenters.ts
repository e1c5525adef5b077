import { labelFor as coreLabel } from '../presenters.js';

const LABELS: Record<string, string> = {
  // Appeals
  refusal: 'Refusal of clearance', withdrawal: 'Withdrawal of clearance', conditions: 'Conditions on clearance',
  upheld: 'Upheld', not_upheld: 'Not upheld', criteria_not_met: 'Appeal criteria not met',
  lodged: 'Lodged: criteria to check', awaiting_panel: 'Criteria met: panel to appoint', panel_convened: 'Panel appointed: outcome to record', decided: 'Decided',
  clearance_granted: 'Clearance granted at the level applied for', fresh_decision: 'Sent back for a fresh decision by someone else',
  conditions_removed: 'Conditions removed', conditions_varied: 'Conditions varied', withdrawal_reversed: 'Withdrawal reversed: clearance reinstated',
  chair: 'Chair', member: 'Member',
  // Withdrawal
  assessment: 'Assessment: notice to serve', notice_served: 'Notice served', person_left: 'Person left before it concluded',
  misconduct_outcome: 'Misconduct outcome', criminal_investigation: 'Criminal investigation', adverse_intelligence: 'Adverse intelligence (including CCU or PND)',
  change_of_circumstances: 'Change of circumstances', annual_integrity_review: 'Annual integrity and vetting review', random_revetting: 'Random re-vetting',
  in_person: 'In person', post: 'By post', email: 'By email', representative: 'Through the person’s police friend or lawyer',
  withdraw: 'Withdraw clearance', retain: 'Retain clearance', retain_with_conditions: 'Retain clearance with conditions',
  none: 'None', conduct: 'Conduct (Police (Conduct) Regulations 2020)', performance: 'Performance (Police (Performance) Regulations 2020)',
  resigned: 'Resigned', retired: 'Retired',
  pvr_2025: 'Police (Vetting) Regulations 2025 (police officer)', force_policy: 'Vetting Code of Practice and force policy (not a police officer)',
};

/** The words a caseworker reads for a stored code, falling back to the core vetting labels. */
export function label(code: string | null | undefined): string {
  if (!code) return '';
  return LABELS[code] ?? coreLabel(code);
}

export const options = (values: readonly string[]) => values.map((v) => ({ value: v, text: label(v) }));

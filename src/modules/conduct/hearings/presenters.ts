import { labelFor } from '../presenters.js';
import { APPEAL_ROUTE_LABELS, PANEL_MEMBER_LABELS } from './rules.js';

const LABELS: Record<string, string> = {
  ...PANEL_MEMBER_LABELS, ...APPEAL_ROUTE_LABELS,
  misconduct_meeting: 'Misconduct meeting', misconduct_hearing: 'Misconduct hearing', accelerated_hearing: 'Accelerated misconduct hearing',
  local_policing_body: 'The local policing body', iopc: 'The IOPC',
  upheld: 'Upheld: the handling or outcome was not reasonable and proportionate', not_upheld: 'Not upheld', not_valid: 'Not a valid review',
  notice: 'Notice of hearing', outcome: 'Outcome', update: 'Update',
};

/** The words shown for a hearings code, falling back to the conduct module's own labels. */
export const label = (code: string | null | undefined): string => (code ? LABELS[code] ?? labelFor(code) : '');

import type { FieldError } from '../../platform/http/errors.js';
import { formatDateTime } from '../../platform/ui/nunjucks.js';
import type { TimelineEntry } from './data.js';
import type { AllegationCategory, FlagDefinition } from './rules.js';

const LABELS: Record<string, string> = {
  public_complaint: 'Public complaint', conduct_matter: 'Conduct matter (raised internally)', recordable_conduct_matter: 'Recordable conduct matter', dsi_matter: 'Death or serious injury matter',
  to_be_recorded: 'Received, to be recorded', recorded: 'Recorded', logged_outside_schedule_3: 'Logged outside Schedule 3', assessed: 'Assessed', finalised: 'Finalised',
  online_form: 'Public online form', caseworker: 'Caseworker', api: 'Integration (API)',
  complainant: 'Complainant', victim: 'Victim', complainant_and_victim: 'Complainant and victim',
  record: 'Record the case (within Schedule 3)', log_outside_schedule_3: 'Log it outside Schedule 3 (complaints only)',
  outside_schedule_3: 'Handled outside Schedule 3', without_investigation: 'Within Schedule 3, otherwise than by investigation', investigation_local: 'Investigated locally',
  investigation_directed: 'Directed investigation (IOPC direction and control)', investigation_independent: 'Independent investigation (IOPC)',
  death_or_serious_injury: 'Conduct resulting in death or serious injury', serious_assault: 'Serious assault', serious_sexual_offence: 'Serious sexual offence',
  serious_corruption: 'Serious corruption, including abuse of position for a sexual purpose or an improper emotional relationship',
  discrimination_aggravated: 'A criminal offence or disciplinary behaviour aggravated by discrimination', relevant_offence: 'A relevant offence (sentence fixed by law, or 7 years or more)',
  same_incident: 'Arises from the same incident as any of the above', chief_officer_subject: 'About a chief officer, where conduct cannot be ruled out',
  no_misconduct: 'Neither misconduct nor gross misconduct', misconduct: 'Misconduct', gross_misconduct: 'Gross misconduct',
  no_case_to_answer: 'No case to answer', case_to_answer_misconduct: 'Case to answer for misconduct', case_to_answer_gross_misconduct: 'Case to answer for gross misconduct',
  referred: 'Referred to the IOPC', not_referred: 'Not referred',
  recording: 'Recording', handling_route: 'Handling route', referral: 'Referral', severity: 'Severity assessment', case_to_answer: 'Case to answer', finalisation: 'Finalisation',
  no_proceedings: 'No proceedings', reflective_practice_review: 'Reflective practice review process', misconduct_meeting: 'Misconduct meeting', misconduct_hearing: 'Misconduct hearing', accelerated_hearing: 'Accelerated misconduct hearing',
  not_proven: 'Not proven', no_further_action: 'No further action', reflective_practice: 'Reflective practice', written_warning: 'Written warning', final_written_warning: 'Final written warning',
  reduction_in_rank: 'Reduction in rank', dismissal_without_notice: 'Dismissal without notice',
  contact_complainant: 'To contact the complainant', take_account: 'To take an account', victim_support: 'To support a victim', assessment: 'To assess the case', investigation: 'To investigate',
};

/** The words a caseworker reads for a stored code. */
export function labelFor(code: string | null | undefined): string {
  if (!code) return '';
  return LABELS[code] ?? code.replace(/_/g, ' ');
}

export const options = (values: readonly string[], label: (v: string) => string = labelFor) => values.map((v) => ({ value: v, text: label(v) }));

export function categoryOptions(categories: readonly AllegationCategory[]) {
  return categories.map((c) => ({ value: c.code, text: `${c.code} – ${c.label}` }));
}

export function flagOptions(definitions: Record<string, FlagDefinition>) {
  return Object.entries(definitions).map(([value, d]) => ({ value, text: d.label, hint: { text: d.definition } }));
}

/** A case's timeline as the MoJ timeline component's items, newest first. */
export function timelineItems(entries: readonly TimelineEntry[]) {
  return [...entries].reverse().map((e) => ({ label: { text: e.what }, byline: { text: e.actorLabel }, datetime: { timestamp: new Date(e.at).toISOString(), type: 'datetime' }, text: formatDateTime(e.at) }));
}

/**
 * Several forms share a page, so each form's fields carry the form's prefix as their id (`recording-rationale`):
 * ids stay unique and the error summary's links land on the right field.
 */
export function prefixErrors(section: string, errors: readonly FieldError[], rename: (field: string) => string = (f) => f): FieldError[] {
  return errors.map((e) => ({ ...e, field: `${section}-${rename(e.field)}` }));
}

import { labelFor as conductLabel } from '../presenters.js';
import type { ReviewDue, TwelveMonthClock } from './rules.js';

const LABELS: Record<string, string> = {
  open: 'Open', done: 'Done', closed: 'Closed without being done',
  supervisory: 'Supervisory review', inspector: 'Inspector review', criminal: 'Monthly review of the criminal allegation',
  regulation_17: 'Regulation 17 notice (officer)', staff_investigation_notice: 'Investigation notice (police staff)',
  in_person: 'In person', post: 'By post', email: 'By e-mail',
};

/** Words for this feature's codes, falling back to the conduct module's. */
export function investigationLabel(code: string | null | undefined): string {
  if (!code) return '';
  return LABELS[code] ?? conductLabel(code);
}

export const optionsOf = (values: readonly string[]) => values.map((v) => ({ value: v, text: investigationLabel(v) }));

/** A govukTag for a line's status. */
export function lineStatusTag(status: string) {
  return { text: investigationLabel(status), classes: status === 'open' ? 'govuk-tag--yellow' : status === 'done' ? 'govuk-tag--green' : 'govuk-tag--grey' };
}

/** "Due 3 March 2027" or "Overdue by 4 days", for a review. */
export function dueText(due: ReviewDue, formatDate: (d: string) => string): string {
  return due.overdue ? `Overdue by ${due.daysOverdue} day${due.daysOverdue === 1 ? '' : 's'} (was due ${formatDate(due.dueOn)})` : `Due ${formatDate(due.dueOn)}`;
}

/** The 12-month clock in words. */
export function clockText(clock: TwelveMonthClock, formatDate: (d: string) => string): string {
  if (!clock.started) return 'Not started: the case has not been recorded';
  if (clock.stopped) return `Finalised ${clock.past ? `${-clock.daysRemaining} days after` : `${clock.daysRemaining} days before`} the 12 months ended (${formatDate(clock.endsOn)})`;
  if (clock.past) return `Past 12 months since ${formatDate(clock.endsOn)} (${-clock.daysRemaining} days): report to the local policing body; next report due ${formatDate(clock.nextReportDue!)}`;
  return `${clock.daysRemaining} days left: 12 months from recording end on ${formatDate(clock.endsOn)}`;
}

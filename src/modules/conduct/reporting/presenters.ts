import { labelFor } from '../presenters.js';
import type { FindingQuestion } from './service.js';
import { MEASURE_LABELS } from './timeliness.js';

export const QUESTION_LABELS: Record<FindingQuestion, string> = {
  victimsSupported: 'Were victims supported?',
  assessmentRight: 'Was the assessment right?',
  investigationComprehensive: 'Was the investigation comprehensive?',
};

const ANSWER_LABELS: Record<string, string> = {
  yes: 'Yes', partly: 'Partly', no: 'No', no_victim: 'No victim identified', not_investigated: 'Not investigated', not_recorded: 'Not yet recorded',
};
export const answerLabel = (answer: string | null | undefined) => ANSWER_LABELS[answer ?? 'not_recorded'] ?? answer ?? '';

const QUEUE_LABELS: Record<string, string> = {
  to_record: 'Received, waiting for the recording decision', to_assess: 'Recorded, waiting for the handling decision',
  awaiting_outcome: 'Investigated, no outcome recorded yet', open_over_12_months: 'Open 12 months or more since receipt',
  not_decided: 'Not decided yet',
};
/** Codes on the reporting pages: the conduct labels, plus work lists and review answers. */
export const reportLabel = (code: string | null | undefined) => (code && QUEUE_LABELS[code]) || labelFor(code);

/** "2026-04" as "April 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export const measureLabel = (m: string) => MEASURE_LABELS[m as keyof typeof MEASURE_LABELS] ?? m;
/** A number of days for a table cell: a dash when there were no cases. */
export const days = (n: number | null) => (n === null ? '–' : String(n));

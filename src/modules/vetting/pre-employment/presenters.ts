import { formatDate, formatDateTime } from '../../../platform/ui/nunjucks.js';
import type { Interview, Verification } from './data.js';
import type { Coverage, Uncovered } from './rules.js';
import type { PreEmploymentSummary } from './service.js';

const LABELS: Record<string, string> = {
  employment: 'Employment', self_employment: 'Self-employment', education: 'Education', unemployment: 'Unemployment', armed_forces: 'Armed forces',
  career_break: 'Career break', other: 'Other',
  not_verified: 'Not yet verified', verified: 'Verified', could_not_verify: 'Could not be verified',
  reference: 'Reference', employer_contact: 'Contact with the employer', documents: 'Documents seen',
  in_person: 'In person', video: 'By video',
  scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled', did_not_attend: 'Did not attend',
  open: 'Open', decided: 'Decided', withdrawn: 'Withdrawn', discontinued: 'Discontinued',
};

/** The words a caseworker reads for a stored code. */
export const labelFor = (code: string): string => LABELS[code] ?? code;

const TAG_CLASSES: Record<string, string> = {
  verified: 'govuk-tag--green', not_verified: 'govuk-tag--yellow', could_not_verify: 'govuk-tag--red',
  scheduled: 'govuk-tag--blue', held: 'govuk-tag--green', cancelled: 'govuk-tag--grey', did_not_attend: 'govuk-tag--red',
};

/** Parameters for govukTag: a status in words with its colour. */
export const statusTag = (code: string) => ({ text: labelFor(code), classes: TAG_CLASSES[code] ?? 'govuk-tag--grey' });

/** How an entry or qualification was verified, or why not, in one sentence. */
export function verificationText(v: Verification): string {
  if (v.verification === 'verified') return `Verified by ${labelFor(v.verificationMethod ?? '').toLowerCase()}: ${v.verifiedBy}, ${formatDate(v.verifiedOn)}`;
  if (v.verification === 'could_not_verify') return `Could not be verified: ${v.unverifiedReason}`;
  return 'Not yet verified';
}

export const periodText = (p: { fromOn: string; toOn: string | null }) => `${formatDate(p.fromOn)} to ${p.toOn ? formatDate(p.toOn) : 'date (current)'}`;

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
const yearsText = (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`;

/** One sentence per gap, saying where it sits: before the earliest entry, between entries, or since the latest. */
export function gapText(gap: Uncovered, coverage: Coverage): string {
  const span = `${formatDate(gap.fromOn)} to ${formatDate(gap.toOn)} (${days(gap.days)})`;
  switch (gap.position) {
    case 'whole': return `Nothing is recorded for the ${yearsText(coverage.rules.years)} before the application was received: ${span}`;
    case 'start': return `The history does not reach back ${yearsText(coverage.rules.years)}: nothing is recorded from ${span}`;
    case 'end': return `Nothing is recorded from ${span}, up to when the application was received`;
    default: return `Gap from ${span}`;
  }
}

/** What the section on the application page warns about. */
export function summaryWarnings(s: PreEmploymentSummary): string[] {
  const warnings: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const { coverage } = s.employment;
  if (!coverage.reachesBack) warnings.push(`The employment history does not reach back ${yearsText(coverage.rules.years)} (to ${formatDate(coverage.windowFrom)})`);
  const counted = coverage.gaps.filter((g) => g.position === 'middle' || g.position === 'end');
  if (counted.length) warnings.push(`${plural(counted.length, 'gap', 'gaps')} of more than ${days(coverage.rules.toleranceDays)} in the employment history`);
  if (s.employment.notYetVerified) warnings.push(`${plural(s.employment.notYetVerified, 'employment history entry', 'employment history entries')} not yet verified`);
  if (s.employment.couldNotVerify) warnings.push(`${plural(s.employment.couldNotVerify, 'employment history entry', 'employment history entries')} could not be verified`);
  if (s.qualifications.neededNotVerified) warnings.push(`${plural(s.qualifications.neededNotVerified, 'qualification the post needs is', 'qualifications the post needs are')} not verified`);
  const otherUnverified = s.qualifications.notYetVerified + s.qualifications.couldNotVerify - s.qualifications.neededNotVerified;
  if (otherUnverified > 0) warnings.push(`${plural(otherUnverified, 'other qualification', 'other qualifications')} not verified`);
  if (s.interviews.copyOutstanding) warnings.push(`${plural(s.interviews.copyOutstanding, 'interview record has', 'interview records have')} not yet been given to the interviewee`);
  return warnings;
}

/** An interview's arrangements in one line. */
export function arrangementsText(i: Interview): string {
  const where = i.mode === 'video' ? `by video${i.location ? ` (${i.location})` : ''}` : `at ${i.location}`;
  return `${formatDateTime(i.scheduledAt)}, ${where}, with ${i.interviewerName}`;
}

/** Where the interview has got to, in words. */
export function interviewStateText(i: Interview): string {
  switch (i.status) {
    case 'held': {
      const kept = [i.summary ? 'summary' : '', i.record ? 'record attached' : ''].filter(Boolean).join(' and ');
      return `Held on ${formatDate(i.heldOn)} (${kept}); ${i.copyGivenOn ? `copy given to the interviewee on ${formatDate(i.copyGivenOn)}` : 'copy not yet given to the interviewee'}`;
    }
    case 'cancelled': return `Cancelled: ${i.outcomeNote}`;
    case 'did_not_attend': return `The interviewee did not attend${i.outcomeNote ? `: ${i.outcomeNote}` : ''}`;
    default: return 'Scheduled';
  }
}

export const fileSizeText = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The application page's summary list: one row each for the history, qualifications and interviews. */
export function sectionRows(s: PreEmploymentSummary): { key: { text: string }; value: { text: string } }[] {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const { coverage } = s.employment;
  const history = [
    count(s.employment.count, 'entry', 'entries'),
    coverage.gaps.length ? count(coverage.gaps.length, 'gap', 'gaps') + ` of more than ${days(coverage.rules.toleranceDays)}` : 'no gaps',
    s.employment.notYetVerified ? `${s.employment.notYetVerified} not yet verified` : '',
    s.employment.couldNotVerify ? `${s.employment.couldNotVerify} could not be verified` : '',
  ];
  const unverified = s.qualifications.notYetVerified + s.qualifications.couldNotVerify;
  const qualifications = [count(s.qualifications.count, 'qualification', 'qualifications'), unverified ? `${unverified} not verified` : ''];
  const i = s.interviews;
  const interviews = i.count
    ? [i.next ? `next on ${formatDateTime(i.next.scheduledAt)}` : '', i.held ? `${i.held} held` : '', i.copyOutstanding ? `${i.copyOutstanding} copy not yet given` : '', i.cancelledOrMissed ? `${i.cancelledOrMissed} cancelled or not attended` : '']
    : ['None arranged'];
  const line = (parts: string[]) => parts.filter(Boolean).join(', ');
  return [
    { key: { text: 'Employment history' }, value: { text: line(history) } },
    { key: { text: 'Qualifications' }, value: { text: line(qualifications) } },
    { key: { text: 'Vetting interviews' }, value: { text: line(interviews) } },
  ];
}

import { csvLines } from '../../platform/http/csv.js';
import { PERSON_TYPE_LABELS, VETTING_LEVEL_LABELS, type ForceVettingLevel, type PersonType } from '../../platform/reference.js';
import { formatDate } from '../../platform/ui/nunjucks.js';
import type { Assignment, PersonDetail, PersonSummary, Post } from './data.js';
import type { RowError } from './import/parse.js';

const link = (href: string, text: string) => ({ html: `<a class="govuk-link" href="${href}">${escapeHtml(text)}</a>` });

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const personTypeLabel = (t: string) => PERSON_TYPE_LABELS[t as PersonType] ?? t;
export const vettingLevelLabel = (l: string) => VETTING_LEVEL_LABELS[l as ForceVettingLevel] ?? l;

/** Rows of the people search results table. */
export function peopleTableRows(people: PersonSummary[]) {
  return people.map((p) => [
    link(`/people/${p.id}`, `${p.surname}, ${p.forenames}`),
    { text: p.payrollNumber },
    { text: p.collarNumber ?? '' },
    { text: p.rankOrGrade ?? personTypeLabel(p.personType) },
    { text: p.unitName ?? '' },
    p.leavingDate ? { html: `<strong class="govuk-tag govuk-tag--grey">Left ${escapeHtml(formatDate(p.leavingDate))}</strong>` } : { text: p.postTitle ?? 'No current post' },
  ]);
}

/** The summary list at the top of the person page. */
export function personSummaryRows(p: PersonDetail) {
  const rows = [
    { key: { text: 'Name' }, value: { text: `${p.forenames} ${p.surname}` } },
    { key: { text: 'Payroll number' }, value: { text: p.payrollNumber } },
    { key: { text: 'Collar number' }, value: { text: p.collarNumber ?? 'None' } },
    { key: { text: 'Type' }, value: { text: personTypeLabel(p.personType) } },
    { key: { text: 'Rank or grade' }, value: { text: p.rankOrGrade ?? 'Not recorded' } },
    { key: { text: 'Date of birth' }, value: { text: p.dateOfBirth ? formatDate(p.dateOfBirth) : 'Not recorded' } },
    { key: { text: 'Unit' }, value: { text: p.unitName ?? 'Not recorded' } },
    { key: { text: 'Line manager' }, value: p.lineManager ? link(`/people/${p.lineManager.id}`, `${p.lineManager.name} (${p.lineManager.payrollNumber})`) : { text: 'None recorded' } },
    {
      key: { text: 'Current post' },
      value: p.post ? link(`/posts/${p.post.id}`, `${p.post.title} (${p.post.code}) – requires ${p.post.requiredVettingLevel}${p.post.designated ? ', designated post' : ''}`) : { text: 'No current post' },
    },
    { key: { text: 'Start date' }, value: { text: p.startDate ? formatDate(p.startDate) : 'Not recorded' } },
    { key: { text: 'Email' }, value: { text: p.email ?? 'Not recorded' } },
  ];
  if (p.leavingDate) rows.push({ key: { text: 'Left' }, value: { text: `${formatDate(p.leavingDate)}${p.leavingReason ? ` – ${p.leavingReason}` : ''}` } });
  return rows;
}

export function assignmentRows(assignments: Assignment[], show: 'post' | 'person') {
  return assignments.map((a) => [
    show === 'post' ? link(`/posts/${a.postId}`, `${a.postTitle} (${a.postCode})`) : link(`/people/${a.personId}`, `${a.personName} (${a.payrollNumber})`),
    { text: formatDate(a.startDate) },
    { text: a.endDate ? formatDate(a.endDate) : 'Current' },
  ]);
}

export function postTableRows(posts: Post[]) {
  return posts.map((p) => [
    link(`/posts/${p.id}`, p.code),
    { text: p.title },
    { text: p.unitName ?? '' },
    { text: `${p.requiredVettingLevel}${p.nationalSecurityLevel ? ` + ${p.nationalSecurityLevel}` : ''}` },
    { text: p.designated ? 'Yes' : 'No' },
    p.holder ? link(`/people/${p.holder.id}`, p.holder.name) : { html: '<strong class="govuk-tag govuk-tag--yellow">Vacant</strong>' },
  ]);
}

export function importErrorRows(errors: RowError[]) {
  return errors.map((e) => [{ text: e.line === 0 ? 'File' : String(e.line) }, { text: e.field }, { text: e.message }]);
}

const PROTECTED_LABELS: Record<string, string> = {
  sex: 'Sex', genderIdentitySameAsBirth: 'Gender identity the same as sex registered at birth', ethnicity: 'Ethnic group',
  religion: 'Religion or belief', sexualOrientation: 'Sexual orientation', disability: 'Disability',
};

export function protectedCharacteristicRows(pc: Record<string, string | null>) {
  return Object.entries(PROTECTED_LABELS).map(([k, label]) => ({ key: { text: label }, value: { text: pc[k] ?? 'Not recorded' } }));
}

/** Errors as CSV for download; cells that a spreadsheet would run as a formula are neutralised. */
export function importErrorsCsv(errors: RowError[]): string {
  return csvLines([['line', 'field', 'message'], ...errors.map((e) => [String(e.line), e.field, e.message])]);
}

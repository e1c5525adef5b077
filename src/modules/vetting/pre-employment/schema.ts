import { z } from '../../../platform/openapi/registry.js';
import {
  HISTORY_KINDS, INTERVIEW_MODES, INTERVIEW_OUTCOMES, KINDS_WITH_LEAVING_REASON, KINDS_WITH_ORGANISATION, KINDS_WITH_ROLE,
  VERIFICATION_METHODS, VERIFICATION_STATUSES, dayNumber, parseClockTime, type HistoryKind,
} from './rules.js';

/** One schema per form and API body: the pages parse their form fields with the same schemas the API documents. */

const trimmed = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);
const text = (missing: string, label: string, max: number) =>
  z.preprocess(trimmed, z.string({ error: missing }).max(max, `The ${label} must be ${max} characters or fewer`));
const optionalText = (label: string, max: number) => z.preprocess(trimmed, z.string().max(max, `The ${label} must be ${max} characters or fewer`).optional());

/** A calendar date, YYYY-MM-DD or DD/MM/YYYY, with messages that name the date. */
function toIsoDate(v: unknown): unknown {
  const s = trimmed(v);
  if (typeof s !== 'string') return s;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : s;
}
const realDate = (label: string) =>
  z.string({ error: `Enter the ${label}` }).refine((s) => dayNumber(s) !== undefined && s >= '1900-01-01' && s <= '2100-12-31', `The ${label} must be a real date, for example 27/03/2024`)
    .openapi({ format: 'date' });
const date = (label: string) => z.preprocess(toIsoDate, realDate(label));
const optionalDate = (label: string) => z.preprocess(toIsoDate, realDate(label).optional());
/** Cross-field rules run even when a single field is wrong, so a form shows every problem at once. */
const everyProblem = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };
const validDate = (s: unknown): s is string => typeof s === 'string' && dayNumber(s) !== undefined;
const version = z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().positive();

const verificationFields = {
  verification: z.enum(VERIFICATION_STATUSES, { error: 'Choose whether it has been verified' }).default('not_verified'),
  verificationMethod: z.preprocess(trimmed, z.enum(VERIFICATION_METHODS, { error: 'Choose how it was verified' }).optional()),
  verifiedBy: optionalText('name of who verified it', 120),
  verifiedOn: optionalDate('date it was verified'),
  unverifiedReason: optionalText('reason it could not be verified', 1000),
};

type Verification = { verification: string; verificationMethod?: string; verifiedBy?: string; verifiedOn?: string; unverifiedReason?: string };
function verificationRules(v: Verification, ctx: z.RefinementCtx) {
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (v.verification === 'verified') {
    if (!v.verificationMethod) need('verificationMethod', 'Choose how it was verified');
    if (!v.verifiedBy) need('verifiedBy', 'Enter who verified it');
    if (!v.verifiedOn) need('verifiedOn', 'Enter the date it was verified');
  }
  if (v.verification === 'could_not_verify' && !v.unverifiedReason) need('unverifiedReason', 'Say why it could not be verified');
}

const ORGANISATION_MISSING: Partial<Record<HistoryKind, string>> = {
  employment: 'Enter the employer', self_employment: 'Enter the business name', education: 'Enter the school, college or university',
  armed_forces: 'Enter the service, for example Royal Navy',
};

const employmentFields = z.object({
  kind: z.enum(HISTORY_KINDS, { error: 'Choose what the applicant was doing' }),
  organisation: optionalText('employer or organisation', 200),
  role: optionalText('role', 200),
  fromOn: date('date it started'),
  toOn: optionalDate('date it ended'),
  reasonForLeaving: optionalText('reason for leaving', 1000),
  ...verificationFields,
});
type EmploymentFields = z.infer<typeof employmentFields>;
function employmentRules(e: EmploymentFields, ctx: z.RefinementCtx) {
  if (KINDS_WITH_ORGANISATION.includes(e.kind) && !e.organisation) ctx.addIssue({ code: 'custom', path: ['organisation'], message: ORGANISATION_MISSING[e.kind]! });
  if (KINDS_WITH_ROLE.includes(e.kind) && !e.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Enter the role' });
  if (validDate(e.toOn) && validDate(e.fromOn) && e.toOn < e.fromOn) ctx.addIssue({ code: 'custom', path: ['toOn'], message: 'The date it ended must be the same as or after the date it started' });
  if (e.toOn && KINDS_WITH_LEAVING_REASON.includes(e.kind) && !e.reasonForLeaving) ctx.addIssue({ code: 'custom', path: ['reasonForLeaving'], message: 'Enter the reason for leaving' });
  verificationRules(e, ctx);
}

export const EmploymentEntrySchema = employmentFields.superRefine(employmentRules, everyProblem).openapi('EmploymentHistoryEntryInput', {
  description: 'One period of the applicant’s history. No toOn means it continues. Verification details are needed when verification is verified (how, who, when) or could_not_verify (why).',
});
export const EmploymentEditSchema = employmentFields.extend({ version }).superRefine(employmentRules, everyProblem).openapi('EmploymentHistoryEntryEdit');
export type EmploymentInput = z.infer<typeof EmploymentEntrySchema>;

const qualificationFields = z.object({
  title: text('Enter the qualification', 'qualification', 200),
  awardingBody: text('Enter the awarding body', 'awarding body', 200),
  awardedOn: date('date it was awarded'),
  neededForPost: z.preprocess((v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : v), z.boolean({ error: 'Choose whether the post needs this qualification' })),
  ...verificationFields,
});
export const QualificationSchema = qualificationFields.superRefine(verificationRules, everyProblem).openapi('QualificationInput');
export const QualificationEditSchema = qualificationFields.extend({ version }).superRefine(verificationRules, everyProblem).openapi('QualificationEdit');
export type QualificationInput = z.infer<typeof QualificationSchema>;

const clockTime = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() ? parseClockTime(v) ?? '!' : undefined),
  z.string({ error: 'Enter the time' }).regex(/^\d{2}:\d{2}$/, 'Enter a real time, for example 14:30 or 2:30pm').openapi({ example: '14:30', description: 'On a London clock' }),
);
const scheduleFields = z.object({
  scheduledOn: date('date of the interview'),
  scheduledTime: clockTime,
  mode: z.enum(INTERVIEW_MODES, { error: 'Choose whether the interview is in person or by video' }),
  location: optionalText('place or joining details', 300),
  interviewerName: text('Enter the interviewer’s name', 'interviewer’s name', 120),
});
function scheduleRules(s: z.infer<typeof scheduleFields>, ctx: z.RefinementCtx) {
  if (s.mode === 'in_person' && !s.location) ctx.addIssue({ code: 'custom', path: ['location'], message: 'Enter where the interview will take place' });
}
export const InterviewScheduleSchema = scheduleFields.superRefine(scheduleRules, everyProblem).openapi('InterviewSchedule');
export const InterviewRescheduleSchema = scheduleFields.extend({ version }).superRefine(scheduleRules, everyProblem).openapi('InterviewReschedule');
export type InterviewScheduleInput = z.infer<typeof InterviewScheduleSchema>;

/** The API's way to attach a record: the file's bytes in base64 (the pages upload it as a file). */
export const RecordFileSchema = z.object({
  fileName: text('Give the file name', 'file name', 200).openapi({ example: 'interview-record.pdf' }),
  contentBase64: z.string({ error: 'Give the file’s content' }).regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'The content must be base64').openapi({ format: 'byte' }),
}).openapi('InterviewRecordFile');

const outcomeFields = z.object({
  outcome: z.enum(INTERVIEW_OUTCOMES, { error: 'Choose what happened' }),
  heldOn: optionalDate('date the interview was held'),
  summary: optionalText('summary', 20_000),
  copyGivenOn: optionalDate('date the copy was given'),
  note: optionalText('note', 2000),
  version,
});
function outcomeRules(o: z.infer<typeof outcomeFields>, ctx: z.RefinementCtx) {
  if (o.outcome === 'held' && !o.heldOn) ctx.addIssue({ code: 'custom', path: ['heldOn'], message: 'Enter the date the interview was held' });
  if (o.outcome === 'held' && validDate(o.heldOn) && validDate(o.copyGivenOn) && o.copyGivenOn < o.heldOn) ctx.addIssue({ code: 'custom', path: ['copyGivenOn'], message: 'The copy cannot have been given before the interview was held' });
  if (o.outcome === 'cancelled' && !o.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say why the interview was cancelled' });
}
export const InterviewOutcomeSchema = outcomeFields.superRefine(outcomeRules, everyProblem);
export const InterviewOutcomeApiSchema = outcomeFields.extend({ record: RecordFileSchema.optional() }).superRefine(outcomeRules, everyProblem).openapi('InterviewOutcome', {
  description: 'held needs heldOn and a summary or a record (or both); cancelled needs a note saying why; did_not_attend may have a note.',
});
export type InterviewOutcomeInput = z.infer<typeof InterviewOutcomeSchema>;

export const CopyGivenSchema = z.object({ copyGivenOn: date('date the copy was given'), version }).openapi('InterviewCopyGiven');
export const RecordUploadApiSchema = RecordFileSchema.extend({ version }).openapi('InterviewRecordUpload');
export const VersionQuery = z.object({ version });

// ---- responses --------------------------------------------------------------------------------------

const verificationOut = {
  verification: z.enum(VERIFICATION_STATUSES), verificationMethod: z.string().nullable(), verifiedBy: z.string().nullable(), verifiedOn: z.string().nullable(), unverifiedReason: z.string().nullable(),
};
export const EmploymentEntryOut = z.object({
  id: z.string(), kind: z.enum(HISTORY_KINDS), organisation: z.string().nullable(), role: z.string().nullable(), fromOn: z.string(), toOn: z.string().nullable(),
  reasonForLeaving: z.string().nullable(), ...verificationOut, version: z.number(),
}).openapi('EmploymentHistoryEntry');
const Uncovered = z.object({ fromOn: z.string(), toOn: z.string(), days: z.number(), position: z.enum(['start', 'middle', 'end', 'whole']) });
export const CoverageOut = z.object({
  windowFrom: z.string(), windowTo: z.string(), rules: z.object({ years: z.number(), toleranceDays: z.number() }),
  gaps: z.array(Uncovered).openapi({ description: 'Uncovered periods longer than the tolerance, oldest first' }),
  shortBreaks: z.array(Uncovered).openapi({ description: 'Uncovered periods within the tolerance: they do not count' }),
  reachesBack: z.boolean(), gapDays: z.number(),
}).openapi('EmploymentHistoryCoverage');
export const QualificationOut = z.object({
  id: z.string(), title: z.string(), awardingBody: z.string(), awardedOn: z.string(), neededForPost: z.boolean(), ...verificationOut, version: z.number(),
}).openapi('Qualification');
export const InterviewOut = z.object({
  id: z.string(), scheduledAt: z.string(), mode: z.enum(INTERVIEW_MODES), location: z.string().nullable(), interviewerName: z.string(),
  status: z.enum(['scheduled', 'held', 'cancelled', 'did_not_attend']), heldOn: z.string().nullable(), summary: z.string().nullable(), copyGivenOn: z.string().nullable(), outcomeNote: z.string().nullable(),
  record: z.object({ fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), uploadedAt: z.string(), uploadedByLabel: z.string() }).nullable(),
  version: z.number(),
}).openapi('VettingInterview');

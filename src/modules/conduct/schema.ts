import { z } from '../../platform/openapi/registry.js';
import { isoDate, optionalIsoDate } from '../workforce/schema.js';
import { CASE_KINDS, CASE_TO_ANSWER_FINDINGS, FINDINGS, FLAGS, FORUMS, HANDLING_ROUTES, OUTCOMES, PARTY_ROLES, RECORDING_DECISIONS, REFERRAL_CRITERIA, SEVERITIES } from './rules.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
const text = (label: string, max: number, missing = `Enter the ${label}`) => z.preprocess(blank, z.string({ error: missing }).trim().min(1, missing).max(max, `The ${label} must be ${max} characters or fewer`));
const optionalText = (label: string, max: number) => z.preprocess(blank, z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).optional());
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Give a valid reference');
const optionalUuid = z.preprocess(blank, uuid.optional());
/** Forms send "yes"/"no" (or a ticked box's "true"); the API sends booleans. */
const yesNo = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean()).default(false);
const version = z.coerce.number({ error: 'The version is missing: reload the page' }).int().positive();
/** A form sends one ticked box as a string and several as an array. */
const listOf = <T extends z.ZodType>(item: T, max: number) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max));

export const NewCaseSchema = z
  .object({
    kind: z.enum(CASE_KINDS, { error: 'Choose the kind of case' }),
    summary: text('summary of the case', 5000),
    receivedOn: isoDate,
  })
  .openapi('NewConductCase');

export const SubjectSchema = z
  .object({
    personId: optionalUuid.describe('A person in the workforce directory'),
    unidentifiedDescription: optionalText('description of the unidentified subject', 500).describe('For a subject not yet identified'),
  })
  .superRefine((s, ctx) => {
    if (!!s.personId === !!s.unidentifiedDescription) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'Choose a person from the workforce directory, or describe the unidentified subject (not both)' });
  })
  .openapi('ConductSubject');

export const AllegationSchema = z
  .object({
    category: text('allegation category', 10),
    description: text('description of the allegation', 5000),
    occurredOn: optionalIsoDate,
    subjects: z.array(SubjectSchema).min(1, 'Give at least one subject: a person, or an unidentified subject').max(20),
    version,
  })
  .openapi('ConductAllegation');

export const AddSubjectSchema = SubjectSchema.and(z.object({ version })).openapi('ConductAddSubject');

export const FlagSchema = z
  .object({ flag: z.enum(FLAGS, { error: 'Choose a flag' }), allegationId: optionalUuid.describe('Flag one allegation; leave out to flag the case'), version })
  .openapi('ConductFlag');

export const PartySchema = z
  .object({
    role: z.enum(PARTY_ROLES, { error: 'Choose whether they are a complainant, a victim or both' }),
    colleague: yesNo.describe('A member of the force (a colleague), not a member of the public'),
    personId: optionalUuid.describe('The colleague in the workforce directory, when known'),
    forenames: text('forenames', 100),
    surname: text('surname', 100),
    email: z.preprocess(blank, z.email('Enter an email address in the correct format, like name@example.com').max(200).optional()),
    phone: z.preprocess(blank, z.string().trim().regex(/^[0-9 +()-]{6,25}$/, 'Enter a telephone number, like 01632 960 001').optional()),
    address: optionalText('address', 300),
    postcode: optionalText('postcode', 10),
    vulnerable: yesNo,
    version,
  })
  .superRefine((p, ctx) => {
    if (p.personId && !p.colleague) ctx.addIssue({ code: 'custom', path: ['colleague'], message: 'A person from the workforce directory is a colleague' });
  })
  .openapi('ConductParty');

export const VictimSupportSchema = z
  .object({
    supportPlan: text('support plan', 5000),
    supportOfficer: text('name of the support officer', 120),
    entitlementsOffered: listOf(z.string().max(200), 40),
    reviewedOn: isoDate,
    version,
  })
  .openapi('ConductVictimSupport');

export const PARTY_PURPOSES = ['contact_complainant', 'take_account', 'victim_support', 'assessment', 'investigation'] as const;
export const PartyPurposeSchema = z.object({ purpose: z.enum(PARTY_PURPOSES, { error: 'Choose why you need to see these details' }) });

const rationale = text('rationale', 10_000);

export const RecordingSchema = z.object({ decision: z.enum(RECORDING_DECISIONS, { error: 'Choose whether to record the case' }), rationale, version }).openapi('ConductRecordingDecision');
export const HandlingRouteSchema = z.object({ route: z.enum(HANDLING_ROUTES, { error: 'Choose how the case is handled' }), rationale, version }).openapi('ConductHandlingDecision');
export const ReferralSchema = z
  .object({
    criteria: listOf(z.enum(REFERRAL_CRITERIA), REFERRAL_CRITERIA.length).describe('The mandatory referral criteria met; empty when none is'),
    referred: yesNo,
    referredOn: optionalIsoDate,
    iopcReference: optionalText('IOPC reference', 40),
    rationale,
    version,
  })
  .openapi('ConductReferralDecision');
export const SeveritySchema = z
  .object({
    personId: uuid,
    severity: z.enum(SEVERITIES, { error: 'Choose the severity' }),
    reflectivePractice: yesNo.describe('Practice requiring improvement, dealt with by the reflective practice review process'),
    rationale,
    version,
  })
  .superRefine((s, ctx) => {
    if (s.reflectivePractice && s.severity !== 'no_misconduct') ctx.addIssue({ code: 'custom', path: ['reflectivePractice'], message: 'Reflective practice is for practice requiring improvement, not misconduct or gross misconduct' });
  })
  .openapi('ConductSeverityAssessment');
export const CaseToAnswerSchema = z.object({ personId: uuid, finding: z.enum(CASE_TO_ANSWER_FINDINGS, { error: 'Choose the decision' }), rationale, version }).openapi('ConductCaseToAnswer');
export const FinalisationSchema = z.object({ rationale, version }).openapi('ConductFinalisation');

export const OutcomeSchema = z
  .object({
    personId: uuid,
    forum: z.enum(FORUMS, { error: 'Choose the forum' }),
    finding: z.preprocess(blank, z.enum(FINDINGS).optional()),
    outcome: z.enum(OUTCOMES, { error: 'Choose the outcome' }),
    decidedOn: isoDate,
    decidedByName: text('name of who decided (the chair or person conducting)', 120),
    liveFinalWarningOrMultipleIncidents: yesNo,
    departureReasons: optionalText('reasons for departing from the presumption of dismissal', 5000),
    version,
  })
  .openapi('ConductOutcome');

export const PublicComplaintSchema = z
  .object({
    forenames: text('first name', 100),
    surname: text('last name', 100),
    email: z.preprocess(blank, z.email('Enter an email address in the correct format, like name@example.com').max(200).optional()),
    phone: z.preprocess(blank, z.string().trim().regex(/^[0-9 +()-]{6,25}$/, 'Enter a telephone number, like 01632 960 001').optional()),
    address: optionalText('address', 300),
    postcode: optionalText('postcode', 10),
    affected: z.enum(['self', 'on_behalf'], { error: 'Choose whether this happened to you or to someone else' }),
    whatHappened: text('account of what happened', 5000, 'Tell us what happened'),
    occurredOn: optionalIsoDate,
    location: optionalText('place', 200),
    officersInvolved: optionalText('officers or staff involved', 1000),
  })
  .superRefine((c, ctx) => {
    if (!c.email && !c.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: NO_CONTACT });
  });

const NO_CONTACT = 'Enter an email address or a telephone number so we can contact you';

/** The public form's problems, all at once: the contact check is made even when other fields are wrong (zod would skip it). */
export function parsePublicComplaint(body: unknown): { data: z.infer<typeof PublicComplaintSchema> } | { errors: { field: string; message: string }[] } {
  const parsed = PublicComplaintSchema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  const errors = parsed.error.issues.map((i) => ({ field: i.path.length ? i.path.map(String).join('.') : 'body', message: i.message }));
  const given = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const b = (body ?? {}) as Record<string, unknown>;
  if (!given(b.email) && !given(b.phone) && !errors.some((e) => e.field === 'email')) errors.splice(2, 0, { field: 'email', message: NO_CONTACT });
  return { errors };
}

export const CaseListQuerySchema = z.object({
  status: z.preprocess(blank, z.enum(['to_be_recorded', 'recorded', 'logged_outside_schedule_3', 'assessed', 'finalised']).optional()),
  kind: z.preprocess(blank, z.enum(CASE_KINDS).optional()),
  flag: z.preprocess(blank, z.enum(FLAGS).optional()),
  category: z.preprocess(blank, z.string().max(10).optional()),
  reference: z.preprocess(blank, z.string().max(40).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

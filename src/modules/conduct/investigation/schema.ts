import { z } from '../../../platform/openapi/registry.js';
import { isoDate } from '../../workforce/schema.js';
import { NOTICE_KINDS, SERVICE_METHODS } from './rules.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
const text = (label: string, max: number, missing = `Enter the ${label}`) => z.preprocess(blank, z.string({ error: missing }).trim().min(1, missing).max(max, `The ${label} must be ${max} characters or fewer`));
const optionalText = (label: string, max: number) => z.preprocess(blank, z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).optional());
const version = z.coerce.number({ error: 'The version is missing: reload the page' }).int().min(0);
const yesNo = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean()).default(false);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Choose a subject of this case');

export const PlanSchema = z
  .object({
    termsOfReference: text('terms of reference', 10_000),
    version: version.describe('The plan version you saw: 0 to open the plan'),
  })
  .openapi('ConductInvestigationPlan');

export const EndorsementSchema = z.object({ version: version.min(1) }).openapi('ConductPlanEndorsement');

export const LineSchema = z
  .object({ title: text('line of inquiry', 200), description: optionalText('description', 5000) })
  .openapi('ConductLineOfInquiry');

export const ProgressSchema = z.object({ note: text('progress made', 5000), version: version.min(1) }).openapi('ConductLineProgress');

export const ConclusionSchema = z
  .object({
    status: z.enum(['done', 'closed'], { error: 'Choose whether the line was done or closed without doing it' }),
    conclusion: text('result, or the reason for closing it', 5000),
    version: version.min(1),
  })
  .openapi('ConductLineConclusion');

export const ReviewSchema = z
  .object({
    kind: z.enum(['supervisory', 'inspector', 'criminal'], { error: 'Choose the kind of review' }),
    summary: text('review summary', 5000),
  })
  .openapi('ConductInvestigationReview');

export const NoticeSchema = z
  .object({
    personId: uuid,
    kind: z.enum(NOTICE_KINDS, { error: 'Choose the notice served' }),
    servedOn: isoDate,
    method: z.enum(SERVICE_METHODS, { error: 'Choose how the notice was served' }),
  })
  .openapi('ConductInvestigationNotice');

export const NoticeResponseSchema = z
  .object({ receivedOn: isoDate, summary: text('summary of the response', 5000), version: version.min(1) })
  .openapi('ConductNoticeResponse');

export const CriminalLinkSchema = z
  .object({
    markedCriminal: yesNo.describe('A criminal investigation is under way (besides any criminal allegation flag)'),
    criminalReference: optionalText('criminal investigation reference', 60),
    seniorOfficerPayrollNumber: optionalText('payroll number of the senior officer', 40).describe('The senior officer named to review the allegation monthly'),
    version: version.describe('The version you saw: 0 for a first link'),
  })
  .openapi('ConductCriminalLink');

export const OpenReasonSchema = z
  .object({ reason: text('reason the case remains open', 5000), version: version.describe('The version you saw: 0 for a first reason') })
  .openapi('ConductOpenCaseReason');

export const WorkListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

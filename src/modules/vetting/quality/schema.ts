import { z } from '../../../platform/openapi/registry.js';
import { DISAGREEMENT_ACTIONS, FINDINGS, LearningThemesSchema, MONTH } from './sampling.js';

const optionalText = (max: number, label: string) =>
  z.preprocess((v) => (typeof v === 'string' && !v.trim() ? undefined : v), z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).optional());
const requiredText = (max: number, label: string) =>
  z.string({ error: `Enter the ${label}` }).trim().min(1, `Enter the ${label}`).max(max, `The ${label} must be ${max} characters or fewer`);
/** A form sends one checkbox as a string and several as an array; the API sends an array. */
const stringList = z.preprocess((v) => (v === undefined || v === '' ? [] : ([] as unknown[]).concat(v)), z.array(z.string().max(100)).max(30));
const version = z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().positive();

export const FindingSchema = z
  .object({
    finding: z.enum(FINDINGS, { error: 'Choose a finding: agree, agree with learning or disagree' }),
    learningThemes: stringList.default([]),
    feedback: optionalText(5000, 'feedback'),
    action: z.preprocess((v) => (v === '' || v === 'none' ? undefined : v), z.enum(DISAGREEMENT_ACTIONS, { error: 'Choose a valid action' }).optional()),
    version,
  })
  .openapi('VettingQaFinding');
export type FindingBody = z.infer<typeof FindingSchema>;

export const AddToSampleSchema = z.object({ reason: requiredText(1000, 'reason for adding this decision to the sample') }).openapi('VettingQaAddToSample');

export const AcknowledgeSchema = z.object({ version }).openapi('VettingQaAcknowledgement');

export const ReferralResponseSchema = z.object({ response: requiredText(5000, 'response to the referral'), version }).openapi('VettingQaReferralResponse');

export const QaSettingsSchema = z
  .object({
    sampleShare: z.number({ error: 'Give the share to sample as a number from 0 to 1' }).min(0, 'The share cannot be below 0').max(1, 'The share cannot be above 1'),
    sampleAllRefusals: z.boolean({ error: 'Say whether every refusal is sampled' }),
    learningThemes: LearningThemesSchema,
    versions: z.object({ sampleShare: z.number().int().min(0), sampleAllRefusals: z.number().int().min(0), learningThemes: z.number().int().min(0) }),
  })
  .openapi('VettingQaSettings');
export type QaSettingsBody = z.infer<typeof QaSettingsSchema>;

export const ReportQuerySchema = z
  .object({
    from: z.string().regex(MONTH, 'Give the first month as YYYY-MM, for example 2026-01').optional(),
    to: z.string().regex(MONTH, 'Give the last month as YYYY-MM, for example 2026-12').optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'The first month must be before or the same as the last month' });
  });

export const WorkListQuerySchema = z.object({
  status: z.enum(['awaiting', 'completed', 'referred']).default('awaiting'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

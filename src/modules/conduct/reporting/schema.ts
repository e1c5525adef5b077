import { z } from '../../../platform/openapi/registry.js';
import { isoDate, optionalIsoDate } from '../../workforce/schema.js';
import { CASE_KINDS, CASE_STATUSES, FLAGS, HANDLING_ROUTES, OUTCOMES } from '../rules.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values).optional());
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Give a valid reference');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter a month as YYYY-MM, for example 2026-04');
const version = z.coerce.number({ error: 'The version is missing: reload the page' }).int().positive();
const text = (label: string, max: number, missing = `Enter the ${label}`) => z.preprocess(blank, z.string({ error: missing }).trim().min(1, missing).max(max, `The ${label} must be ${max} characters or fewer`));

/** Work lists are preset filters over the same case list. */
export const QUEUES = ['to_record', 'to_assess', 'awaiting_outcome', 'open_over_12_months'] as const;
export type Queue = (typeof QUEUES)[number];

export const CaseFinderQuerySchema = z.object({
  queue: optionalEnum(QUEUES).describe('A work list: to record, to assess, investigated awaiting an outcome, open 12 months or more since receipt'),
  kind: optionalEnum(CASE_KINDS),
  status: optionalEnum(CASE_STATUSES),
  category: z.preprocess(blank, z.string().max(10).optional()).describe('Allegation category code'),
  flag: optionalEnum(FLAGS).describe('On the case or any of its allegations'),
  outcome: optionalEnum(OUTCOMES).describe('An outcome recorded for any subject'),
  handlingRoute: optionalEnum(HANDLING_ROUTES),
  receivedFrom: optionalIsoDate,
  receivedTo: optionalIsoDate,
  subjectPersonId: z.preprocess(blank, uuid.optional()).describe('Cases in which this person is a subject'),
  reference: z.preprocess(blank, z.string().max(40).optional()),
  sort: optionalEnum(['newest', 'oldest'] as const),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
}).superRefine((q, ctx) => {
  if (q.receivedFrom && q.receivedTo && q.receivedFrom > q.receivedTo) ctx.addIssue({ code: 'custom', path: ['receivedTo'], message: 'The end of the period must be on or after its start' });
});
export type CaseFinderQuery = z.infer<typeof CaseFinderQuerySchema>;

export const TimelinessQuerySchema = z.object({
  from: z.preprocess(blank, month.optional()).describe('First month (YYYY-MM); default 11 months before `to`'),
  to: z.preprocess(blank, month.optional()).describe('Last month (YYYY-MM); default this month'),
  kind: optionalEnum(CASE_KINDS),
}).superRefine((q, ctx) => {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last month must be on or after the first' });
});
export type TimelinessQuery = z.infer<typeof TimelinessQuerySchema>;

export const VolumesQuerySchema = z.object({
  from: z.preprocess(blank, isoDate.optional()).describe('Received (or, for outcomes, decided) on or after; default a year before `to`'),
  to: z.preprocess(blank, isoDate.optional()).describe('Up to and including; default today'),
  kind: optionalEnum(CASE_KINDS),
}).superRefine((q, ctx) => {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end of the period must be on or after its start' });
});
export type VolumesQuery = z.infer<typeof VolumesQuerySchema>;

export const NewPibReviewSchema = z.object({
  title: text('title of the review', 200),
  periodFrom: isoDate.describe('Cases received on or after'),
  periodTo: isoDate.describe('Cases received on or before'),
  reviewerName: text('name of the reviewer', 120),
}).superRefine((r, ctx) => {
  if (r.periodFrom > r.periodTo) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'The end of the period must be on or after its start' });
}).openapi('ConductPibReviewNew');

export const VICTIM_SUPPORT_FINDINGS = ['yes', 'partly', 'no', 'no_victim'] as const;
export const ASSESSMENT_FINDINGS = ['yes', 'partly', 'no'] as const;
export const INVESTIGATION_FINDINGS = ['yes', 'partly', 'no', 'not_investigated'] as const;

export const PibFindingSchema = z.object({
  victimsSupported: z.enum(VICTIM_SUPPORT_FINDINGS, { error: 'Choose whether victims were supported' }),
  assessmentRight: z.enum(ASSESSMENT_FINDINGS, { error: 'Choose whether the assessment was right' }),
  investigationComprehensive: z.enum(INVESTIGATION_FINDINGS, { error: 'Choose whether the investigation was comprehensive' }),
  notes: z.preprocess(blank, z.string().trim().max(5000, 'The notes must be 5000 characters or fewer').optional()),
  version,
}).superRefine((f, ctx) => {
  const shortfall = [f.victimsSupported, f.assessmentRight, f.investigationComprehensive].some((a) => a === 'no' || a === 'partly');
  if (shortfall && !f.notes) ctx.addIssue({ code: 'custom', path: ['notes'], message: 'Explain in the notes what fell short (an answer is “no” or “partly”)' });
}).openapi('ConductPibFinding');

export const PibCompletionSchema = z.object({ summary: text('summary of findings', 10_000), version }).openapi('ConductPibReviewCompletion');

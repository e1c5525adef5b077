import { z } from '../../../platform/openapi/registry.js';
import { optionalIsoDate } from '../../workforce/schema.js';
import { APPLICATION_KINDS } from '../rules.js';
import { ASKED_KEYS, CHARACTERISTIC_KEYS, type CharacteristicKey } from './characteristics.js';
import { REPORT_OUTCOMES } from './report.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);

const filterShape = {
  outcome: z.preprocess(blank, z.enum(REPORT_OUTCOMES, { error: 'Choose refusal, clearance with conditions or appeal upheld' }).default('refusal')),
  from: optionalIsoDate.openapi({ description: 'Decided on or after this date (YYYY-MM-DD); no lower bound when absent', example: '2025-04-01' }),
  to: optionalIsoDate.openapi({ description: 'Decided on or before this date (YYYY-MM-DD); no upper bound when absent', example: '2026-03-31' }),
  kind: z.preprocess(blank, z.enum(APPLICATION_KINDS, { error: 'Choose a kind of application' }).optional()),
};

const periodInOrder = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end of the period must be the same as or after its start' });
};

/** The overview's filters: outcome, period and kind of application. */
export const OverviewQuerySchema = z.object(filterShape).superRefine(periodInOrder);

/** The report's filters: a characteristic and, optionally, the reference group to compare against. */
export const ReportQuerySchema = z
  .object({
    characteristic: z.preprocess(blank, z.enum(CHARACTERISTIC_KEYS as [CharacteristicKey, ...CharacteristicKey[]], { error: 'Choose a protected characteristic' }).default('ethnicity')),
    reference: z.preprocess(blank, z.string().trim().max(80, 'Choose a reference group from the list').optional())
      .openapi({ description: 'The group to compare against; by default the configured one (White for ethnicity) or the largest' }),
    ...filterShape,
  })
  .superRefine(periodInOrder);

const count = z.union([z.number().int(), z.string()]).openapi({ description: 'A count, or "<N" when suppressed (fewer than N)' });

export const DisplayGroupSchema = z.object({
  group: z.string(), isReference: z.boolean(), suppressed: z.boolean(), decided: count, events: count,
  rate: z.number().nullable(), ratio: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), pValue: z.number().nullable(),
  intervalCorrected: z.boolean(), flagged: z.enum(['higher', 'lower']).nullable(),
}).openapi('DisproportionalityGroup');

export const DisplayReportSchema = z.object({
  characteristic: z.string(), characteristicLabel: z.string(), outcome: z.enum(REPORT_OUTCOMES), outcomeLabel: z.string(), stage: z.enum(['decision', 'appeal']),
  from: z.string().nullable(), to: z.string().nullable(), kind: z.string().nullable(), confidence: z.number(),
  reference: z.string().nullable(), referenceSource: z.enum(['chosen', 'configured', 'largest']).nullable(), referenceSuppressed: z.boolean(),
  suppressBelow: z.number().int(), decided: count, stageRecorded: z.boolean(), groups: z.array(DisplayGroupSchema),
}).openapi('DisproportionalityReport');

export const MonitoringStatusSchema = z.object({
  answered: z.object(Object.fromEntries(ASKED_KEYS.map((k) => [k, z.boolean()])) as Record<(typeof ASKED_KEYS)[number], z.ZodBoolean>),
  ageBandKnown: z.boolean(), copiedFromWorkforce: z.boolean(), formRecordedAt: z.string().nullable(), version: z.number().int(),
}).openapi('VettingEqualityMonitoringStatus');

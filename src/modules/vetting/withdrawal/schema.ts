import { z } from '../../../platform/openapi/registry.js';
import { isoDate } from '../../workforce/schema.js';
import { ConditionSchema } from '../schema.js';
import { optionalText, text, uuid, version } from '../appeals/schema.js';
import type { NdmRationale } from '../rules.js';
import { CONCERN_SOURCES, LINKED_PROCESSES, NOTICE_METHODS, WITHDRAWAL_DECISIONS, ndmErrors } from './rules.js';

/** The National Decision Model rationale; completeness is checked by the rules, field by field. */
export const NdmSchema = z.object({
  information: optionalText('information and intelligence', 5000),
  threatAndRisk: optionalText('threat and risk assessment', 5000),
  riskFactors: z.array(z.string().max(200)).max(30).default([]),
  powersAndPolicy: optionalText('powers and policy', 5000),
  options: optionalText('options and contingencies', 5000),
  decisionAndReview: optionalText('decision and review', 5000),
});

const link = {
  linkedProcess: z.enum(LINKED_PROCESSES, { error: 'Choose the linked process' }).default('none'),
  linkedReference: optionalText('reference of the linked process', 100),
  linkedNote: optionalText('note on the linked process', 2000),
};
const linkNeedsReference = (l: { linkedProcess?: unknown; linkedReference?: unknown } | null, ctx: z.RefinementCtx) => {
  if (l && typeof l.linkedProcess === 'string' && l.linkedProcess !== 'none' && !l.linkedReference) ctx.addIssue({ code: 'custom', path: ['linkedReference'], message: `Give the reference of the ${l.linkedProcess} case or process` });
};
/** Cross-field checks also run when other fields fail, so a form shows every problem at once; so they take any input. */
const always = { when: () => true };
const rationaleComplete = (field: 'assessment' | 'rationale') => (v: Record<string, unknown> | null, ctx: z.RefinementCtx) => {
  if (!v || typeof v !== 'object') return;
  for (const e of ndmErrors(v[field] as Partial<NdmRationale> | undefined, field)) ctx.addIssue({ code: 'custom', path: e.field.split('.'), message: e.message });
};

export const OpenWithdrawalSchema = z
  .object({
    personId: uuid,
    concern: text('concern', 5000),
    concernSource: z.enum(CONCERN_SOURCES, { error: 'Choose where the concern came from' }),
    assessment: NdmSchema.default({ riskFactors: [] }),
    ...link,
  })
  .superRefine(linkNeedsReference, always)
  .superRefine(rationaleComplete('assessment'), always)
  .openapi('VettingWithdrawalOpened');
export type OpenWithdrawal = z.infer<typeof OpenWithdrawalSchema>;

export const NoticeSchema = z
  .object({ version, servedOn: isoDate, method: z.enum(NOTICE_METHODS, { error: 'Choose how the notice was served' }), note: optionalText('note', 2000) })
  .openapi('VettingWithdrawalNotice');

export const RepresentationsSchema = z
  .object({ version, receivedOn: isoDate, summary: text('summary of the representations', 10_000) })
  .openapi('VettingWithdrawalRepresentations');

export const InterviewSchema = z
  .object({ version, heldOn: isoDate, attendees: optionalText('people present', 1000), record: text('record of the interview', 20_000) })
  .openapi('VettingWithdrawalInterview');

export const LinkSchema = z.object({ version, ...link }).superRefine(linkNeedsReference, always).openapi('VettingWithdrawalLink');

export const WithdrawalDecisionSchema = z
  .object({
    version,
    decision: z.enum(WITHDRAWAL_DECISIONS, { error: 'Choose the decision' }),
    rationale: NdmSchema.default({ riskFactors: [] }),
    conditions: z.array(ConditionSchema).max(20).default([]),
  })
  .superRefine(rationaleComplete('rationale'), always)
  .openapi('VettingWithdrawalDecision');
export type WithdrawalDecisionBody = z.infer<typeof WithdrawalDecisionSchema>;

export const PersonLeftSchema = z
  .object({ version, leftOn: isoDate, reason: z.enum(['resigned', 'retired', 'other'], { error: 'Choose how the person left' }), note: optionalText('note', 2000) })
  .openapi('VettingWithdrawalPersonLeft');

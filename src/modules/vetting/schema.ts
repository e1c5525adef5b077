import { z } from '../../platform/openapi/registry.js';
import { FORCE_VETTING_LEVELS } from '../../platform/reference.js';
import { optionalIsoDate, isoDate } from '../workforce/schema.js';
import { ADVERSE_CATEGORIES, APPLICATION_KINDS, CHECK_TYPES, DISPOSALS, OUTCOMES, RESPONSIBLE_UNITS } from './rules.js';

const text = (label: string, max: number) => z.string({ error: `Enter the ${label}` }).trim().min(1, `Enter the ${label}`).max(max, `The ${label} must be ${max} characters or fewer`);
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && !v.trim() ? undefined : v), z.string().trim().max(max).optional());
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Give a valid reference');

export const NewApplicationSchema = z
  .object({
    kind: z.enum(APPLICATION_KINDS, { error: 'Choose the kind of application' }),
    personId: uuid.optional(),
    forenames: optionalText(100),
    surname: optionalText(100),
    dateOfBirth: optionalIsoDate,
    postId: uuid.optional(),
    level: z.enum(FORCE_VETTING_LEVELS, { error: 'Choose the vetting level applied for' }),
    receivedOn: isoDate,
    reviewReason: optionalText(500),
  })
  .superRefine((a, ctx) => {
    if (!a.personId && (!a.forenames || !a.surname)) ctx.addIssue({ code: 'custom', path: ['surname'], message: 'Give the applicant’s forenames and surname, or choose a person from the workforce directory' });
    if (a.kind === 'review' && !a.reviewReason) ctx.addIssue({ code: 'custom', path: ['reviewReason'], message: 'Give the reason for the review' });
  })
  .openapi('NewVettingApplication');

export const TraceSchema = z.object({
  category: z.enum(ADVERSE_CATEGORIES, { error: 'Choose the kind of adverse information' }),
  disposal: z.enum(DISPOSALS).optional(),
  description: text('description of the adverse information', 2000),
  occurredOn: optionalIsoDate,
});

export const CheckSchema = z
  .object({
    checkType: z.enum(CHECK_TYPES, { error: 'Choose the check' }),
    result: z.enum(['clear', 'adverse', 'not_applicable'], { error: 'Choose the result' }),
    checkedOn: isoDate,
    notes: optionalText(2000),
    traces: z.array(TraceSchema).max(50).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.result === 'adverse' && !c.traces.length) ctx.addIssue({ code: 'custom', path: ['traces'], message: 'An adverse result needs the adverse information it found' });
    if (c.result !== 'adverse' && c.traces.length) ctx.addIssue({ code: 'custom', path: ['traces'], message: 'Only an adverse result records adverse information' });
    c.traces.forEach((t, i) => {
      if (t.category === 'criminal_conviction_or_caution' && !t.disposal) ctx.addIssue({ code: 'custom', path: ['traces', i, 'disposal'], message: 'Say how the caution or conviction was disposed of' });
    });
  })
  .openapi('VettingCheck');

export const AssociateSchema = z
  .object({
    relationship: z.enum(['spouse_or_partner', 'former_partner', 'parent', 'step_parent', 'sibling', 'child', 'in_law', 'co_resident', 'associate', 'other'], { error: 'Choose the relationship' }),
    forenames: text('forenames', 100),
    surname: text('surname', 100),
    dateOfBirth: optionalIsoDate,
    address: optionalText(300),
    postcode: optionalText(10),
  })
  .openapi('DeclaredAssociate');

export const DecisionSchema = z
  .object({
    outcome: z.enum(OUTCOMES, { error: 'Choose the decision' }),
    version: z.coerce.number().int().positive(),
    rationale: z
      .object({
        information: optionalText(5000), threatAndRisk: optionalText(5000), riskFactors: z.array(z.string().max(200)).max(30).default([]),
        powersAndPolicy: optionalText(5000), options: optionalText(5000), decisionAndReview: optionalText(5000),
      })
      .optional(),
    rebuttal: optionalText(5000),
    conditions: z.array(z.object({ description: z.string().max(1000), responsibleUnit: z.enum(RESPONSIBLE_UNITS, { error: 'Choose the unit responsible' }), ownerName: z.string().max(120), reviewOn: z.string().max(10) })).max(20).default([]),
  })
  .openapi('VettingDecision');
export type DecisionBody = z.infer<typeof DecisionSchema>;

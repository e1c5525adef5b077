import { z } from '../../platform/openapi/registry.js';
import { FORCE_VETTING_LEVELS, PERSON_TYPES } from '../../platform/reference.js';
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
    /** The kind of role applied for; taken from the directory for people in it. Unknown counts as in the evidential chain. */
    roleType: z.preprocess((v) => (v === '' ? undefined : v), z.enum(PERSON_TYPES, { error: 'Choose the kind of role applied for' }).optional()),
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

const told = (who: string) => optionalIsoDate.describe(`The date ${who} was told of the condition`);

export const ConditionSchema = z
  .object({
    description: z.string().max(1000),
    responsibleUnit: z.enum(RESPONSIBLE_UNITS, { error: 'Choose the unit responsible' }),
    ownerName: z.string().max(120),
    /** The owner's Probity username, so the condition's reviews appear in their work list. */
    ownerUsername: optionalText(100),
    reviewOn: z.string().max(10),
    subjectToldOn: told('the subject'),
    managerToldOn: told('their manager'),
    hrToldOn: told('HR'),
  })
  .openapi('VettingCondition');
export type ConditionInput = z.infer<typeof ConditionSchema>;

export const AddConditionSchema = ConditionSchema.openapi('NewVettingCondition');

export const ConditionNoticeSchema = z
  .object({ subjectToldOn: told('the subject'), managerToldOn: told('their manager'), hrToldOn: told('HR') })
  .refine((n) => n.subjectToldOn || n.managerToldOn || n.hrToldOn, { path: ['subjectToldOn'], message: 'Give at least one date on which someone was told' })
  .openapi('VettingConditionNotice');

export const CONDITION_FINDINGS = ['complied', 'not_complied', 'no_longer_needed'] as const;
export const ConditionReviewSchema = z
  .object({
    finding: z.enum(CONDITION_FINDINGS, { error: 'Choose the finding of the review' }),
    note: text('note of the review', 5000),
    nextReviewOn: optionalIsoDate,
  })
  .superRefine((r, ctx) => {
    if (r.finding !== 'no_longer_needed' && !r.nextReviewOn) ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: 'Give the date of the next review, or record that the condition is no longer needed' });
  })
  .openapi('VettingConditionReview');

export const RatificationSchema = z
  .object({
    verdict: z.enum(['ratify', 'return'], { error: 'Choose whether you ratify the decision or send it back' }),
    note: text('reasons', 5000),
  })
  .openapi('VettingRatification');

export const AssignmentSchema = z.object({ assignee: z.enum(['me', 'nobody'], { error: 'Choose who the application is assigned to' }), version: z.coerce.number().int().positive() }).openapi('VettingAssignment');

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
    conditions: z.array(ConditionSchema).max(20).default([]),
  })
  .openapi('VettingDecision');
export type DecisionBody = z.infer<typeof DecisionSchema>;

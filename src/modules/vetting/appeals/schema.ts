import { z } from '../../../platform/openapi/registry.js';
import { isoDate } from '../../workforce/schema.js';
import { APPEAL_AGAINST, PANEL_OUTCOMES, REMEDIES } from './rules.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
export const text = (label: string, max: number) =>
  z.preprocess(blank, z.string({ error: `Enter the ${label}` }).trim().min(1, `Enter the ${label}`).max(max, `The ${label} must be ${max} characters or fewer`));
export const optionalText = (label: string, max: number) => z.preprocess(blank, z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).optional());
export const version = z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().positive();
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Give a valid reference');
/** A yes/no answer from radios ('yes'/'no') or JSON (true/false); left undefined when not given, so the rules name it. */
export const yesNo = z.preprocess((v) => (v === 'yes' || v === true ? true : v === 'no' || v === false ? false : undefined), z.boolean().optional());

const ALL_REMEDIES = [...new Set(Object.values(REMEDIES).flat())] as [string, ...string[]];

export const LodgeAppealSchema = z
  .object({
    against: z.enum(APPEAL_AGAINST, { error: 'Choose the decision being appealed' }),
    lodgedOn: isoDate,
    grounds: text('grounds of appeal', 10_000),
    lateReason: optionalText('reason for lodging late', 5000),
  })
  .openapi('VettingAppealLodged');
export type LodgeAppeal = z.infer<typeof LodgeAppealSchema>;

export const CriteriaCheckSchema = z
  .object({
    version,
    criteria: z.array(z.object({ code: z.string().max(60), met: yesNo, notes: optionalText('notes', 5000) })).max(30),
    lateAccepted: yesNo,
    lateNote: optionalText('note on lateness', 5000),
  })
  .openapi('VettingAppealCriteriaCheck');
export type CriteriaCheck = z.infer<typeof CriteriaCheckSchema>;

export const PanelSchema = z
  .object({
    version,
    panelDate: isoDate,
    members: z.array(z.object({ username: text('username', 100), role: z.enum(['chair', 'member'], { error: 'Choose chair or member' }) })).max(20),
  })
  .openapi('VettingAppealPanel');
export type PanelBody = z.infer<typeof PanelSchema>;

export const AppealOutcomeSchema = z
  .object({
    version,
    outcome: z.enum(PANEL_OUTCOMES, { error: 'Choose whether the appeal is upheld' }),
    rationale: z.string().max(10_000, 'The rationale must be 10,000 characters or fewer').default(''),
    remedy: z.preprocess(blank, z.enum(ALL_REMEDIES, { error: 'Choose what follows from upholding the appeal' }).optional()),
    remedyNote: optionalText('note on what follows', 5000),
  })
  .openapi('VettingAppealOutcome');
export type AppealOutcomeBody = z.infer<typeof AppealOutcomeSchema>;

import { z } from '../../../platform/openapi/registry.js';
import { optionalIsoDate } from '../../workforce/schema.js';

/**
 * What a person must tell the vetting unit (PVR 2025 reg 5: any matter that may reasonably affect suitability;
 * typical reportable changes from the domain reference §5, which marks the list as unverified, hence "other").
 */
export const CIRCUMSTANCE_KINDS = [
  'address_or_co_residents', 'new_partner', 'name_change', 'financial_difficulty', 'arrest_charge_caution_conviction',
  'police_contact_as_suspect', 'business_interest_or_secondary_employment', 'criminal_association', 'other',
] as const;
export type CircumstanceKind = (typeof CIRCUMSTANCE_KINDS)[number];

export const CIRCUMSTANCE_KIND_LABELS: Record<CircumstanceKind, { text: string; hint?: string }> = {
  address_or_co_residents: { text: 'Change of address or of the people you live with' },
  new_partner: { text: 'A new partner', hint: 'Including marriage, a civil partnership or someone you now live with as a couple' },
  name_change: { text: 'Change of name' },
  financial_difficulty: { text: 'Financial difficulty', hint: 'For example, debts you cannot pay, a county court judgment (CCJ), an individual voluntary arrangement (IVA), bankruptcy or a debt relief order' },
  arrest_charge_caution_conviction: { text: 'Arrest, charge, caution or conviction', hint: 'Yours, anywhere in the world, including penalty notices and fixed penalty notices' },
  police_contact_as_suspect: { text: 'Contact with the police as a suspect', hint: 'For example, being interviewed under caution or named as a suspect, even if no further action followed' },
  business_interest_or_secondary_employment: { text: 'A new business interest or secondary employment' },
  criminal_association: { text: 'Association with someone involved in crime', hint: 'Someone you know, live with or are in contact with who is involved in crime, or is under investigation or has been convicted' },
  other: { text: 'Something else that may affect your vetting' },
};

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const DECLARATION_OUTCOMES = ['no_further_action', 'review_opened', 'referred_psd', 'referred_ccu'] as const;
export type DeclarationOutcome = (typeof DECLARATION_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<DeclarationOutcome, string> = {
  no_further_action: 'No further action', review_opened: 'Vetting review opened',
  referred_psd: 'Referred to the professional standards department (PSD)', referred_ccu: 'Referred to the counter-corruption unit (CCU)',
};
export const DECLARATION_STATUSES = ['received', 'assessed', 'closed'] as const;
/** What the declarant sees: never the risk assessment or the outcome (a review about them stays hidden from them). */
export const DECLARANT_STATUS_LABELS: Record<string, string> = { received: 'Received by the vetting unit', assessed: 'Being considered', closed: 'Considered' };
export const UNIT_STATUS_LABELS: Record<string, string> = { received: 'Awaiting risk assessment', assessed: 'Awaiting outcome', closed: 'Closed' };

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
const text = (message: string, min: number, max: number, tooShort: string) =>
  z.preprocess(blank, z.string({ error: message }).trim().min(min, tooShort).max(max, `Use ${max} characters or fewer`));
const version = z.coerce.number({ error: 'Reload the page and try again' }).int().positive('Reload the page and try again');

export const DeclarationSchema = z.object({
  kind: z.enum(CIRCUMSTANCE_KINDS, { error: 'Choose what has changed' }),
  occurredOn: optionalIsoDate,
  details: text('Tell us what has changed', 10, 5000, 'Tell us what has changed, in at least 10 characters'),
}).superRefine((d, ctx) => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  if (d.occurredOn && d.occurredOn > today) ctx.addIssue({ code: 'custom', path: ['occurredOn'], message: 'The date it happened must be today or in the past' });
}).openapi('CircumstanceDeclaration');

export const AssessmentSchema = z.object({
  riskLevel: z.enum(RISK_LEVELS, { error: 'Choose the level of risk' }),
  rationale: text('Explain the risk assessment', 20, 5000, 'Explain the risk assessment in at least 20 characters'),
  version,
}).openapi('CircumstanceRiskAssessment');

export const OutcomeSchema = z.object({
  outcome: z.enum(DECLARATION_OUTCOMES, { error: 'Choose the outcome' }),
  note: text('Record the reasons for the outcome', 10, 5000, 'Record the reasons for the outcome in at least 10 characters'),
  version,
}).openapi('CircumstanceOutcome');

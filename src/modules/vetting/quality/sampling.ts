import { createHash } from 'node:crypto';
import { z } from '../../../platform/openapi/registry.js';

/**
 * Quality assurance (dip sampling) of vetting decisions: which decisions enter the QA pool, which of those are
 * sampled, and what a finding must contain. The domain reference (shared/domain/vetting.md) says nothing about
 * dip sampling, so the share, whether every refusal is sampled and the learning themes are settings.
 */

export const QA_SETTINGS = {
  sampleShare: 'vetting.qa.sampleShare',
  sampleAllRefusals: 'vetting.qa.sampleAllRefusals',
  learningThemes: 'vetting.qa.learningThemes',
} as const;

/** A quarter of the pool: the brief's default, since the reference is silent. */
export const DEFAULT_SAMPLE_SHARE = 0.25;
/** Refusals are sampled at the same share as the rest of the pool unless the force decides otherwise (reference silent). */
export const DEFAULT_SAMPLE_ALL_REFUSALS = false;
export const DEFAULT_LEARNING_THEMES = [
  'Rationale recorded against the National Decision Model',
  'Risk assessment of the adverse information',
  'Application of the conviction rules',
  'Checks completed for the level',
  'Conditions and risk mitigation',
  'Consistency with similar decisions',
  'Proportionality and fairness',
  'Record keeping',
] as const;

export const SampleShareSchema = z.number().min(0).max(1);
export const SampleAllRefusalsSchema = z.boolean();
export const LearningThemesSchema = z
  .array(z.string().trim().min(1, 'A learning theme cannot be blank').max(100, 'Each learning theme must be 100 characters or fewer'))
  .min(1, 'Give at least one learning theme')
  .max(30, 'Give no more than 30 learning themes')
  .refine((themes) => new Set(themes.map((t) => t.toLowerCase())).size === themes.length, 'Each learning theme must be different');

export interface SamplingSettings {
  sampleShare: number;
  sampleAllRefusals: boolean;
}

export const FINDINGS = ['agree', 'agree_with_learning', 'disagree'] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_LABELS: Record<Finding, string> = { agree: 'Agree', agree_with_learning: 'Agree with learning', disagree: 'Disagree' };

/** What may follow a disagreement; feedback alone needs no action. */
export const DISAGREEMENT_ACTIONS = ['refer_to_manager'] as const;
export type DisagreementAction = (typeof DISAGREEMENT_ACTIONS)[number];

/** Why a decision is in the sample. */
export type Selection = 'share' | 'all_refusals' | 'by_hand';
export const SELECTION_LABELS: Record<Selection, string> = { share: 'Sampled at the configured share', all_refusals: 'Every refusal is sampled', by_hand: 'Added by the force vetting manager' };

/** Refusals, and clearances (with or without conditions) made on adverse information, enter the QA pool. */
export function entersPool(outcome: string, hadAdverseInformation: boolean): boolean {
  if (outcome === 'refusal') return true;
  return (outcome === 'clearance' || outcome === 'clearance_with_conditions') && hadAdverseInformation;
}

/**
 * The decision's sampling draw, a number in [0, 1): the first 48 bits of SHA-256 over its id (lower case, as text).
 * Anyone can repeat it (`printf %s <id> | sha256sum`, first 12 hex digits ÷ 16^12), the decision maker cannot
 * choose it (the database generates the id), and it never changes, so a sample can be verified after the event.
 */
export function samplingDraw(decisionId: string): number {
  const hex = createHash('sha256').update(decisionId.toLowerCase()).digest('hex').slice(0, 12);
  return Number.parseInt(hex, 16) / 2 ** 48;
}

/**
 * Whether a pooled decision is sampled, and why. A draw below the share samples it, so raising the share only
 * ever adds decisions, and over many decisions the realised rate converges on the share.
 */
export function selectionFor(outcome: string, draw: number, settings: SamplingSettings): Exclude<Selection, 'by_hand'> | null {
  if (outcome === 'refusal' && settings.sampleAllRefusals) return 'all_refusals';
  return draw < settings.sampleShare ? 'share' : null;
}

export interface FindingInput {
  finding: Finding;
  learningThemes: readonly string[];
  feedback?: string;
  action?: DisagreementAction;
}

export interface RuleError {
  field: string;
  message: string;
}

/** Everything that stops a finding being saved, each with its field. */
export function findingErrors(input: FindingInput, configuredThemes: readonly string[]): RuleError[] {
  const errors: RuleError[] = [];
  const needsLearning = input.finding !== 'agree';
  const unknown = input.learningThemes.filter((t) => !configuredThemes.includes(t));
  if (unknown.length) errors.push({ field: 'learningThemes', message: `Choose learning themes from the list (not recognised: ${unknown.join(', ')})` });
  else if (needsLearning && !input.learningThemes.length) errors.push({ field: 'learningThemes', message: `Choose at least one learning theme for “${FINDING_LABELS[input.finding].toLowerCase()}”` });
  if (needsLearning && !input.feedback?.trim()) errors.push({ field: 'feedback', message: `Write feedback for the decision maker: it is required for “${FINDING_LABELS[input.finding].toLowerCase()}”` });
  if (input.action && input.finding !== 'disagree') errors.push({ field: 'action', message: 'Only a disagreement can be referred to the force vetting manager' });
  return errors;
}

/** A calendar month as YYYY-MM. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The months from `from` to `to` inclusive, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/** The month `n` months before `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

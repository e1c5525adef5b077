import { z } from '../../platform/openapi/registry.js';
import type { Queryable } from '../../platform/db/types.js';
import type { SettingDefinition, SettingsStore } from '../../platform/settings.js';
import type { Role } from '../../platform/access/roles.js';
import {
  DECISION_KINDS, DEFAULT_ALLEGATION_CATEGORIES, DEFAULT_FLAG_DEFINITIONS, DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER, DEFAULT_VICTIMS_CODE_ENTITLEMENTS, FLAGS,
  type AllegationCategory, type DecisionKind, type Flag, type FlagDefinition, type RankEntry,
} from './rules.js';

/**
 * Who may read complainants' and victims' identities and contact details (always with a purpose, audited).
 * Caseworkers contact complainants, investigators take their accounts, supervisors oversee both and own victim support.
 * The appropriate authority and head of PSD decide on the facts of the allegation: they see that a complainant or
 * victim exists and whether they are a colleague or a member of the public, never who they are, unless a force adds them.
 */
export const DEFAULT_PARTY_DETAIL_ROLES: Role[] = ['psd_caseworker', 'psd_investigator', 'psd_supervisor'];

const flagDefinitionsSchema = z.object(Object.fromEntries(FLAGS.map((f) => [f, z.object({ label: z.string().min(1).max(80), definition: z.string().min(1).max(1000) })])));
const minimumRanksSchema = z.object(Object.fromEntries(DECISION_KINDS.map((k) => [k, z.string().min(1).max(60)])));

export const CONDUCT_SETTINGS = {
  flagDefinitions: { key: 'conduct.flagDefinitions', schema: flagDefinitionsSchema as unknown as z.ZodType<Record<Flag, FlagDefinition>>, fallback: DEFAULT_FLAG_DEFINITIONS },
  allegationCategories: {
    key: 'conduct.allegationCategories',
    schema: z.array(z.object({ code: z.string().min(1).max(10), label: z.string().min(1).max(120), tags: z.array(z.enum(['sexual', 'apsp', 'discrimination', 'criminal'])) })).min(1).max(200),
    fallback: DEFAULT_ALLEGATION_CATEGORIES,
  },
  rankOrder: { key: 'conduct.rankOrder', schema: z.array(z.object({ name: z.string().min(1).max(60), level: z.number().int().min(1).max(20) })).min(1).max(100), fallback: DEFAULT_RANK_ORDER },
  decisionMinimumRanks: { key: 'conduct.decisionMinimumRanks', schema: minimumRanksSchema as unknown as z.ZodType<Record<DecisionKind, string>>, fallback: DEFAULT_MINIMUM_RANKS },
  partyDetailRoles: { key: 'conduct.partyDetailRoles', schema: z.array(z.string()) as z.ZodType<Role[]>, fallback: DEFAULT_PARTY_DETAIL_ROLES },
  victimsCodeEntitlements: { key: 'conduct.victimsCodeEntitlements', schema: z.array(z.string().min(1).max(200)).min(1).max(40), fallback: DEFAULT_VICTIMS_CODE_ENTITLEMENTS },
} as const;

export const CONDUCT_SETTING_DEFINITIONS: SettingDefinition[] = [
  { ...CONDUCT_SETTINGS.flagDefinitions, label: 'Flag definitions', hint: 'For each flag, its label and definition as shown to caseworkers.' } as SettingDefinition,
  { ...CONDUCT_SETTINGS.allegationCategories, label: 'Allegation categories', hint: 'National complaints-data categories: code, label and tags (sexual, apsp, discrimination, criminal) that drive the flag checks.' } as SettingDefinition,
  { ...CONDUCT_SETTINGS.rankOrder, label: 'Rank and grade scale', hint: 'Each rank or staff grade with its level (1 = constable); unlisted ranks may not take decisions.' } as SettingDefinition,
  { ...CONDUCT_SETTINGS.decisionMinimumRanks, label: 'Minimum rank for each decision', hint: 'Recording, handling route, referral, severity, case to answer and finalisation: the lowest rank or grade that may decide.' } as SettingDefinition,
  { ...CONDUCT_SETTINGS.partyDetailRoles, label: 'Who sees complainant and victim details', hint: 'Roles that may read complainants’ and victims’ identities (always with a purpose, audited).' } as SettingDefinition,
  { ...CONDUCT_SETTINGS.victimsCodeEntitlements, label: 'Victims’ Code entitlements', hint: 'The rights offered to a colleague victim and recorded on their support plan.' } as SettingDefinition,
];

export interface ConductRules {
  flagDefinitions: Record<Flag, FlagDefinition>;
  allegationCategories: AllegationCategory[];
  rankOrder: RankEntry[];
  decisionMinimumRanks: Record<DecisionKind, string>;
  partyDetailRoles: Role[];
  victimsCodeEntitlements: string[];
}

export async function conductRules(settings: SettingsStore, q?: Queryable): Promise<ConductRules> {
  const s = CONDUCT_SETTINGS;
  const read = <T>(d: { key: string; schema: z.ZodType<T>; fallback: T }) => settings.get(d.key, d.schema, d.fallback, q);
  // One at a time: inside a transaction on the embedded engine queries cannot overlap usefully anyway.
  return {
    flagDefinitions: await read(s.flagDefinitions),
    allegationCategories: await read(s.allegationCategories as { key: string; schema: z.ZodType<AllegationCategory[]>; fallback: AllegationCategory[] }),
    rankOrder: await read(s.rankOrder),
    decisionMinimumRanks: await read(s.decisionMinimumRanks),
    partyDetailRoles: await read(s.partyDetailRoles),
    victimsCodeEntitlements: await read(s.victimsCodeEntitlements),
  };
}

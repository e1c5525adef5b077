import { z } from '../../../platform/openapi/registry.js';
import type { Queryable } from '../../../platform/db/types.js';
import type { SettingDefinition, SettingsStore } from '../../../platform/settings.js';
import { isoDate } from '../../workforce/schema.js';
import {
  DEFAULT_BANK_HOLIDAYS, DEFAULT_CHAIR_REPORT_LIMIT, DEFAULT_PANEL_COMPOSITIONS, DEFAULT_PUBLICATION_PERIODS, DEFAULT_REVIEW_WINDOW_DAYS, HEARING_KINDS,
  IOPC_REVIEW_CRITERIA, PANEL_MEMBER_TYPES, type IopcReviewCriterion, type PanelComposition, type PublicationPeriods, type TimeLimit,
} from './rules.js';

const ReviewBodyNames = z.object({ local_policing_body: z.string().min(1).max(200), iopc: z.string().min(1).max(200) });
export const DEFAULT_REVIEW_BODY_NAMES = { local_policing_body: 'the Police and Crime Commissioner (the local policing body)', iopc: 'the Independent Office for Police Conduct (IOPC)' };

export const HEARINGS_SETTINGS = {
  panelCompositions: {
    key: 'conduct.hearings.panelCompositions',
    schema: z.array(z.object({ from: isoDate, kind: z.enum(HEARING_KINDS), required: z.partialRecord(z.enum(PANEL_MEMBER_TYPES), z.number().int().min(0).max(10)) })).min(1).max(50) as z.ZodType<PanelComposition[]>,
    fallback: DEFAULT_PANEL_COMPOSITIONS,
  },
  chairReportLimit: { key: 'conduct.hearings.chairReportLimit', schema: z.object({ days: z.number().int().min(1).max(90), unit: z.enum(['calendar', 'working']) }) as z.ZodType<TimeLimit>, fallback: DEFAULT_CHAIR_REPORT_LIMIT },
  bankHolidays: { key: 'conduct.hearings.bankHolidays', schema: z.array(isoDate).max(500) as z.ZodType<string[]>, fallback: [...DEFAULT_BANK_HOLIDAYS] as string[] },
  publicationPeriods: {
    key: 'conduct.hearings.publicationPeriods',
    schema: z.object({ noticeDaysAfterHearing: z.number().int().min(0).max(60), outcomeDays: z.number().int().min(1).max(366) }) as z.ZodType<PublicationPeriods>,
    fallback: DEFAULT_PUBLICATION_PERIODS,
  },
  reviewWindowDays: { key: 'conduct.hearings.reviewWindowDays', schema: z.number().int().min(1).max(90), fallback: DEFAULT_REVIEW_WINDOW_DAYS },
  iopcReviewCriteria: { key: 'conduct.hearings.iopcReviewCriteria', schema: z.array(z.enum(IOPC_REVIEW_CRITERIA)) as z.ZodType<IopcReviewCriterion[]>, fallback: [...IOPC_REVIEW_CRITERIA] as IopcReviewCriterion[] },
  reviewBodyNames: { key: 'conduct.hearings.reviewBodyNames', schema: ReviewBodyNames, fallback: DEFAULT_REVIEW_BODY_NAMES },
} as const;

export const HEARINGS_SETTING_DEFINITIONS: SettingDefinition[] = [
  { ...HEARINGS_SETTINGS.panelCompositions, label: 'Meeting and hearing panels', hint: 'A list of { from (date), kind, required: { member type: how many } }; the latest entry on or before a hearing date applies.' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.chairReportLimit, label: 'Chair’s report due', hint: 'Days after the proceedings end, calendar or working (regulation 43: 5 working days).' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.bankHolidays, label: 'Bank holidays (conduct)', hint: 'Dates, YYYY-MM-DD, skipped when counting working days. Extend each year.' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.publicationPeriods, label: 'Publication of hearings', hint: 'Days a notice stays up after the hearing ends, and days an outcome stays up.' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.reviewWindowDays, label: 'Complainant review window', hint: 'Days, from the day after the outcome letter, to apply for a review (IOPC: 28).' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.iopcReviewCriteria, label: 'When the IOPC is the review body', hint: 'Which of referred_to_iopc, senior_officer_subject, lpb_appropriate_authority, could_justify_proceedings make the IOPC the review body.' } as SettingDefinition,
  { ...HEARINGS_SETTINGS.reviewBodyNames, label: 'Review bodies’ names', hint: 'How outcome letters name the local policing body and the IOPC.' } as SettingDefinition,
];

export interface HearingsRules {
  panelCompositions: PanelComposition[];
  chairReportLimit: TimeLimit;
  bankHolidays: string[];
  publicationPeriods: PublicationPeriods;
  reviewWindowDays: number;
  iopcReviewCriteria: IopcReviewCriterion[];
  reviewBodyNames: { local_policing_body: string; iopc: string };
}

export async function hearingsRules(settings: SettingsStore, q?: Queryable): Promise<HearingsRules> {
  const s = HEARINGS_SETTINGS;
  const read = <T>(d: { key: string; schema: z.ZodType<T>; fallback: T }) => settings.get(d.key, d.schema, d.fallback, q);
  return {
    panelCompositions: await read(s.panelCompositions), chairReportLimit: await read(s.chairReportLimit), bankHolidays: await read(s.bankHolidays),
    publicationPeriods: await read(s.publicationPeriods), reviewWindowDays: await read(s.reviewWindowDays), iopcReviewCriteria: await read(s.iopcReviewCriteria),
    reviewBodyNames: await read(s.reviewBodyNames),
  };
}

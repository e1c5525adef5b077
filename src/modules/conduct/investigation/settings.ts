import { z } from '../../../platform/openapi/registry.js';
import type { Queryable } from '../../../platform/db/types.js';
import type { SettingDefinition, SettingsStore } from '../../../platform/settings.js';
import { DEFAULT_WIDER_INQUIRIES, type ReviewIntervals, type WiderInquiry } from './rules.js';

/**
 * What a force sets about investigations. The reference gives the supervisory interval only through the issue
 * (28 days); the rest are defaults chosen here:
 * - inspector reviews every 84 days: every third supervisory review, so the two fall on the same day and an inspector
 *   looks at each investigation about once a quarter — common PSD practice, not a regulation;
 * - criminal allegations against colleagues reviewed every calendar month (the issue) by an inspector or above;
 * - a subject has 10 working days to respond to an investigation notice (Conduct Regs 2020 reg 18, from general
 *   knowledge, unverified).
 */
export const INVESTIGATION_SETTINGS = {
  supervisoryReviewDays: { key: 'conduct.investigation.supervisoryReviewDays', schema: z.number().int().min(1).max(365), fallback: 28 },
  inspectorReviewDays: { key: 'conduct.investigation.inspectorReviewDays', schema: z.number().int().min(1).max(365), fallback: 84 },
  inspectorReviewMinimumRank: { key: 'conduct.investigation.inspectorReviewMinimumRank', schema: z.string().min(1).max(60), fallback: 'Inspector' },
  criminalReviewMonths: { key: 'conduct.investigation.criminalReviewMonths', schema: z.number().int().min(1).max(12), fallback: 1 },
  criminalReviewMinimumRank: { key: 'conduct.investigation.criminalReviewMinimumRank', schema: z.string().min(1).max(60), fallback: 'Inspector' },
  noticeResponseWorkingDays: { key: 'conduct.investigation.noticeResponseWorkingDays', schema: z.number().int().min(1).max(60), fallback: 10 },
  widerInquiries: {
    key: 'conduct.investigation.widerInquiries',
    schema: z.array(z.object({ code: z.string().regex(/^[a-z0-9_]{1,40}$/), title: z.string().min(1).max(120) })).min(1).max(30),
    fallback: DEFAULT_WIDER_INQUIRIES,
  },
} as const;

export const INVESTIGATION_SETTING_DEFINITIONS: SettingDefinition[] = [
  { ...INVESTIGATION_SETTINGS.supervisoryReviewDays, label: 'Supervisory review interval (days)', hint: 'Days between supervisory reviews of an open investigation.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.inspectorReviewDays, label: 'Inspector review interval (days)', hint: 'Days between reviews of an open investigation by an inspector or above.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.inspectorReviewMinimumRank, label: 'Minimum rank for inspector reviews', hint: 'A rank or grade on the conduct rank scale.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.criminalReviewMonths, label: 'Criminal allegation review interval (months)', hint: 'Months between reviews of a criminal allegation against a member of the force by the named senior officer.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.criminalReviewMinimumRank, label: 'Minimum rank of the named senior officer', hint: 'A rank or grade on the conduct rank scale.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.noticeResponseWorkingDays, label: 'Working days to respond to an investigation notice', hint: 'Shown as the response due date on each notice.' } as SettingDefinition,
  { ...INVESTIGATION_SETTINGS.widerInquiries, label: 'Wider inquiries for prejudicial and improper behaviour', hint: 'Code and title of each line of inquiry pre-listed on the plan of a case flagged prejudicial and improper behaviour.' } as SettingDefinition,
];

export interface InvestigationRules {
  intervals: ReviewIntervals;
  inspectorReviewMinimumRank: string;
  criminalReviewMinimumRank: string;
  noticeResponseWorkingDays: number;
  widerInquiries: WiderInquiry[];
}

export async function investigationRules(settings: SettingsStore, q?: Queryable): Promise<InvestigationRules> {
  const s = INVESTIGATION_SETTINGS;
  const read = <T>(d: { key: string; schema: z.ZodType<T>; fallback: T }) => settings.get(d.key, d.schema, d.fallback, q);
  return {
    intervals: { supervisoryDays: await read(s.supervisoryReviewDays), inspectorDays: await read(s.inspectorReviewDays), criminalMonths: await read(s.criminalReviewMonths) },
    inspectorReviewMinimumRank: await read(s.inspectorReviewMinimumRank),
    criminalReviewMinimumRank: await read(s.criminalReviewMinimumRank),
    noticeResponseWorkingDays: await read(s.noticeResponseWorkingDays),
    widerInquiries: await read(s.widerInquiries as { key: string; schema: z.ZodType<WiderInquiry[]>; fallback: WiderInquiry[] }),
  };
}

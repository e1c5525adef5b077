import { z } from '../../../platform/openapi/registry.js';

/**
 * The protected characteristics the force holds, with the categories the workforce module uses (its HR feed and
 * demo generator), so that a person copied from the directory and an external applicant's form land in the same
 * groups. Age is held as a band derived from the date of birth at the date the application was received.
 */

export const PREFER_NOT_TO_SAY = 'Prefer not to say';
/** A value the directory holds that is not one of the categories (HR systems carry free text). */
export const OTHER_VALUE = 'Other value held';
/** No answer at all: no monitoring row, or the question left blank. */
export const NOT_RECORDED = 'Not recorded';

export const AGE_BANDS = ['Under 25', '25 to 34', '35 to 44', '45 to 54', '55 and over'] as const;
const AGE_BAND_LOWER_BOUNDS = [25, 35, 45, 55] as const;

export interface Characteristic {
  label: string;
  /** The column in vetting_equality_monitoring: a fixed name, never user input. */
  column: string;
  categories: readonly string[];
  /** Asked on the equality monitoring form (age is derived, not asked). */
  asked: boolean;
}

export const CHARACTERISTICS = {
  ethnicity: {
    label: 'Ethnic group', column: 'ethnicity', asked: true,
    categories: ['White', 'Asian or Asian British', 'Black, Black British, Caribbean or African', 'Mixed or multiple ethnic groups', 'Other ethnic group', PREFER_NOT_TO_SAY],
  },
  sex: { label: 'Sex', column: 'sex', asked: true, categories: ['Female', 'Male', PREFER_NOT_TO_SAY] },
  genderIdentitySameAsBirth: {
    label: 'Gender identity the same as sex registered at birth', column: 'gender_identity_same_as_birth', asked: true, categories: ['Yes', 'No', PREFER_NOT_TO_SAY],
  },
  religion: {
    label: 'Religion or belief', column: 'religion', asked: true,
    categories: ['No religion', 'Christian', 'Muslim', 'Hindu', 'Sikh', 'Jewish', 'Buddhist', 'Any other religion', PREFER_NOT_TO_SAY],
  },
  sexualOrientation: {
    label: 'Sexual orientation', column: 'sexual_orientation', asked: true,
    categories: ['Heterosexual or straight', 'Gay or lesbian', 'Bisexual', 'Other sexual orientation', PREFER_NOT_TO_SAY],
  },
  disability: { label: 'Disability', column: 'disability', asked: true, categories: ['Yes', 'No', PREFER_NOT_TO_SAY] },
  ageBand: { label: 'Age when the application was received', column: 'age_band', asked: false, categories: AGE_BANDS },
} as const satisfies Record<string, Characteristic>;

export type CharacteristicKey = keyof typeof CHARACTERISTICS;
export const CHARACTERISTIC_KEYS = Object.keys(CHARACTERISTICS) as CharacteristicKey[];
export const ASKED_KEYS = ['sex', 'genderIdentitySameAsBirth', 'ethnicity', 'religion', 'sexualOrientation', 'disability'] as const;
export type AskedKey = (typeof ASKED_KEYS)[number];
export type EqualityAnswers = Record<AskedKey, string | null>;

/**
 * The reference group each characteristic is compared against unless the viewer chooses another. Ethnicity uses
 * White, as Home Office and police disproportionality statistics conventionally do; the rest use the largest group.
 * Forces may change this (setting vetting.disproportionality.referenceGroups).
 */
export const DEFAULT_REFERENCE_GROUPS: Partial<Record<CharacteristicKey, string>> = { ethnicity: 'White' };

const MAX_VALUE_LENGTH = 80;

/**
 * A directory value as this table stores it: a category in its canonical spelling when it is one (whatever the
 * case or spacing), otherwise the trimmed text as HR holds it; blank means not recorded.
 */
export function normaliseValue(key: AskedKey, raw: string | null | undefined): string | null {
  const value = raw?.trim().replace(/\s+/g, ' ');
  if (!value) return null;
  const lower = value.toLowerCase();
  const category = (CHARACTERISTICS[key].categories as readonly string[]).find((c) => c.toLowerCase() === lower);
  return category ?? value.slice(0, MAX_VALUE_LENGTH);
}

/** The directory's record as monitoring answers (null for anything it does not hold). */
export function answersFromDirectory(data: Partial<Record<AskedKey, string | null>> | undefined): EqualityAnswers {
  return Object.fromEntries(ASKED_KEYS.map((k) => [k, normaliseValue(k, data?.[k])])) as EqualityAnswers;
}

/** Whole years between a date of birth and a date, both YYYY-MM-DD (birthdays on 29 February count from 1 March). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The age band at the date the application was received; null when the date of birth is unknown or implausible. */
export function ageBand(dateOfBirth: string | null, receivedOn: string): string | null {
  if (!dateOfBirth) return null;
  const age = ageOn(dateOfBirth, receivedOn);
  if (age < 0 || age > 120) return null;
  const index = AGE_BAND_LOWER_BOUNDS.findIndex((lower) => age < lower);
  return AGE_BANDS[index === -1 ? AGE_BANDS.length - 1 : index] ?? null;
}

/** The group a stored value is counted in: its category, "Other value held" or "Not recorded". */
export function groupOf(key: CharacteristicKey, value: string | null): string {
  if (value === null) return NOT_RECORDED;
  return (CHARACTERISTICS[key].categories as readonly string[]).includes(value) ? value : OTHER_VALUE;
}

/** Every group the report shows for a characteristic, always in this order, whether or not anyone is in it. */
export function groupsOf(key: CharacteristicKey): string[] {
  return [...CHARACTERISTICS[key].categories, OTHER_VALUE, NOT_RECORDED];
}

/** A group that can be the reference: an actual category, not "Prefer not to say", other values or not recorded. */
export function canBeReference(key: CharacteristicKey, group: string): boolean {
  return group !== PREFER_NOT_TO_SAY && (CHARACTERISTICS[key].categories as readonly string[]).includes(group);
}

// ---- the equality monitoring form ---------------------------------------------------------------------------

const answer = (key: AskedKey) =>
  z.preprocess(
    (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
    z.enum(CHARACTERISTICS[key].categories as unknown as [string, ...string[]], { error: `Choose one of the answers for ${CHARACTERISTICS[key].label.toLowerCase()}` }).optional(),
  );

/**
 * The form and its API body. Every question is optional, and a blank leaves what is recorded unchanged: the form
 * never shows what is recorded, so a blank cannot mean "clear it".
 */
export const EqualityFormSchema = z
  .object({
    sex: answer('sex'),
    genderIdentitySameAsBirth: answer('genderIdentitySameAsBirth'),
    ethnicity: answer('ethnicity'),
    religion: answer('religion'),
    sexualOrientation: answer('sexualOrientation'),
    disability: answer('disability'),
    version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(0),
  })
  .openapi('VettingEqualityMonitoring');
export type EqualityFormBody = z.infer<typeof EqualityFormSchema>;

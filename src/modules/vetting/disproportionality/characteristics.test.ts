import { describe, expect, it } from 'vitest';
import { PROTECTED_CHARACTERISTIC_VALUES } from '../../workforce/demo/generator.js';
import {
  AGE_BANDS, ASKED_KEYS, CHARACTERISTICS, EqualityFormSchema, NOT_RECORDED, OTHER_VALUE, PREFER_NOT_TO_SAY,
  ageBand, ageOn, answersFromDirectory, canBeReference, groupOf, groupsOf, normaliseValue,
} from './characteristics.js';

describe('categories', () => {
  it('are the workforce module’s own, so a copied person and a form land in the same groups', () => {
    for (const key of ASKED_KEYS) {
      const workforce = PROTECTED_CHARACTERISTIC_VALUES[key];
      expect([...CHARACTERISTICS[key].categories].filter((c) => c !== PREFER_NOT_TO_SAY), key).toEqual(workforce.filter((c) => c !== PREFER_NOT_TO_SAY));
      expect(CHARACTERISTICS[key].categories, key).toContain(PREFER_NOT_TO_SAY);
    }
  });

  it('normalises directory values to the category spelling, keeps other values and treats blanks as not recorded', () => {
    expect(normaliseValue('ethnicity', '  white ')).toBe('White');
    expect(normaliseValue('ethnicity', 'BLACK,  Black British, Caribbean or African')).toBe('Black, Black British, Caribbean or African');
    expect(normaliseValue('religion', 'Pagan')).toBe('Pagan');
    expect(normaliseValue('sex', '   ')).toBeNull();
    expect(normaliseValue('sex', null)).toBeNull();
    expect(normaliseValue('disability', 'x'.repeat(200))).toHaveLength(80);
    expect(answersFromDirectory({ sex: 'female', ethnicity: null, religion: 'prefer not to say' })).toEqual({
      sex: 'Female', genderIdentitySameAsBirth: null, ethnicity: null, religion: PREFER_NOT_TO_SAY, sexualOrientation: null, disability: null,
    });
    expect(answersFromDirectory(undefined)).toEqual(Object.fromEntries(ASKED_KEYS.map((k) => [k, null])));
  });

  it('counts each value in its category, other values together, and absence as not recorded', () => {
    expect(groupOf('religion', 'Sikh')).toBe('Sikh');
    expect(groupOf('religion', 'Pagan')).toBe(OTHER_VALUE);
    expect(groupOf('religion', null)).toBe(NOT_RECORDED);
    expect(groupsOf('disability')).toEqual(['Yes', 'No', PREFER_NOT_TO_SAY, OTHER_VALUE, NOT_RECORDED]);
    expect(canBeReference('ethnicity', 'White')).toBe(true);
    for (const g of [PREFER_NOT_TO_SAY, OTHER_VALUE, NOT_RECORDED, 'Martian']) expect(canBeReference('ethnicity', g)).toBe(false);
  });
});

describe('age band at the date the application was received', () => {
  it('counts whole years, birthdays included on the day', () => {
    expect(ageOn('2000-06-15', '2025-06-14')).toBe(24);
    expect(ageOn('2000-06-15', '2025-06-15')).toBe(25);
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
  });

  it('bands at 25, 35, 45 and 55, and is unknown without a plausible date of birth', () => {
    expect(ageBand('2000-06-15', '2025-06-14')).toBe('Under 25');
    expect(ageBand('2000-06-15', '2025-06-15')).toBe('25 to 34');
    expect(ageBand('1981-01-01', '2025-12-31')).toBe('35 to 44');
    expect(ageBand('1980-01-01', '2025-01-01')).toBe('45 to 54');
    expect(ageBand('1960-01-01', '2025-01-01')).toBe('55 and over');
    expect(ageBand(null, '2025-01-01')).toBeNull();
    expect(ageBand('2030-01-01', '2025-01-01')).toBeNull();
    expect(new Set(['Under 25', '25 to 34', '35 to 44', '45 to 54', '55 and over'])).toEqual(new Set(AGE_BANDS));
  });
});

describe('the equality monitoring form', () => {
  it('accepts any subset of answers, blanks meaning unanswered', () => {
    const parsed = EqualityFormSchema.parse({ ethnicity: 'Other ethnic group', sex: '', disability: PREFER_NOT_TO_SAY, version: '0' });
    expect(parsed).toEqual({ ethnicity: 'Other ethnic group', sex: undefined, disability: PREFER_NOT_TO_SAY, version: 0, genderIdentitySameAsBirth: undefined, religion: undefined, sexualOrientation: undefined });
  });

  it('refuses answers that are not one of the choices, naming the question', () => {
    const result = EqualityFormSchema.safeParse({ religion: 'Jedi', version: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['religion'], message: 'Choose one of the answers for religion or belief' })]);
    expect(EqualityFormSchema.safeParse({ sex: 'Female' }).success).toBe(false); // the version is required (stale-form check)
  });
});

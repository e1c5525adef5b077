import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_RISK_FACTORS, convictionRule, decisionErrors, expiryFor, type NdmRationale } from './rules.js';

const FULL: NdmRationale = {
  information: 'PNC shows a caution for criminal damage in 2015, declared openly.',
  threatAndRisk: 'Single matter, eleven years ago, aged 19; no pattern or dishonesty.',
  riskFactors: [APP_RISK_FACTORS[0], APP_RISK_FACTORS[1]],
  powersAndPolicy: 'Vetting Code of Practice 2023 and APP Vetting on cautions.',
  options: 'Refuse; clear; clear with conditions and a review in twelve months.',
  decisionAndReview: 'Clear with a condition; review at twelve months by the vetting unit.',
};

describe('vetting rules', () => {
  it('gives a clearance its level’s renewal period, keeping 29 February in February', () => {
    expect(expiryFor('RV', '2026-11-23')).toBe('2036-11-23');
    expect(expiryFor('MV', '2026-11-23')).toBe('2033-11-23');
    expect(expiryFor('NPPV1', '2024-02-29')).toBe('2027-02-28');
    expect(expiryFor('RV', '2024-02-29', { RV: 4, MV: 7, NPPV1: 3, NPPV2: 3, NPPV3: 5 })).toBe('2028-02-29');
  });

  it('applies the conviction rules: mandatory rejection for custodial and similar sentences, a presumption otherwise', () => {
    expect(convictionRule([])).toBeNull();
    expect(convictionRule([{ category: 'financial' }])).toBeNull();
    expect(convictionRule([{ category: 'criminal_conviction_or_caution', disposal: 'caution' }])).toBe('presumption_of_rejection');
    expect(convictionRule([{ category: 'criminal_conviction_or_caution', disposal: 'fine' }, { category: 'criminal_conviction_or_caution', disposal: 'suspended_sentence' }])).toBe('mandatory_rejection');
    expect(convictionRule([{ category: 'criminal_conviction_or_caution', disposal: 'sex_offender_registration' }])).toBe('mandatory_rejection');
  });

  it('refuses a decision on adverse information without every part of the NDM rationale', () => {
    const traces = [{ category: 'financial' as const }];
    expect(decisionErrors({ outcome: 'clearance' }, traces).map((e) => e.field)).toEqual([
      'rationale.information', 'rationale.threatAndRisk', 'rationale.powersAndPolicy', 'rationale.options', 'rationale.decisionAndReview', 'rationale.riskFactors',
    ]);
    expect(decisionErrors({ outcome: 'clearance', rationale: FULL }, traces)).toEqual([]);
    expect(decisionErrors({ outcome: 'clearance' }, [])).toEqual([]);
  });

  it('keeps a mandatory rejection a refusal, and asks for rebuttal reasons to clear despite a caution', () => {
    const custodial = [{ category: 'criminal_conviction_or_caution' as const, disposal: 'custodial_sentence' as const }];
    expect(decisionErrors({ outcome: 'clearance', rationale: FULL }, custodial).map((e) => e.field)).toEqual(['outcome']);
    expect(decisionErrors({ outcome: 'refusal', rationale: FULL }, custodial)).toEqual([]);
    const caution = [{ category: 'criminal_conviction_or_caution' as const, disposal: 'caution' as const }];
    expect(decisionErrors({ outcome: 'clearance', rationale: FULL }, caution).map((e) => e.field)).toEqual(['rebuttal']);
    expect(decisionErrors({ outcome: 'clearance', rationale: FULL, rebuttal: 'Isolated, declared, long ago, no dishonesty or violence.' }, caution)).toEqual([]);
  });

  it('needs complete conditions for a clearance with conditions', () => {
    expect(decisionErrors({ outcome: 'clearance_with_conditions' }, []).map((e) => e.field)).toEqual(['conditions']);
    expect(decisionErrors({ outcome: 'clearance_with_conditions', conditions: [{ description: 'No access to CCU systems', responsibleUnit: 'nope', ownerName: '', reviewOn: 'soon' }] }, []).map((e) => e.field))
      .toEqual(['conditions.0.responsibleUnit', 'conditions.0.ownerName', 'conditions.0.reviewOn']);
  });

  it('never lets adverse information through without a rationale, whatever the outcome (property)', () => {
    fc.assert(fc.property(fc.constantFrom('clearance', 'clearance_with_conditions', 'refusal'), fc.constantFrom('financial', 'associations', 'family', 'other'), (outcome, category) => {
      expect(decisionErrors({ outcome: outcome as 'clearance' }, [{ category: category as 'financial' }]).some((e) => e.field.startsWith('rationale.'))).toBe(true);
    }));
  });
});

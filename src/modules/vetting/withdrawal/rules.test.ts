import { describe, expect, it } from 'vitest';
import { APP_RISK_FACTORS, type NdmRationale } from '../rules.js';
import { decisionReadyError, ndmErrors, regimeFor, stepDateError, withdrawalDecisionErrors, withdrawalStepError } from './rules.js';

const NDM: NdmRationale = {
  information: 'Intelligence report graded B2 that the officer is associating with a known supplier of drugs.',
  threatAndRisk: 'Risk of compromise of operational information; pattern over six months.',
  riskFactors: [APP_RISK_FACTORS[7]],
  powersAndPolicy: 'Police (Vetting) Regulations 2025 and the statutory guidance on withdrawal.',
  options: 'Retain; retain with conditions restricting systems access; withdraw.',
  decisionAndReview: 'Withdraw: the association continues after advice and cannot be mitigated.',
};

describe('withdrawal of clearance', () => {
  it('applies the 2025 regulations to officers and specials, force policy to staff', () => {
    expect(regimeFor('officer')).toBe('pvr_2025');
    expect(regimeFor('special_constable')).toBe('pvr_2025');
    expect(regimeFor('staff')).toBe('force_policy');
    expect(regimeFor('pcso')).toBe('force_policy');
  });

  it('runs notice, then representations and interview, then the decision, and nothing after', () => {
    expect(withdrawalStepError('assessment', 'notice')).toBeUndefined();
    expect(withdrawalStepError('assessment', 'representations')).toBe('Serve notice of the withdrawal assessment on the person first');
    expect(withdrawalStepError('assessment', 'decision')).toBe('Serve notice of the withdrawal assessment on the person first');
    expect(withdrawalStepError('notice_served', 'notice')).toBe('Notice has already been served');
    expect(withdrawalStepError('notice_served', 'interview')).toBeUndefined();
    expect(withdrawalStepError('notice_served', 'decision')).toBeUndefined();
    expect(withdrawalStepError('assessment', 'left')).toBeUndefined();
    expect(withdrawalStepError('decided', 'left')).toBe('This withdrawal assessment has been decided: it can no longer change');
    expect(withdrawalStepError('person_left', 'decision')).toBe('The person left before this assessment concluded: it is closed');
  });

  it('waits for representations or the end of their time, and for an interview where the force requires one', () => {
    const base = { representationsReceivedOn: null, representationsDueOn: '2026-12-07', interviewOn: null, interviewRequired: false };
    expect(decisionReadyError({ ...base, today: '2026-12-07' })).toBe('The person has until the end of 7 December 2026 to make representations: record them, or wait until that time has passed');
    expect(decisionReadyError({ ...base, today: '2026-12-08' })).toBeUndefined();
    expect(decisionReadyError({ ...base, representationsReceivedOn: '2026-12-01', today: '2026-12-02' })).toBeUndefined();
    expect(decisionReadyError({ ...base, today: '2026-12-08', interviewRequired: true })).toBe('Record the interview before deciding');
    expect(decisionReadyError({ ...base, today: '2026-12-08', interviewRequired: true, interviewOn: '2026-12-03' })).toBeUndefined();
  });

  it('needs every stage of the NDM rationale and the risk factors', () => {
    expect(ndmErrors(NDM, 'assessment')).toEqual([]);
    expect(ndmErrors({ ...NDM, options: 'Withdraw', riskFactors: [] }, 'assessment').map((e) => e.field)).toEqual(['assessment.options', 'assessment.riskFactors']);
    expect(ndmErrors(undefined, 'rationale')).toHaveLength(6);
  });

  it('records conditions only when retaining with conditions, and complete ones', () => {
    expect(withdrawalDecisionErrors({ decision: 'withdraw', rationale: NDM, conditions: [] })).toEqual([]);
    expect(withdrawalDecisionErrors({ decision: 'retain_with_conditions', rationale: NDM, conditions: [] }).map((e) => e.field)).toEqual(['conditions']);
    expect(withdrawalDecisionErrors({ decision: 'retain_with_conditions', rationale: NDM, conditions: [{ description: 'No access to intelligence systems', responsibleUnit: 'ccu', ownerName: 'CCU manager', reviewOn: '2027-06-01' }] })).toEqual([]);
    expect(withdrawalDecisionErrors({ decision: 'retain', rationale: NDM, conditions: [{ description: 'x', responsibleUnit: 'ccu', ownerName: 'y', reviewOn: '2027-06-01' }] }).map((e) => e.field)).toEqual(['conditions']);
  });

  it('refuses step dates in the future or before the notice', () => {
    expect(stepDateError('receivedOn', '2026-12-02', { notBefore: '2026-12-01', today: '2026-12-05', what: 'representations were received' })).toBeUndefined();
    expect(stepDateError('receivedOn', '2026-11-30', { notBefore: '2026-12-01', today: '2026-12-05', what: 'representations were received' })?.message).toBe('The date representations were received cannot be before 1 December 2026');
    expect(stepDateError('heldOn', '2026-12-06', { notBefore: null, today: '2026-12-05', what: 'of the interview' })?.message).toBe('The date of the interview cannot be in the future');
  });
});

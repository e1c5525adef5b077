import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLEGATION_CATEGORIES, DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER, allowedOutcomes, flagFindings, handlingRouteErrors, outcomeErrors, rankLevel,
  referralErrors, seniorityVerdict, subjectPersonIdsOf, type FlagFacts,
} from './rules.js';

describe('the seniority rule', () => {
  const verdict = (kind: Parameters<typeof seniorityVerdict>[0], rank: string | null) => seniorityVerdict(kind, rank, DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER);

  it('orders ranks from constable to chief constable and maps staff grades onto the same scale', () => {
    expect(rankLevel('Constable', DEFAULT_RANK_ORDER)).toBeLessThan(rankLevel('Sergeant', DEFAULT_RANK_ORDER)!);
    expect(rankLevel('Chief Superintendent', DEFAULT_RANK_ORDER)).toBeLessThan(rankLevel('Assistant Chief Constable', DEFAULT_RANK_ORDER)!);
    expect(rankLevel('Deputy Chief Constable', DEFAULT_RANK_ORDER)).toBeLessThan(rankLevel('Chief Constable', DEFAULT_RANK_ORDER)!);
    expect(rankLevel('Grade G', DEFAULT_RANK_ORDER)).toBe(rankLevel('Chief Inspector', DEFAULT_RANK_ORDER));
    expect(rankLevel('detective  inspector', DEFAULT_RANK_ORDER)).toBe(rankLevel('Inspector', DEFAULT_RANK_ORDER));
    expect(rankLevel('Special Inspector', DEFAULT_RANK_ORDER)).toBeUndefined();
  });

  it('lets someone at or above the minimum decide and refuses anyone below, naming both ranks', () => {
    expect(verdict('severity', 'Chief Inspector')).toEqual({ ok: true });
    expect(verdict('severity', 'Superintendent')).toEqual({ ok: true });
    const refused = verdict('severity', 'Inspector');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toBe('The severity assessment needs a decision maker of Chief Inspector or above; your rank or grade is Inspector');
    expect(verdict('recording', 'Sergeant').ok).toBe(true);
    expect(verdict('recording', 'Constable').ok).toBe(false);
  });

  it('refuses an unknown or unrecorded rank rather than guessing', () => {
    expect(verdict('handling_route', null)).toMatchObject({ ok: false, message: expect.stringContaining('not recorded') });
    expect(verdict('handling_route', 'Acting Inspector')).toMatchObject({ ok: false, message: expect.stringContaining('not on the rank scale') });
  });

  it('follows the configured minimums and scale', () => {
    expect(seniorityVerdict('recording', 'Constable', { ...DEFAULT_MINIMUM_RANKS, recording: 'Constable' }, DEFAULT_RANK_ORDER).ok).toBe(true);
    expect(seniorityVerdict('recording', 'Sergeant', { ...DEFAULT_MINIMUM_RANKS, recording: 'Sheriff' }, DEFAULT_RANK_ORDER)).toMatchObject({ ok: false, message: expect.stringContaining('not on the rank scale') });
  });
});

describe('allocation of subjects', () => {
  it('collects every identified subject of every allegation once, ignoring unidentified subjects', () => {
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    expect(subjectPersonIdsOf([{ subjects: [{ personId: a }, { personId: null }] }, { subjects: [{ personId: b }, { personId: a.toUpperCase() }] }])).toEqual([a, b]);
    expect(subjectPersonIdsOf([{ subjects: [{ personId: null }] }])).toEqual([]);
  });
});

describe('referral and handling', () => {
  it('requires referral when a criterion is met or for a DSI matter, with the date', () => {
    expect(referralErrors('public_complaint', ['serious_assault'], false, undefined)).toEqual([expect.objectContaining({ field: 'referred' })]);
    expect(referralErrors('dsi_matter', [], false, undefined)).toEqual([expect.objectContaining({ field: 'referred', message: expect.stringContaining('always') })]);
    expect(referralErrors('public_complaint', [], true, undefined)).toEqual([expect.objectContaining({ field: 'referredOn' })]);
    expect(referralErrors('conduct_matter', [], false, undefined)).toEqual([]);
  });

  it('keeps outside Schedule 3 for complaints that are not referrals, and directed or independent investigations for referred cases', () => {
    const base = { kind: 'public_complaint' as const, referralCriteriaMet: false, referred: null, status: 'logged_outside_schedule_3' };
    expect(handlingRouteErrors('outside_schedule_3', base)).toEqual([]);
    expect(handlingRouteErrors('outside_schedule_3', { ...base, kind: 'conduct_matter', status: 'recorded' })).toHaveLength(1);
    expect(handlingRouteErrors('outside_schedule_3', { ...base, referralCriteriaMet: true })).toHaveLength(1);
    expect(handlingRouteErrors('investigation_local', { ...base, status: 'recorded' })).toEqual([]);
    expect(handlingRouteErrors('investigation_directed', { ...base, status: 'recorded' })).toEqual([expect.objectContaining({ message: expect.stringContaining('referral') })]);
    expect(handlingRouteErrors('investigation_independent', { ...base, status: 'recorded', referred: true })).toEqual([]);
    expect(handlingRouteErrors('investigation_local', { ...base, status: 'to_be_recorded' })).toHaveLength(1);
  });
});

describe('flag data quality', () => {
  const facts = (over: Partial<FlagFacts>): FlagFacts => ({ caseId: 'c', reference: 'PSD-1', kind: 'conduct_matter', caseFlags: [], allegations: [], publicParty: false, colleagueParty: false, ...over });
  const run = (f: FlagFacts) => flagFindings(f, DEFAULT_ALLEGATION_CATEGORIES).map((x) => x.finding);

  it('finds abuse of position for a sexual purpose recorded where no member of the public is involved', () => {
    expect(run(facts({ caseFlags: ['apsp'], colleagueParty: true, allegations: [{ id: 'a', category: 'F2', flags: ['prejudicial_improper_behaviour'] }] }))).toEqual(['apsp_without_public']);
    expect(run(facts({ caseFlags: ['apsp'], publicParty: true, allegations: [{ id: 'a', category: 'E1', flags: [] }] }))).toEqual([]);
  });

  it('finds sexual conduct towards a colleague not flagged as prejudicial and improper behaviour', () => {
    expect(run(facts({ colleagueParty: true, allegations: [{ id: 'a', category: 'F2', flags: [] }] }))).toEqual(['sexual_colleague_without_pib']);
    expect(run(facts({ colleagueParty: true, caseFlags: ['prejudicial_improper_behaviour'], allegations: [{ id: 'a', category: 'F2', flags: [] }] }))).toEqual([]);
  });

  it('finds unflagged discrimination, unflagged colleague criminal allegations and the colleague flag with no colleague', () => {
    expect(run(facts({ kind: 'public_complaint', publicParty: true, allegations: [{ id: 'a', category: 'D1', flags: [] }] }))).toEqual(['discrimination_unflagged']);
    expect(run(facts({ colleagueParty: true, allegations: [{ id: 'a', category: 'F1', flags: ['prejudicial_improper_behaviour'] }] }))).toEqual(['colleague_criminal_unflagged']);
    expect(run(facts({ kind: 'public_complaint', publicParty: true, caseFlags: ['colleague_criminal_allegation'], allegations: [{ id: 'a', category: 'B4', flags: [] }] }))).toEqual(['colleague_criminal_without_colleague']);
    expect(run(facts({ kind: 'public_complaint', publicParty: true, allegations: [{ id: 'a', category: 'E1', flags: [] }] }))).toEqual(['apsp_category_unflagged']);
  });
});

describe('outcomes by forum', () => {
  it('gives each forum the outcomes the regulations allow', () => {
    expect(allowedOutcomes('misconduct_meeting', 'misconduct', false)).toEqual(['written_warning', 'final_written_warning']);
    expect(allowedOutcomes('misconduct_hearing', 'misconduct', false)).not.toContain('dismissal_without_notice');
    expect(allowedOutcomes('misconduct_hearing', 'misconduct', true)).toContain('reduction_in_rank');
    expect(allowedOutcomes('misconduct_hearing', 'gross_misconduct', false)).toEqual(['final_written_warning', 'reduction_in_rank', 'dismissal_without_notice']);
    expect(allowedOutcomes('reflective_practice_review', undefined, false)).toEqual(['reflective_practice']);
    expect(allowedOutcomes('misconduct_hearing', 'not_proven', false)).toEqual(['no_further_action']);
  });

  it('requires reasons to depart from the presumption of dismissal from 28 May 2025, and a police officer for reduction in rank', () => {
    const gm = { forum: 'misconduct_hearing' as const, finding: 'gross_misconduct' as const, outcome: 'final_written_warning' as const, subjectIsOfficer: true };
    expect(outcomeErrors({ ...gm, decidedOn: '2025-05-28' })).toEqual([expect.objectContaining({ field: 'departureReasons' })]);
    expect(outcomeErrors({ ...gm, decidedOn: '2025-05-27' })).toEqual([]);
    expect(outcomeErrors({ ...gm, decidedOn: '2026-01-10', departureReasons: 'Exceptional mitigation accepted by the panel' })).toEqual([]);
    expect(outcomeErrors({ ...gm, outcome: 'reduction_in_rank', decidedOn: '2025-01-10', subjectIsOfficer: false })).toEqual([expect.objectContaining({ message: 'Only a police officer can be reduced in rank' })]);
    expect(outcomeErrors({ forum: 'misconduct_meeting', outcome: 'written_warning', decidedOn: '2026-01-01', subjectIsOfficer: true })).toEqual([expect.objectContaining({ field: 'finding' })]);
    expect(outcomeErrors({ forum: 'misconduct_meeting', finding: 'gross_misconduct', outcome: 'dismissal_without_notice', decidedOn: '2026-01-01', subjectIsOfficer: true })).toEqual([expect.objectContaining({ field: 'finding' })]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPEAL_DAYS } from '../letters.js';
import { appealLetter, unmetReasons } from './letters.js';
import type { Appeal } from './data.js';
import {
  APPEAL_STATUSES, DEFAULT_CRITERIA, DEFAULT_PANEL, DEFAULT_TIME_LIMITS, appealStepError, criteriaErrors, criteriaResult, outcomeErrors, panelErrors, seniorityOf,
  type PanelMemberFacts,
} from './rules.js';
import { DEFAULT_BANK_HOLIDAYS, addCalendarDays, dueDate, isInTime } from './time-limits.js';

const allMet = DEFAULT_CRITERIA.map((c) => ({ code: c.code, met: true, notes: 'Checked against the file' }));
const onTime = { inTime: true, acceptLate: true };

describe('appeal time limits', () => {
  it('gives a refusal 14 calendar days from the letter, the figure the decision letter states', () => {
    expect(DEFAULT_TIME_LIMITS.refusal).toEqual({ days: APPEAL_DAYS, unit: 'calendar' });
    expect(APPEAL_DAYS).toBe(14);
    expect(dueDate('2026-11-23', DEFAULT_TIME_LIMITS.refusal)).toBe('2026-12-07');
    expect(dueDate('2026-12-28', { days: 14, unit: 'calendar' })).toBe('2027-01-11');
    expect(isInTime('2026-12-07', '2026-12-07')).toBe(true);
    expect(isInTime('2026-12-08', '2026-12-07')).toBe(false);
  });

  it('counts working days past weekends and bank holidays', () => {
    // Friday 18 December 2026 + 10 working days: skips two weekends, Christmas Day and the Boxing Day substitute (28th), and New Year's Day.
    expect(dueDate('2026-12-18', { days: 10, unit: 'working' })).toBe('2027-01-06');
    expect(dueDate('2026-12-18', { days: 10, unit: 'working' }, [])).toBe('2027-01-01');
    // Thursday before Easter 2026: Good Friday and Easter Monday are not counted.
    expect(dueDate('2026-04-02', { days: 1, unit: 'working' })).toBe('2026-04-07');
    expect(DEFAULT_BANK_HOLIDAYS).toContain('2026-12-28');
  });

  it('never lands a working-day limit on a weekend or bank holiday, and never earlier than the calendar count (property)', () => {
    const day = fc.integer({ min: 0, max: 900 }).map((n) => addCalendarDays('2025-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 30 }), (from, days) => {
      const due = dueDate(from, { days, unit: 'working' });
      const weekday = new Date(`${due}T12:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6).toBe(false);
      expect(DEFAULT_BANK_HOLIDAYS).not.toContain(due);
      expect(due >= addCalendarDays(from, days)).toBe(true);
    }));
  });
});

describe('appeal criteria', () => {
  it('asks for every criterion to be decided with notes, and for lateness to be dealt with', () => {
    const errors = criteriaErrors(DEFAULT_CRITERIA, [{ code: 'grounds_in_writing', met: true }], { inTime: false, acceptLate: true });
    const fields = errors.map((e) => e.field);
    expect(fields).toContain('criteria.grounds_in_writing.notes');
    expect(fields).toContain('criteria.new_information.met');
    expect(fields).toContain('lateAccepted');
    expect(criteriaErrors(DEFAULT_CRITERIA, allMet, onTime)).toEqual([]);
    expect(criteriaErrors(DEFAULT_CRITERIA, [...allMet, { code: 'made_up', met: true, notes: 'x' }], onTime).map((e) => e.field)).toEqual(['criteria.made_up']);
    expect(criteriaErrors(DEFAULT_CRITERIA, allMet, { inTime: false, acceptLate: true, lateAccepted: true }).map((e) => e.field)).toEqual(['lateNote']);
  });

  it('sends an appeal to a panel only when every required criterion and at least one ground is met, in time or late with good reason', () => {
    expect(criteriaResult(DEFAULT_CRITERIA, allMet, onTime)).toEqual({ met: true, reasons: [] });
    const onlyOneGround = allMet.map((a) => ({ ...a, met: a.code === 'grounds_in_writing' || a.code === 'unfair_process' }));
    expect(criteriaResult(DEFAULT_CRITERIA, onlyOneGround, onTime).met).toBe(true);
    const noGround = allMet.map((a) => ({ ...a, met: a.code === 'grounds_in_writing' }));
    expect(criteriaResult(DEFAULT_CRITERIA, noGround, onTime)).toEqual({ met: false, reasons: ['no_ground'] });
    const noWriting = allMet.map((a) => ({ ...a, met: a.code !== 'grounds_in_writing' }));
    expect(criteriaResult(DEFAULT_CRITERIA, noWriting, onTime)).toEqual({ met: false, reasons: ['grounds_in_writing'] });
    expect(criteriaResult(DEFAULT_CRITERIA, allMet, { inTime: false, acceptLate: true, lateAccepted: false }).reasons).toEqual(['late']);
    expect(criteriaResult(DEFAULT_CRITERIA, allMet, { inTime: false, acceptLate: true, lateAccepted: true }).met).toBe(true);
    // A force that accepts no late appeals: lateness alone fails the criteria, whatever the checker says.
    expect(criteriaResult(DEFAULT_CRITERIA, allMet, { inTime: false, acceptLate: false, lateAccepted: true }).reasons).toEqual(['late']);
  });
});

describe('appeal panel', () => {
  const user = (id: string, roles: string[], extra: Partial<PanelMemberFacts> = {}): PanelMemberFacts => ({ userId: id, displayName: `User ${id}`, panelRole: 'member', roles, personId: null, disabled: false, ...extra });
  const facts = { decisionMakerUserIds: ['dm'], decisionMakerSeniority: seniorityOf(['senior_vetting_advisor'], DEFAULT_PANEL), subjectPersonIds: ['subject'], excludedUserIds: ['conflicted'], sealedToUserIds: [] };

  it('takes a member’s seniority from their most senior role', () => {
    expect(seniorityOf(['vetting_researcher', 'force_vetting_manager'], DEFAULT_PANEL)).toBe(3);
    expect(seniorityOf(['hr'], DEFAULT_PANEL)).toBe(0);
  });

  it('accepts a chair more senior than the decision maker', () => {
    expect(panelErrors([user('fvm', ['force_vetting_manager'], { panelRole: 'chair' })], facts, DEFAULT_PANEL)).toEqual([]);
  });

  it('never seats the original decision maker, the subject, an excluded or disabled user', () => {
    const errors = panelErrors([
      user('fvm', ['force_vetting_manager'], { panelRole: 'chair' }), user('dm', ['head_of_psd']), user('me', ['head_of_psd'], { personId: 'subject' }),
      user('conflicted', ['head_of_psd']), user('gone', ['head_of_psd'], { disabled: true }),
    ], facts, DEFAULT_PANEL);
    expect(errors.map((e) => e.field)).toEqual(['members.1', 'members.2', 'members.3', 'members.4']);
    expect(errors[0]!.message).toContain('made the decision under appeal');
  });

  it('needs one chair and someone more senior than the decision maker', () => {
    expect(panelErrors([user('a', ['senior_vetting_advisor'], { panelRole: 'chair' })], facts, DEFAULT_PANEL).map((e) => e.message))
      .toEqual(['At least one panel member must be more senior than the person who made the decision under appeal']);
    expect(panelErrors([user('a', ['force_vetting_manager'])], facts, DEFAULT_PANEL).map((e) => e.message)).toEqual(['Name the chair of the panel']);
    expect(panelErrors([user('a', ['force_vetting_manager'], { panelRole: 'chair' }), user('b', ['head_of_psd'], { panelRole: 'chair' })], facts, DEFAULT_PANEL).map((e) => e.message)).toEqual(['Name only one chair']);
    expect(panelErrors([], facts, DEFAULT_PANEL).map((e) => e.field)).toEqual(['members', 'members']);
    expect(panelErrors([user('a', ['force_vetting_manager'], { panelRole: 'chair' })], facts, { ...DEFAULT_PANEL, minMembers: 3 }).map((e) => e.message)).toEqual(['An appeal panel needs at least 3 members']);
  });

  it('keeps a sealed case’s panel to the people it is sealed to', () => {
    const sealed = { ...facts, sealedToUserIds: ['fvm'] };
    expect(panelErrors([user('fvm', ['force_vetting_manager'], { panelRole: 'chair' })], sealed, DEFAULT_PANEL)).toEqual([]);
    expect(panelErrors([user('psd', ['head_of_psd'], { panelRole: 'chair' })], sealed, DEFAULT_PANEL).map((e) => e.field)).toEqual(['members.0']);
  });
});

describe('appeal states and outcomes', () => {
  it('allows no outcome before the criteria are checked and a panel appointed, and nothing after a decision', () => {
    expect(appealStepError('lodged', 'criteria')).toBeUndefined();
    expect(appealStepError('lodged', 'outcome')).toBe('Check the appeal against the appeal criteria before recording an outcome');
    expect(appealStepError('lodged', 'panel')).toBe('Check the appeal against the appeal criteria before appointing a panel');
    expect(appealStepError('awaiting_panel', 'outcome')).toBe('Record the appeal panel before recording an outcome');
    expect(appealStepError('awaiting_panel', 'criteria')).toBe('The appeal criteria have already been checked');
    expect(appealStepError('panel_convened', 'panel')).toBeUndefined();
    expect(appealStepError('panel_convened', 'outcome')).toBeUndefined();
    for (const action of ['criteria', 'panel', 'outcome'] as const) expect(appealStepError('decided', action)).toBe('This appeal has been decided: it can no longer change');
  });

  it('reaches an outcome only through the criteria and the panel (property over every sequence of steps)', () => {
    const next = { criteria: 'awaiting_panel', panel: 'panel_convened', outcome: 'decided' } as const;
    fc.assert(fc.property(fc.array(fc.constantFrom('criteria', 'panel', 'outcome'), { maxLength: 8 }), (actions) => {
      let status: (typeof APPEAL_STATUSES)[number] = 'lodged';
      const taken: string[] = [];
      for (const a of actions) {
        if (appealStepError(status, a)) continue;
        taken.push(a);
        status = next[a];
      }
      if (taken.includes('outcome')) expect(taken.indexOf('criteria')).toBeLessThan(taken.indexOf('panel'));
      if (taken.includes('outcome')) expect(taken.indexOf('panel')).toBeLessThan(taken.indexOf('outcome'));
    }));
  });

  it('needs a rationale, and a remedy that fits what was appealed only when upheld', () => {
    const rationale = 'The panel found the refusal relied on a misidentified record.';
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'clearance_granted' }, 'refusal', { convictionRule: null })).toEqual([]);
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'withdrawal_reversed' }, 'refusal', { convictionRule: null }).map((e) => e.field)).toEqual(['remedy']);
    expect(outcomeErrors({ outcome: 'not_upheld', rationale: 'short' }, 'refusal', { convictionRule: null }).map((e) => e.field)).toEqual(['rationale']);
    expect(outcomeErrors({ outcome: 'not_upheld', rationale, remedy: 'clearance_granted' }, 'refusal', { convictionRule: null }).map((e) => e.field)).toEqual(['remedy']);
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'conditions_varied' }, 'conditions', { convictionRule: null }).map((e) => e.field)).toEqual(['remedyNote']);
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'withdrawal_reversed' }, 'withdrawal', { convictionRule: null })).toEqual([]);
  });

  it('does not let a panel grant clearance straight over a mandatory rejection, but lets it send the case back', () => {
    const rationale = 'The conviction on the record belongs to someone else with the same name.';
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'clearance_granted' }, 'refusal', { convictionRule: 'mandatory_rejection' }).map((e) => e.field)).toEqual(['remedy']);
    expect(outcomeErrors({ outcome: 'upheld', rationale, remedy: 'fresh_decision' }, 'refusal', { convictionRule: 'mandatory_rejection' })).toEqual([]);
  });
});

describe('appeal letters', () => {
  const appeal = (over: Partial<Appeal>): Appeal => ({
    id: 'a', reference: 'APL-2026-000001', applicationId: 'x', decisionId: 'd', withdrawalId: null, against: 'refusal', lodgedOn: '2026-12-10', decisionNotifiedOn: '2026-11-23',
    dueOn: '2026-12-07', inTime: false, grounds: 'I disagree', lateReason: null, status: 'decided', criteria: DEFAULT_CRITERIA.map((c) => ({ ...c, met: c.kind === 'required', notes: 'n' })),
    lateAccepted: false, lateNote: null, criteriaCheckedOn: '2026-12-11', criteriaCheckedByLabel: 'Vetting manager', panelDate: null, outcome: 'criteria_not_met', decidedOn: '2026-12-11',
    rationale: null, remedy: null, remedyNote: null, resultingApplicationId: null, decidedByLabel: 'Vetting manager', version: 2, panel: [], ...over,
  });

  it('tells the appellant which criteria were not met, with the dates of a late appeal', () => {
    expect(unmetReasons(appeal({}))).toEqual([
      'It was received on 10 December 2026, after the time limit for appealing ended on 7 December 2026.',
      expect.stringMatching(/^It does not show any of the grounds on which an appeal can be considered: there is new information/),
    ]);
    const letter = appealLetter({ appeal: appeal({}), applicantName: 'Orla Fenwick-Tarn', applicationReference: 'VET-2026-000001', furtherAppealToTribunal: false });
    expect(letter.title).toBe('Vetting appeal: the appeal criteria are not met');
    expect(letter.sections.map((s) => s.heading)).not.toContain('Further appeal');
    expect(JSON.stringify(letter)).not.toContain('"n"');
  });

  it('keeps the panel’s rationale out of the letter and names the tribunal for an officer’s withdrawal appeal', () => {
    const decided = appeal({ against: 'withdrawal', outcome: 'not_upheld', inTime: true, rationale: 'Secret intelligence grading 3', panel: [{ userId: 'u', displayName: 'Chair Person', panelRole: 'chair', seniority: 4 }], panelDate: '2026-12-20', decidedOn: '2026-12-20' });
    const letter = appealLetter({ appeal: decided, applicantName: 'Orla Fenwick-Tarn', applicationReference: 'VET-2026-000001', furtherAppealToTribunal: true });
    expect(letter.title).toBe('Vetting appeal: not upheld');
    expect(letter.sender).toMatchObject({ name: 'Chair Person', role: 'Chair of the vetting appeal panel' });
    expect(JSON.stringify(letter)).not.toContain('Secret intelligence');
    expect(letter.sections.map((s) => s.heading)).toContain('Further appeal');
  });
});

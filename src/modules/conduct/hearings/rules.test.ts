import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PANEL_COMPOSITIONS, DEFAULT_PUBLICATION_PERIODS, appealRoute, compositionInForce, dueDate, isLive, panelErrors, panelSlots, publicationRefusal, publicationWindow, reviewBody, reviewDueOn,
  type PanelMember,
} from './rules.js';

const post2024: PanelMember[] = [
  { type: 'chief_officer_chair', name: 'ACC Wren Holloway' }, { type: 'independent_member', name: 'Mira Castellan' },
  { type: 'independent_member', name: 'Odo Pellingham' }, { type: 'legally_qualified_adviser', name: 'Tamsin Greave' },
];
const pre2024: PanelMember[] = [{ type: 'legally_qualified_chair', name: 'Lorcan Ashby' }, { type: 'senior_officer', name: 'Supt Ivy Rennet' }, { type: 'independent_member', name: 'Mira Castellan' }];

describe('panel composition by date', () => {
  it('uses the legally qualified chair before 7 May 2024 and the chief officer as chair from that day', () => {
    expect(compositionInForce('misconduct_hearing', '2024-05-06', DEFAULT_PANEL_COMPOSITIONS)?.required).toEqual({ legally_qualified_chair: 1, senior_officer: 1, independent_member: 1 });
    expect(compositionInForce('misconduct_hearing', '2024-05-07', DEFAULT_PANEL_COMPOSITIONS)?.required).toEqual({ chief_officer_chair: 1, independent_member: 2, legally_qualified_adviser: 1 });
    expect(panelErrors('misconduct_hearing', '2024-05-06', pre2024, DEFAULT_PANEL_COMPOSITIONS)).toEqual([]);
    expect(panelErrors('misconduct_hearing', '2024-05-07', post2024, DEFAULT_PANEL_COMPOSITIONS)).toEqual([]);
    const wrong = panelErrors('misconduct_hearing', '2026-03-02', pre2024, DEFAULT_PANEL_COMPOSITIONS);
    expect(wrong).toEqual([{ field: 'panel', message: expect.stringContaining('2 independent member') }]);
    expect(panelErrors('misconduct_hearing', '2026-03-02', post2024.slice(0, 3), DEFAULT_PANEL_COMPOSITIONS)).toHaveLength(1);
    expect(panelErrors('misconduct_hearing', '2026-03-02', [...post2024, { type: 'senior_officer', name: 'Extra' }], DEFAULT_PANEL_COMPOSITIONS)).toHaveLength(1);
  });

  it('follows a force’s own list, and refuses a date no entry covers', () => {
    const own = [{ from: '2027-01-01', kind: 'misconduct_hearing' as const, required: { chief_officer_chair: 1, independent_member: 1 } }];
    expect(panelErrors('misconduct_hearing', '2027-02-01', post2024.slice(0, 2), own)).toEqual([]);
    expect(panelErrors('misconduct_hearing', '2026-12-31', post2024.slice(0, 2), own)[0]!.message).toContain('No panel composition is set');
    expect(panelSlots(compositionInForce('misconduct_hearing', '2026-01-01', DEFAULT_PANEL_COMPOSITIONS)).map((s) => s.label)).toEqual([
      expect.stringMatching(/^Chair/), expect.stringMatching(/^Independent member.* 1$/), expect.stringMatching(/^Independent member.* 2$/), expect.stringMatching(/^Legally qualified person/),
    ]);
    expect(panelErrors('misconduct_meeting', '2026-01-01', [{ type: 'person_conducting', name: 'Ch Insp Rook' }], DEFAULT_PANEL_COMPOSITIONS)).toEqual([]);
  });
});

describe('time limits', () => {
  it('gives the chair’s report 5 working days after the proceedings end, skipping weekends and bank holidays', () => {
    expect(dueDate('2026-11-23', { days: 5, unit: 'working' })).toBe('2026-11-30'); // Monday → next Monday
    expect(dueDate('2026-12-23', { days: 5, unit: 'working' })).toBe('2027-01-04'); // over Christmas, Boxing Day substitute and New Year
    expect(dueDate('2026-12-23', { days: 5, unit: 'working' }, [])).toBe('2026-12-30');
    expect(dueDate('2026-11-23', { days: 10, unit: 'calendar' })).toBe('2026-12-03');
  });

  it('gives a complainant 28 days from the day after the letter to apply for a review', () => {
    expect(reviewDueOn('2026-11-02', 28)).toBe('2026-11-30');
    expect(reviewBody([], ['referred_to_iopc', 'senior_officer_subject'])).toBe('local_policing_body');
    expect(reviewBody(['referred_to_iopc'], ['referred_to_iopc', 'senior_officer_subject'])).toBe('iopc');
    expect(reviewBody(['could_justify_proceedings'], ['referred_to_iopc'])).toBe('local_policing_body');
  });

  it('sends a meeting’s appeal within the force and a hearing’s to the Police Appeals Tribunal', () => {
    expect(appealRoute('misconduct_meeting')).toBe('appeal_meeting');
    expect(appealRoute('misconduct_hearing')).toBe('police_appeals_tribunal');
    expect(appealRoute('accelerated_hearing')).toBe('police_appeals_tribunal');
  });
});

describe('publication window', () => {
  const hearing = { kind: 'misconduct_hearing' as const, inPublic: true, hearingDate: '2026-12-07', endsOn: '2026-12-09', concludedOn: null };
  it('keeps a notice up until the hearing’s last day and an outcome for the configured period', () => {
    expect(publicationWindow(hearing, 'notice', '2026-11-25', DEFAULT_PUBLICATION_PERIODS)).toEqual({ from: '2026-11-25', until: '2026-12-09' });
    expect(publicationWindow(hearing, 'notice', '2026-11-25', { noticeDaysAfterHearing: 2, outcomeDays: 28 }).until).toBe('2026-12-11');
    expect(publicationWindow({ ...hearing, concludedOn: '2026-12-09' }, 'outcome', '2026-12-10', DEFAULT_PUBLICATION_PERIODS)).toEqual({ from: '2026-12-10', until: '2027-01-06' });
    const live = { publishedOn: '2026-12-10', publishedUntil: '2027-01-06', withdrawnAt: null };
    expect([isLive(live, '2026-12-09'), isLive(live, '2026-12-10'), isLive(live, '2027-01-06'), isLive(live, '2027-01-07')]).toEqual([false, true, true, false]);
    expect(isLive({ ...live, withdrawnAt: '2026-12-11T10:00:00Z' }, '2026-12-12')).toBe(false);
  });

  it('never publishes a meeting or a private hearing, and publishes outcomes only after the hearing', () => {
    expect(publicationRefusal({ ...hearing, kind: 'misconduct_meeting', inPublic: false }, 'notice', '2026-11-25')).toContain('meetings');
    expect(publicationRefusal({ ...hearing, inPublic: false }, 'notice', '2026-11-25')).toContain('not in public');
    expect(publicationRefusal(hearing, 'notice', '2026-11-25')).toBeUndefined();
    expect(publicationRefusal(hearing, 'notice', '2026-12-10')).toContain('over');
    expect(publicationRefusal(hearing, 'outcome', '2026-12-10')).toContain('concluded');
    expect(publicationRefusal({ ...hearing, concludedOn: '2026-12-09' }, 'outcome', '2026-12-10')).toBeUndefined();
  });
});

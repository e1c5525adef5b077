import { describe, expect, it } from 'vitest';
import { demoInvestigations, demoUuid } from './demo.js';
import { clockText } from './presenters.js';
import {
  DEFAULT_WIDER_INQUIRIES, addMonths, addWorkingDays, isCriminalAllegation, missingWiderInquiries, noticeErrors, openLineBlockers, reviewDue, reviewsDue, twelveMonthClock,
} from './rules.js';

const intervals = { supervisoryDays: 28, inspectorDays: 84, criminalMonths: 1 };

describe('review-due rules', () => {
  it('counts the interval from the last review, or from when the clock started', () => {
    expect(reviewDue('supervisory', '2026-01-05', null, intervals, '2026-02-02')).toEqual({ kind: 'supervisory', dueOn: '2026-02-02', overdue: false, daysOverdue: 0, lastReviewedOn: null });
    expect(reviewDue('supervisory', '2026-01-05', null, intervals, '2026-02-05')).toMatchObject({ overdue: true, daysOverdue: 3 });
    expect(reviewDue('supervisory', '2026-01-05', '2026-01-30', intervals, '2026-02-05')).toMatchObject({ dueOn: '2026-02-27', overdue: false });
    expect(reviewDue('inspector', '2026-01-05', null, intervals, '2026-02-05').dueOn).toBe('2026-03-30');
    // A review recorded before the investigation opened does not count towards it.
    expect(reviewDue('supervisory', '2026-01-05', '2025-12-01', intervals, '2026-01-10').dueOn).toBe('2026-02-02');
  });

  it('runs criminal-allegation reviews by calendar month, clamped to the month’s end', () => {
    expect(reviewDue('criminal', '2026-01-31', null, intervals, '2026-03-01')).toMatchObject({ dueOn: '2026-02-28', overdue: true, daysOverdue: 1 });
    expect(reviewDue('criminal', '2026-01-31', '2026-03-15', { ...intervals, criminalMonths: 2 }, '2026-03-16').dueOn).toBe('2026-05-15');
  });

  it('asks for supervisory and inspector reviews only with a plan, criminal ones only for criminal allegations, none once finalised', () => {
    const facts = { caseStatus: 'assessed', planOpenedOn: '2026-01-05', receivedOn: '2025-12-20', criminal: false, lastReviews: {} };
    expect(reviewsDue(facts, intervals, '2026-02-01').map((d) => d.kind)).toEqual(['supervisory', 'inspector']);
    expect(reviewsDue({ ...facts, planOpenedOn: null, criminal: true }, intervals, '2026-02-01')).toEqual([{ kind: 'criminal', dueOn: '2026-01-20', overdue: true, daysOverdue: 12, lastReviewedOn: null }]);
    expect(reviewsDue({ ...facts, criminal: true, caseStatus: 'finalised' }, intervals, '2026-02-01')).toEqual([]);
  });

  it('treats a case as a criminal allegation when flagged so or marked under criminal investigation', () => {
    expect(isCriminalAllegation(['colleague_criminal_allegation'], false)).toBe(true);
    expect(isCriminalAllegation(['vawg'], true)).toBe(true);
    expect(isCriminalAllegation(['vawg'], false)).toBe(false);
  });
});

describe('the 12-month clock', () => {
  it('has not started until the case is recorded', () => {
    expect(twelveMonthClock(null, null, '2026-05-01')).toEqual({ started: false });
  });

  it('counts down to 12 months from the recorded date', () => {
    expect(twelveMonthClock('2026-01-15', null, '2026-12-15')).toEqual({ started: true, startedOn: '2026-01-15', endsOn: '2027-01-15', daysRemaining: 31, past: false, stopped: false, nextReportDue: null });
    expect(twelveMonthClock('2024-02-29', null, '2025-02-28')).toMatchObject({ endsOn: '2025-02-28', past: false, daysRemaining: 0 });
  });

  it('once past, gives the next 6-monthly report to the local policing body', () => {
    expect(twelveMonthClock('2025-01-10', null, '2026-03-01')).toMatchObject({ past: true, daysRemaining: -50, nextReportDue: '2026-07-10' });
    expect(twelveMonthClock('2025-01-10', null, '2026-01-11')).toMatchObject({ past: true, nextReportDue: '2026-07-10' });
    expect(twelveMonthClock('2024-01-10', null, '2026-01-11')).toMatchObject({ past: true, nextReportDue: '2026-07-10' });
  });

  it('stops at finalisation', () => {
    const clock = twelveMonthClock('2025-01-10', '2026-02-09', '2026-06-01');
    expect(clock).toMatchObject({ past: true, stopped: true, daysRemaining: -30, nextReportDue: null });
    expect(clockText(clock, (d) => d)).toBe('Finalised 30 days after the 12 months ended (2026-01-10)');
  });
});

describe('wider inquiries for prejudicial and improper behaviour', () => {
  it('pre-lists all six for a PIB case and only those still missing', () => {
    expect(missingWiderInquiries(['prejudicial_improper_behaviour'], [], DEFAULT_WIDER_INQUIRIES).map((w) => w.title)).toEqual([
      'The subject’s use of IT systems', 'Incidents attended or connected to', 'Work mobile device use', 'Body-worn video', 'Radio location checks', 'Misconduct history',
    ]);
    expect(missingWiderInquiries(['prejudicial_improper_behaviour'], ['it_systems', null, 'body_worn_video'], DEFAULT_WIDER_INQUIRIES)).toHaveLength(4);
    expect(missingWiderInquiries(['apsp', 'vawg'], [], DEFAULT_WIDER_INQUIRIES)).toEqual([]);
  });

  it('blocks finalisation with one sentence per open line', () => {
    expect(openLineBlockers([{ title: 'Body-worn video', status: 'open' }, { title: 'Misconduct history', status: 'done' }, { title: 'CCTV', status: 'open' }, { title: 'Radio', status: 'closed' }]))
      .toEqual(["Line of inquiry 'Body-worn video' is still open", "Line of inquiry 'CCTV' is still open"]);
  });
});

describe('notices', () => {
  const base = { kind: 'regulation_17' as const, servedOn: '2026-03-02', method: 'in_person', subjectIsOfficer: true, caseReceivedOn: '2026-02-01', today: '2026-03-10' };
  it('serves regulation 17 notices on officers only, not in the future, and by e-mail only from 28 May 2025', () => {
    expect(noticeErrors(base)).toEqual([]);
    expect(noticeErrors({ ...base, subjectIsOfficer: false }).map((e) => e.field)).toEqual(['kind']);
    expect(noticeErrors({ ...base, kind: 'staff_investigation_notice' }).map((e) => e.field)).toEqual(['kind']);
    expect(noticeErrors({ ...base, servedOn: '2026-03-11' }).map((e) => e.field)).toEqual(['servedOn']);
    expect(noticeErrors({ ...base, servedOn: '2025-05-27', caseReceivedOn: '2025-05-01', method: 'email' }).map((e) => e.field)).toEqual(['method']);
    expect(noticeErrors({ ...base, servedOn: '2025-05-28', caseReceivedOn: '2025-05-01', method: 'email' })).toEqual([]);
  });

  it('gives the response due date in working days', () => {
    expect(addWorkingDays('2026-03-06', 10)).toBe('2026-03-20'); // a Friday: two weekends in between
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // Saturday → Monday
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });
});

describe('demo investigations', () => {
  const cases = Array.from({ length: 60 }, (_, i) => ({
    caseId: demoUuid(7, `case/${i}`), recordedOn: `2025-${String((i % 12) + 1).padStart(2, '0')}-10`, finalisedOn: i % 3 === 0 ? '2026-06-30' : null, pib: i % 4 === 0,
  }));

  it('is deterministic and keeps every row within the schema’s rules', () => {
    const a = demoInvestigations(cases, { seed: 42, asOf: '2026-09-01' });
    expect(demoInvestigations(cases, { seed: 42, asOf: '2026-09-01' })).toEqual(a);
    expect(demoInvestigations(cases, { seed: 43, asOf: '2026-09-01' })).not.toEqual(a);
    expect(a.plans).toHaveLength(60);
    expect(new Set(a.lines.map((l) => l.id)).size).toBe(a.lines.length);
    for (const l of a.lines) expect(l.status === 'open').toBe(l.conclusion === null && l.concluded_on === null);
    for (const r of a.reviews) expect(String(r.reviewed_on) <= '2026-09-01').toBe(true);
    // Every PIB case has all six wider inquiries.
    for (const c of cases.filter((x) => x.pib)) expect(a.lines.filter((l) => l.case_id === c.caseId && l.wider_inquiry).length).toBe(6);
  });

  it('includes stale open lines on open cases: no progress for months', () => {
    const { lines } = demoInvestigations(cases, { seed: 42, asOf: '2026-09-01', staleShare: 0.5 });
    const open = new Set(cases.filter((c) => !c.finalisedOn).map((c) => c.caseId));
    const stale = lines.filter((l) => l.status === 'open' && open.has(String(l.case_id)) && (l.last_progress_on === null || String(l.last_progress_on) < '2026-06-01'));
    expect(stale.length).toBeGreaterThan(5);
  });
});

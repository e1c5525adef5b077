import { describe, expect, it } from 'vitest';
import type { Interview } from './data.js';
import { arrangementsText, gapText, interviewStateText, sectionRows, summaryWarnings, verificationText } from './presenters.js';
import { historyCoverage } from './rules.js';
import type { PreEmploymentSummary } from './service.js';

const interview = (over: Partial<Interview>): Interview => ({
  id: 'i1', scheduledAt: '2026-07-15T09:30:00.000Z', mode: 'in_person', location: 'Headquarters', interviewerName: 'Vetting Officer Pell Ashdown',
  status: 'scheduled', heldOn: null, summary: null, copyGivenOn: null, outcomeNote: null, record: null, version: 1, ...over,
});

function summary(over: { entries?: { fromOn: string; toOn: string | null }[]; employment?: Partial<PreEmploymentSummary['employment']>; qualifications?: Partial<PreEmploymentSummary['qualifications']>; interviews?: Partial<PreEmploymentSummary['interviews']> }): PreEmploymentSummary {
  const coverage = historyCoverage(over.entries ?? [{ fromOn: '2015-01-01', toOn: null }], '2026-06-30');
  return {
    applicationId: 'a1', frozen: false,
    employment: { count: 1, coverage, notYetVerified: 0, couldNotVerify: 0, ...over.employment },
    qualifications: { count: 0, notYetVerified: 0, couldNotVerify: 0, neededNotVerified: 0, ...over.qualifications },
    interviews: { count: 0, next: undefined, held: 0, copyOutstanding: 0, cancelledOrMissed: 0, ...over.interviews },
  };
}

describe('pre-employment presenters', () => {
  it('says where each gap sits', () => {
    const c = historyCoverage([{ fromOn: '2022-01-01', toOn: '2023-12-31' }, { fromOn: '2024-03-01', toOn: '2026-03-31' }], '2026-06-30');
    expect(c.gaps.map((g) => gapText(g, c))).toEqual([
      'The history does not reach back 5 years: nothing is recorded from 30 June 2021 to 31 December 2021 (185 days)',
      'Gap from 1 January 2024 to 29 February 2024 (60 days)',
      'Nothing is recorded from 1 April 2026 to 30 June 2026 (91 days), up to when the application was received',
    ]);
    const none = historyCoverage([], '2026-06-30', { years: 1, toleranceDays: 28 });
    expect(gapText(none.gaps[0]!, none)).toBe('Nothing is recorded for the 1 year before the application was received: 30 June 2025 to 30 June 2026 (366 days)');
  });

  it('warns about gaps, unverified entries, qualifications the post needs and copies not given, and nothing when all is well', () => {
    expect(summaryWarnings(summary({}))).toEqual([]);
    expect(summaryWarnings(summary({
      entries: [{ fromOn: '2023-01-01', toOn: '2025-01-01' }, { fromOn: '2025-06-01', toOn: null }],
      employment: { notYetVerified: 2, couldNotVerify: 1 },
      qualifications: { count: 3, notYetVerified: 2, couldNotVerify: 1, neededNotVerified: 1 },
      interviews: { count: 1, held: 1, copyOutstanding: 1 },
    }))).toEqual([
      'The employment history does not reach back 5 years (to 30 June 2021)',
      '1 gap of more than 28 days in the employment history',
      '2 employment history entries not yet verified',
      '1 employment history entry could not be verified',
      '1 qualification the post needs is not verified',
      '2 other qualifications not verified',
      '1 interview record has not yet been given to the interviewee',
    ]);
  });

  it('summarises the three parts in one row each', () => {
    const rows = sectionRows(summary({ employment: { count: 2, notYetVerified: 1 }, interviews: { count: 2, next: interview({}), held: 1, copyOutstanding: 1 } }));
    expect(rows.map((r) => r.value.text)).toEqual([
      '2 entries, no gaps, 1 not yet verified',
      '0 qualifications',
      'next on 15 July 2026 at 10:30am, 1 held, 1 copy not yet given',
    ]);
  });

  it('describes verification and an interview’s state in words', () => {
    expect(verificationText({ verification: 'verified', verificationMethod: 'employer_contact', verifiedBy: 'Pell Ashdown', verifiedOn: '2026-07-02', unverifiedReason: null }))
      .toBe('Verified by contact with the employer: Pell Ashdown, 2 July 2026');
    expect(verificationText({ verification: 'could_not_verify', verificationMethod: null, verifiedBy: null, verifiedOn: null, unverifiedReason: 'Employer dissolved' })).toBe('Could not be verified: Employer dissolved');
    expect(arrangementsText(interview({}))).toBe('15 July 2026 at 10:30am, at Headquarters, with Vetting Officer Pell Ashdown');
    expect(arrangementsText(interview({ mode: 'video', location: null }))).toBe('15 July 2026 at 10:30am, by video, with Vetting Officer Pell Ashdown');
    expect(interviewStateText(interview({ status: 'held', heldOn: '2026-07-15', summary: 'Notes', record: { fileName: 'r.pdf', mediaType: 'application/pdf', sizeBytes: 10, sha256: 'x', uploadedAt: '2026-07-15T12:00:00.000Z', uploadedByLabel: 'u' } })))
      .toBe('Held on 15 July 2026 (summary and record attached); copy not yet given to the interviewee');
    expect(interviewStateText(interview({ status: 'did_not_attend' }))).toBe('The interviewee did not attend');
  });
});

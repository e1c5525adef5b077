import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanFileName, dayNumber, futureDateErrors, historyCoverage, isoDay, londonDateAndTime, londonToInstant, parseClockTime, recordType, yearsBefore,
  type CoverageRules, type HistoryPeriod,
} from './rules.js';

const RULES: CoverageRules = { years: 5, toleranceDays: 28 };
const at = (from: string, to: string | null): HistoryPeriod => ({ fromOn: from, toOn: to });

describe('the window the history must cover', () => {
  it('runs from the same date five years before receipt up to the received date', () => {
    const c = historyCoverage([], '2026-11-24', RULES);
    expect([c.windowFrom, c.windowTo]).toEqual(['2021-11-24', '2026-11-24']);
    expect(c.gaps).toEqual([{ fromOn: '2021-11-24', toOn: '2026-11-24', days: 1827, position: 'whole' }]);
    expect(c.reachesBack).toBe(false);
  });

  it('keeps 29 February in February and honours a configured number of years', () => {
    expect(yearsBefore('2028-02-29', 5)).toBe('2023-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
    expect(historyCoverage([], '2026-11-24', { years: 3, toleranceDays: 28 }).windowFrom).toBe('2023-11-24');
  });
});

describe('gaps in an employment history (examples)', () => {
  const received = '2026-11-24';

  it('finds none when one current job started before the window', () => {
    const c = historyCoverage([at('2015-03-01', null)], received, RULES);
    expect(c.gaps).toEqual([]);
    expect(c.shortBreaks).toEqual([]);
    expect(c.reachesBack).toBe(true);
  });

  it('reports the period before the earliest entry, and that the history does not reach back', () => {
    const c = historyCoverage([at('2023-06-01', null)], received, RULES);
    expect(c.gaps).toEqual([{ fromOn: '2021-11-24', toOn: '2023-05-31', days: 554, position: 'start' }]);
    expect(c.reachesBack).toBe(false);
  });

  it('reports the time since the last entry ended', () => {
    const c = historyCoverage([at('2019-01-01', '2026-06-30')], received, RULES);
    expect(c.gaps).toEqual([{ fromOn: '2026-07-01', toOn: '2026-11-24', days: 147, position: 'end' }]);
    expect(c.reachesBack).toBe(true);
  });

  it('treats a break of up to 28 days as a short break and 29 days as a gap', () => {
    const c = historyCoverage([at('2019-01-01', '2022-01-31'), at('2022-03-01', '2024-03-31'), at('2024-04-30', null)], received, RULES);
    expect(c.shortBreaks).toEqual([{ fromOn: '2022-02-01', toOn: '2022-02-28', days: 28, position: 'middle' }]);
    expect(c.gaps).toEqual([{ fromOn: '2024-04-01', toOn: '2024-04-29', days: 29, position: 'middle' }]);
    expect(c.gapDays).toBe(29);
  });

  it('handles unsorted, overlapping and single-day entries, and a single uncovered day', () => {
    const c = historyCoverage([
      at('2023-01-02', null), at('2020-01-01', '2022-12-30'), at('2021-05-01', '2021-07-01'), at('2022-12-30', '2022-12-30'),
    ], received, { years: 5, toleranceDays: 0 });
    expect(c.gaps).toEqual([{ fromOn: '2022-12-31', toOn: '2023-01-01', days: 2, position: 'middle' }]);
    const single = historyCoverage([at('2020-01-01', '2022-12-30'), at('2022-12-31', '2022-12-31'), at('2023-01-02', null)], received, { years: 5, toleranceDays: 0 });
    expect(single.gaps).toEqual([{ fromOn: '2023-01-01', toOn: '2023-01-01', days: 1, position: 'middle' }]);
  });

  it('ignores entries wholly outside the window and entries whose dates are impossible', () => {
    const c = historyCoverage([at('2010-01-01', '2012-01-01'), at('2027-01-01', null), at('2024-05-01', '2024-04-01'), at('2024-02-30', null), at('2019-01-01', null)], received, RULES);
    expect(c.gaps).toEqual([]);
    expect(historyCoverage([at('2010-01-01', '2012-01-01'), at('2027-01-01', null)], received, RULES).gaps).toHaveLength(1);
  });

  it('covers the received date itself: history ending the day before leaves a one-day break', () => {
    const c = historyCoverage([at('2019-01-01', '2026-11-23')], received, RULES);
    expect(c.shortBreaks).toEqual([{ fromOn: '2026-11-24', toOn: '2026-11-24', days: 1, position: 'end' }]);
    expect(c.gaps).toEqual([]);
  });
});

// ---- properties, against a day-by-day oracle -------------------------------------------------------

const RECEIVED_FROM = dayNumber('2000-01-01')!;
const RECEIVED_TO = dayNumber('2040-12-31')!;

/** An application (received date, rules) and entries placed around its window, some open-ended, some before or after it. */
const scenario = fc
  .record({ received: fc.integer({ min: RECEIVED_FROM, max: RECEIVED_TO }), years: fc.integer({ min: 1, max: 6 }), toleranceDays: fc.integer({ min: 0, max: 60 }) })
  .chain(({ received, years, toleranceDays }) => {
    const span = years * 366;
    const entry = fc.record({ start: fc.integer({ min: received - span - 400, max: received + 30 }), length: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null, freq: 6 }) })
      .map(({ start, length }): HistoryPeriod => ({ fromOn: isoDay(start), toOn: length === null ? null : isoDay(start + length) }));
    return fc.record({ receivedOn: fc.constant(isoDay(received)), rules: fc.constant({ years, toleranceDays }), entries: fc.array(entry, { maxLength: 12 }) });
  });

/** A career as people write it: entries one after another, with breaks near the tolerance, overlaps and single days. */
const career = fc
  .record({ received: fc.integer({ min: RECEIVED_FROM, max: RECEIVED_TO }), years: fc.integer({ min: 1, max: 3 }), toleranceDays: fc.integer({ min: 0, max: 5 }) })
  .chain(({ received, years, toleranceDays }) => {
    const step = fc.record({ breakDays: fc.integer({ min: -3, max: toleranceDays + 3 }), length: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })) });
    return fc.record({ firstStart: fc.integer({ min: received - years * 366 - 30, max: received - years * 366 + 30 }), steps: fc.array(step, { minLength: 1, maxLength: 10 }), openEnded: fc.boolean() })
      .map(({ firstStart, steps, openEnded }) => {
        const entries: HistoryPeriod[] = [];
        let start = firstStart;
        steps.forEach(({ breakDays, length }, i) => {
          const end = start + length;
          entries.push({ fromOn: isoDay(start), toOn: openEnded && i === steps.length - 1 ? null : isoDay(end) });
          start = end + 1 + breakDays;
        });
        return { receivedOn: isoDay(received), rules: { years, toleranceDays }, entries: entries.reverse() };
      });
  });

/** Straight from the definition: walk every day of the window and collect the runs no entry covers. */
function oracle(entries: readonly HistoryPeriod[], receivedOn: string, rules: CoverageRules) {
  const first = dayNumber(yearsBefore(receivedOn, rules.years))!;
  const last = dayNumber(receivedOn)!;
  const covered = (d: number) => entries.some((e) => dayNumber(e.fromOn)! <= d && (e.toOn === null || d <= dayNumber(e.toOn)!));
  const runs: { fromOn: string; toOn: string; days: number }[] = [];
  let start: number | undefined;
  for (let d = first; d <= last + 1; d++) {
    const open = d <= last && !covered(d);
    if (open && start === undefined) start = d;
    if (!open && start !== undefined) {
      runs.push({ fromOn: isoDay(start), toOn: isoDay(d - 1), days: d - start });
      start = undefined;
    }
  }
  return { gaps: runs.filter((r) => r.days > rules.toleranceDays), shortBreaks: runs.filter((r) => r.days <= rules.toleranceDays), first: isoDay(first) };
}

const strip = (xs: { fromOn: string; toOn: string; days: number }[]) => xs.map(({ fromOn, toOn, days }) => ({ fromOn, toOn, days }));

describe('gaps in an employment history (properties)', () => {
  it('reports exactly the uncovered runs a day-by-day walk finds, split by the tolerance', () => {
    fc.assert(fc.property(fc.oneof(scenario, career), ({ entries, receivedOn, rules }) => {
      const c = historyCoverage(entries, receivedOn, rules);
      const o = oracle(entries, receivedOn, rules);
      expect(strip(c.gaps)).toEqual(o.gaps);
      expect(strip(c.shortBreaks)).toEqual(o.shortBreaks);
      expect(c.reachesBack).toBe(!o.gaps.some((g) => g.fromOn === o.first));
      expect(c.gapDays).toBe(o.gaps.reduce((n, g) => n + g.days, 0));
    }), { numRuns: 500 });
  });

  it('gives gaps in order, inside the window, separated by covered days, each longer than the tolerance', () => {
    fc.assert(fc.property(scenario, ({ entries, receivedOn, rules }) => {
      const c = historyCoverage(entries, receivedOn, rules);
      const all = [...c.gaps, ...c.shortBreaks].sort((a, b) => a.fromOn.localeCompare(b.fromOn));
      for (const g of c.gaps) expect(g.days).toBeGreaterThan(rules.toleranceDays);
      for (const g of all) {
        expect(g.fromOn >= c.windowFrom && g.toOn <= c.windowTo && g.fromOn <= g.toOn).toBe(true);
        expect(dayNumber(g.toOn)! - dayNumber(g.fromOn)! + 1).toBe(g.days);
      }
      for (let i = 1; i < all.length; i++) expect(dayNumber(all[i]!.fromOn)! - dayNumber(all[i - 1]!.toOn)!).toBeGreaterThan(1);
    }), { numRuns: 200 });
  });

  it('does not depend on the order of the entries or on duplicates', () => {
    fc.assert(fc.property(scenario, fc.infiniteStream(fc.nat()), ({ entries, receivedOn, rules }, seeds) => {
      const keyed = entries.map((e) => ({ e, k: seeds.next().value as number }));
      const shuffled = keyed.sort((a, b) => a.k - b.k).map((x) => x.e);
      const base = historyCoverage(entries, receivedOn, rules);
      expect(historyCoverage(shuffled, receivedOn, rules)).toEqual(base);
      expect(historyCoverage([...entries, ...entries.slice(0, 3)], receivedOn, rules)).toEqual(base);
    }), { numRuns: 150 });
  });

  it('never finds more gap days when an entry is added, and none once an open-ended entry starts before the window', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 900 }), ({ entries, receivedOn, rules }, offset, length) => {
      const before = historyCoverage(entries, receivedOn, rules);
      const start = dayNumber(receivedOn)! - offset;
      const after = historyCoverage([...entries, { fromOn: isoDay(start), toOn: isoDay(start + length) }], receivedOn, rules);
      const uncovered = (c: typeof before) => [...c.gaps, ...c.shortBreaks].reduce((n, g) => n + g.days, 0);
      expect(uncovered(after)).toBeLessThanOrEqual(uncovered(before));
      const everything = historyCoverage([...entries, { fromOn: before.windowFrom, toOn: null }], receivedOn, rules);
      expect([everything.gaps, everything.shortBreaks, everything.reachesBack]).toEqual([[], [], true]);
    }), { numRuns: 150 });
  });

  it('gives the same answer when an entry is split into two that meet', () => {
    fc.assert(fc.property(scenario, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), ({ entries, receivedOn, rules }, pick, where) => {
      if (!entries.length) return;
      const chosen = entries[pick % entries.length]!;
      const from = dayNumber(chosen.fromOn)!;
      const to = chosen.toOn === null ? dayNumber(receivedOn)! + 10 : dayNumber(chosen.toOn)!;
      if (to <= from) return;
      const cut = from + Math.floor(where * (to - from));
      const split = entries.filter((e) => e !== chosen).concat([{ fromOn: chosen.fromOn, toOn: isoDay(cut) }, { fromOn: isoDay(cut + 1), toOn: chosen.toOn }]);
      expect(historyCoverage(split, receivedOn, rules)).toEqual(historyCoverage(entries, receivedOn, rules));
    }), { numRuns: 150 });
  });
});

describe('dates that must not be in the future', () => {
  it('names each date after today, and accepts today and blanks', () => {
    const labels = { fromOn: 'date it started', toOn: 'date it ended', verifiedOn: 'date it was verified' };
    expect(futureDateErrors({ fromOn: '2026-11-23', toOn: '2026-11-24', verifiedOn: undefined }, '2026-11-23', labels)).toEqual([{ field: 'toOn', message: 'The date it ended must be today or in the past' }]);
    expect(futureDateErrors({ fromOn: '2020-01-01', toOn: null }, '2026-11-23', labels)).toEqual([]);
  });
});

describe('interview times on a London clock', () => {
  it('reads clock times written in several ways, and refuses impossible ones', () => {
    expect(['14:30', '9.05', '2:30pm', '2pm', '12am', '12:15pm'].map(parseClockTime)).toEqual(['14:30', '09:05', '14:30', '14:00', '00:00', '12:15']);
    expect(['24:00', '14', '13pm', '9:60', 'noon', ''].map(parseClockTime)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('converts London clock times to instants in winter and summer, and back', () => {
    expect(londonToInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T10:00:00.000Z');
    expect(londonToInstant('2026-07-15', '10:00').toISOString()).toBe('2026-07-15T09:00:00.000Z');
    expect(londonToInstant('2026-10-25', '00:30').toISOString()).toBe('2026-10-24T23:30:00.000Z'); // still BST before 02:00
    expect(londonDateAndTime('2026-07-15T09:00:00.000Z')).toEqual({ date: '2026-07-15', time: '10:00' });
    fc.assert(fc.property(fc.integer({ min: dayNumber('2020-01-01')!, max: dayNumber('2035-12-31')! }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, h, m) => {
      const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      const back = londonDateAndTime(londonToInstant(isoDay(day), time));
      // Only the hour the clocks skip in spring fails to round-trip; it moves an hour later.
      if (back.time !== time) expect(back).toEqual({ date: isoDay(day), time: `${String(h + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}` });
      else expect(back.date).toBe(isoDay(day));
    }), { numRuns: 300 });
  });
});

describe('interview record files', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('accepts PDF, Word and plain text by content as well as by name', () => {
    expect(recordType('record.pdf', bytes('%PDF-1.7\n…'))).toEqual({ mediaType: 'application/pdf' });
    expect(recordType('Record.DOCX', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({ mediaType: expect.stringContaining('wordprocessingml') });
    expect(recordType('old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toEqual({ mediaType: 'application/msword' });
    expect(recordType('notes.txt', bytes('Interview notes – agreed summary'))).toEqual({ mediaType: 'text/plain; charset=utf-8' });
  });

  it('refuses other types, renamed files, binary “text” and empty files', () => {
    expect(recordType('photo.jpg', bytes('\xff\xd8'))).toHaveProperty('error');
    expect(recordType('record.pdf', bytes('not a pdf'))).toEqual({ error: expect.stringContaining('not a PDF file') });
    expect(recordType('notes.txt', new Uint8Array([0x41, 0, 0x42]))).toEqual({ error: expect.stringContaining('not a plain text file') });
    expect(recordType('notes.txt', new Uint8Array([0xc3, 0x28]))).toHaveProperty('error');
    expect(recordType('record.pdf', new Uint8Array())).toEqual({ error: 'The selected file is empty' });
    expect(recordType('no-extension', bytes('%PDF-'))).toHaveProperty('error');
  });

  it('keeps only a safe last part of a file name', () => {
    expect(cleanFileName('C:\\Users\\me\\Interview "final".pdf')).toBe('Interview final.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('\u0000')).toBe('record');
  });
});

import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('formula-safe CSV', () => {
  it('keeps anything a spreadsheet would run as a formula as text', () => {
    for (const attack of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '  =1+1']) {
      expect(csvCell(attack).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
  });

  it('quotes commas, quotes and line breaks, and leaves plain text, numbers and blanks alone', () => {
    expect(csvCell('Rude, then abusive')).toBe('"Rude, then abusive"');
    expect(csvCell('He said "no"')).toBe('"He said ""no"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell('PSD-2026-ABCDEFGH')).toBe('PSD-2026-ABCDEFGH');
    expect(csvCell(-3)).toBe('-3'); // a number is a number, not a formula
    expect(csvCell(null)).toBe('');
    expect(csvCell(['C1', 'D1'])).toBe('C1; D1');
  });

  it('writes a header and one CRLF line per row', () => {
    const csv = toCsv([{ header: 'Category', value: (r: { c: string; n: number }) => r.c }, { header: 'Count', value: (r) => r.n }], [{ c: '=cmd', n: 2 }, { c: 'C1', n: 5 }]);
    expect(csv).toBe("Category,Count\r\n'=cmd,2\r\nC1,5\r\n");
  });
});

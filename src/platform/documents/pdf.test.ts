import pdfmake from 'pdfmake';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  PdfResourceError,
  formatLetterDate,
  letterDocument,
  renderPdf,
  reportDocument,
  toWinAnsi,
  type Letter,
  type PdfDefinition,
  type Report,
} from './pdf.js';

// ---------------------------------------------------------------------------------------------
// Reading the output
// ---------------------------------------------------------------------------------------------

const CREATED = new Date(Date.UTC(2026, 10, 23, 9, 30));
const PNG_1X1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Windows-1252 bytes 0x80–0x9F (Node's TextDecoder treats 'windows-1252' as Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const decodeWinAnsi = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

/** Page objects: `/Type /Page`, not `/Type /Pages`. */
function pageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type\s*\/Page(?!s)/g)].length;
}

/** The body of every (uncompressed) stream. */
function streams(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => m[1] ?? '');
}

function unescapeLiteral(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    return simple[e] ?? String.fromCharCode(parseInt(e, 8));
  });
}

/**
 * The text drawn by the content streams, decoded from WinAnsi. pdfkit writes standard-font text
 * as hex strings in TJ arrays (split wherever kerning applies) and each word as its own text
 * object, so searching the raw bytes for a phrase would not work. Literal strings are handled too.
 * A change of baseline (the y of `Tm`) becomes a line break.
 */
function drawnText(pdf: Buffer): string {
  let out = '';
  const ops = /(?:[-\d.]+\s+){5}([-\d.]+)\s+Tm|\[([^\]]*)\]\s*TJ|(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))\s*Tj/g;
  const strings = /<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g;
  const decode = (token: string): string => {
    let text = '';
    for (const s of token.matchAll(strings)) {
      text += s[1] !== undefined ? decodeWinAnsi(Buffer.from(s[1].replace(/\s/g, ''), 'hex')) : unescapeLiteral(s[2] ?? '');
    }
    return text;
  };
  for (const stream of streams(pdf)) {
    let y: string | undefined;
    for (const m of stream.matchAll(ops)) {
      if (m[1] !== undefined) {
        if (y !== undefined && m[1] !== y) out += '\n';
        y = m[1];
      } else {
        out += decode(m[2] ?? m[3] ?? '');
      }
    }
    out += '\n';
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Drawn text without white space, for containment checks: pdfmake places each word (and each
 * piece of a word it may break, such as after a hyphen or slash) separately, and where lines wrap
 * or table cells sit side by side is layout, not content. Compare with `squash(expected)`.
 */
function flatText(pdf: Buffer): string {
  return squash(drawnText(pdf));
}

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** How a string is written as a PDF literal string (metadata): `(`, `)` and `\` escaped. */
const pdfLiteral = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

function expectWellFormed(pdf: Buffer): void {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.subarray(-32).toString('latin1')).toMatch(/%%EOF\s*$/);
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const LOREM =
  'The vetting panel considered the information provided in your application, the checks carried out and the representations you made at interview.';

function refusal(sectionCount: number): Letter {
  return {
    title: 'Vetting decision: refusal (recruitment vetting)',
    reference: 'VET/2026/0042',
    date: '2026-11-23',
    protectiveMarking: 'OFFICIAL-SENSITIVE',
    recipient: { name: 'Ms Alex Example', addressLines: ['1 High Street', 'Anytown', 'AB1 2CD'] },
    sender: { name: 'Jane Smith', role: 'Force Vetting Manager', unit: 'Force Vetting Unit' },
    sections: Array.from({ length: sectionCount }, (_, i) => ({
      heading: `Reason ${i + 1}`,
      paragraphs: [`${LOREM} `.repeat(4).trim(), `Paragraph two of reason ${i + 1}.`],
      bullets: ['You may appeal within 14 days.', 'Appeals go to the Head of Professional Standards.'],
    })),
    table: { headers: ['Condition', 'Review date'], rows: [['Annual financial disclosure', '1 May 2027']] },
  };
}

const committeeReport: Report = {
  title: 'Integrity oversight committee',
  subtitle: 'Quarter 3 2026/27',
  date: '2026-11-23',
  protectiveMarking: 'OFFICIAL',
  sections: [
    { heading: 'Summary', paragraphs: ['Vetting refusals were within the expected range this quarter.'] },
    {
      heading: 'Vetting decisions by month',
      paragraphs: ['Counts of decisions made.'],
      table: {
        headers: ['Month', 'Cleared', 'Refused'],
        rows: Array.from({ length: 60 }, (_, i) => [`Month ${i + 1}`, String(40 + i), String(i % 7)]),
      },
    },
    { heading: 'Recommendations', paragraphs: ['The committee is asked to note the report.'] },
  ],
};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('letters', () => {
  it('renders a one-page letter as a well-formed PDF with page numbering', async () => {
    const pdf = await renderPdf(letterDocument(refusal(1)), { creationDate: CREATED, compress: false });
    expectWellFormed(pdf);
    expect(pageCount(pdf)).toBe(1);
    const text = flatText(pdf);
    expect(text).toContain(squash('Page 1 of 1 OFFICIAL-SENSITIVE'));
    expect(text).not.toContain(squash('Page 2'));
  });

  it('puts the title, reference, date, marking, paragraphs and table in the content of a multi-page letter', async () => {
    const letter = refusal(8);
    const pdf = await renderPdf(letterDocument(letter), { creationDate: CREATED, compress: false });
    expectWellFormed(pdf);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);

    const text = flatText(pdf);
    for (let n = 1; n <= pages; n += 1) expect(text).toContain(squash(`Page ${n} of ${pages} OFFICIAL`));
    expect(text).not.toContain(squash(`Page ${pages + 1} of`));
    // Marking at the top and the bottom of every page, and nowhere else.
    expect(occurrences(text, 'OFFICIAL-SENSITIVE')).toBe(2 * pages);

    expect(text).toContain(squash(letter.title));
    expect(text).toContain(squash('Our reference: VET/2026/0042'));
    expect(text).toContain(squash('Date: 23 November 2026'));
    expect(text).toContain(squash('Ms Alex Example'));
    expect(text).toContain(squash('Paragraph two of reason 8.'));
    expect(text).toContain(squash(LOREM));
    expect(text).toContain(squash('You may appeal within 14 days.'));
    expect(text).toContain(squash('Annual financial disclosure'));
    expect(text).toContain(squash('Jane Smith Force Vetting Manager Force Vetting Unit'));
  });

  it('sets the metadata and a fixed creation date, and gives byte-identical output for the same input', async () => {
    const definition = letterDocument(refusal(2));
    const before = JSON.stringify(definition);
    const a = await renderPdf(definition, { creationDate: CREATED });
    const b = await renderPdf(definition, { creationDate: CREATED });
    expect(a.equals(b)).toBe(true);
    expect(JSON.stringify(definition)).toBe(before); // pdfmake was given a copy

    const raw = (await renderPdf(definition, { creationDate: CREATED, compress: false })).toString('latin1');
    expect(raw).toContain(pdfLiteral('Vetting decision: refusal (recruitment vetting)'));
    expect(raw).toContain('(Vetting decision: refusal \\(recruitment vetting\\))');
    expect(raw).toMatch(/\/Author \d+ 0 R/);
    expect(occurrences(raw, '(Probity)')).toBe(3); // author, creator, producer
    expect(raw).toContain('(D:20261123093000Z)');
    expect(raw).not.toMatch(/pdfmake|PDFKit/);
    expect(raw).toContain('/Lang (en-GB)');
  });

  it('compresses by default', async () => {
    const pdf = await renderPdf(letterDocument(refusal(1)), { creationDate: CREATED });
    expectWellFormed(pdf);
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    expect(flatText(pdf)).not.toContain(squash('Jane Smith'));
  });

  it('uses only the standard Helvetica fonts, embedding none', async () => {
    const raw = (await renderPdf(letterDocument(refusal(1)), { creationDate: CREATED, compress: false })).toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([\w-]+)/g)].map((m) => m[1]);
    expect(new Set(fonts)).toEqual(new Set(['Helvetica', 'Helvetica-Bold']));
    expect(raw).not.toMatch(/\/FontFile/);
    expect(raw).toContain('/Encoding /WinAnsiEncoding');
  });

  it('refuses a date that is not a real YYYY-MM-DD date, and a table row of the wrong width', () => {
    expect(() => letterDocument({ ...refusal(1), date: '2026-02-30' })).toThrow(RangeError);
    expect(() => letterDocument({ ...refusal(1), date: '23/11/2026' })).toThrow(RangeError);
    expect(() => letterDocument({ ...refusal(1), table: { headers: ['A', 'B'], rows: [['only one']] } })).toThrow(/row 1 has 1 cells/);
  });

  it('formats dates as GOV.UK long dates, unaffected by British Summer Time', () => {
    expect(formatLetterDate('2026-11-23')).toBe('23 November 2026');
    expect(formatLetterDate('2026-03-29')).toBe('29 March 2026');
    expect(formatLetterDate('2026-10-25')).toBe('25 October 2026');
    expect(formatLetterDate('2028-02-29')).toBe('29 February 2028');
  });
});

describe('reports', () => {
  it('renders a multi-page report with headings, tables, marking and page numbers', async () => {
    const pdf = await renderPdf(reportDocument(committeeReport), { creationDate: CREATED, compress: false });
    expectWellFormed(pdf);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = flatText(pdf);
    for (let n = 1; n <= pages; n += 1) expect(text).toContain(squash(`Page ${n} of ${pages} OFFICIAL`));
    expect(occurrences(text, 'OFFICIAL')).toBe(2 * pages);
    expect(text).toContain(squash('Integrity oversight committee'));
    expect(text).toContain(squash('Quarter 3 2026/27'));
    expect(text).toContain(squash('23 November 2026'));
    expect(text).toContain(squash('Vetting decisions by month'));
    expect(text).toContain(squash('Month 60'));
    expect(text).toContain(squash('The committee is asked to note the report.'));
    // The header row repeats on each page the table runs onto.
    expect(occurrences(text, squash('Month Cleared Refused'))).toBeGreaterThanOrEqual(2);
  });
});

describe('hostile and non-ASCII text', () => {
  const hostile = [
    'Brackets (like this) and \\ backslashes \\\\ and a lone ) or (',
    '<script>alert("x")</script> <b>not bold</b> {"text": "not a node"}',
    `${'Unbroken'.repeat(250)}`,
    'Ŵyn, Siân, Zoë, José, Łukasz, Ørsted, São Paulo, Straße, Œuvre, €12, “quotes”, café',
    'Emoji 👍🏽 and Кириллица and 中文 and a\ttab and \u0000\u0007 controls and \u202Ereversed\u202C and x\u0301',
  ];

  it('renders without throwing, prints markup as text, and keeps Latin-1 characters', async () => {
    const letter: Letter = {
      ...refusal(1),
      title: 'Decision (final) \\ <script>',
      recipient: { name: 'Mr Ŵ Jones (né Smith)', addressLines: ['Flat 1 \\ 2', '<img src=x onerror=alert(1)>'] },
      sections: [{ heading: 'Reasons (see below)', paragraphs: hostile, bullets: hostile }],
      table: { headers: ['Name (full)', 'Notes'], rows: [['Ŵ', hostile[2] ?? '']] },
    };
    const pdf = await renderPdf(letterDocument(letter), { creationDate: CREATED, compress: false });
    expectWellFormed(pdf);
    const text = flatText(pdf);
    expect(text).toContain(squash('Decision (final) \\ <script>'));
    expect(text).toContain(squash('Brackets (like this) and \\ backslashes \\\\ and a lone ) or ('));
    expect(text).toContain(squash('<script>alert("x")</script> <b>not bold</b> {"text": "not a node"}'));
    expect(text).toContain(squash('<img src=x onerror=alert(1)>'));
    expect(text).toContain(squash('Mr W Jones (né Smith)'));
    expect(text).toContain(squash('Wyn, Siân, Zoë, José, Lukasz, Ørsted, São Paulo, Straße, Œuvre, €12, “quotes”, café'));
    // Thumbs-up and skin-tone modifier are two characters; Кириллица is nine.
    expect(text).toContain(squash('Emoji ?? and ????????? and ?? and a tab and controls and reversed and x'));

    // pdfkit writes a character beyond WinAnsi as a multi-digit code, corrupting the hex string.
    for (const stream of streams(pdf)) {
      for (const hex of stream.matchAll(/<([0-9a-fA-F]*)>/g)) expect((hex[1] ?? '').length % 2).toBe(0);
    }

    // The very long word is broken across lines rather than running off the page.
    const longestRun = Math.max(...drawnText(pdf).split('\n').map((line) => line.match(/(?:Unbroken)+/)?.[0].length ?? 0));
    expect(longestRun).toBeGreaterThan(0);
    expect(longestRun).toBeLessThan(100);
  });

  it('maps text onto WinAnsi', () => {
    expect(toWinAnsi('Ŵŵ Ŷŷ')).toBe('Ww Yy');
    expect(toWinAnsi('é ñ £ ß ø ½ © € “ ” ‘ ’ – — • … ™ Œ œ Š ž Ÿ')).toBe('é ñ £ ß ø ½ © € “ ” ‘ ’ – — • … ™ Œ œ Š ž Ÿ');
    expect(toWinAnsi('Łódź ő ı ﬁ Ａ')).toBe('Lódz o i fi A');
    expect(toWinAnsi('e\u0301')).toBe('é'); // composed first
    expect(toWinAnsi('a\u2011b \u2212 1 \u2264 2 \u2192 3')).toBe('a-b - 1 <= 2 -> 3');
    expect(toWinAnsi('a\u00a0b\u2009c\u200bd\u00ade\ufefff')).toBe('a\u00a0b cdef');
    expect(toWinAnsi('one\r\ntwo\rthree\u2028four\tfive')).toBe('one\ntwo\nthree\nfour five');
    expect(toWinAnsi('\u0000\u001b\u0085\u202e')).toBe('');
    expect(toWinAnsi('😀 中 Ж')).toBe('? ? ?');
    expect(toWinAnsi('\ud800')).toBe('?'); // lone surrogate
  });
});

describe('external resources', () => {
  let fetchSpy: MockInstance<typeof fetch>;
  beforeEach(() => {
    fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network access attempted'));
  });
  afterEach(() => {
    fetchSpy.mockRestore();
  });

  const base: PdfDefinition = { content: ['Text'] };
  const refused: [string, PdfDefinition][] = [
    ['an inline URL image', { content: [{ image: 'https://example.invalid/logo.png' }] }],
    ['a URL in the images dictionary', { ...base, images: { logo: 'http://example.invalid/logo.png' } }],
    ['a URL with headers in the images dictionary', { ...base, images: { logo: { url: 'https://example.invalid/x.png', headers: { a: 'b' } } } }],
    ['a local file image', { content: [{ image: '/etc/hostname' }] }],
    ['a non-image data URL', { content: [{ image: 'data:text/html;base64,PHNjcmlwdD4=' }] }],
    ['an SVG', { content: [{ svg: '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.invalid/x.png"/></svg>' }] }],
    ['an attachment node', { content: [{ attachment: { src: 'https://example.invalid/x.txt' } }] }],
    ['embedded files', { ...base, files: { x: { src: '/etc/hostname' } } }],
    ['a URL image nested in a table cell', { content: [{ table: { body: [[{ stack: [{ image: 'https://example.invalid/x.png' }] }]] } }] }],
    ['a URL image returned by a header function', { ...base, header: () => ({ image: 'https://example.invalid/x.png' }) }],
  ];

  it.each(refused)('refuses %s without any network access', async (_, definition) => {
    await expect(renderPdf(definition, { creationDate: CREATED })).rejects.toBeInstanceOf(PdfResourceError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('accepts an inline PNG data URL', async () => {
    const pdf = await renderPdf(
      { images: { crest: PNG_1X1 }, content: [{ image: 'crest', width: 20 }, { image: PNG_1X1, width: 20 }, 'Text'] },
      { creationDate: CREATED, compress: false },
    );
    expectWellFormed(pdf);
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('locks down the shared pdfmake instance itself (URL and local-file policies)', async () => {
    const url = pdfmake.createPdf({ content: ['x'], defaultStyle: { font: 'Helvetica' }, images: { logo: 'https://example.invalid/logo.png' } });
    await expect(url.getBuffer()).rejects.toThrow(/Access to URL denied/);
    const local = pdfmake.createPdf({ content: [{ image: '/etc/hostname' }], defaultStyle: { font: 'Helvetica' } });
    await expect(local.getBuffer()).rejects.toThrow(/Access to local file denied/);
    const font = pdfmake.createPdf({ content: ['x'] }); // pdfmake's default font, Roboto, is not configured
    await expect(font.getBuffer()).rejects.toThrow(/Roboto/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

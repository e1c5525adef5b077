/**
 * PDF output for letters and reports, produced on the server with pdfmake 0.3 (over pdfkit).
 *
 * Modules build a plain, typed structure (a `Letter` or a `Report`), turn it into a pdfmake
 * definition with `letterDocument` / `reportDocument`, and render it with `renderPdf`. The printable
 * HTML page for the same letter is the module's own business; dates use the same formatter as the
 * `govukDate` filter so the two always agree.
 *
 * Safety, in layers:
 * - Fonts: only the PDF standard-14 Helvetica family, which every PDF reader supplies, so nothing is
 *   bundled, embedded or fetched.
 * - Resources: pdfmake 0.3 downloads http(s) URLs found in `images`, `attachments`, `files` and font
 *   definitions, and reads local files named by image, attachment and font paths. The shared
 *   pdfmake instance is locked down here (URL policy: refuse everything; local policy: only the four
 *   standard font names), and `renderPdf` also refuses, before pdfmake sees them, SVG, attachments,
 *   embedded files and any image that is not an inline PNG/JPEG data URL — so no definition,
 *   however it was built, can make the server open a URL or a file.
 * - Text: every string in a text position (including header and footer output) is mapped onto
 *   WinAnsi, the only encoding the standard fonts have. Characters outside it would otherwise be
 *   written as corrupt codes; see `toWinAnsi`.
 * - Markup: user text only ever goes in as the value of a pdfmake text node; pdfmake does not
 *   interpret markup in strings, so '<script>' prints as those eight characters.
 */
import pdfmake from 'pdfmake';
import type {
  Column,
  Content,
  ContentTable,
  CustomTableLayout,
  DynamicContent,
  TDocumentDefinitions,
  TDocumentInformation,
  TFontDictionary,
} from 'pdfmake/interfaces.js';
import { formatDate } from '../ui/nunjucks.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type PdfDefinition = TDocumentDefinitions;

export interface DocumentTable {
  headers: string[];
  /** Each row must have exactly one cell per header. */
  rows: string[][];
}

export interface LetterSection {
  heading?: string;
  paragraphs: string[];
  /** Printed as a bulleted list after the paragraphs. */
  bullets?: string[];
}

export interface Letter {
  title: string;
  reference: string;
  /** Calendar date, YYYY-MM-DD; printed as '23 November 2026'. */
  date: string;
  /** For example 'OFFICIAL-SENSITIVE'; printed at the top and bottom of every page. */
  protectiveMarking: string;
  recipient?: { name: string; addressLines: string[] };
  sender: { name: string; role: string; unit: string };
  sections: LetterSection[];
  /** Printed after the sections, before the signature block. */
  table?: DocumentTable;
}

export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  /** Printed after the paragraphs. */
  table?: DocumentTable;
}

export interface Report {
  title: string;
  subtitle?: string;
  /** Calendar date, YYYY-MM-DD; printed as '23 November 2026'. */
  date: string;
  /** For example 'OFFICIAL-SENSITIVE'; printed at the top and bottom of every page. */
  protectiveMarking: string;
  sections: ReportSection[];
}

export interface RenderPdfOptions {
  /** Stored as the document's creation date. Defaults to now; pass a fixed date for byte-identical output. */
  creationDate?: Date;
  /** Compress content streams (default true). Tests turn it off to read the text. */
  compress?: boolean;
}

/** A definition asked for something `renderPdf` does not allow (a URL, a local file, SVG, an attachment). */
export class PdfResourceError extends Error {
  override name = 'PdfResourceError';
}

// ---------------------------------------------------------------------------------------------
// pdfmake set-up
// ---------------------------------------------------------------------------------------------

const FONT = 'Helvetica';
const STANDARD_FONT_FILES = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique'] as const;
const standardFontFiles: ReadonlySet<string> = new Set(STANDARD_FONT_FILES);

function standardFonts(): TFontDictionary {
  // A fresh object each time: pdfmake writes back into the font descriptors while resolving URLs.
  const [normal, bold, italics, bolditalics] = STANDARD_FONT_FILES;
  return { [FONT]: { normal, bold, italics, bolditalics } };
}

/**
 * pdfmake's server entry point is one shared instance. Its fonts and access policies are read
 * synchronously inside `createPdf`, so they are (re)applied immediately before every render, and
 * once at load so that any other use of the shared instance in this process is locked down too.
 */
function lockDownPdfmake(): void {
  pdfmake.setFonts(standardFonts());
  // Refuse every URL: the check runs before pdfmake calls fetch().
  pdfmake.setUrlAccessPolicy(() => false);
  // pdfkit opens standard fonts by name; pdfmake passes those names through this policy too.
  pdfmake.setLocalAccessPolicy((path) => standardFontFiles.has(path));
}
lockDownPdfmake();

// ---------------------------------------------------------------------------------------------
// WinAnsi
// ---------------------------------------------------------------------------------------------

/** Characters WinAnsiEncoding has beyond ASCII and Latin-1 (its 0x80–0x9F block). */
const WIN_ANSI_EXTRAS: ReadonlySet<number> = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

function isWinAnsi(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff && codePoint !== 0xad) ||
    WIN_ANSI_EXTRAS.has(codePoint)
  );
}

/** Look-alikes for common characters that neither WinAnsi has nor Unicode decomposition reaches. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\t': ' ',
  '\u2028': '\n', // line separator
  '\u2029': '\n', // paragraph separator
  '\u00ad': '', // soft hyphen: the standard fonts would always print it
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2043': '-',
  '\u2212': '-', // minus sign
  '\u2015': '\u2014',
  '\u2032': "'",
  '\u2035': "'",
  '\u201b': '\u2018',
  '\u2033': '"',
  '\u201f': '\u201c',
  '\u02bc': '\u2019', // modifier letter apostrophe
  '\u02bb': '\u2018',
  '\u2044': '/',
  '\u2215': '/',
  '\u2219': '\u2022',
  '\u25cf': '\u2022',
  '\u25aa': '\u2022',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  // Letters with no decomposition to a base letter.
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0126': 'H',
  '\u0127': 'h',
  '\u0131': 'i',
  '\u0166': 'T',
  '\u0167': 't',
  '\u014a': 'N',
  '\u014b': 'n',
  '\u0138': 'k',
  '\u018f': 'E',
  '\u0259': 'e',
};

const INVISIBLE = /^[\p{Cc}\p{Cf}\p{M}]$/u;
const SPACE = /^\p{Zs}$/u;
const MARKS = /\p{M}/gu;

/**
 * Maps text onto what the standard-14 fonts can print (WinAnsiEncoding, Windows-1252).
 *
 * Kept: ASCII, Latin-1 (é, ñ, £, ß, ø …) and the Windows-1252 extras (€, curly quotes, dashes, •, …).
 * Letters with accents WinAnsi lacks lose the accent — Welsh Ŵ/ŵ/Ŷ/ŷ become W/w/Y/y, ő becomes o,
 * ł becomes l; ligatures and full-width forms decompose (ﬁ → fi); other spaces become a space;
 * control, format and stray combining characters are dropped (line feeds are kept); anything else
 * (other scripts, emoji) becomes '?'. The PDF is therefore lossy for such names: the HTML page, in
 * Unicode, is the faithful copy.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (char === '\n' || isWinAnsi(codePoint)) {
      out += char;
      continue;
    }
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    if (SPACE.test(char)) {
      out += ' ';
      continue;
    }
    if (INVISIBLE.test(char)) continue;
    const base = char.normalize('NFKD').replace(MARKS, '');
    const baseChars = [...base];
    out += base !== '' && baseChars.every((c) => isWinAnsi(c.codePointAt(0) ?? 0)) ? base : '?';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Preparing a definition: copy, map text, refuse resources
// ---------------------------------------------------------------------------------------------

const DATA_IMAGE = /^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/]*={0,2}$/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Walks a definition, copying it (pdfmake mutates what it is given). */
class Preparer {
  private readonly path = new Set<object>();

  constructor(private readonly imageNames: ReadonlySet<string>) {}

  /** Copies without touching strings (margins, widths, styles, table layouts, …). */
  copy(value: unknown): unknown {
    if (Array.isArray(value)) return this.within(value, () => value.map((v) => this.copy(v)));
    if (isPlainObject(value)) {
      return this.within(value, () => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.copy(v)])));
    }
    return value; // primitives, functions, Dates, Buffers
  }

  /** Copies content, mapping every string in a text position onto WinAnsi. */
  content(node: unknown): unknown {
    if (typeof node === 'string') return toWinAnsi(node);
    if (Array.isArray(node)) return this.within(node, () => node.map((n) => this.content(n)));
    if (!isPlainObject(node)) return node;
    return this.within(node, () => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === '__proto__') continue; // an own key from JSON.parse; assigning it would set the prototype
        switch (key) {
          case 'text':
          case 'stack':
          case 'columns':
          case 'ul':
          case 'ol':
          case 'section':
          case 'layers':
            out[key] = this.content(value);
            break;
          case 'table':
            out[key] = this.table(value);
            break;
          case 'toc':
            out[key] = isPlainObject(value) && 'title' in value ? { ...(this.copy(value) as object), title: this.content(value['title']) } : this.copy(value);
            break;
          case 'image':
            out[key] = this.image(value);
            break;
          case 'svg':
            throw new PdfResourceError('SVG content is not allowed in a PDF definition (it can name external images)');
          case 'attachment':
            throw new PdfResourceError('Attachments are not allowed in a PDF definition');
          case 'header':
          case 'footer':
          case 'background':
            out[key] = this.dynamic(value); // a section's own header or footer
            break;
          case 'watermark':
            out[key] = this.watermark(value);
            break;
          default:
            out[key] = this.copy(value);
        }
      }
      return out;
    });
  }

  /** Header, footer and background: content, or a function whose output is prepared page by page. */
  dynamic(value: unknown): unknown {
    if (typeof value !== 'function') return this.content(value);
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => new Preparer(this.imageNames).content(fn(...args));
  }

  watermark(value: unknown): unknown {
    if (typeof value === 'string') return toWinAnsi(value);
    if (isPlainObject(value) && typeof value['text'] === 'string') return { ...(this.copy(value) as object), text: toWinAnsi(value['text']) };
    return this.copy(value);
  }

  private table(value: unknown): unknown {
    if (!isPlainObject(value) || !Array.isArray(value['body'])) return this.copy(value);
    const body = value['body'] as unknown[];
    return {
      ...(this.copy({ ...value, body: [] }) as object),
      body: body.map((row) => (Array.isArray(row) ? row.map((cell) => this.content(cell)) : this.content(row))),
    };
  }

  private image(value: unknown): unknown {
    if (typeof value === 'string' && (DATA_IMAGE.test(value) || this.imageNames.has(value))) return value;
    throw new PdfResourceError(
      `Images must be inline PNG or JPEG data URLs (or names in the images dictionary); refused: ${describe(value)}`,
    );
  }

  private within<T>(value: object, build: () => T): T {
    if (this.path.has(value)) throw new TypeError('The PDF definition contains a cycle');
    this.path.add(value);
    try {
      return build();
    } finally {
      this.path.delete(value);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function prepareImages(images: unknown): Record<string, string> {
  if (images === undefined) return {};
  if (!isPlainObject(images)) throw new PdfResourceError('The images dictionary must be an object');
  const out: Record<string, string> = {};
  for (const [name, src] of Object.entries(images)) {
    if (name === '__proto__') continue;
    if (typeof src !== 'string' || !DATA_IMAGE.test(src)) {
      throw new PdfResourceError(`Image '${name}' must be an inline PNG or JPEG data URL; refused: ${describe(src)}`);
    }
    out[name] = src;
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (isPlainObject(value) && Object.keys(value).length === 0);
}

function prepareDefinition(definition: PdfDefinition, options: RenderPdfOptions): PdfDefinition {
  if (!isPlainObject(definition)) throw new TypeError('A PDF definition must be an object');
  const source = definition as unknown as Record<string, unknown>;
  if (!isEmpty(source['attachments']) || !isEmpty(source['files'])) {
    throw new PdfResourceError('Attachments and embedded files are not allowed in a PDF definition');
  }
  const images = prepareImages(source['images']);
  const preparer = new Preparer(new Set(Object.keys(images)));

  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__') continue;
    switch (key) {
      case 'content':
        out[key] = preparer.content(value);
        break;
      case 'header':
      case 'footer':
      case 'background':
        out[key] = preparer.dynamic(value);
        break;
      case 'watermark':
        out[key] = preparer.watermark(value);
        break;
      case 'images':
      case 'attachments':
      case 'files':
        break;
      default:
        out[key] = preparer.copy(value);
    }
  }

  const creationDate = options.creationDate ?? definition.info?.creationDate ?? new Date();
  if (!(creationDate instanceof Date) || Number.isNaN(creationDate.getTime())) throw new TypeError('creationDate must be a valid Date');
  const info: TDocumentInformation = {
    ...definition.info,
    author: 'Probity',
    creator: 'Probity',
    producer: 'Probity',
    creationDate,
  };

  return {
    pageSize: 'A4',
    language: 'en-GB',
    ...(out as unknown as PdfDefinition),
    images,
    info,
    displayTitle: definition.displayTitle ?? Boolean(info.title),
    compress: options.compress ?? definition.compress ?? true,
    defaultStyle: { fontSize: 11, ...definition.defaultStyle, font: definition.defaultStyle?.font ?? FONT },
  };
}

/**
 * Renders a pdfmake definition to a PDF. The definition is copied, not changed, so it can be
 * rendered again. Rejects with `PdfResourceError` if the definition names any external resource.
 */
export async function renderPdf(definition: PdfDefinition, options: RenderPdfOptions = {}): Promise<Buffer> {
  const prepared = prepareDefinition(definition, options);
  lockDownPdfmake();
  return pdfmake.createPdf(prepared).getBuffer();
}

// ---------------------------------------------------------------------------------------------
// Letters and reports
// ---------------------------------------------------------------------------------------------

/** 20 mm either side; room above and below for the protective marking and page numbers. */
const SIDE_MARGIN = 57;
const PAGE_MARGINS: [number, number, number, number] = [SIDE_MARGIN, 72, SIDE_MARGIN, 84];
const TEXT_COLOUR = '#0b0c0c';
const SECONDARY_COLOUR = '#505a5f';
const RULE_COLOUR = '#b1b4b6';

/** Strict YYYY-MM-DD calendar date, printed as '23 November 2026' (the `govukDate` filter's format). */
export function formatLetterDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const noon = new Date(Date.UTC(year, month - 1, day, 12));
  if (!match || noon.getUTCFullYear() !== year || noon.getUTCMonth() !== month - 1 || noon.getUTCDate() !== day) {
    throw new RangeError(`Expected a calendar date as YYYY-MM-DD, got '${date}'`);
  }
  return formatDate(date);
}

function requireText(value: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${what} is required`);
}

const tableLayout: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 ? 0 : i === (node.table.headerRows ?? 0) ? 1 : 0.5),
  vLineWidth: () => 0,
  hLineColor: () => RULE_COLOUR,
  paddingLeft: (i) => (i === 0 ? 0 : 6),
  paddingRight: (i, node) => (i === (node.table.widths?.length ?? 0) - 1 ? 0 : 6),
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

function tableContent(table: DocumentTable, what: string): ContentTable {
  if (table.headers.length === 0) throw new TypeError(`${what}: a table needs at least one column`);
  table.rows.forEach((row, i) => {
    if (row.length !== table.headers.length) {
      throw new TypeError(`${what}: row ${i + 1} has ${row.length} cells; the table has ${table.headers.length} columns`);
    }
  });
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      keepWithHeaderRows: 1,
      // Percentages rather than '*': pdfmake sizes star and auto columns to their longest word,
      // so one very long word would push the table off the page; a fixed share makes it wrap.
      widths: table.headers.map(() => `${100 / table.headers.length}%`),
      body: [
        table.headers.map((header) => ({ text: header, bold: true })),
        ...table.rows.map((row) => row.map((cell) => ({ text: cell }))),
      ],
    },
    layout: tableLayout,
    margin: [0, 4, 0, 12],
  };
}

function paragraphs(texts: readonly string[]): Content[] {
  return texts.map((text) => ({ text, style: 'body' }));
}

function heading(text: string, style: string): Content {
  return { text, style, headlineLevel: 1 };
}

/** Keeps headings with what follows: a heading left last on a page moves to the next. */
const keepHeadingsWithContent: NonNullable<PdfDefinition['pageBreakBefore']> = (node, queries) =>
  node.headlineLevel === 1 && queries.getFollowingNodesOnPage().length === 0 && queries.getNodesOnNextPage().length > 0;

function markingHeader(marking: string): DynamicContent {
  return () => ({ text: marking, style: 'marking', margin: [SIDE_MARGIN, 30, SIDE_MARGIN, 0] });
}

function markingFooter(marking: string, left: string): DynamicContent {
  return (currentPage, pageCount) => ({
    margin: [SIDE_MARGIN, 24, SIDE_MARGIN, 0],
    stack: [
      {
        columns: [
          { text: left, style: 'footer', width: '70%', margin: [0, 0, 12, 0] },
          { text: `Page ${currentPage} of ${pageCount}`, style: 'footer', alignment: 'right', width: '30%' },
        ],
      },
      { text: marking, style: 'marking', margin: [0, 8, 0, 0] },
    ],
  });
}

const sharedStyles: NonNullable<PdfDefinition['styles']> = {
  body: { margin: [0, 0, 0, 8] },
  marking: { bold: true, fontSize: 10, alignment: 'center' },
  footer: { fontSize: 9, color: SECONDARY_COLOUR },
  list: { margin: [0, 0, 0, 8] },
};

/** A formal letter on A4: marking top and bottom, 'Page N of M', reference and date, signature block. */
export function letterDocument(letter: Letter): PdfDefinition {
  requireText(letter.title, 'Letter title');
  requireText(letter.reference, 'Letter reference');
  requireText(letter.protectiveMarking, 'Protective marking');
  requireText(letter.sender.name, 'Sender name');
  const date = formatLetterDate(letter.date);

  const recipient: Column = letter.recipient
    ? { stack: [letter.recipient.name, ...letter.recipient.addressLines].map((text) => ({ text })), width: '55%', margin: [0, 0, 24, 0] }
    : { text: '', width: '55%' };

  const body: Content[] = [];
  for (const section of letter.sections) {
    if (section.heading !== undefined) body.push(heading(section.heading, 'heading'));
    body.push(...paragraphs(section.paragraphs));
    if (section.bullets && section.bullets.length > 0) {
      body.push({ ul: section.bullets.map((text) => ({ text })), style: 'list' });
    }
  }
  if (letter.table) body.push(tableContent(letter.table, 'Letter table'));

  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    language: 'en-GB',
    info: { title: letter.title, subject: letter.reference, keywords: letter.protectiveMarking },
    header: markingHeader(letter.protectiveMarking),
    footer: markingFooter(letter.protectiveMarking, `Our reference: ${letter.reference}`),
    pageBreakBefore: keepHeadingsWithContent,
    defaultStyle: { font: FONT, fontSize: 11, lineHeight: 1.2, color: TEXT_COLOUR },
    styles: {
      ...sharedStyles,
      letterhead: { bold: true, fontSize: 12, alignment: 'right' },
      title: { bold: true, fontSize: 14, margin: [0, 24, 0, 12] },
      heading: { bold: true, fontSize: 12, margin: [0, 8, 0, 6] },
    },
    content: [
      { text: letter.sender.unit, style: 'letterhead', margin: [0, 0, 0, 24] },
      {
        columns: [
          recipient,
          {
            width: '45%',
            stack: [
              { text: [{ text: 'Our reference: ', bold: true }, { text: letter.reference }] },
              { text: [{ text: 'Date: ', bold: true }, { text: date }] },
            ],
          },
        ],
      },
      { text: letter.title, style: 'title' },
      ...body,
      {
        unbreakable: true,
        margin: [0, 16, 0, 0],
        stack: [{ text: letter.sender.name, bold: true }, { text: letter.sender.role }, { text: letter.sender.unit }],
      },
    ],
  };
}

/** A multi-section report on A4 with tables: marking top and bottom, 'Page N of M'. */
export function reportDocument(report: Report): PdfDefinition {
  requireText(report.title, 'Report title');
  requireText(report.protectiveMarking, 'Protective marking');
  const date = formatLetterDate(report.date);

  const body: Content[] = [];
  report.sections.forEach((section, i) => {
    requireText(section.heading, `Report section ${i + 1} heading`);
    body.push(heading(section.heading, 'heading'));
    body.push(...paragraphs(section.paragraphs ?? []));
    if (section.table) body.push(tableContent(section.table, `Report section '${section.heading}'`));
  });

  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    language: 'en-GB',
    info: { title: report.title, ...(report.subtitle ? { subject: report.subtitle } : {}), keywords: report.protectiveMarking },
    header: markingHeader(report.protectiveMarking),
    footer: markingFooter(report.protectiveMarking, date),
    pageBreakBefore: keepHeadingsWithContent,
    defaultStyle: { font: FONT, fontSize: 11, lineHeight: 1.2, color: TEXT_COLOUR },
    styles: {
      ...sharedStyles,
      title: { bold: true, fontSize: 22, margin: [0, 0, 0, 6] },
      subtitle: { fontSize: 14, color: SECONDARY_COLOUR, margin: [0, 0, 0, 6] },
      date: { color: SECONDARY_COLOUR, margin: [0, 0, 0, 18] },
      heading: { bold: true, fontSize: 14, margin: [0, 12, 0, 6] },
    },
    content: [
      { text: report.title, style: 'title' },
      ...(report.subtitle ? [{ text: report.subtitle, style: 'subtitle' }] : []),
      { text: date, style: 'date' },
      ...body,
    ],
  };
}

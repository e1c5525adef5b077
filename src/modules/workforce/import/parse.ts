import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { HrRecordSchema } from '../schema.js';

/** A problem with one row (line as a spreadsheet shows it: the header is line 1) or with the file itself (line 0). */
export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface RawRow {
  line: number;
  values: Record<string, string>;
}

export interface ParsedFile {
  rows: RawRow[];
  errors: RowError[];
}

export const FIELD_NAMES = Object.keys(HrRecordSchema.shape);
const REQUIRED_COLUMNS = ['payrollNumber', 'forenames', 'surname', 'personType', 'unitCode', 'startDate'];
const normalise = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const FIELD_BY_HEADER = new Map(FIELD_NAMES.map((f) => [normalise(f), f]));

export const MAX_ROWS = 500_000;

/** Maps headers such as "Payroll number", "payroll_number" or "PayrollNumber" to field names. */
function mapHeaders(headers: string[]): { fields: (string | undefined)[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const fields = headers.map((h, i) => {
    const name = h.trim();
    if (!name) return undefined;
    const field = FIELD_BY_HEADER.get(normalise(name));
    if (!field) errors.push({ line: 1, field: name, message: `Column ${i + 1} "${name}" is not a recognised column` });
    else if (seen.has(field)) errors.push({ line: 1, field, message: `The column for ${field} appears more than once` });
    if (field) seen.add(field);
    return field;
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) errors.push({ line: 1, field: required, message: `The file has no column for ${required}` });
  }
  return { fields, errors };
}

function toRows(table: string[][]): ParsedFile {
  const [header, ...body] = table;
  if (!header) return { rows: [], errors: [{ line: 0, field: 'file', message: 'The file is empty' }] };
  const { fields, errors } = mapHeaders(header);
  if (body.length > MAX_ROWS) errors.push({ line: 0, field: 'file', message: `The file has ${body.length} rows; the most one import takes is ${MAX_ROWS}` });
  const rows: RawRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim() !== '')) {
      errors.push({ line, field: 'row', message: `Row has ${cells.length} values but the header has ${header.length} columns` });
      return;
    }
    const values: Record<string, string> = {};
    fields.forEach((f, j) => {
      if (f) values[f] = cells[j] ?? '';
    });
    rows.push({ line, values });
  });
  if (!rows.length && !errors.length) errors.push({ line: 0, field: 'file', message: 'The file has a header but no rows' });
  return { rows, errors };
}

export function parseCsvText(text: string): ParsedFile {
  let table: string[][];
  try {
    table = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows: [], errors: [{ line: e.lines ?? 0, field: 'file', message: `The CSV could not be read: ${String(e.message ?? err).replace(/\s+/g, ' ').slice(0, 200)}` }] };
  }
  return toRows(table);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

export async function parseXlsx(buffer: Buffer): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ line: 0, field: 'file', message: 'The file is not a readable Excel workbook (.xlsx)' }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ line: 0, field: 'file', message: 'The workbook has no worksheets' }] };
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) cells.push(cellText(row.getCell(c).value));
    table[rowNumber - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return toRows(table);
}

/** XLSX by its zip signature, otherwise CSV text; anything binary that is not XLSX is refused. */
export async function parseImportFile(buffer: Buffer, fileName: string): Promise<ParsedFile> {
  const isZip = buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (isZip || /\.xlsx$/i.test(fileName)) {
    if (!isZip) return { rows: [], errors: [{ line: 0, field: 'file', message: 'The file is named .xlsx but is not an Excel workbook' }] };
    return parseXlsx(buffer);
  }
  if (buffer.subarray(0, 8000).includes(0)) return { rows: [], errors: [{ line: 0, field: 'file', message: 'The file must be a CSV or an Excel workbook (.xlsx)' }] };
  return parseCsvText(buffer.toString('utf8'));
}

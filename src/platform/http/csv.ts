/**
 * CSV for spreadsheets, formula-safe: a cell a spreadsheet would run as a formula (starting =, +, -, @, tab or
 * carriage return, also after leading spaces) is prefixed with an apostrophe, so a category label such as
 * "=HYPERLINK(…)" set by an administrator stays text (OWASP CSV injection). Numbers are written as numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  const safe = /^\s*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvColumn<T> { header: string; value: (row: T) => unknown }

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows of cells as CSV (the first row is usually the header). */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

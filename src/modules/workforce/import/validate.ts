import { HrRecordSchema, type HrRecord } from '../schema.js';
import type { RawRow, RowError } from './parse.js';

/** What the validator needs to know about the database, so cross-row rules can be checked without writing. */
export interface DirectoryFacts {
  unitCodes: Set<string>;
  postCodes: Set<string>;
  payrollNumbers: Set<string>;
}

export interface LineRecord {
  line: number;
  record: HrRecord;
}

/**
 * Checks every row and every rule across rows before anything is written, so a file lands whole or not at all,
 * and every problem is reported, not just the first.
 */
export function validateRows(rows: readonly { line: number; values: unknown }[], facts: DirectoryFacts, onProgress?: (done: number) => void): { records: LineRecord[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const records: LineRecord[] = [];
  const invalid: { line: number; values: Record<string, unknown>; badFields: Set<string> }[] = [];
  rows.forEach((row, i) => {
    const result = HrRecordSchema.safeParse(row.values);
    if (result.success) records.push({ line: row.line, record: result.data });
    else {
      const issues = result.error.issues.map((issue) => ({ line: row.line, field: issue.path.map(String).join('.') || 'row', message: issue.message }));
      errors.push(...issues);
      invalid.push({ line: row.line, values: (row.values ?? {}) as Record<string, unknown>, badFields: new Set(issues.map((e) => e.field)) });
    }
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
  });
  errors.push(...crossRowErrors(records, facts));
  // A row that failed its own checks still gets its references checked, so one upload reports everything.
  const payrollsInFile = new Set(records.map((r) => r.record.payrollNumber));
  for (const row of invalid) errors.push(...referenceErrors(row, facts, payrollsInFile));
  errors.sort((a, b) => a.line - b.line); // stable: within a line, row checks come before reference checks
  return { records, errors };
}

function crossRowErrors(records: LineRecord[], facts: DirectoryFacts): RowError[] {
  const errors: RowError[] = [];
  const firstLineOf = new Map<string, number>();
  const collarLine = new Map<string, number>();
  const postHolderLine = new Map<string, number>();
  const unitsNamedInFile = new Set(records.filter((r) => r.record.unitName).map((r) => r.record.unitCode));
  for (const { line, record } of records) {
    const seen = firstLineOf.get(record.payrollNumber);
    if (seen !== undefined) errors.push({ line, field: 'payrollNumber', message: `Payroll number ${record.payrollNumber} is also on line ${seen}` });
    else firstLineOf.set(record.payrollNumber, line);
    if (record.collarNumber) {
      const c = collarLine.get(record.collarNumber);
      if (c !== undefined) errors.push({ line, field: 'collarNumber', message: `Collar number ${record.collarNumber} is also on line ${c}` });
      else collarLine.set(record.collarNumber, line);
    }
    if (!facts.unitCodes.has(record.unitCode) && !unitsNamedInFile.has(record.unitCode)) {
      errors.push({ line, field: 'unitCode', message: `Unit ${record.unitCode} is not known: add a unit name to create it` });
    }
    if (record.postCode) {
      if (!facts.postCodes.has(record.postCode)) errors.push({ line, field: 'postCode', message: `Post ${record.postCode} does not exist: create the post first` });
      if (record.leavingDate) errors.push({ line, field: 'postCode', message: 'A leaver cannot hold a post: leave the post code empty' });
      else {
        const p = postHolderLine.get(record.postCode);
        if (p !== undefined) errors.push({ line, field: 'postCode', message: `Post ${record.postCode} is also given to the person on line ${p}` });
        else postHolderLine.set(record.postCode, line);
      }
    }
  }
  for (const { line, record } of records) {
    const manager = record.lineManagerPayrollNumber;
    if (manager && !firstLineOf.has(manager) && !facts.payrollNumbers.has(manager)) {
      errors.push({ line, field: 'lineManagerPayrollNumber', message: `Line manager ${manager} is neither in this file nor in the directory` });
    }
  }
  errors.push(...managementCycles(records));
  return errors;
}

function referenceErrors(row: { line: number; values: Record<string, unknown>; badFields: Set<string> }, facts: DirectoryFacts, payrollsInFile: Set<string>): RowError[] {
  const value = (field: string) => {
    const v = row.values[field];
    return typeof v === 'string' && v.trim() && !row.badFields.has(field) ? v.trim() : undefined;
  };
  const out: RowError[] = [];
  const unit = value('unitCode');
  if (unit && !facts.unitCodes.has(unit) && !value('unitName')) out.push({ line: row.line, field: 'unitCode', message: `Unit ${unit} is not known: add a unit name to create it` });
  const post = value('postCode');
  if (post && !facts.postCodes.has(post)) out.push({ line: row.line, field: 'postCode', message: `Post ${post} does not exist: create the post first` });
  const manager = value('lineManagerPayrollNumber');
  if (manager && !payrollsInFile.has(manager) && !facts.payrollNumbers.has(manager)) {
    out.push({ line: row.line, field: 'lineManagerPayrollNumber', message: `Line manager ${manager} is neither in this file nor in the directory` });
  }
  return out;
}

/** Every row whose line-management chain, within the file, leads back to the row itself (A manages B manages A). */
function managementCycles(records: LineRecord[]): RowError[] {
  const managerOf = new Map(records.map((r) => [r.record.payrollNumber, r.record.lineManagerPayrollNumber]));
  const errors: RowError[] = [];
  for (const { line, record } of records) {
    const visited = new Set<string>();
    let current = managerOf.get(record.payrollNumber);
    while (current && !visited.has(current)) {
      if (current === record.payrollNumber) {
        errors.push({ line, field: 'lineManagerPayrollNumber', message: `The line-management chain from ${record.payrollNumber} loops back to them` });
        break;
      }
      visited.add(current);
      current = managerOf.get(current);
    }
  }
  return errors;
}

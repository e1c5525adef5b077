import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HrRecordSchema, isoDate } from '../schema.js';
import { parseCsvText, parseImportFile } from './parse.js';
import { validateRows, type DirectoryFacts } from './validate.js';

const facts = (): DirectoryFacts => ({ unitCodes: new Set(['LPA-N']), postCodes: new Set(['PST-1', 'PST-2']), payrollNumbers: new Set(['P000001']) });
const HEADER = 'Payroll number,Forenames,Surname,Person type,Unit code,Start date,Line manager payroll number,Post code,Date of birth';

describe('import parsing', () => {
  it('maps friendly and snake_case headers and reports unknown or missing columns', () => {
    const ok = parseCsvText(`${HEADER}\nP100,Arlo,Quill,officer,LPA-N,2020-01-01,P000001,PST-1,1990-02-03\n`);
    expect(ok.errors).toEqual([]);
    expect(ok.rows[0]).toEqual({ line: 2, values: expect.objectContaining({ payrollNumber: 'P100', unitCode: 'LPA-N', lineManagerPayrollNumber: 'P000001' }) });
    const snake = parseCsvText('payroll_number,forenames,surname,person_type,unit_code,start_date\nP1,A,B,staff,LPA-N,2020-01-01\n');
    expect(snake.errors).toEqual([]);
    const bad = parseCsvText('payroll_number,shoe_size\nP1,9\n');
    expect(bad.errors.map((e) => e.message)).toEqual(expect.arrayContaining(['Column 2 "shoe_size" is not a recognised column', 'The file has no column for surname']));
  });

  it('reports a malformed CSV as a file error instead of throwing', () => {
    const r = parseCsvText('payroll_number,forenames\n"P1,unterminated\n');
    expect(r.rows).toEqual([]);
    expect(r.errors[0]?.field).toBe('file');
  });

  it('reads XLSX, including real date cells, and refuses binary that is not XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['Payroll number', 'Forenames', 'Surname', 'Person type', 'Unit code', 'Start date']);
    ws.addRow(['P200', 'Bexley', 'Marrowby', 'Police staff', 'LPA-N', new Date(Date.UTC(2019, 5, 30))]);
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), 'people.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.values).toMatchObject({ payrollNumber: 'P200', startDate: '2019-06-30', personType: 'Police staff' });
    expect(validateRows(parsed.rows, facts()).records[0]?.record.personType).toBe('staff');
    expect((await parseImportFile(Buffer.from([0, 1, 2, 3]), 'x.csv')).errors[0]?.message).toMatch(/CSV or an Excel/);
    expect((await parseImportFile(Buffer.from('a,b'), 'x.xlsx')).errors[0]?.message).toMatch(/not an Excel workbook/);
  });
});

describe('import validation', () => {
  const row = (line: number, values: Record<string, string>) => ({ line, values: { forenames: 'A', surname: 'B', personType: 'officer', unitCode: 'LPA-N', startDate: '2020-01-01', ...values } });

  it('accepts a good file and reports every problem of a bad one, with its line', () => {
    const good = validateRows([row(2, { payrollNumber: 'P1', postCode: 'PST-1' }), row(3, { payrollNumber: 'P2', lineManagerPayrollNumber: 'P1' })], facts());
    expect(good.errors).toEqual([]);
    expect(good.records).toHaveLength(2);
    const bad = validateRows([
      row(2, { payrollNumber: 'P1', postCode: 'PST-1' }),
      row(3, { payrollNumber: 'P1', startDate: '31/02/2020' }),
      row(4, { payrollNumber: 'P3', unitCode: 'NOPE', postCode: 'PST-1', lineManagerPayrollNumber: 'P999' }),
      row(5, { payrollNumber: 'P4', personType: 'wizard', leavingDate: '2019-01-01' }),
    ], facts());
    const byLine = (l: number) => bad.errors.filter((e) => e.line === l).map((e) => e.field).sort();
    expect(byLine(3)).toEqual(['startDate']);
    expect(byLine(4)).toEqual(['lineManagerPayrollNumber', 'postCode', 'unitCode']);
    expect(byLine(5)).toEqual(['personType']);
    expect(bad.errors.find((e) => e.line === 4 && e.field === 'postCode')?.message).toBe('Post PST-1 is also given to the person on line 2');
  });

  it('finds line-management loops within the file', () => {
    const r = validateRows([row(2, { payrollNumber: 'A1', lineManagerPayrollNumber: 'B1' }), row(3, { payrollNumber: 'B1', lineManagerPayrollNumber: 'A1' }), row(4, { payrollNumber: 'C1', lineManagerPayrollNumber: 'A1' })], facts());
    expect(r.errors.filter((e) => e.field === 'lineManagerPayrollNumber').map((e) => e.line)).toEqual([2, 3]);
  });

  it('creates an unknown unit only when the row names it', () => {
    expect(validateRows([row(2, { payrollNumber: 'P1', unitCode: 'NEW', unitName: 'New unit' })], facts()).errors).toEqual([]);
  });
});

describe('properties', () => {
  it('never throws on any CSV text, and every error names a line and a field', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const parsed = parseCsvText(text);
      const { errors } = validateRows(parsed.rows, facts());
      for (const e of [...parsed.errors, ...errors]) {
        expect(e.line).toBeGreaterThanOrEqual(0);
        expect(e.field.length).toBeGreaterThan(0);
        expect(e.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: 500 });
  });

  it('never throws on hostile row values, and accepted records satisfy the schema', () => {
    const hostile = fc.oneof(fc.string(), fc.constantFrom('', ' ', '=cmd|calc', "'; drop table people; --", '\u0000', '2020-02-30', '9999-99-99', 'P'.repeat(500)));
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...Object.keys(HrRecordSchema.shape)), hostile), (values) => {
      const { records, errors } = validateRows([{ line: 2, values }], facts());
      expect(records.length + (errors.length ? 1 : 0)).toBeGreaterThanOrEqual(1);
      for (const r of records) expect(HrRecordSchema.safeParse(r.record).success).toBe(true);
    }), { numRuns: 1000 });
  });

  it('accepts exactly the real calendar dates, in either format', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString().slice(0, 10);
      const [y, m, day] = iso.split('-');
      expect(isoDate.parse(iso)).toBe(iso);
      expect(isoDate.parse(`${day}/${m}/${y}`)).toBe(iso);
    }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 35 }), (m, d) => {
      const s = `2023-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const dt = new Date(`${s}T00:00:00Z`);
      const real = !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === s;
      expect(isoDate.safeParse(s).success).toBe(real);
    }));
  });
});

describe('import format documentation', () => {
  it('documents every field the import accepts, in the page list and the Markdown', async () => {
    const { readFileSync } = await import('node:fs');
    const { IMPORT_COLUMNS } = await import('./columns.js');
    const doc = readFileSync(new URL('../../../../docs/formats/workforce-import.md', import.meta.url), 'utf8');
    const fields = Object.keys(HrRecordSchema.shape);
    expect(IMPORT_COLUMNS.map((c) => c.field).sort()).toEqual([...fields].sort());
    for (const f of fields) expect(doc).toContain(`\`${f}\``);
  });
});

import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { generatePeople, generateStructure, type GenerateOptions } from '../src/modules/workforce/demo/generator.js';

const { from: copyFrom } = copyStreams;

/** COPY text format: tabs, newlines and backslashes escaped, \N for null. */
function copyLine(values: (string | boolean | null | undefined)[]): string {
  return values.map((v) => (v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'))).join('\t') + '\n';
}

async function copy(pool: pg.Pool, sql: string, lines: Iterable<string>): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom(sql));
    await pipeline(Readable.from(batches(lines)), stream);
  } finally {
    client.release();
  }
}

function* batches(lines: Iterable<string>, size = 2000): Generator<string> {
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length >= size) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length) yield buf.join('');
}

/**
 * Loads a national-scale synthetic workforce straight into PostgreSQL with COPY (about 300k rows a second here),
 * bypassing the import path, which is for correctness, not for making fixtures.
 */
export interface SamplePerson { surname: string; forenames: string; payrollNumber: string }

export async function loadPeople(pool: pg.Pool, options: GenerateOptions): Promise<{ personIds: string[]; sample: SamplePerson[] }> {
  const { units, posts } = generateStructure(options);
  const unitId = new Map(units.map((u) => [u.code, randomUUID()]));
  const postId = new Map(posts.map((p) => [p.code, randomUUID()]));
  await copy(pool, 'copy units (id, code, name, parent_id) from stdin', units.map((u) => copyLine([unitId.get(u.code)!, u.code, u.name, u.parentCode ? unitId.get(u.parentCode) : null])));
  await copy(pool, 'copy posts (id, code, title, unit_id, required_vetting_level, national_security_level, designated) from stdin',
    posts.map((p) => copyLine([postId.get(p.code)!, p.code, p.title, unitId.get(p.unitCode)!, p.requiredVettingLevel, p.nationalSecurityLevel, p.designated])));
  const personId = new Map<string, string>();
  for (const p of generatePeople(options)) personId.set(p.payrollNumber, randomUUID());
  const sample: SamplePerson[] = [];
  const people = function* () {
    for (const p of generatePeople(options)) {
      if (sample.length < 5000 && !p.leavingDate && p.payrollNumber.endsWith('7')) sample.push({ surname: p.surname, forenames: p.forenames, payrollNumber: p.payrollNumber });
      const post = p.postCode && !p.leavingDate ? postId.get(p.postCode) : null;
      yield copyLine([personId.get(p.payrollNumber)!, p.payrollNumber, p.collarNumber, p.forenames, p.surname, p.dateOfBirth, p.personType, p.rankOrGrade,
        unitId.get(p.unitCode)!, p.lineManagerPayrollNumber ? personId.get(p.lineManagerPayrollNumber) : null, post, p.startDate, p.leavingDate, p.leavingReason, p.email]);
    }
  };
  await pool.query('alter table people drop constraint people_line_manager_id_fkey');
  await copy(pool, `copy people (id, payroll_number, collar_number, forenames, surname, date_of_birth, person_type, rank_or_grade, unit_id, line_manager_id,
    current_post_id, start_date, leaving_date, leaving_reason, email) from stdin`, people());
  await pool.query('alter table people add constraint people_line_manager_id_fkey foreign key (line_manager_id) references people (id)');
  const assignments = function* () {
    for (const p of generatePeople(options)) {
      if (p.postCode && !p.leavingDate) yield copyLine([postId.get(p.postCode)!, personId.get(p.payrollNumber)!, p.postStartDate ?? p.startDate, null]);
    }
  };
  await copy(pool, 'copy post_assignments (post_id, person_id, start_date, end_date) from stdin', assignments());
  await pool.query('analyze');
  return { personIds: [...personId.values()], sample };
}

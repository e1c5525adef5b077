import type { TestApp } from './app.js';

type HrRecord = Record<string, unknown> & { payrollNumber: string };

/** Creates units and people through the HR sync (as HR would), and returns each person's id by payroll number. */
export async function seedPeople(app: TestApp, units: readonly [code: string, name: string][], people: readonly HrRecord[]): Promise<Record<string, string>> {
  for (const [code, name] of units) await app.db.query('insert into units (code, name) values ($1, $2) on conflict (code) do nothing', [code, name]);
  const hr = { viewer: { userId: null, personId: null, roles: ['hr' as const], label: 'setup' }, correlationId: 'setup' };
  await app.services.workforce.syncFromHr(hr, [...people], 'delta');
  const ids: Record<string, string> = {};
  for (const p of people) ids[p.payrollNumber] = (await app.services.workforce.personIdByPayroll(p.payrollNumber))!;
  return ids;
}

/** The two people most conduct tests need: a constable (the subject) and a chief inspector in PSD. */
export const CONDUCT_UNITS: [string, string][] = [['RESP', 'Response'], ['PSD', 'Professional standards']];
export const CONDUCT_PEOPLE: HrRecord[] = [
  { payrollNumber: 'S1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', rankOrGrade: 'Constable', unitCode: 'RESP', startDate: '2010-01-01' },
  { payrollNumber: 'W1', forenames: 'Corrin', surname: 'Ashdown', personType: 'officer', rankOrGrade: 'Chief Inspector', unitCode: 'PSD', startDate: '2005-01-01' },
];

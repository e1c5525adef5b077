import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_NAMES, ROLES, type Role } from './platform/access/roles.js';
import { hashPassword } from './platform/auth/passwords.js';
import { SecretBox } from './platform/auth/secrets.js';
import { newTotpSecret } from './platform/auth/totp.js';
import { UserRepository } from './platform/auth/users.js';
import type { Db } from './platform/db/types.js';
import { generateForce } from './modules/workforce/demo/generator.js';
import { seedWorkforce } from './modules/workforce/demo/seed.js';
import { vettingHistory, type HistoryPerson } from './modules/vetting/demo/history.js';
import { seedVettingHistory } from './modules/vetting/demo/seed.js';
import { seedDemoConduct } from './modules/conduct/demo/seed.js';
import { seedDemoInvestigations } from './modules/conduct/investigation/demo.js';

/** Demo accounts share one documented password: they work only in demo mode, on synthetic data. */
export const DEMO_PASSWORD = 'probity-demo';
export const DEMO_ASOF = '2026-11-01';

export interface DemoAccount {
  username: string;
  role: Role;
  roleLabel: string;
  totpSecret: string;
  payrollNumber: string | null;
}

/** Which unit a demo account's person works in, by unit-code pattern (first match wins). */
const HOME_UNIT: Partial<Record<Role, string>> = {
  vetting_researcher: 'VET%', senior_vetting_advisor: 'VET%', force_vetting_manager: 'VET%',
  psd_caseworker: 'PSD%', psd_investigator: 'PSD%', psd_supervisor: 'PSD%', appropriate_authority: 'PSD%', head_of_psd: 'PSD%',
  ccu_intelligence_officer: 'CCU%', ccu_analyst: 'CCU%', head_of_ccu: 'CCU%', hr: 'HR%', system_admin: 'IT%', auditor: 'FIN%',
};

export const demoAccountsFile = (dataDir: string) => join(dataDir, 'demo-accounts.json');

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.query<{ n: number }>('select (select count(*) from people) + (select count(*) from users) as n');
  return Number(r?.n ?? 0) === 0;
}

async function personFor(db: Db, role: Role, used: string[]): Promise<{ id: string; payroll: string } | undefined> {
  const unit = HOME_UNIT[role];
  const base = `select p.id, p.payroll_number as payroll from people p left join units u on u.id = p.unit_id
    where p.leaving_date is null and not (p.id = any($1::uuid[]))`;
  if (role === 'opcc_scrutiny') return undefined;
  if (role === 'line_manager') {
    const [r] = await db.query<{ id: string; payroll: string }>(`${base} and p.person_type = 'officer' and p.rank_or_grade = 'Sergeant'
      order by (select count(*) from people c where c.line_manager_id = p.id) desc, p.payroll_number limit 1`, [used]);
    return r;
  }
  if (unit) {
    const [r] = await db.query<{ id: string; payroll: string }>(`${base} and u.code like $2 order by p.payroll_number limit 1`, [used, unit]);
    if (r) return r;
  }
  const [r] = await db.query<{ id: string; payroll: string }>(`${base} and p.person_type in ('officer', 'staff') order by p.payroll_number limit 1`, [used]);
  return r;
}

/** Loads the synthetic demo force and one demo account per role; returns the accounts (with their TOTP secrets). */
export async function loadDemo(db: Db, options: { secret: string; dataDir: string; people?: number }): Promise<DemoAccount[]> {
  const force = generateForce({ people: options.people ?? 6000, asOf: DEMO_ASOF });
  await seedWorkforce(db, force, DEMO_ASOF);
  await seedDemoVetting(db, force);
  await seedDemoConduct(db, await db.query(`select p.id as "personId", p.forenames, p.surname, p.person_type as "personType",
    p.rank_or_grade as "rankOrGrade", u.code as "unitCode" from people p left join units u on u.id = p.unit_id where p.leaving_date is null`), {
    asOf: DEMO_ASOF,
    // Plans and lines of inquiry for investigated cases, some left open and stale for the reports to find.
    withInvestigations: async (tx, cases) => void (await seedDemoInvestigations(tx, cases, { seed: 2026, asOf: DEMO_ASOF })),
  });
  const users = new UserRepository(db);
  const box = new SecretBox(options.secret, 'totp');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [];
  const used: string[] = [];
  for (const role of ROLE_NAMES) {
    const person = await personFor(db, role, used);
    if (person) used.push(person.id);
    const totpSecret = newTotpSecret();
    const username = `demo-${role.replace(/_/g, '-')}`;
    await db.transaction((tx) => users.insert(tx, { username, displayName: `Demo ${ROLES[role].label}`, roles: [role], personId: person?.id ?? null, passwordHash, totpSecretEnc: box.seal(totpSecret), isDemo: true }));
    accounts.push({ username, role, roleLabel: ROLES[role].label, totpSecret, payrollNumber: person?.payroll ?? null });
  }
  writeFileSync(demoAccountsFile(options.dataDir), JSON.stringify(accounts, null, 2), { mode: 0o600 });
  return accounts;
}

/**
 * Five years of vetting history for the demo force: the application behind each serving person's clearance (a few
 * left under-vetted or lapsed), outside applicants (half as many as serving people, at least 3,000), an open backlog, and a built-in disproportion (refusals of
 * Black, Black British, Caribbean or African applicants at 2.5 times the rate for the same adverse information).
 */
async function seedDemoVetting(db: Db, force: ReturnType<typeof generateForce>): Promise<void> {
  const ids = new Map((await db.query<{ id: string; payroll: string }>('select id, payroll_number as payroll from people')).map((r) => [r.payroll, r.id]));
  const levels = new Map(force.posts.map((p) => [p.code, p.requiredVettingLevel]));
  const people: HistoryPerson[] = force.people.filter((p) => !p.leavingDate).map((p) => ({
    personId: ids.get(p.payrollNumber) ?? null, forenames: p.forenames, surname: p.surname, dateOfBirth: p.dateOfBirth ?? null, personType: p.personType,
    requiredLevel: p.postCode ? levels.get(p.postCode) : null, startDate: p.startDate,
    equality: { sex: p.sex, genderIdentitySameAsBirth: p.genderIdentitySameAsBirth, ethnicity: p.ethnicity, religion: p.religion, sexualOrientation: p.sexualOrientation, disability: p.disability },
  }));
  const history = vettingHistory({
    asOf: DEMO_ASOF, years: 5, seed: 2026, people, externalApplicants: Math.max(3000, Math.round(people.length / 2)),
    disproportion: { field: 'ethnicity', group: 'Black, Black British, Caribbean or African', refusalMultiplier: 2.5 },
  });
  await db.transaction((tx) => seedVettingHistory(tx, history));
}

export function readDemoAccounts(dataDir: string): DemoAccount[] | undefined {
  const file = demoAccountsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[]) : undefined;
}

export function describeDemoAccounts(accounts: DemoAccount[], url: string): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  return [
    `Demo force loaded. Sign in at ${url} with any of these accounts (password: ${DEMO_PASSWORD}).`,
    'Each has a second factor: add its key to an authenticator app, or get a current code with `npx probity demo --otp USERNAME`.',
    '',
    ...accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.totpSecret}  ${a.roleLabel}`),
    '',
  ].join('\n');
}

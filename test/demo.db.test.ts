import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../src/platform/auth/totp.js';
import { ROLE_NAMES } from '../src/platform/access/roles.js';
import { DEMO_PASSWORD, loadDemo, readDemoAccounts, type DemoAccount } from '../src/demo.js';
import { Client, startTestApp, type TestApp } from './support/app.js';
import { disproportionalityReport } from '../src/modules/vetting/disproportionality/data.js';

let app: TestApp;
let accounts: DemoAccount[];

beforeAll(async () => {
  app = await startTestApp({ PROBITY_DEMO_MODE: 'true' });
  accounts = await loadDemo(app.db, { secret: app.config.secret, dataDir: app.config.dataDir, people: 400 });
});
afterAll(() => app.close());

describe('demo force', () => {
  it('loads obviously fictional people and one demo account per role, linked to fitting people', async () => {
    const [row] = await app.db.query<{ n: number }>('select count(*)::int as n from people');
    expect(row?.n).toBe(400);
    expect(accounts.map((a) => a.role).sort()).toEqual([...ROLE_NAMES].sort());
    expect(readDemoAccounts(app.config.dataDir)).toEqual(accounts);
    const [vetting] = await app.db.query<{ code: string }>(`select u.code from users a join people p on p.id = a.person_id join units u on u.id = p.unit_id where a.username = 'demo-vetting-researcher'`);
    expect(vetting?.code).toMatch(/^VET/);
    const emails = await app.db.query<{ email: string }>('select email from people where email is not null limit 50');
    for (const e of emails) expect(e.email).toMatch(/\.invalid$/);
  });

  it('gives the demo force several years of vetting history, with adverse traces, conditions and an open backlog', async () => {
    const [v] = await app.db.query<{ decisions: number; open: number; adverse: number; conditions: number; years: number; equality: number; applications: number }>(
      `select (select count(*)::int from vetting_decisions) as decisions, (select count(*)::int from vetting_applications where status = 'open') as open,
              (select count(*)::int from vetting_decisions where had_adverse_information) as adverse, (select count(*)::int from vetting_conditions) as conditions,
              (select count(distinct extract(year from decided_on))::int from vetting_decisions) as years,
              (select count(*)::int from vetting_equality_monitoring) as equality, (select count(*)::int from vetting_applications) as applications`,
    );
    expect(v!.decisions).toBeGreaterThan(1000);
    expect(v!.years).toBeGreaterThanOrEqual(5);
    expect(v!.open).toBeGreaterThan(10);
    expect(v!.adverse).toBeGreaterThan(100);
    expect(v!.conditions).toBeGreaterThan(20);
    expect(v!.equality).toBe(v!.applications);
    const [appeals] = await app.db.query<{ decided: number; open: number }>(`select count(*) filter (where outcome is not null)::int as decided, count(*) filter (where outcome is null)::int as open from vetting_appeals`);
    expect(appeals!.decided).toBeGreaterThan(10);
    const [next] = await app.db.query<{ n: string }>(`select nextval('vetting_reference_seq')::text as n`);
    expect(Number(next!.n)).toBe(v!.applications + 1);
  });

  it('has a built-in disproportion in refusals that the disproportionality report finds', async () => {
    const report = await disproportionalityReport(app.db, { characteristic: 'ethnicity', outcome: 'refusal' });
    const black = report.groups.find((g) => g.group === 'Black, Black British, Caribbean or African')!;
    expect(report.reference).toBe('White');
    expect(black.flagged).toBe('higher');
    expect(black.pValue).toBeLessThan(0.05);
    const others = report.groups.filter((g) => g !== black && g.decided > 100 && !g.isReference);
    for (const g of others) expect(g.flagged).toBeNull();
  });

  it('gives the demo force years of complaints and conduct cases, with investigation plans and stale open lines of inquiry', async () => {
    const [c] = await app.db.query<{ cases: number; kinds: number; outcomes: number; plans: number; openLines: number; finalisedWithOpenLines: number }>(
      `select (select count(*)::int from conduct_cases) as cases, (select count(distinct kind)::int from conduct_cases) as kinds,
              (select count(distinct outcome)::int from conduct_outcomes) as outcomes, (select count(*)::int from conduct_investigation_plans) as plans,
              (select count(*)::int from conduct_lines_of_inquiry where status = 'open') as "openLines",
              (select count(distinct l.case_id)::int from conduct_lines_of_inquiry l join conduct_cases k on k.id = l.case_id
                where l.status = 'open' and k.status = 'finalised') as "finalisedWithOpenLines"`,
    );
    expect(c!.cases).toBeGreaterThan(200);
    expect(c!.kinds).toBe(4);
    expect(c!.outcomes).toBeGreaterThanOrEqual(5);
    expect(c!.plans).toBeGreaterThan(10);
    expect(c!.openLines).toBeGreaterThan(0);
    expect(c!.finalisedWithOpenLines).toBeGreaterThan(0);
  });

  it('lets a demo account sign in with its one-time code in demo mode', async () => {
    const hr = accounts.find((a) => a.role === 'hr')!;
    const c = new Client(app.url);
    await c.get('/sign-in');
    const first = await c.post('/sign-in', { username: hr.username, password: DEMO_PASSWORD, returnTo: '/people' });
    await c.get(first.location!);
    const second = await c.post('/sign-in/second-factor', { code: currentCode(hr.totpSecret), returnTo: '/people' });
    expect(second.location).toBe('/people');
    expect((await c.get('/people')).text).toMatch(/\d+ people found/);
  });
});

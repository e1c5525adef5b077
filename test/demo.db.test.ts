import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../src/platform/auth/totp.js';
import { ROLE_NAMES } from '../src/platform/access/roles.js';
import { DEMO_PASSWORD, loadDemo, readDemoAccounts, type DemoAccount } from '../src/demo.js';
import { Client, startTestApp, type TestApp } from './support/app.js';

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

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

// The CLI reads its configuration from the environment: each test gets its own embedded data folder.
let dir: string;
let out: string[];
let err: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'probity-cli-'));
  vi.stubEnv('PROBITY_DATA_DIR', dir);
  vi.stubEnv('DATABASE_URL', '');
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('probity CLI', () => {
  it('has --help for every command and refuses unknown ones', async () => {
    for (const c of ['demo', 'import-workforce', 'backup', 'restore', 'audit-verify', 'create-user']) {
      expect(await main([c, '--help'])).toBe(0);
      expect(out.pop()).toMatch(/^Usage: probity /);
    }
    expect(await main(['frobnicate'])).toBe(2);
    expect(await main(['import-workforce', 'a', 'b'])).toBe(2);
  });

  it('imports a file, reports every bad row of a rejected one, creates a user, verifies and backs up', async () => {
    const good = join(dir, 'people.csv');
    writeFileSync(good, 'Payroll number,Forenames,Surname,Person type,Unit code,Unit name,Start date\nP1,Arlowen,Quillfeather,officer,RESP,Response,2010-01-01\nP2,Bexley,Marrowby,Police staff,RESP,,2011-01-01\n');
    expect(await main(['import-workforce', good])).toBe(0);
    expect(out.join('\n')).toMatch(/Imported 2 rows.*"created":2/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Payroll number,Forenames,Surname,Person type,Unit code,Start date\nP3,,Thistlewick,officer,RESP,2010-01-01\nP4,Dorrin,Underwhistle,officer,NOPE,yesterday\n');
    expect(await main(['import-workforce', bad])).toBe(1);
    expect(err.join('\n')).toContain('3 problems found');
    expect(err.join('\n')).toContain('line 3, unitCode: Unit NOPE is not known');
    expect(await main(['create-user', '--username', 'first.admin', '--name', 'First Admin', '--roles', 'system_admin', '--payroll', 'P1'])).toBe(0);
    expect(out.join('\n')).toMatch(/Temporary password \(shown once\): \S{16}/);
    expect(await main(['create-user', '--username', 'x', '--name', 'X', '--roles', 'wizard'])).toBe(2);
    expect(await main(['audit-verify'])).toBe(0);
    expect(out.pop()).toMatch(/^Audit log intact: \d+ entries/);
    expect(await main(['backup', join(dir, 'b.gz')])).toBe(0);
    expect(await main(['backup', join(dir, 'b.gz')])).toBe(1);
  });

  it('prints a current one-time code for a demo account without opening the database', async () => {
    writeFileSync(join(dir, 'demo-accounts.json'), JSON.stringify([{ username: 'demo-hr', role: 'hr', roleLabel: 'HR', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', payrollNumber: null }]));
    expect(await main(['demo', '--otp', 'demo-hr'])).toBe(0);
    expect(out.pop()).toMatch(/^\d{6}$/);
    expect(await main(['demo', '--otp', 'nobody'])).toBe(1);
  });
});

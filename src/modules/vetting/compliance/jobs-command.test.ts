import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobs } from '../../../cli/jobs.js';
import { CliError } from '../../../cli/command.js';

// The `probity jobs` command against its own embedded database, configured from the environment as the CLI is.
let out: string[];
beforeEach(() => {
  vi.stubEnv('PROBITY_DATA_DIR', mkdtempSync(join(tmpdir(), 'probity-jobs-')));
  vi.stubEnv('DATABASE_URL', '');
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('probity jobs', () => {
  it('lists the jobs, runs them on demand, and records the runs', async () => {
    expect(await jobs.run(['list'])).toBe(0);
    expect(out.join('\n')).toMatch(/vetting\.expiry-reminders\s+every 1 day\s+never run/);
    expect(out.join('\n')).toMatch(/vetting\.compliance-reconcile\s+every 7 days/);
    out = [];
    expect(await jobs.run(['run', '--all'])).toBe(0);
    expect(out).toEqual([
      'vetting.expiry-reminders: succeeded {"filled":0,"refreshed":0,"reminders":0,"reviewsOpened":0}',
      'vetting.pnd-rechecks: succeeded {"filled":0,"due":0,"reviewsOpened":0}',
      'vetting.compliance-reconcile: succeeded {"postholders":0,"clearances":0}',
    ]);
    out = [];
    expect(await jobs.run(['list'])).toBe(0);
    expect(out.join('\n')).toMatch(/vetting\.pnd-rechecks\s+every 1 day\s+last run \S+: succeeded/);
  });

  it('refuses wrong usage with exit status 2', async () => {
    for (const args of [[], ['run'], ['run', 'vetting.no-such-job'], ['frobnicate']]) {
      const err = await jobs.run(args).catch((e: unknown) => e);
      expect(err, args.join(' ')).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
    }
  });
});

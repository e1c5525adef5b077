import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/support/db.js';
import type { Db } from '../db/types.js';
import { DAY, JobScheduler, type Job, type JobLogger } from './scheduler.js';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

function recordingLogger() {
  const errors: string[] = [];
  const logger: JobLogger = { info: () => {}, error: (obj) => void errors.push(String((obj as { job?: string }).job)) };
  return { logger, errors };
}

function countingJob(name: string, intervalMs = DAY): Job & { runs: number } {
  const job = { name, description: 'counts its runs', intervalMs, runs: 0, run: async () => ({ run: ++job.runs }) };
  return job;
}

describe('the job scheduler', () => {
  it('claims a job once per period, however many processes ask at once', async () => {
    const job = countingJob('test.once-per-period');
    // Several schedulers over one database stand for several processes.
    const processes = Array.from({ length: 4 }, () => new JobScheduler(db, [job], recordingLogger().logger));
    const claims = await Promise.all(processes.map((p) => p.claim(job)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await processes[0]!.claim(job)).toBe(false);

    const runs = await Promise.all(processes.map((p) => p.runDue()));
    expect(runs.flat().map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(job.runs).toBe(0);
  });

  it('runs a job again once its period has passed, and records each run', async () => {
    const job = countingJob('test.period-passes');
    const scheduler = new JobScheduler(db, [job], recordingLogger().logger);
    expect(await scheduler.runDue()).toEqual([{ name: job.name, outcome: 'succeeded', summary: { run: 1 } }]);
    expect((await scheduler.runDue())[0]!.outcome).toBe('skipped');
    await db.query(`update scheduled_jobs set last_started_at = now() - interval '1 day 1 minute' where name = $1`, [job.name]);
    expect((await scheduler.runDue())[0]!.outcome).toBe('succeeded');
    const [status] = await scheduler.status();
    expect(status).toMatchObject({ name: job.name, runs: 2, lastOutcome: 'succeeded', lastSummary: { run: 2 }, lastError: null });
  });

  it('runs on demand whatever the period, which then counts as the period’s run', async () => {
    const job = countingJob('test.on-demand');
    const scheduler = new JobScheduler(db, [job], recordingLogger().logger);
    await scheduler.runDue();
    expect((await scheduler.runNow(job.name)).outcome).toBe('succeeded');
    expect(job.runs).toBe(2);
    expect((await scheduler.runDue())[0]!.outcome).toBe('skipped');
    await expect(scheduler.runNow('test.no-such-job')).rejects.toThrow(/no job named/);
  });

  it('logs and records a failing job without throwing, and still runs the others', async () => {
    const { logger, errors } = recordingLogger();
    const broken: Job = { name: 'test.broken', description: 'always fails', intervalMs: DAY, run: async () => { throw new Error('the source system is down'); } };
    const healthy = countingJob('test.healthy');
    const scheduler = new JobScheduler(db, [broken, healthy], logger);
    const runs = await scheduler.runDue();
    expect(runs.map((r) => [r.name, r.outcome])).toEqual([['test.broken', 'failed'], ['test.healthy', 'succeeded']]);
    expect(runs[0]!.error).toBe('the source system is down');
    expect(errors).toEqual(['test.broken']);
    const [status] = await scheduler.status();
    expect(status).toMatchObject({ name: 'test.broken', lastOutcome: 'failed', lastError: 'the source system is down' });
    // A failed run still used its period: a broken job is retried next period, not every minute.
    expect((await scheduler.runDue())[0]!.outcome).toBe('skipped');
  });

  it('does not overlap a slow run with the next tick in the same process', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const slow: Job = { name: 'test.slow', description: 'waits', intervalMs: 1, run: async () => { started++; await gate; } };
    const scheduler = new JobScheduler(db, [slow], recordingLogger().logger);
    const first = scheduler.runDue();
    const second = scheduler.runDue();
    expect(second).toBe(first);
    release();
    await first;
    expect(started).toBe(1);
  });

  it('refuses two jobs with one name', () => {
    expect(() => new JobScheduler(db, [countingJob('test.same'), countingJob('test.same')], recordingLogger().logger)).toThrow(/Two jobs/);
  });
});

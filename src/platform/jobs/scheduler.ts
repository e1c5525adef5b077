import type { Db } from '../db/types.js';

/** A named piece of background work, run at most once per `intervalMs` across every process sharing the database. */
export interface Job {
  name: string;
  description: string;
  intervalMs: number;
  /** Does the work; what it returns (counts) is kept with the run and logged. */
  run(): Promise<Record<string, unknown> | void>;
}

export interface JobRun {
  name: string;
  outcome: 'succeeded' | 'failed' | 'skipped';
  summary?: Record<string, unknown>;
  error?: string;
}

export interface JobStatus {
  name: string;
  description: string;
  intervalMs: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: string | null;
  lastSummary: Record<string, unknown> | null;
  lastError: string | null;
  runs: number;
}

/** The little a scheduler needs of a logger (pino fits). */
export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const HOUR = 60 * 60_000;
export const DAY = 24 * HOUR;

/**
 * Runs named jobs in-process on a timer. Each process ticks on its own; a run is claimed with one conditional
 * UPDATE on the job's row (`last_started_at` older than the period, judged by the database clock), so however many
 * processes tick, a job runs at most once per period. Failures are logged and recorded, never thrown: a broken job
 * must not stop the others or the server. Jobs can also be run on demand (the CLI, tests), which counts as a run.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, Job>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<JobRun[]> | undefined;

  constructor(private readonly db: Db, jobs: readonly Job[], private readonly log: JobLogger) {
    for (const job of jobs) {
      if (this.jobs.has(job.name)) throw new Error(`Two jobs are named ${job.name}`);
      this.jobs.set(job.name, job);
    }
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Checks for due jobs every `tickMs` (a minute by default); the timer does not keep the process alive. */
  start(tickMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runDue(), tickMs);
    this.timer.unref();
    void this.runDue();
  }

  /** Stops the timer and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** Runs every job whose period has passed and that this process manages to claim. Never throws. */
  runDue(): Promise<JobRun[]> {
    // A slow run must not overlap the next tick in the same process.
    this.ticking ??= this.runEachDue().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runEachDue(): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.jobs.values()) runs.push(await this.runIfClaimed(job));
    return runs;
  }

  /** Runs one job now, whatever its period (operators and tests); recorded like any other run. Never throws. */
  async runNow(name: string): Promise<JobRun> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`There is no job named ${name}`);
    try {
      await this.ensureRow(job.name);
      await this.db.query('update scheduled_jobs set last_started_at = now(), runs = runs + 1 where name = $1', [job.name]);
    } catch (err) {
      return this.failed(job, err);
    }
    return this.execute(job);
  }

  /**
   * Claims the job's run for this period: true for exactly one caller per period. Two processes racing run the same
   * UPDATE; the second waits for the first's row lock, re-reads the row and finds the condition no longer holds.
   */
  async claim(job: Pick<Job, 'name' | 'intervalMs'>): Promise<boolean> {
    await this.ensureRow(job.name);
    const rows = await this.db.query(
      `update scheduled_jobs set last_started_at = now(), runs = runs + 1
       where name = $1 and (last_started_at is null or last_started_at <= now() - make_interval(secs => $2::double precision / 1000))
       returning name`,
      [job.name, job.intervalMs],
    );
    return rows.length > 0;
  }

  async status(): Promise<JobStatus[]> {
    const rows = await this.db.query<Omit<JobStatus, 'description' | 'intervalMs'>>(
      `select name, last_started_at as "lastStartedAt", last_finished_at as "lastFinishedAt", last_outcome as "lastOutcome",
              last_summary as "lastSummary", last_error as "lastError", runs
       from scheduled_jobs where name = any($1::text[])`,
      [this.names],
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    return [...this.jobs.values()].map((j) => ({
      lastStartedAt: null, lastFinishedAt: null, lastOutcome: null, lastSummary: null, lastError: null, runs: 0,
      ...byName.get(j.name), name: j.name, description: j.description, intervalMs: j.intervalMs,
    }));
  }

  private async runIfClaimed(job: Job): Promise<JobRun> {
    try {
      if (!(await this.claim(job))) return { name: job.name, outcome: 'skipped' };
    } catch (err) {
      return this.failed(job, err);
    }
    return this.execute(job);
  }

  private async execute(job: Job): Promise<JobRun> {
    const started = Date.now();
    try {
      const summary = (await job.run()) ?? {};
      await this.finish(job.name, 'succeeded', summary, null);
      this.log.info({ job: job.name, ms: Date.now() - started, ...summary }, 'job finished');
      return { name: job.name, outcome: 'succeeded', summary };
    } catch (err) {
      return this.failed(job, err);
    }
  }

  private async failed(job: Job, err: unknown): Promise<JobRun> {
    const message = err instanceof Error ? err.message : String(err);
    this.log.error({ err, job: job.name }, 'job failed');
    await this.finish(job.name, 'failed', null, message).catch((e: unknown) => this.log.error({ err: e, job: job.name }, 'job outcome not recorded'));
    return { name: job.name, outcome: 'failed', error: message };
  }

  private async finish(name: string, outcome: string, summary: Record<string, unknown> | null, error: string | null): Promise<void> {
    await this.db.query(
      'update scheduled_jobs set last_finished_at = now(), last_outcome = $2, last_summary = $3, last_error = $4 where name = $1',
      [name, outcome, summary && JSON.stringify(summary), error],
    );
  }

  private async ensureRow(name: string): Promise<void> {
    await this.db.query('insert into scheduled_jobs (name) values ($1) on conflict (name) do nothing', [name]);
  }
}

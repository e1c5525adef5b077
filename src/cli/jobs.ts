import { services } from '../services.js';
import { CliError, parse, withDatabase, type Command } from './command.js';

const help = `Usage: probity jobs list
       probity jobs run NAME... | --all

Background jobs: expiry reminders and renewal reviews, periodic PND re-checks, and the weekly
rebuild of vetting's postholder projection. A running Probity runs each on a timer, at most once
per period across all its processes; here they run now, on demand, and that counts as the
period's run.

  list           each job, its period and its last run
  run NAME...    run the named jobs now
  run --all      run every job now

Exit status: 0 done, 1 a job failed, 2 wrong usage.`;

const period = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000} day${ms === 86_400_000 ? '' : 's'}` : `${Math.round(ms / 60_000)} minutes`);

export const jobs: Command = {
  summary: 'list background jobs, or run them now',
  help,
  async run(args) {
    const { values, positionals } = parse(args, { all: { type: 'boolean', default: false } }, help);
    const [action, ...names] = positionals;
    if (action !== 'list' && action !== 'run') throw new CliError(help, 2);
    if (action === 'run' && !values.all && !names.length) throw new CliError(`Name the jobs to run, or give --all.\n\n${help}`, 2);
    return withDatabase(async (db, config) => {
      const s = services(config, db);
      const scheduler = s.scheduler;
      const unknown = names.filter((n) => !scheduler.names.includes(n));
      if (unknown.length) throw new CliError(`No such job: ${unknown.join(', ')}. Jobs: ${scheduler.names.join(', ')}`, 2);
      if (action === 'list') {
        for (const j of await scheduler.status()) {
          const last = j.lastStartedAt ? `last run ${j.lastStartedAt.toISOString()}: ${j.lastOutcome ?? 'running'}${j.lastError ? ` (${j.lastError})` : ''}` : 'never run';
          console.log(`${j.name.padEnd(28)} every ${period(j.intervalMs).padEnd(8)} ${last}\n${''.padEnd(28)} ${j.description}`);
        }
        return 0;
      }
      let failed = false;
      for (const name of values.all ? scheduler.names : names) {
        const run = await scheduler.runNow(name);
        failed ||= run.outcome === 'failed';
        console.log(`${name}: ${run.outcome}${run.error ? ` – ${run.error}` : ''}${run.summary ? ` ${JSON.stringify(run.summary)}` : ''}`);
      }
      // Reviews opened by a job are events for other subscribers: deliver them before the database closes.
      await s.bus.dispatch();
      return failed ? 1 : 0;
    });
  },
};

import { auditVerify } from './audit-verify.js';
import { backup, restore } from './backup.js';
import { createUser } from './create-user.js';
import { demo } from './demo.js';
import { importWorkforce } from './import-workforce.js';
import { CliError, type Command } from './command.js';
import { jobs } from './jobs.js';

const COMMANDS: Record<string, Command> = {
  demo,
  'import-workforce': importWorkforce,
  backup,
  restore,
  'audit-verify': auditVerify,
  'create-user': createUser,
  jobs,
};

function usage(): string {
  return [
    'Usage: probity <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`),
    '',
    'Run `probity <command> --help` for a command’s options. Configuration comes from the environment (see README).',
  ].join('\n');
}

/** Runs one sub-command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  }
}

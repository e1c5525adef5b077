import { parseArgs, type ParseArgsConfig } from 'node:util';
import { userInfo } from 'node:os';
import type { ActorContext } from '../platform/access/guard.js';
import type { Role } from '../platform/access/roles.js';
import { ConfigError, loadConfig, type Config } from '../platform/config.js';
import { DataDirInUseError } from '../platform/db/lock.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open.js';
import type { Db } from '../platform/db/types.js';

export interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, help: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${help}`, 2);
  }
}

/** Opens the configured database (migrated), runs fn, and always closes it. */
export async function withDatabase<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`Configuration problem: ${err.message}`);
    throw err;
  }
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new CliError(`${err.message}\nOperator commands on the embedded database need Probity stopped first.`);
    throw err;
  }
  try {
    await migrate(db);
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/** The operator at the command line, acting with the given role, named in the audit log by their OS account. */
export function operator(roles: Role[]): ActorContext {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return { viewer: { userId: null, personId: null, roles, label: `cli:${name}` }, correlationId: `cli-${Date.now()}` };
}

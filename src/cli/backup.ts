import { existsSync } from 'node:fs';
import { backupTo, restoreFrom, RestoreError } from '../platform/db/backup.js';
import { verifyAuditChain } from '../platform/audit/verify.js';
import { CliError, parse, withDatabase, type Command } from './command.js';

const backupHelp = `Usage: probity backup FILE

Writes the whole database (every table, including the audit log) to FILE as gzipped NDJSON.
Works the same on the embedded database and on PostgreSQL; a backup from one restores into the other.
Stop Probity first when it runs on the embedded database. The file holds personal data: store it as such.`;

const restoreHelp = `Usage: probity restore FILE [--replace]

Restores a backup made by \`probity backup\`, in one transaction. The target must be empty unless
--replace is given, which deletes everything in it first. The audit chain is verified afterwards.`;

export const backup: Command = {
  summary: 'write the whole database to a file',
  help: backupHelp,
  async run(args) {
    const { positionals } = parse(args, {}, backupHelp);
    if (positionals.length !== 1) throw new CliError(`Give the file to write.\n\n${backupHelp}`, 2);
    const file = positionals[0]!;
    if (existsSync(file)) throw new CliError(`${file} already exists: choose a new file name`);
    return withDatabase(async (db) => {
      const r = await backupTo(db, file);
      console.log(`Backed up ${r.rows} rows from ${r.tables} tables to ${file}`);
      return 0;
    });
  },
};

export const restore: Command = {
  summary: 'restore the database from a backup file',
  help: restoreHelp,
  async run(args) {
    const { values, positionals } = parse(args, { replace: { type: 'boolean', default: false } }, restoreHelp);
    if (positionals.length !== 1) throw new CliError(`Give the backup file.\n\n${restoreHelp}`, 2);
    const file = positionals[0]!;
    if (!existsSync(file)) throw new CliError(`Cannot find ${file}`);
    return withDatabase(async (db) => {
      try {
        const r = await restoreFrom(db, file, { replace: !!values.replace });
        const chain = await verifyAuditChain(db);
        console.log(`Restored ${r.rows} rows from ${file}. Audit chain: ${chain.ok ? `intact (${chain.entries} entries)` : chain.problem?.message}`);
        return chain.ok ? 0 : 1;
      } catch (err) {
        if (err instanceof RestoreError) throw new CliError(`Nothing was restored: ${err.message}`);
        throw err;
      }
    });
  },
};

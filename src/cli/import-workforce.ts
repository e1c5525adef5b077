import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AuditLog } from '../platform/audit/audit-log.js';
import { EventBus } from '../platform/events/bus.js';
import { WorkforceRepository } from '../modules/workforce/data.js';
import { IMPORT_MODES, type ImportMode } from '../modules/workforce/schema.js';
import { WorkforceService } from '../modules/workforce/service.js';
import { CliError, operator, parse, withDatabase, type Command } from './command.js';

const help = `Usage: probity import-workforce FILE [--mode delta|full]

Imports people from an HR extract (CSV or XLSX; columns in docs/formats/workforce-import.md).
Every row is checked before anything is written: a file with any error imports nothing and every
bad row is listed with its reason. A good file is applied in one transaction. People are matched by
payroll number, so importing the same file twice changes nothing the second time.

Options:
  --mode delta   the file holds joiners, movers, leavers and changes only (default)
  --mode full    the file holds everyone currently employed; anyone missing is recorded as a leaver today
  --help         show this help

Exit status: 0 imported, 1 rejected (errors printed), 2 wrong usage.`;

export const importWorkforce: Command = {
  summary: 'import people from an HR extract (CSV or XLSX)',
  help,
  async run(args) {
    const { values, positionals } = parse(args, { mode: { type: 'string', default: 'delta' } }, help);
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError(`Give exactly one file to import.\n\n${help}`, 2);
    if (!(IMPORT_MODES as readonly string[]).includes(values.mode!)) throw new CliError('--mode must be delta or full', 2);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new CliError(`Cannot read ${file}`);
    }
    if (size > 512 * 1024 * 1024) throw new CliError('The file is larger than 512 MB');
    return withDatabase(async (db) => {
      const service = new WorkforceService(db, new WorkforceRepository(db), new AuditLog(db), new EventBus(db));
      const actor = operator(['hr']);
      const jobId = await service.startImport(actor, basename(file));
      let last = 0;
      const job = await service.runImport(actor, jobId, readFileSync(file), basename(file), values.mode as ImportMode, (p) => {
        if (Date.now() - last < 500 && p.status === 'validating') return;
        last = Date.now();
        process.stderr.write(`\r${p.status}: ${p.processedRows} of ${p.totalRows ?? '?'} rows`);
      });
      process.stderr.write('\n');
      if (job.status !== 'succeeded') {
        const errors = job.errors ?? [];
        console.error(`Nothing was imported: ${errors.length} problem${errors.length === 1 ? '' : 's'} found.`);
        for (const e of errors.slice(0, 200)) console.error(`  line ${e.line}, ${e.field}: ${e.message}`);
        if (errors.length > 200) console.error(`  … and ${errors.length - 200} more (see the import page for all of them)`);
        return 1;
      }
      console.log(`Imported ${job.totalRows} rows: ${JSON.stringify(job.summary)}`);
      return 0;
    });
  },
};

import { verifyAuditChain } from '../platform/audit/verify.js';
import { parse, withDatabase, type Command } from './command.js';

const help = `Usage: probity audit-verify [--json]

Walks the audit log's hash chain from the first entry and reports the first entry that was altered,
inserted or deleted. Prints the head hash: keep a copy elsewhere, so that even a rewrite of the whole
chain can be detected by comparing it.

Exit status: 0 intact, 1 tampered with.`;

export const auditVerify: Command = {
  summary: 'check the audit log has not been altered',
  help,
  async run(args) {
    const { values } = parse(args, { json: { type: 'boolean', default: false } }, help);
    return withDatabase(async (db) => {
      const result = await verifyAuditChain(db);
      if (values.json) console.log(JSON.stringify(result));
      else if (result.ok) console.log(`Audit log intact: ${result.entries} entries, head ${result.headSeq} ${result.headHash}`);
      else console.log(`Audit log TAMPERED: ${result.problem!.message}`);
      return result.ok ? 0 : 1;
    });
  },
};

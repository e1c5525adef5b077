import { randomBytes } from 'node:crypto';
import { ROLE_NAMES, isRole } from '../platform/access/roles.js';
import { AuditLog } from '../platform/audit/audit-log.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../platform/auth/passwords.js';
import { UserRepository } from '../platform/auth/users.js';
import { WorkforceRepository } from '../modules/workforce/data.js';
import { CliError, operator, parse, withDatabase, type Command } from './command.js';

const help = `Usage: probity create-user --username NAME --name "Display name" --roles ROLE[,ROLE] [--payroll NUMBER] [--password-stdin]

Creates a local account. Without --password-stdin a random temporary password is generated and printed once.
Roles that see case data set up a second factor at first sign-in. Use it to create the first system administrator.

Roles: ${ROLE_NAMES.join(', ')}`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const createUser: Command = {
  summary: 'create a user account (for example the first administrator)',
  help,
  async run(args) {
    const { values } = parse(args, {
      username: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, payroll: { type: 'string' }, email: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    }, help);
    if (!values.username || !/^[a-z0-9][a-z0-9._-]{2,59}$/i.test(values.username)) throw new CliError('--username must be 3 to 60 letters, digits, dots, dashes or underscores', 2);
    if (!values.name) throw new CliError('--name is required', 2);
    const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = roles.filter((r) => !isRole(r));
    if (!roles.length || unknown.length) throw new CliError(`--roles must list roles from: ${ROLE_NAMES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`, 2);
    const password = values['password-stdin'] ? await readStdin() : randomBytes(12).toString('base64url');
    if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`, 2);
    return withDatabase(async (db) => {
      const users = new UserRepository(db);
      if (await users.byUsername(values.username!)) throw new CliError(`A user called ${values.username} already exists`);
      let personId: string | null = null;
      if (values.payroll) {
        const id = await new WorkforceRepository(db).personIdByPayroll(values.payroll);
        if (!id) throw new CliError(`Nobody in the workforce directory has payroll number ${values.payroll}`);
        personId = id;
      }
      const audit = new AuditLog(db);
      const actor = operator(['system_admin']);
      const user = await db.transaction(async (tx) => {
        const u = await users.insert(tx, { username: values.username!, displayName: values.name!, email: values.email ?? null, personId, roles: roles.filter(isRole), passwordHash: await hashPassword(password), mustChangePassword: !values['password-stdin'] });
        await audit.recordIn(tx, { action: 'user.create', actor: { userId: null, label: actor.viewer.label }, subjectType: 'user', subjectId: u.id, subjectPersonId: personId, correlationId: actor.correlationId, details: { username: u.username, roles: u.roles } });
        return u;
      });
      console.log(`Created ${user.username} with roles ${user.roles.join(', ')}.`);
      if (!values['password-stdin']) console.log(`Temporary password (shown once): ${password}`);
      return 0;
    });
  },
};

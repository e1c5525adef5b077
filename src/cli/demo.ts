import { loadConfig } from '../platform/config.js';
import { currentCode } from '../platform/auth/totp.js';
import { describeDemoAccounts, isEmpty, loadDemo, readDemoAccounts } from '../demo.js';
import { CliError, parse, withDatabase, type Command } from './command.js';

const help = `Usage: probity demo [--people N]
       probity demo --otp USERNAME

Loads the synthetic demo force (fictional people, one demo account per role) into an empty database,
and prints how to sign in. Demo accounts can sign in only in demo mode (PROBITY_DEMO_MODE=true, the default
for the embedded database).

Options:
  --people N       how many people the demo force has (default 6000)
  --otp USERNAME   print the current one-time code for a demo account (reads the data folder, not the database)
  --help           show this help`;

export const demo: Command = {
  summary: 'load the synthetic demo force, or print a demo account’s one-time code',
  help,
  async run(args) {
    const { values } = parse(args, { people: { type: 'string' }, otp: { type: 'string' } }, help);
    if (values.otp) {
      const accounts = readDemoAccounts(loadConfig().dataDir);
      if (!accounts) throw new CliError('No demo accounts in this data folder: load the demo first (probity demo, or start Probity on an empty embedded database).');
      const account = accounts.find((a) => a.username === values.otp);
      if (!account) throw new CliError(`No demo account called ${values.otp}. The demo accounts are: ${accounts.map((a) => a.username).join(', ')}`);
      console.log(currentCode(account.totpSecret));
      return 0;
    }
    const people = values.people === undefined ? 6000 : Number(values.people);
    if (!Number.isInteger(people) || people < 50 || people > 300_000) throw new CliError('--people must be a whole number from 50 to 300000', 2);
    return withDatabase(async (db, config) => {
      if (!(await isEmpty(db))) throw new CliError('The database already holds people or users: the demo force loads only into an empty database.');
      const accounts = await loadDemo(db, { secret: config.secret, dataDir: config.dataDir, people });
      console.log(describeDemoAccounts(accounts, `http://localhost:${config.port}`));
      if (!config.demoMode) console.log('Demo mode is off, so these accounts cannot sign in yet: start Probity with PROBITY_DEMO_MODE=true.');
      return 0;
    });
  },
};

import { z } from '../../platform/openapi/registry.js';
import { ROLE_NAMES } from '../../platform/access/roles.js';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const UserFormSchema = z.object({
  displayName: z.preprocess(blank, z.string({ error: 'Enter the person’s name' }).max(120, 'The name must be 120 characters or fewer')),
  email: z.preprocess(blank, z.email('Enter an email address in the correct format').max(200).optional()),
  payrollNumber: z.preprocess(blank, z.string().max(20, 'The payroll number must be 20 characters or fewer').optional()),
  roles: z.preprocess(asArray, z.array(z.enum(ROLE_NAMES as [string, ...string[]], { error: 'Choose roles from the list' })).min(1, 'Choose at least one role')),
  disabled: z.preprocess((v) => v === 'true' || v === true, z.boolean()).default(false),
});

export const NewUserFormSchema = UserFormSchema.extend({
  username: z.preprocess(blank, z.string({ error: 'Enter a username' }).regex(/^[a-z0-9][a-z0-9._-]{2,59}$/i, 'The username must be 3 to 60 letters, digits, dots, dashes or underscores')),
});

export const TokenFormSchema = z.object({
  name: z.preprocess(blank, z.string({ error: 'Enter a name for the token, such as the system that will use it' }).max(80)),
  scopes: z.preprocess(asArray, z.array(z.string()).min(1, 'Choose at least one thing the token may do')),
  expiresInDays: z.preprocess(blank, z.coerce.number({ error: 'Enter a number of days' }).int('Enter a whole number of days').min(1, 'The token must last at least 1 day').max(730, 'A token can last at most 730 days')),
});

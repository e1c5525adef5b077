import { ACTIONS, RESOURCE_KINDS, RESOURCE_KIND_NAMES, grantedScope } from './policy.js';
import { ROLES, ROLE_NAMES } from './roles.js';

/** The policy as a Markdown table: one row per role, one column per resource kind, the actions and their reach in each cell. */
export function accessMatrixMarkdown(): string {
  const short: Record<string, string> = { read: 'R', create: 'C', update: 'U', delete: 'D', decide: 'Dec', export: 'X' };
  const cell = (role: (typeof ROLE_NAMES)[number], kind: (typeof RESOURCE_KIND_NAMES)[number]) =>
    ACTIONS.flatMap((a) => {
      const scope = grantedScope([role], kind, a);
      return scope ? [`${short[a]}${scope === 'all' ? '' : `(${scope})`}`] : [];
    }).join(' ') || '–';
  const lines = [
    '# Access matrix',
    '',
    'Generated from `src/platform/access/policy.ts` by `npm run docs:access`; a test fails when this file is out of date.',
    '',
    'R read, C create, U update, D delete, Dec decide, X export; `(team)` only the viewer\'s line-management chain, `(self)` only their own record.',
    'On top of this table, for every kind marked *protects subject*: nobody sees a record about themselves, whatever their roles;',
    'a record can exclude named users (conflict of interest); a sealed record is visible only to the users it is sealed to.',
    '',
    `| Role | ${RESOURCE_KIND_NAMES.map((k) => `${RESOURCE_KINDS[k].label}${RESOURCE_KINDS[k].protectsSubject ? ' *(protects subject)*' : ''}`).join(' | ')} |`,
    `|---|${RESOURCE_KIND_NAMES.map(() => '---').join('|')}|`,
    ...ROLE_NAMES.map((r) => `| ${ROLES[r].label} | ${RESOURCE_KIND_NAMES.map((k) => cell(r, k)).join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

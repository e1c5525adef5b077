import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessMatrixMarkdown } from './matrix.js';
import { ACTIONS, RESOURCE_KINDS, RESOURCE_KIND_NAMES, checkAccess, type Viewer } from './policy.js';
import { ROLE_NAMES, requiresSecondFactor, type Role } from './roles.js';

const ME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const viewer = (role: Role): Viewer => ({ userId: 'u-me', personId: ME, roles: [role], label: role });

const CASE_KINDS = ['vetting_case', 'conduct_case', 'intelligence', 'alert'] as const;

describe('access policy, every role against every resource kind and action', () => {
  for (const role of ROLE_NAMES) {
    for (const kind of RESOURCE_KIND_NAMES) {
      for (const action of ACTIONS) {
        const name = `${role} ${action} ${kind}`;
        it(name, () => {
          const v = viewer(role);
          const aboutOther = checkAccess(v, action, { kind, subjectPersonIds: [OTHER], managerPersonIds: [] });
          const aboutSelf = checkAccess(v, action, { kind, subjectPersonIds: [ME] });
          // Nobody sees a case, intelligence item or alert about themselves, whatever their role.
          if (RESOURCE_KINDS[kind].protectsSubject) expect(aboutSelf).toEqual({ allowed: false, reason: 'subject' });
          // A conflict-of-interest exclusion and sealing beat every role.
          expect(checkAccess(v, action, { kind, subjectPersonIds: [OTHER], excludedUserIds: ['u-me'] }).allowed).toBe(false);
          expect(checkAccess(v, action, { kind, subjectPersonIds: [OTHER], sealedToUserIds: ['u-someone-else'] }).allowed).toBe(false);
          // Sealing to the viewer leaves their role's answer unchanged.
          expect(checkAccess(v, action, { kind, subjectPersonIds: [OTHER], managerPersonIds: [], sealedToUserIds: ['u-me'] }).allowed).toBe(aboutOther.allowed);
          // Aggregate-only, administrative and self-service roles never reach case data.
          if ((['opcc_scrutiny', 'system_admin', 'staff', 'line_manager', 'hr', 'auditor'] as Role[]).includes(role) && (CASE_KINDS as readonly string[]).includes(kind)) {
            expect(aboutOther.allowed).toBe(false);
          }
        });
      }
    }
  }
});

describe('need-to-know specifics', () => {
  it('gives a line manager their own team (any depth) and nobody else', () => {
    const lm = viewer('line_manager');
    expect(checkAccess(lm, 'read', { kind: 'person', subjectPersonIds: [OTHER], managerPersonIds: ['x', ME] }).allowed).toBe(true);
    expect(checkAccess(lm, 'read', { kind: 'person', subjectPersonIds: [OTHER], managerPersonIds: ['x'] })).toEqual({ allowed: false, reason: 'scope' });
    expect(checkAccess(lm, 'update', { kind: 'person', subjectPersonIds: [OTHER], managerPersonIds: [ME] }).allowed).toBe(false);
  });

  it('lets staff see their own directory record and protected characteristics only', () => {
    const me = viewer('staff');
    expect(checkAccess(me, 'read', { kind: 'person', subjectPersonIds: [ME] }).allowed).toBe(true);
    expect(checkAccess(me, 'read', { kind: 'person', subjectPersonIds: [OTHER] }).allowed).toBe(false);
    expect(checkAccess(me, 'read', { kind: 'protected_characteristics', subjectPersonIds: [ME] }).allowed).toBe(true);
    expect(checkAccess(me, 'read', { kind: 'protected_characteristics', subjectPersonIds: [OTHER] }).allowed).toBe(false);
  });

  it('keeps protected characteristics from vetting decision makers', () => {
    for (const role of ['vetting_researcher', 'senior_vetting_advisor'] as Role[]) {
      expect(checkAccess(viewer(role), 'read', { kind: 'protected_characteristics', subjectPersonIds: [OTHER] }).allowed).toBe(false);
    }
  });

  it('combines roles: the widest grant wins, but subject protection still applies', () => {
    const both: Viewer = { ...viewer('staff'), roles: ['staff', 'psd_investigator'] };
    expect(checkAccess(both, 'read', { kind: 'person', subjectPersonIds: [OTHER] }).allowed).toBe(true);
    expect(checkAccess(both, 'read', { kind: 'conduct_case', subjectPersonIds: [ME, OTHER] }).allowed).toBe(false);
  });

  it('gives an API token exactly its scopes and nothing about people it cannot be', () => {
    const token: Viewer = { userId: null, personId: null, roles: [], label: 'token:hr', tokenScopes: ['workforce_import:create', 'person:read'] };
    expect(checkAccess(token, 'create', { kind: 'workforce_import' }).allowed).toBe(true);
    expect(checkAccess(token, 'read', { kind: 'person', subjectPersonIds: [OTHER] }).allowed).toBe(true);
    expect(checkAccess(token, 'update', { kind: 'person', subjectPersonIds: [OTHER] }).allowed).toBe(false);
    expect(checkAccess(token, 'read', { kind: 'person', subjectPersonIds: [OTHER], sealedToUserIds: ['u1'] }).allowed).toBe(false);
  });

  it('requires a second factor for every role except aggregate-only scrutiny', () => {
    expect(requiresSecondFactor(['opcc_scrutiny'])).toBe(false);
    for (const r of ROLE_NAMES.filter((r) => r !== 'opcc_scrutiny')) expect(requiresSecondFactor([r])).toBe(true);
  });

  it('keeps docs/access-matrix.md in step with the policy', () => {
    expect(readFileSync(new URL('../../../docs/access-matrix.md', import.meta.url), 'utf8')).toBe(accessMatrixMarkdown());
  });
});

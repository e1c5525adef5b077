import { ROLE_NAMES, type Role } from './roles.js';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'decide', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

/** How far a grant reaches: every record, the viewer's own team (line-management chain), or only the viewer's own. */
export type Scope = 'all' | 'team' | 'self';

export interface ResourceKind {
  label: string;
  /** Cases, intelligence and alerts: their subject never sees them, whatever the subject's roles. */
  protectsSubject: boolean;
  grants: Partial<Record<Role, Partial<Record<Action, Scope>>>>;
}

const caseWork = (scope: Scope = 'all') => ({ read: scope, create: scope, update: scope });

/**
 * The one access policy. Every module checks access through `checkAccess` against these grants;
 * need-to-know (subject, conflict exclusion, sealing) is applied on top, for every kind alike.
 * docs/access-matrix.md is generated from this table (npm run docs:access) and tested to stay current.
 */
export const RESOURCE_KINDS = {
  person: {
    label: 'Workforce directory record',
    protectsSubject: false,
    grants: {
      hr: { read: 'all', create: 'all', update: 'all', export: 'all' },
      vetting_researcher: { read: 'all' }, senior_vetting_advisor: { read: 'all' }, force_vetting_manager: { read: 'all' },
      psd_caseworker: { read: 'all' }, psd_investigator: { read: 'all' }, psd_supervisor: { read: 'all' },
      appropriate_authority: { read: 'all' }, head_of_psd: { read: 'all' },
      ccu_intelligence_officer: { read: 'all' }, ccu_analyst: { read: 'all' }, head_of_ccu: { read: 'all' },
      auditor: { read: 'all' }, system_admin: { read: 'all' },
      line_manager: { read: 'team' }, staff: { read: 'self' },
    },
  },
  protected_characteristics: {
    label: 'Protected characteristics',
    protectsSubject: false,
    grants: {
      // Not the force vetting manager: a decision maker must not see an applicant's protected characteristics
      // (the disproportionality report gives the unit aggregates instead).
      hr: { read: 'all', update: 'all', export: 'all' },
      staff: { read: 'self' },
    },
  },
  post: {
    label: 'Post and postholder history',
    protectsSubject: false,
    grants: {
      hr: { read: 'all', create: 'all', update: 'all' },
      force_vetting_manager: { read: 'all', create: 'all', update: 'all' },
      vetting_researcher: { read: 'all' }, senior_vetting_advisor: { read: 'all' },
      psd_caseworker: { read: 'all' }, psd_investigator: { read: 'all' }, psd_supervisor: { read: 'all' },
      appropriate_authority: { read: 'all' }, head_of_psd: { read: 'all' },
      ccu_intelligence_officer: { read: 'all' }, ccu_analyst: { read: 'all' }, head_of_ccu: { read: 'all' },
      auditor: { read: 'all' }, line_manager: { read: 'all' },
    },
  },
  workforce_import: {
    label: 'Workforce import',
    protectsSubject: false,
    grants: { hr: { read: 'all', create: 'all' } },
  },
  vetting_case: {
    label: 'Vetting application, decision or review',
    protectsSubject: true,
    grants: {
      vetting_researcher: caseWork(), senior_vetting_advisor: { ...caseWork(), decide: 'all' },
      force_vetting_manager: { ...caseWork(), decide: 'all', export: 'all' },
    },
  },
  vetting_quality: {
    label: 'Vetting quality-assurance sample and finding',
    protectsSubject: true,
    grants: {
      senior_vetting_advisor: { read: 'all', update: 'all', decide: 'all' },
      force_vetting_manager: { read: 'all', update: 'all', decide: 'all', export: 'all' },
    },
  },
  vetting_rules: {
    label: 'Vetting rules the force sets (time limits, shares, thresholds)',
    protectsSubject: false,
    grants: { force_vetting_manager: { read: 'all', update: 'all' }, senior_vetting_advisor: { read: 'all' }, auditor: { read: 'all' } },
  },
  circumstance_declaration: {
    label: 'Change-of-circumstances declaration',
    protectsSubject: false,
    grants: {
      staff: { read: 'self', create: 'self' },
      vetting_researcher: { read: 'all', update: 'all' }, senior_vetting_advisor: { read: 'all', update: 'all', decide: 'all' },
      force_vetting_manager: { read: 'all', update: 'all', decide: 'all', export: 'all' },
    },
  },
  conduct_case: {
    label: 'Complaint or conduct case',
    protectsSubject: true,
    grants: {
      psd_caseworker: caseWork(), psd_investigator: caseWork(), psd_supervisor: { ...caseWork(), decide: 'all' },
      appropriate_authority: { read: 'all', update: 'all', decide: 'all' },
      head_of_psd: { ...caseWork(), decide: 'all', export: 'all' },
    },
  },
  conduct_rules: {
    label: 'Conduct rules the force sets (minimum ranks, categories, flag definitions)',
    protectsSubject: false,
    grants: { head_of_psd: { read: 'all', update: 'all' }, psd_supervisor: { read: 'all' }, appropriate_authority: { read: 'all' }, auditor: { read: 'all' } },
  },
  intelligence: {
    label: 'Corruption intelligence',
    protectsSubject: true,
    grants: {
      ccu_intelligence_officer: caseWork(), ccu_analyst: { read: 'all', export: 'all' },
      head_of_ccu: { ...caseWork(), decide: 'all', export: 'all' },
    },
  },
  alert: {
    label: 'IT-use monitoring alert',
    protectsSubject: true,
    grants: {
      ccu_intelligence_officer: { read: 'all', update: 'all', decide: 'all' }, ccu_analyst: { read: 'all', update: 'all' },
      head_of_ccu: { read: 'all', update: 'all', decide: 'all', export: 'all' },
    },
  },
  recommendation: {
    label: 'Inspection recommendation',
    protectsSubject: false,
    grants: {
      head_of_psd: caseWork(), head_of_ccu: caseWork(), force_vetting_manager: caseWork(),
      auditor: { read: 'all' },
    },
  },
  aggregate_report: {
    label: 'Aggregate figures (no personal data)',
    protectsSubject: false,
    grants: {
      opcc_scrutiny: { read: 'all', export: 'all' }, auditor: { read: 'all' },
      head_of_psd: { read: 'all', export: 'all' }, head_of_ccu: { read: 'all', export: 'all' },
      force_vetting_manager: { read: 'all', export: 'all' },
    },
  },
  audit_log: {
    label: 'Audit log',
    protectsSubject: true,
    grants: { auditor: { read: 'all', export: 'all' }, head_of_ccu: { read: 'all' } },
  },
  user_account: {
    label: 'User account and roles',
    protectsSubject: false,
    grants: { system_admin: { read: 'all', create: 'all', update: 'all' }, auditor: { read: 'all' } },
  },
  api_token: {
    label: 'API token',
    protectsSubject: false,
    grants: { system_admin: { read: 'all', create: 'all', delete: 'all' } },
  },
  settings: {
    label: 'Settings',
    protectsSubject: false,
    grants: { system_admin: { read: 'all', update: 'all' } },
  },
} satisfies Record<string, ResourceKind>;

export type ResourceKindName = keyof typeof RESOURCE_KINDS;
export const RESOURCE_KIND_NAMES = Object.keys(RESOURCE_KINDS) as ResourceKindName[];

/** Who is asking: a signed-in user, or an integration's API token (which has scopes instead of a person). */
export interface Viewer {
  userId: string | null;
  personId: string | null;
  roles: readonly Role[];
  label: string;
  /** Set for an integration's API token: it may do exactly these `kind:action` pairs, and nothing by role. */
  tokenScopes?: readonly string[];
}

/** What is being asked about. Need-to-know fields are optional: a kind without them has no such restriction. */
export interface Resource {
  kind: ResourceKindName;
  /** The people the record is about (a case's subjects, a person record's own id). */
  subjectPersonIds?: readonly string[];
  /** People above the subject in the line-management chain, for team-scoped grants. */
  managerPersonIds?: readonly string[];
  /** Users excluded from this record for a conflict of interest. */
  excludedUserIds?: readonly string[];
  /** When non-empty, only these users may see the record. */
  sealedToUserIds?: readonly string[];
}

export type Decision = { allowed: true; scope: Scope } | { allowed: false; reason: 'role' | 'subject' | 'conflict' | 'sealed' | 'scope' };

const SCOPE_ORDER: Scope[] = ['all', 'team', 'self'];

/** The widest scope the viewer's roles give for an action on a kind, or undefined for none. */
export function grantedScope(roles: readonly Role[], kind: ResourceKindName, action: Action): Scope | undefined {
  const grants: ResourceKind['grants'] = RESOURCE_KINDS[kind].grants;
  const scopes = roles.map((r) => grants[r]?.[action]).filter((s): s is Scope => !!s);
  return SCOPE_ORDER.find((s) => scopes.includes(s));
}

/** The single access decision every screen, search and API call goes through. */
export function checkAccess(viewer: Viewer, action: Action, resource: Resource): Decision {
  const kind = RESOURCE_KINDS[resource.kind];
  const subjects = resource.subjectPersonIds ?? [];
  const isSubject = viewer.personId !== null && subjects.includes(viewer.personId);
  if (kind.protectsSubject && isSubject) return { allowed: false, reason: 'subject' };
  if (viewer.userId && resource.excludedUserIds?.includes(viewer.userId)) return { allowed: false, reason: 'conflict' };
  if (resource.sealedToUserIds?.length && !(viewer.userId && resource.sealedToUserIds.includes(viewer.userId))) {
    return { allowed: false, reason: 'sealed' };
  }
  const scope = viewerScope(viewer, resource.kind, action);
  if (!scope) return { allowed: false, reason: 'role' };
  if (scope === 'all') return { allowed: true, scope };
  if (isSubject) return { allowed: true, scope };
  if (scope === 'team' && viewer.personId && resource.managerPersonIds?.includes(viewer.personId)) return { allowed: true, scope };
  return { allowed: false, reason: 'scope' };
}

/** The scope a viewer (user or token) has for an action on a kind. */
export function viewerScope(viewer: Viewer, kind: ResourceKindName, action: Action): Scope | undefined {
  if (viewer.tokenScopes) return viewer.tokenScopes.includes(`${kind}:${action}`) ? 'all' : undefined;
  return grantedScope(viewer.roles, kind, action);
}

/** Whether the viewer can take this action on any record of the kind (menus, list pages). */
export function canAny(viewer: Viewer, action: Action, kind: ResourceKindName): boolean {
  return viewerScope(viewer, kind, action) !== undefined;
}

/**
 * The same need-to-know rules as SQL, for lists and searches over tables that carry
 * subject_person_ids uuid[], excluded_user_ids uuid[] and sealed_to_user_ids uuid[].
 * Returns a condition and appends its parameters to `params`.
 */
export function needToKnowSql(viewer: Viewer, alias: string, params: unknown[]): string {
  params.push(viewer.personId, viewer.userId);
  const p = `$${params.length - 1}`;
  const u = `$${params.length}`;
  return `(not (${p}::uuid is not null and ${p}::uuid = any(${alias}.subject_person_ids))
    and not (${u}::uuid is not null and ${u}::uuid = any(${alias}.excluded_user_ids))
    and (cardinality(${alias}.sealed_to_user_ids) = 0 or ${u}::uuid = any(${alias}.sealed_to_user_ids)))`;
}

export function roleNames(): readonly Role[] {
  return ROLE_NAMES;
}

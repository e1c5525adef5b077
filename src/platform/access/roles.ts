/** Probity's roles. A user holds one or more; what each may do is in policy.ts. */
export const ROLES = {
  vetting_researcher: { label: 'Vetting researcher', seesCaseData: true },
  senior_vetting_advisor: { label: 'Senior vetting advisor', seesCaseData: true },
  force_vetting_manager: { label: 'Force vetting manager', seesCaseData: true },
  psd_caseworker: { label: 'PSD caseworker', seesCaseData: true },
  psd_investigator: { label: 'PSD investigator', seesCaseData: true },
  psd_supervisor: { label: 'PSD supervisor', seesCaseData: true },
  appropriate_authority: { label: 'Appropriate authority decision maker', seesCaseData: true },
  head_of_psd: { label: 'Head of PSD', seesCaseData: true },
  ccu_intelligence_officer: { label: 'CCU intelligence officer', seesCaseData: true },
  ccu_analyst: { label: 'CCU analyst', seesCaseData: true },
  head_of_ccu: { label: 'Head of CCU', seesCaseData: true },
  hr: { label: 'HR', seesCaseData: true },
  line_manager: { label: 'Line manager', seesCaseData: true },
  staff: { label: 'Member of staff (self-service)', seesCaseData: false },
  opcc_scrutiny: { label: 'OPCC scrutiny (aggregates only)', seesCaseData: false },
  auditor: { label: 'Auditor', seesCaseData: true },
  system_admin: { label: 'System administrator', seesCaseData: false },
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.prototype.hasOwnProperty.call(ROLES, value);
}

/**
 * Every role that can see personal or case data must use a second factor with a local account.
 * Self-service staff see their own record, so they need one too; only aggregate-only roles do not.
 */
export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((r) => r !== 'opcc_scrutiny');
}

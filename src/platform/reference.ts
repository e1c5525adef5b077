/**
 * Reference data shared by several modules (domain reference: ../shared/domain/vetting.md).
 * Force vetting levels ordered by depth: a post's required level is met by a clearance at the same or a deeper level.
 */
export const FORCE_VETTING_LEVELS = ['NPPV1', 'NPPV2', 'RV', 'NPPV3', 'MV'] as const;
export type ForceVettingLevel = (typeof FORCE_VETTING_LEVELS)[number];

export const VETTING_LEVEL_LABELS: Record<ForceVettingLevel, string> = {
  RV: 'Recruitment vetting (RV)',
  MV: 'Management vetting (MV)',
  NPPV1: 'Non-police personnel vetting level 1 (NPPV1)',
  NPPV2: 'Non-police personnel vetting level 2 (NPPV2)',
  NPPV3: 'Non-police personnel vetting level 3 (NPPV3)',
};

export const NATIONAL_SECURITY_LEVELS = ['CTC', 'SC', 'DV'] as const;
export type NationalSecurityLevel = (typeof NATIONAL_SECURITY_LEVELS)[number];

export const PERSON_TYPES = ['officer', 'special_constable', 'staff', 'pcso', 'volunteer', 'contractor', 'non_police'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

export const PERSON_TYPE_LABELS: Record<PersonType, string> = {
  officer: 'Police officer',
  special_constable: 'Special constable',
  staff: 'Police staff',
  pcso: 'Police community support officer (PCSO)',
  volunteer: 'Police support volunteer',
  contractor: 'Contractor',
  non_police: 'Non-police personnel',
};

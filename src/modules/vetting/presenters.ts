import { PERSON_TYPE_LABELS } from '../../platform/reference.js';

const LABELS: Record<string, string> = {
  recruit: 'Recruit', transferee: 'Transferee', non_police: 'Non-police personnel', renewal: 'Renewal', upgrade: 'Upgrade for a new post', review: 'Review',
  pnc: 'Police National Computer (PNC)', pnd: 'Police National Database (PND)', local_intelligence: 'Local intelligence, crime, custody and domestic abuse systems',
  special_branch: 'Special Branch / counter-terrorism', professional_standards: 'Professional standards history', financial: 'Financial and credit reference',
  family_and_co_residents: 'Family and co-residents', biometric: 'Biometrics', open_source: 'Open source and social media', supervisor_appraisal: 'Supervisor appraisal',
  vetting_interview: 'Vetting interview',
  criminal_conviction_or_caution: 'Criminal conviction or caution', other_criminal_justice: 'Other criminal-justice information', associations: 'Associations',
  family: 'Family', conduct_history: 'Conduct history', honesty_integrity: 'Honesty or integrity', other: 'Other',
  custodial_sentence: 'Custodial sentence', suspended_sentence: 'Suspended sentence', deferred_sentence: 'Deferred sentence', youth_detention: 'Youth detention',
  sex_offender_registration: 'Sex-offender registration', community_sentence: 'Community sentence', fine: 'Fine', conditional_discharge: 'Conditional discharge',
  absolute_discharge: 'Absolute discharge', caution: 'Caution', reprimand_or_warning: 'Reprimand or warning', penalty_notice: 'Penalty notice',
  clearance: 'Clearance', clearance_with_conditions: 'Clearance with conditions', refusal: 'Refusal',
  vetting: 'Vetting unit', ccu: 'Counter-corruption unit', psd: 'Professional standards department', hr: 'HR', line_manager: 'Line manager',
  spouse_or_partner: 'Spouse or partner', former_partner: 'Former partner', parent: 'Parent', step_parent: 'Step-parent', sibling: 'Sibling', child: 'Child',
  in_law: 'In-law', co_resident: 'Co-resident', associate: 'Associate', clear: 'Clear', adverse: 'Adverse', not_applicable: 'Not applicable',
  open: 'Open', decided: 'Decided', mandatory_rejection: 'Mandatory rejection', presumption_of_rejection: 'Rebuttable presumption of rejection',
  awaiting_ratification: 'Awaiting ratification', final: 'Final', complied: 'Complied with', not_complied: 'Not complied with', no_longer_needed: 'No longer needed',
  ...Object.fromEntries(Object.entries(PERSON_TYPE_LABELS).filter(([k]) => k !== 'non_police')),
};

/** The words a caseworker reads for a stored code. */
export function labelFor(code: string): string {
  return LABELS[code] ?? code;
}

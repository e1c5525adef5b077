/**
 * The rules of complaints and misconduct handling, as pure functions over plain facts (shared/domain/conduct.md).
 * Where the reference is unsure or silent the rule's data is a setting (settings.ts) and these are its defaults.
 */

export const CASE_KINDS = ['public_complaint', 'conduct_matter', 'recordable_conduct_matter', 'dsi_matter'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** to_be_recorded: received (by the public form or a caseworker), awaiting the recording decision. */
export const CASE_STATUSES = ['to_be_recorded', 'recorded', 'logged_outside_schedule_3', 'assessed', 'finalised'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_SOURCES = ['online_form', 'caseworker', 'api'] as const;

export const FLAGS = ['prejudicial_improper_behaviour', 'apsp', 'vawg', 'domestic_abuse', 'discrimination', 'colleague_criminal_allegation'] as const;
export type Flag = (typeof FLAGS)[number];

export interface FlagDefinition { label: string; definition: string }

/** Default flag wording; forces may change it (setting conduct.flagDefinitions). */
export const DEFAULT_FLAG_DEFINITIONS: Record<Flag, FlagDefinition> = {
  prejudicial_improper_behaviour: {
    label: 'Prejudicial and improper behaviour',
    definition: 'Misogynistic, sexist or predatory behaviour, or sexual harassment, towards colleagues or members of the public (HMICFRS 2022; the exact definition is not settled nationally).',
  },
  apsp: {
    label: 'Abuse of position for a sexual purpose',
    definition: 'Using police powers or position to pursue a sexual or improper emotional relationship with a member of the public. Serious corruption: a mandatory referral to the IOPC.',
  },
  vawg: { label: 'Violence against women and girls', definition: 'Conduct that is violence, abuse or harassment against women or girls.' },
  domestic_abuse: { label: 'Domestic abuse', definition: 'Abusive behaviour by a member of the force towards a partner, former partner or family member.' },
  discrimination: { label: 'Discrimination', definition: 'Conduct aggravated by discrimination on grounds of a protected characteristic or other status.' },
  colleague_criminal_allegation: {
    label: 'Criminal allegation by a colleague',
    definition: 'A member of the force alleges that another member of the force committed a criminal offence against them.',
  },
};

/** A category as used in national complaints data; tags drive the flag data-quality checks. */
export interface AllegationCategory { code: string; label: string; tags: CategoryTag[] }
export type CategoryTag = 'sexual' | 'apsp' | 'discrimination' | 'criminal';

/**
 * The IOPC's allegation categories for complaints data (Guidance on capturing data about police complaints, 2020).
 * From general knowledge, unverified in the reference: a setting (conduct.allegationCategories) so a force can correct it.
 */
export const DEFAULT_ALLEGATION_CATEGORIES: AllegationCategory[] = [
  { code: 'A1', label: 'Police action following contact', tags: [] },
  { code: 'A2', label: 'Decisions', tags: [] },
  { code: 'A3', label: 'Information', tags: [] },
  { code: 'A4', label: 'General level of service', tags: [] },
  { code: 'B1', label: 'Stops, and stop and search', tags: [] },
  { code: 'B2', label: 'Searches of premises and seizure of property', tags: [] },
  { code: 'B3', label: 'Power to arrest and detain', tags: [] },
  { code: 'B4', label: 'Use of force', tags: ['criminal'] },
  { code: 'B5', label: 'Detention in police custody', tags: [] },
  { code: 'B6', label: 'Bail, identification and interview procedures', tags: [] },
  { code: 'B7', label: 'Evidential procedures', tags: [] },
  { code: 'B8', label: 'Road traffic procedures and fixed penalties', tags: [] },
  { code: 'B9', label: 'Other policies and procedures', tags: [] },
  { code: 'C1', label: 'Impolite language or tone', tags: [] },
  { code: 'C2', label: 'Impolite and intolerant actions', tags: [] },
  { code: 'C3', label: 'Unprofessional attitude and disrespect', tags: [] },
  { code: 'C4', label: 'Lack of fairness and impartiality', tags: [] },
  { code: 'C5', label: 'Overbearing or harassing behaviours', tags: [] },
  { code: 'D1', label: 'Discriminatory behaviour: race', tags: ['discrimination'] },
  { code: 'D2', label: 'Discriminatory behaviour: sex', tags: ['discrimination'] },
  { code: 'D3', label: 'Discriminatory behaviour: religion or belief', tags: ['discrimination'] },
  { code: 'D4', label: 'Discriminatory behaviour: age', tags: ['discrimination'] },
  { code: 'D5', label: 'Discriminatory behaviour: disability', tags: ['discrimination'] },
  { code: 'D6', label: 'Discriminatory behaviour: sexual orientation', tags: ['discrimination'] },
  { code: 'D7', label: 'Discriminatory behaviour: gender reassignment', tags: ['discrimination'] },
  { code: 'D8', label: 'Discriminatory behaviour: other', tags: ['discrimination'] },
  { code: 'E1', label: 'Abuse of position for a sexual purpose', tags: ['sexual', 'apsp'] },
  { code: 'E2', label: 'Abuse of position to pursue an inappropriate emotional relationship', tags: ['apsp'] },
  { code: 'E3', label: 'Other abuse of position for personal gain', tags: [] },
  { code: 'E4', label: 'Corrupt practice', tags: ['criminal'] },
  { code: 'F1', label: 'Sexual assault', tags: ['sexual', 'criminal'] },
  { code: 'F2', label: 'Sexual harassment', tags: ['sexual'] },
  { code: 'F3', label: 'Other sexual conduct', tags: ['sexual'] },
  { code: 'G1', label: 'Discreditable conduct', tags: [] },
  { code: 'H1', label: 'Access to or disclosure of information', tags: [] },
  { code: 'J1', label: 'Use of police vehicles', tags: [] },
  { code: 'K1', label: 'Handling of or damage to property or premises', tags: [] },
];

export const PARTY_ROLES = ['complainant', 'victim', 'complainant_and_victim'] as const;

/** The Victims' Code (2021) rights, offered to colleague victims; general knowledge, a setting (conduct.victimsCodeEntitlements). */
export const DEFAULT_VICTIMS_CODE_ENTITLEMENTS = [
  'Be able to understand and to be understood',
  'Have the crime recorded without unjustified delay',
  'Be given information when reporting the crime',
  'Be referred to services that support victims',
  'Be given information about compensation',
  'Be given information about the investigation and prosecution',
  'Make a victim personal statement',
  'Be given information about the trial, the trial process and your role as a witness',
  'Be given information about the outcome of the case and any appeals',
  'Be paid expenses and have property returned',
  'Be given information about the offender following conviction',
  'Make a complaint about your rights not being met',
];

// --- Appropriate-authority decisions ----------------------------------------------------------

export const DECISION_KINDS = ['recording', 'handling_route', 'referral', 'severity', 'case_to_answer', 'finalisation'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const RECORDING_DECISIONS = ['record', 'log_outside_schedule_3'] as const;
export const HANDLING_ROUTES = ['outside_schedule_3', 'without_investigation', 'investigation_local', 'investigation_directed', 'investigation_independent'] as const;
export type HandlingRoute = (typeof HANDLING_ROUTES)[number];
export const SEVERITIES = ['no_misconduct', 'misconduct', 'gross_misconduct'] as const;
export const CASE_TO_ANSWER_FINDINGS = ['no_case_to_answer', 'case_to_answer_misconduct', 'case_to_answer_gross_misconduct'] as const;

/** Mandatory referral criteria (Complaints and Misconduct Regulations 2020 reg 4; conduct and DSI matters alike). */
export const REFERRAL_CRITERIA = [
  'death_or_serious_injury', 'serious_assault', 'serious_sexual_offence', 'serious_corruption', 'discrimination_aggravated', 'relevant_offence', 'same_incident', 'chief_officer_subject',
] as const;
export type ReferralCriterion = (typeof REFERRAL_CRITERIA)[number];

export interface RuleError { field: string; message: string }

/** Whether a referral decision is lawful: any criterion met, or a DSI matter, means the case must be referred. */
export function referralErrors(kind: CaseKind, criteria: readonly string[], referred: boolean, referredOn: string | undefined): RuleError[] {
  const errors: RuleError[] = [];
  if (!referred && kind === 'dsi_matter') errors.push({ field: 'referred', message: 'A death or serious injury matter must always be referred to the IOPC' });
  else if (!referred && criteria.length) errors.push({ field: 'referred', message: 'A mandatory referral criterion is met: the case must be referred to the IOPC' });
  if (referred && !referredOn) errors.push({ field: 'referredOn', message: 'Enter the date the case was referred to the IOPC' });
  return errors;
}

/**
 * Whether a handling route may be chosen. Outside Schedule 3 is only for a complaint that is not a mandatory referral;
 * directed and independent investigations are the IOPC's decision, so they need a recorded referral.
 */
export function handlingRouteErrors(route: HandlingRoute, facts: { kind: CaseKind; referralCriteriaMet: boolean; referred: boolean | null; status: string }): RuleError[] {
  const errors: RuleError[] = [];
  if (facts.status === 'to_be_recorded') errors.push({ field: 'route', message: 'Record the case (or log it outside Schedule 3) before choosing how it is handled' });
  if (route === 'outside_schedule_3') {
    if (facts.kind !== 'public_complaint') errors.push({ field: 'route', message: 'Only a complaint can be handled outside Schedule 3' });
    else if (facts.referralCriteriaMet || facts.referred) errors.push({ field: 'route', message: 'A complaint that meets the referral criteria cannot be handled outside Schedule 3' });
  } else if (facts.status === 'logged_outside_schedule_3') {
    errors.push({ field: 'route', message: 'This complaint was logged outside Schedule 3: record it before choosing a Schedule 3 route' });
  }
  if ((route === 'investigation_directed' || route === 'investigation_independent') && facts.referred !== true) {
    errors.push({ field: 'route', message: 'Directed and independent investigations follow a referral to the IOPC: record the referral first' });
  }
  if (route === 'without_investigation' && facts.kind !== 'public_complaint') errors.push({ field: 'route', message: 'Only a complaint can be handled otherwise than by investigation' });
  return errors;
}

// --- The seniority rule -----------------------------------------------------------------------

export interface RankEntry { name: string; level: number }

/**
 * One seniority scale: constable (1) to chief constable (9), staff grades mapped onto it. Staff grade names follow the
 * demo force; a force replaces the list (setting conduct.rankOrder). Specials and acting or temporary ranks are left
 * out on purpose: an unlisted rank counts as unknown, and an unknown rank may not decide.
 */
export const DEFAULT_RANK_ORDER: RankEntry[] = [
  { name: 'Constable', level: 1 }, { name: 'Sergeant', level: 2 }, { name: 'Inspector', level: 3 }, { name: 'Chief Inspector', level: 4 },
  { name: 'Superintendent', level: 5 }, { name: 'Chief Superintendent', level: 6 }, { name: 'Assistant Chief Constable', level: 7 },
  { name: 'Deputy Chief Constable', level: 8 }, { name: 'Chief Constable', level: 9 },
  { name: 'Grade A', level: 1 }, { name: 'Grade B', level: 1 }, { name: 'Grade C', level: 1 }, { name: 'Grade D', level: 1 },
  { name: 'Grade E', level: 2 }, { name: 'Grade F', level: 3 }, { name: 'Grade G', level: 4 }, { name: 'Grade H', level: 5 },
  { name: 'Senior manager', level: 6 }, { name: 'Director', level: 7 },
];

/**
 * The minimum rank for each kind of decision. The reference gives none (the appropriate authority is the chief officer,
 * who delegates): these defaults follow common delegation practice and are a setting (conduct.decisionMinimumRanks).
 */
export const DEFAULT_MINIMUM_RANKS: Record<DecisionKind, string> = {
  recording: 'Sergeant', handling_route: 'Inspector', referral: 'Inspector', severity: 'Chief Inspector', case_to_answer: 'Chief Inspector', finalisation: 'Inspector',
};

const normaliseRank = (rank: string) => rank.trim().replace(/\s+/g, ' ').replace(/^(detective|det\.?)\s+/i, '').toLowerCase();

/** The level of a rank or grade on the scale, or undefined when it is not listed. */
export function rankLevel(rank: string | null | undefined, order: readonly RankEntry[]): number | undefined {
  if (!rank) return undefined;
  const wanted = normaliseRank(rank);
  return order.find((r) => normaliseRank(r.name) === wanted)?.level;
}

export type SeniorityVerdict = { ok: true } | { ok: false; message: string };

/** Whether someone of this rank may take this kind of decision. */
export function seniorityVerdict(kind: DecisionKind, deciderRank: string | null | undefined, minimums: Record<DecisionKind, string>, order: readonly RankEntry[]): SeniorityVerdict {
  const minimum = minimums[kind];
  const needed = rankLevel(minimum, order);
  const what = DECISION_LABELS[kind];
  if (needed === undefined) return { ok: false, message: `The minimum rank for ${what} (${minimum}) is not on the rank scale: ask an administrator to correct the settings` };
  if (!deciderRank) return { ok: false, message: `Your rank or grade is not recorded in the workforce directory, so you cannot take ${what}: it needs ${minimum} or above` };
  const held = rankLevel(deciderRank, order);
  if (held === undefined) return { ok: false, message: `Your rank or grade (${deciderRank}) is not on the rank scale, so you cannot take ${what}: it needs ${minimum} or above` };
  if (held < needed) return { ok: false, message: `${capitalise(what)} needs a decision maker of ${minimum} or above; your rank or grade is ${deciderRank}` };
  return { ok: true };
}

export const DECISION_LABELS: Record<DecisionKind, string> = {
  recording: 'the recording decision', handling_route: 'the handling decision', referral: 'the referral decision', severity: 'the severity assessment',
  case_to_answer: 'the case to answer decision', finalisation: 'finalisation',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// --- Subjects ---------------------------------------------------------------------------------

export interface SubjectRef { personId: string | null }

/** Every identified subject of every allegation, once each, in first-seen order: the case's subject_person_ids. */
export function subjectPersonIdsOf(allegations: readonly { subjects: readonly SubjectRef[] }[]): string[] {
  const seen = new Set<string>();
  for (const a of allegations) for (const s of a.subjects) if (s.personId) seen.add(s.personId.toLowerCase());
  return [...seen];
}

// --- Flag data quality ------------------------------------------------------------------------

export interface FlagFacts {
  caseId: string;
  reference: string;
  kind: CaseKind;
  /** Flags on the case itself. */
  caseFlags: readonly string[];
  allegations: readonly { id: string; category: string; flags: readonly string[] }[];
  /** Whether any complainant or victim is a member of the public, or a colleague. */
  publicParty: boolean;
  colleagueParty: boolean;
}

export const FINDING_KINDS = ['apsp_without_public', 'apsp_category_unflagged', 'sexual_colleague_without_pib', 'discrimination_unflagged', 'colleague_criminal_without_colleague', 'colleague_criminal_unflagged'] as const;
export interface FlagFinding { caseId: string; reference: string; allegationId: string | null; finding: (typeof FINDING_KINDS)[number]; message: string }

/** Likely mis-flagging, for the data-quality page: each finding says what looks wrong and what to check. */
export function flagFindings(facts: FlagFacts, categories: readonly AllegationCategory[]): FlagFinding[] {
  const tags = new Map(categories.map((c) => [c.code, new Set(c.tags)]));
  const found: FlagFinding[] = [];
  const add = (allegationId: string | null, finding: FlagFinding['finding'], message: string) => found.push({ caseId: facts.caseId, reference: facts.reference, allegationId, finding, message });
  const anyFlag = (flag: Flag) => facts.caseFlags.includes(flag) || facts.allegations.some((a) => a.flags.includes(flag));

  if (anyFlag('apsp') && !facts.publicParty) {
    add(null, 'apsp_without_public', 'Flagged as abuse of position for a sexual purpose, but no member of the public is recorded as complainant or victim. Conduct towards colleagues is prejudicial and improper behaviour.');
  }
  for (const a of facts.allegations) {
    const t = tags.get(a.category) ?? new Set<CategoryTag>();
    const flagged = (flag: Flag) => a.flags.includes(flag) || facts.caseFlags.includes(flag);
    if (t.has('apsp') && facts.publicParty && !flagged('apsp')) add(a.id, 'apsp_category_unflagged', `Allegation category ${a.category} is abuse of position towards a member of the public, but it is not flagged as abuse of position for a sexual purpose.`);
    if (t.has('sexual') && facts.colleagueParty && !flagged('prejudicial_improper_behaviour')) add(a.id, 'sexual_colleague_without_pib', `Sexual conduct (${a.category}) towards a colleague is not flagged as prejudicial and improper behaviour.`);
    if (t.has('discrimination') && !flagged('discrimination')) add(a.id, 'discrimination_unflagged', `Allegation category ${a.category} is discriminatory behaviour, but it is not flagged as discrimination.`);
    if (t.has('criminal') && facts.colleagueParty && facts.kind !== 'public_complaint' && !flagged('colleague_criminal_allegation')) {
      add(a.id, 'colleague_criminal_unflagged', `A colleague alleges a possible offence (${a.category}), but it is not flagged as a criminal allegation by a colleague.`);
    }
  }
  if (anyFlag('colleague_criminal_allegation') && !facts.colleagueParty) {
    add(null, 'colleague_criminal_without_colleague', 'Flagged as a criminal allegation by a colleague, but no colleague is recorded as complainant or victim.');
  }
  return found;
}

// --- Outcomes ---------------------------------------------------------------------------------

export const FORUMS = ['no_proceedings', 'reflective_practice_review', 'misconduct_meeting', 'misconduct_hearing', 'accelerated_hearing'] as const;
export type Forum = (typeof FORUMS)[number];
export const FINDINGS = ['not_proven', 'misconduct', 'gross_misconduct'] as const;
export type Finding = (typeof FINDINGS)[number];
export const OUTCOMES = ['no_further_action', 'reflective_practice', 'written_warning', 'final_written_warning', 'reduction_in_rank', 'dismissal_without_notice'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** From 28 May 2025 proven gross misconduct carries a presumption of dismissal (SI 2025/558). */
export const PRESUMPTION_OF_DISMISSAL_FROM = '2025-05-28';

export interface OutcomeFacts {
  forum: Forum;
  finding?: Finding;
  outcome: Outcome;
  decidedOn: string;
  /** A final written warning was live at the severity assessment, or there were several unconnected incidents. */
  liveFinalWarningOrMultipleIncidents?: boolean;
  /** Why the panel departed from the presumption of dismissal. */
  departureReasons?: string;
  subjectIsOfficer: boolean;
}

/** The outcomes each forum may give (Police (Conduct) Regulations 2020 reg 42, as tabled in the reference). */
export function allowedOutcomes(forum: Forum, finding: Finding | undefined, liveFinalWarningOrMultiple: boolean): Outcome[] {
  if (forum === 'no_proceedings') return ['no_further_action'];
  if (forum === 'reflective_practice_review') return ['reflective_practice'];
  if (!finding) return [];
  if (finding === 'not_proven') return ['no_further_action'];
  if (finding === 'gross_misconduct') return forum === 'misconduct_meeting' ? [] : ['final_written_warning', 'reduction_in_rank', 'dismissal_without_notice'];
  if (forum === 'misconduct_meeting') return ['written_warning', 'final_written_warning'];
  if (forum === 'accelerated_hearing') return [];
  return liveFinalWarningOrMultiple ? ['written_warning', 'final_written_warning', 'reduction_in_rank', 'dismissal_without_notice'] : ['written_warning', 'final_written_warning'];
}

export function outcomeErrors(o: OutcomeFacts): RuleError[] {
  const errors: RuleError[] = [];
  const needsFinding = o.forum === 'misconduct_meeting' || o.forum === 'misconduct_hearing' || o.forum === 'accelerated_hearing';
  if (needsFinding && !o.finding) return [{ field: 'finding', message: 'Choose what the meeting or hearing found' }];
  if (o.finding === 'gross_misconduct' && o.forum === 'misconduct_meeting') return [{ field: 'finding', message: 'Gross misconduct is heard at a misconduct hearing, not a meeting' }];
  if (o.forum === 'accelerated_hearing' && o.finding === 'misconduct') return [{ field: 'finding', message: 'An accelerated hearing decides gross misconduct only' }];
  const allowed = allowedOutcomes(o.forum, o.finding, !!o.liveFinalWarningOrMultipleIncidents);
  if (!allowed.includes(o.outcome)) {
    errors.push({ field: 'outcome', message: `That outcome is not available here: ${allowed.map((a) => a.replace(/_/g, ' ')).join(', ') || 'none'}` });
  }
  if (o.outcome === 'reduction_in_rank' && !o.subjectIsOfficer) errors.push({ field: 'outcome', message: 'Only a police officer can be reduced in rank' });
  if (o.finding === 'gross_misconduct' && o.outcome !== 'dismissal_without_notice' && o.decidedOn >= PRESUMPTION_OF_DISMISSAL_FROM && !o.departureReasons?.trim()) {
    errors.push({ field: 'departureReasons', message: 'Proven gross misconduct carries a presumption of dismissal: give the panel’s reasons for departing from it' });
  }
  return errors;
}

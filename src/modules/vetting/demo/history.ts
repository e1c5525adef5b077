import { Random, dayOf, demoId, draw, hash32, isoOf, table } from '../../../platform/demo/random.js';
import { APP_RISK_FACTORS, REQUIRED_CHECKS, expiryFor } from '../rules.js';
import type { ForceVettingLevel } from '../../../platform/reference.js';
import { ageBand } from '../disproportionality/characteristics.js';

/**
 * Synthetic vetting history for the demo force and the benchmark: several years of applications, checks, adverse
 * traces, declared associates, decisions (with NDM rationales, conditions and ratification), equality monitoring and
 * an open backlog. Deterministic (seeded, no clock), and streamed in chunks so a million decisions fit in memory.
 *
 * One disproportion is built in on purpose: applicants in `disproportion.group` are refused more often than others
 * with the same adverse information, so the disproportionality report has something real to find.
 */
export interface HistoryPerson {
  personId: string | null;
  forenames: string;
  surname: string;
  dateOfBirth: string | null;
  personType: string;
  /** The level their post needs (workforce people); external applicants apply for a level drawn by role. */
  requiredLevel?: string | null;
  startDate?: string | null;
  equality: Partial<Record<EqualityField, string | null>>;
}

type EqualityField = 'sex' | 'genderIdentitySameAsBirth' | 'ethnicity' | 'religion' | 'sexualOrientation' | 'disability';

export interface HistoryOptions {
  asOf: string;
  years: number;
  seed: number;
  /** Serving people: each has the application behind their current clearance (a few are left under-vetted or lapsed). */
  people: readonly HistoryPerson[];
  /** Applicants from outside the force, with equality data drawn from `externalEquality`. */
  externalApplicants: number;
  disproportion?: { field: EqualityField; group: string; refusalMultiplier: number };
  /** Stop once this many decisions have been generated (the benchmark asks for an exact count). */
  maxDecisions?: number;
  /** Leave out checks, traces, associates and the timeline (the benchmark needs only applications, decisions and equality data). */
  lean?: boolean;
}

export interface HistoryChunk {
  applications: Record<string, unknown>[];
  checks: Record<string, unknown>[];
  traces: Record<string, unknown>[];
  associates: Record<string, unknown>[];
  decisions: Record<string, unknown>[];
  conditions: Record<string, unknown>[];
  equality: Record<string, unknown>[];
  appeals: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
}



const SYLLABLES = ['mar', 'wen', 'tor', 'bel', 'quin', 'dra', 'fen', 'lor', 'sab', 'vel', 'cor', 'ith', 'ost', 'ryn', 'hal', 'pem'];
const fictionalName = (rng: Random, parts: number) => {
  const s = Array.from({ length: parts }, () => rng.pick(SYLLABLES)).join('');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** Equality data for applicants from outside the force: a little more diverse than the serving workforce. */
const EXTERNAL_EQUALITY = {
  sex: table([['Female', 45], ['Male', 54], ['Prefer not to say', 1]]),
  ethnicity: table([['White', 80], ['Asian or Asian British', 8], ['Black, Black British, Caribbean or African', 5], ['Mixed or multiple ethnic groups', 4], ['Other ethnic group', 1.5], ['Prefer not to say', 1.5]]),
  religion: table([['No religion', 45], ['Christian', 40], ['Muslim', 7], ['Hindu', 2], ['Sikh', 1.5], ['Buddhist', 1], ['Jewish', 0.5], ['Any other religion', 1], ['Prefer not to say', 2]]),
  sexualOrientation: table([['Straight or heterosexual', 88], ['Gay or lesbian', 4], ['Bisexual', 4], ['Other sexual orientation', 1], ['Prefer not to say', 3]]),
  disability: table([['No', 88], ['Yes', 9], ['Prefer not to say', 3]]),
  genderIdentitySameAsBirth: table([['Yes', 98], ['No', 1], ['Prefer not to say', 1]]),
};

const EXTERNAL_ROLE = table([['officer', 55], ['staff', 25], ['special_constable', 6], ['pcso', 6], ['volunteer', 4], ['contractor', 4]] as const);
const LEVEL_FOR_ROLE: Record<string, ForceVettingLevel> = { officer: 'RV', staff: 'RV', special_constable: 'RV', pcso: 'RV', volunteer: 'NPPV2', contractor: 'NPPV2', non_police: 'NPPV1' };
const ADVERSE = table([['financial', 35], ['associations', 15], ['family', 15], ['criminal_conviction_or_caution', 15], ['other_criminal_justice', 10], ['honesty_integrity', 5], ['conduct_history', 5]] as const);
const DISPOSAL = table([['caution', 40], ['fine', 25], ['conditional_discharge', 15], ['penalty_notice', 10], ['community_sentence', 7], ['suspended_sentence', 3]] as const);
const TRACE_TEXT: Record<string, string> = {
  financial: 'County court judgment for unpaid consumer credit, since satisfied.',
  associations: 'Declared friendship with a person with convictions for acquisitive crime.',
  family: 'A sibling has a recent conviction for possession of a controlled drug.',
  criminal_conviction_or_caution: 'Conviction disclosed on the Police National Computer.',
  other_criminal_justice: 'Named as a suspect in an investigation that ended with no further action.',
  honesty_integrity: 'Previous employer reports a dismissal for timesheet irregularities.',
  conduct_history: 'Written warning for discreditable conduct while serving with another force.',
};
const CONDITIONS = [
  ['Quarterly audit of the applicant’s use of police IT systems', 'ccu'],
  ['Annual financial review with the vetting unit', 'vetting'],
  ['No posting to the area where the declared associate lives', 'hr'],
  ['Line manager to report any change in the associate relationship', 'line_manager'],
] as const;
const RELATIONSHIPS = ['spouse_or_partner', 'parent', 'sibling', 'co_resident', 'associate'];

interface Draft {
  person: HistoryPerson;
  kind: string;
  level: ForceVettingLevel;
  receivedDay: number;
  /** Undefined for applications still open at asOf. */
  decide?: 'normal' | 'under_level' | 'lapsed';
}

export function* vettingHistory(options: HistoryOptions, chunkSize = 5000): Generator<HistoryChunk> {
  const asOf = dayOf(options.asOf);
  const windowStart = asOf - Math.round(options.years * 365.25);
  let sequence = 0;
  let chunk = emptyChunk();
  const drafts = function* (): Generator<Draft> {
    for (let i = 0; i < options.people.length; i++) {
      const person = options.people[i]!;
      const rng = new Random(hash32(options.seed, 0x50000000 + i));
      const required = (person.requiredLevel as ForceVettingLevel | null) ?? LEVEL_FOR_ROLE[person.personType] ?? 'RV';
      const started = person.startDate ? dayOf(person.startDate) : windowStart;
      const receivedDay = Math.max(windowStart, started > windowStart ? started - rng.int(30, 120) : windowStart + rng.int(0, asOf - windowStart - 120));
      const roll = rng.next();
      // Most serving people hold what their post needs; some are left under-vetted or lapsed for the compliance lists.
      const decide: Draft['decide'] = roll < 0.04 ? 'under_level' : roll < 0.07 ? 'lapsed' : 'normal';
      const level = decide === 'under_level' ? lowerLevel(required) : required;
      yield { person, kind: started > windowStart ? 'recruit' : 'renewal', level, receivedDay, decide };
    }
    for (let i = 0; i < options.externalApplicants; i++) {
      const rng = new Random(hash32(options.seed, 0x60000000 + i));
      const personType = draw(rng, EXTERNAL_ROLE);
      const equality = Object.fromEntries(Object.entries(EXTERNAL_EQUALITY).map(([k, t]) => [k, draw(rng, t)])) as HistoryPerson['equality'];
      const dob = isoOf(asOf - rng.int(19 * 365, 50 * 365));
      const person: HistoryPerson = { personId: null, forenames: fictionalName(rng, 2), surname: fictionalName(rng, 3), dateOfBirth: dob, personType, equality };
      const receivedDay = windowStart + rng.int(0, asOf - windowStart);
      // Applications received in the last ten weeks are still open (the backlog); a few older ones too.
      const open = receivedDay > asOf - 70 || rng.chance(0.005);
      yield { person, kind: personType === 'contractor' ? 'non_police' : 'recruit', level: LEVEL_FOR_ROLE[personType]!, receivedDay, decide: open ? undefined : 'normal' };
    }
  };

  let decisions = 0;
  for (const draft of drafts()) {
    if (options.maxDecisions !== undefined && decisions >= options.maxDecisions) break;
    sequence++;
    const before = chunk.decisions.length;
    addApplication(chunk, draft, sequence, options, asOf);
    decisions += chunk.decisions.length - before;
    if (chunk.applications.length >= chunkSize) {
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.applications.length) yield chunk;
}

function emptyChunk(): HistoryChunk {
  return { applications: [], checks: [], traces: [], associates: [], decisions: [], conditions: [], equality: [], appeals: [], timeline: [] };
}

function lowerLevel(level: ForceVettingLevel): ForceVettingLevel {
  return ({ MV: 'RV', NPPV3: 'NPPV2', RV: 'NPPV1', NPPV2: 'NPPV1', NPPV1: 'NPPV1' } as const)[level];
}

function addApplication(chunk: HistoryChunk, d: Draft, sequence: number, options: HistoryOptions, asOf: number): void {
  const rng = new Random(hash32(options.seed ^ 0x5eed, sequence));
  let item = 0;
  const nextId = () => demoId(options.seed, sequence, item++);
  const id = nextId();
  const received = isoOf(d.receivedDay);
  const p = d.person;
  chunk.applications.push({
    id, reference: `VET-${received.slice(0, 4)}-${String(sequence).padStart(6, '0')}`, kind: d.kind, person_id: p.personId,
    applicant_forenames: p.forenames, applicant_surname: p.surname, applicant_date_of_birth: p.dateOfBirth, level: d.level,
    status: d.decide ? 'decided' : 'open', received_on: received, role_type: p.personType,
    subject_person_ids: p.personId ? [p.personId] : [],
  });
  chunk.equality.push({ application_id: id, application_kind: d.kind, ...equalityColumns(p.equality, p.dateOfBirth, received) });
  if (!options.lean) {
    chunk.timeline.push({ application_id: id, at: `${received}T09:00:00Z`, actor_label: 'Demo vetting researcher', what: `Application opened (${d.kind.replace(/_/g, ' ')}, ${d.level})` });
    const associates = rng.int(1, 3);
    for (let i = 0; i < associates; i++) {
      chunk.associates.push({ application_id: id, relationship: rng.pick(RELATIONSHIPS), forenames: fictionalName(rng, 2), surname: i === 0 ? p.surname : fictionalName(rng, 3), date_of_birth: isoOf(asOf - rng.int(18 * 365, 70 * 365)), postcode: `ZZ${rng.int(1, 99)} ${rng.int(1, 9)}XX` });
    }
  }
  const required = REQUIRED_CHECKS[d.level];
  const checksDone = d.decide ? required.length : rng.int(0, required.length);
  const adverse = rng.chance(0.18);
  const category = adverse ? draw(rng, ADVERSE) : undefined;
  const checkDay = d.receivedDay + rng.int(5, 25);
  for (let i = 0; i < (options.lean ? 0 : checksDone); i++) {
    const checkType = required[i]!;
    const isAdverse = adverse && i === Math.min(checksDone - 1, category === 'financial' ? required.indexOf('financial') : 0);
    const checkId = nextId();
    chunk.checks.push({ id: checkId, application_id: id, check_type: checkType, result: isAdverse ? 'adverse' : 'clear', checked_on: isoOf(Math.min(asOf, checkDay + i)) });
    if (isAdverse) {
      chunk.traces.push({ application_id: id, check_id: checkId, category, disposal: category === 'criminal_conviction_or_caution' ? draw(rng, DISPOSAL) : null, description: TRACE_TEXT[category!], occurred_on: isoOf(d.receivedDay - rng.int(200, 3000)) });
    }
  }
  if (!d.decide) return;
  const adverseFound = adverse && (checksDone > 0 || !!options.lean);
  const outcome = outcomeFor(rng, adverseFound, category, p, options);
  const decidedDay = Math.min(asOf - 1, d.receivedDay + rng.int(20, 110));
  const decidedOn = isoOf(decidedDay);
  const decisionId = nextId();
  // A lapsed clearance: decided long enough ago that it has expired.
  const expiresOn = outcome === 'refusal' ? null : d.decide === 'lapsed' ? isoOf(asOf - rng.int(1, 200)) : expiryFor(d.level, decidedOn);
  const evidentialChain = ['officer', 'special_constable', 'pcso'].includes(p.personType);
  chunk.decisions.push({
    id: decisionId, application_id: id, outcome, level: d.level, decided_on: decidedOn, expires_on: expiresOn, decided_by_label: 'Demo senior vetting advisor',
    had_adverse_information: adverseFound, conviction_rule: category === 'criminal_conviction_or_caution' && adverseFound ? 'presumption_of_rejection' : null,
    rationale: adverseFound ? rationaleFor(rng, category!, outcome) : null,
    rebuttal: category === 'criminal_conviction_or_caution' && adverseFound && outcome !== 'refusal' ? 'Single minor matter, more than five years ago, openly declared; no pattern of offending.' : null,
    status: 'final', ratified_by_label: adverseFound && evidentialChain ? 'Demo force vetting manager' : null,
    ratified_on: adverseFound && evidentialChain ? isoOf(decidedDay) : null, ratification_note: adverseFound && evidentialChain ? 'Rationale and mitigation agreed.' : null,
  });
  if (!options.lean) chunk.timeline.push({ application_id: id, at: `${decidedOn}T15:00:00Z`, actor_label: 'Demo senior vetting advisor', what: `Decision recorded: ${outcome.replace(/_/g, ' ')} at ${d.level}` });
  if (outcome === 'refusal' && rng.chance(0.3)) addAppeal(chunk, rng, nextId(), id, decisionId, decidedDay, sequence, asOf, options.disproportion && p.equality[options.disproportion.field] === options.disproportion.group);
  if (outcome === 'clearance_with_conditions') {
    const [description, unit] = rng.pick(CONDITIONS);
    const reviewDay = decidedDay + 365 * rng.int(1, 2) - rng.int(0, 400);
    chunk.conditions.push({ decision_id: decisionId, description, responsible_unit: unit, owner_name: `Demo ${unit === 'line_manager' ? 'line manager' : unit.toUpperCase() + ' officer'}`, review_on: isoOf(reviewDay), subject_told_on: isoOf(decidedDay + 2), manager_told_on: isoOf(decidedDay + 3), hr_told_on: rng.chance(0.9) ? isoOf(decidedDay + 3) : null });
  }
}

/** About three in ten refusals are appealed; an appeal lodged in the last six weeks is still undecided. */
function addAppeal(chunk: HistoryChunk, rng: Random, appealId: string, applicationId: string, decisionId: string, decidedDay: number, sequence: number, asOf: number, skewed: boolean | undefined): void {
  const lodgedDay = decidedDay + rng.int(2, 13);
  if (lodgedDay >= asOf) return;
  const decidedOnDay = lodgedDay + rng.int(20, 60);
  const decided = decidedOnDay < asOf;
  // Appeals from the over-refused group succeed more often: the refusals that should not have happened.
  const x = rng.next();
  const outcome = !decided ? null : x < (skewed ? 0.45 : 0.2) ? 'upheld' : x < 0.85 ? 'not_upheld' : 'criteria_not_met';
  chunk.appeals.push({
    id: appealId, reference: `APL-${isoOf(lodgedDay).slice(0, 4)}-${String(sequence).padStart(6, '0')}`, application_id: applicationId, decision_id: decisionId, against: 'refusal',
    lodged_on: isoOf(lodgedDay), decision_notified_on: isoOf(decidedDay), due_on: isoOf(decidedDay + 14), in_time: true,
    grounds: 'The decision gave too much weight to old information and did not consider my declaration.',
    status: decided ? 'decided' : 'lodged', outcome, decided_on: decided ? isoOf(decidedOnDay) : null,
    criteria_checked_on: decided ? isoOf(lodgedDay + 5) : null, criteria_checked_by_label: decided ? 'Demo force vetting manager' : null,
    rationale: !outcome ? null : outcome === 'upheld' ? 'The original decision did not weigh the time elapsed or the openness of the declaration.' : outcome === 'not_upheld' ? 'The decision was reasonable and followed the Code and APP.' : 'The appeal gave no grounds that meet the appeal criteria.',
    remedy: outcome === 'upheld' ? 'fresh_decision' : null, remedy_note: outcome === 'upheld' ? 'Sent back for a fresh decision by another decision maker.' : null,
    decided_by_label: decided ? 'Demo appeal panel chair' : null,
  });
}

function outcomeFor(rng: Random, adverse: boolean, category: string | undefined, p: HistoryPerson, options: HistoryOptions): string {
  let refusal = adverse ? (category === 'criminal_conviction_or_caution' || category === 'honesty_integrity' ? 0.45 : 0.2) : 0.03;
  const skew = options.disproportion;
  if (skew && p.equality[skew.field] === skew.group) refusal = Math.min(0.95, refusal * skew.refusalMultiplier);
  const x = rng.next();
  if (x < refusal) return 'refusal';
  return adverse && x < refusal + 0.4 ? 'clearance_with_conditions' : 'clearance';
}

function rationaleFor(rng: Random, category: string, outcome: string) {
  return {
    information: `${TRACE_TEXT[category]} The applicant declared it on the vetting form.`,
    threatAndRisk: 'The matter is assessed for the risk of compromise, pressure or corruption in the role applied for.',
    riskFactors: [APP_RISK_FACTORS[0], rng.pick(APP_RISK_FACTORS.slice(1))],
    powersAndPolicy: 'Vetting Code of Practice 2023 and APP Vetting; force vetting policy.',
    options: 'Refuse; grant; grant with conditions that mitigate the identified risk.',
    decisionAndReview: `Decision: ${outcome.replace(/_/g, ' ')}. Reviewed at renewal or on a change of circumstances.`,
  };
}

function equalityColumns(e: HistoryPerson['equality'], dateOfBirth: string | null, received: string) {
  return {
    sex: e.sex ?? null, gender_identity_same_as_birth: e.genderIdentitySameAsBirth ?? null, ethnicity: e.ethnicity ?? null, religion: e.religion ?? null,
    sexual_orientation: e.sexualOrientation ?? null, disability: e.disability ?? null, age_band: ageBand(dateOfBirth, received),
  };
}

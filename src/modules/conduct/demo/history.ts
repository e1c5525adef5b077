import { Random, dayOf, demoId, draw, hash32, isoOf, table } from '../../../platform/demo/random.js';
import { DECISION_KINDS, DEFAULT_MINIMUM_RANKS, DEFAULT_RANK_ORDER, PRESUMPTION_OF_DISMISSAL_FROM, rankLevel, type DecisionKind } from '../rules.js';

/**
 * Synthetic complaints and conduct history for the demo force and the benchmark: several years of cases of every kind,
 * through every handling route and outcome, with allegations, subjects, flags, complainants and victims (with support
 * plans), appropriate-authority decisions with the decider's rank, outcomes per subject, and the case timeline.
 * Deterministic (seeded, no clock) and streamed in chunks, so two million allegations fit in memory.
 *
 * Built in on purpose, for the reports to find: a share of decisions taken by someone below the minimum rank for them
 * (the seniority report), some likely mis-flagging (the data-quality report), cases open past twelve months, and
 * colleague victims of prejudicial and improper behaviour without a support plan (the PIB review).
 */
export interface ConductDemoPerson {
  personId: string;
  forenames: string;
  surname: string;
  personType: string;
  rankOrGrade: string | null;
  unitCode: string | null;
}

export interface ConductHistoryOptions {
  asOf: string;
  years: number;
  seed: number;
  /** Serving people: subjects are drawn from them, deciders from PSD (or anyone of a listed rank). */
  people: readonly ConductDemoPerson[];
  /** Cases to generate (received evenly over the years). */
  cases: number;
  /** Stop once this many allegations have been generated (the benchmark asks for an exact count). */
  maxAllegations?: number;
  /** Share of decisions taken below the minimum rank (default 3%). */
  seniorityBreachShare?: number;
  /** Only what the benchmark times: cases, allegations, subjects, flags, handling decisions and outcomes. */
  lean?: boolean;
}

export interface ConductChunk {
  cases: Record<string, unknown>[];
  allegations: Record<string, unknown>[];
  subjects: Record<string, unknown>[];
  flags: Record<string, unknown>[];
  parties: Record<string, unknown>[];
  support: Record<string, unknown>[];
  decisions: Record<string, unknown>[];
  outcomes: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
}

/** What the investigation feature's demo needs to add plans and lines of inquiry to investigated cases. */
export interface InvestigatedCase { caseId: string; reference: string; receivedOn: string; handlingDecidedOn: string; finalisedOn: string | null; pib: boolean; subjectPersonIds: string[] }



const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const SPREAD = 31 ** 5;
/** PSD-YYYY-XXXXXXXX like the core's, unique by construction: the sequence, permuted (not guessable), in the last five. */
function referenceFor(seed: number, sequence: number, year: string): string {
  let n = (sequence * 7_654_321 + seed) % SPREAD;
  let tail = '';
  for (let i = 0; i < 5; i++) { tail = ALPHABET[n % 31]! + tail; n = Math.floor(n / 31); }
  const h = hash32(seed, sequence);
  return `PSD-${year}-${ALPHABET[h % 31]}${ALPHABET[(h >>> 8) % 31]}${ALPHABET[(h >>> 16) % 31]}${tail}`;
}

const KIND = table([['public_complaint', 62], ['conduct_matter', 24], ['recordable_conduct_matter', 11], ['dsi_matter', 3]] as const);
const PUBLIC_CATEGORIES = table([['A1', 14], ['A2', 8], ['A3', 6], ['A4', 14], ['B1', 5], ['B2', 3], ['B3', 6], ['B4', 8], ['B5', 3], ['B7', 2], ['C1', 7], ['C3', 8], ['C4', 4], ['D1', 3], ['D2', 1], ['E1', 1], ['E2', 1], ['H1', 2], ['K1', 3]] as const);
const INTERNAL_CATEGORIES = table([['C2', 8], ['C3', 12], ['C5', 8], ['D1', 3], ['D2', 4], ['D6', 1], ['E3', 4], ['E4', 3], ['F1', 3], ['F2', 12], ['F3', 6], ['G1', 20], ['H1', 12], ['J1', 4]] as const);
const SEXUAL = new Set(['F1', 'F2', 'F3']);
const DISCRIMINATION = new Set(['D1', 'D2', 'D6']);
const APSP = new Set(['E1', 'E2']);
const CRIMINAL = new Set(['B4', 'E4', 'F1']);
const DESCRIPTION: Record<string, string> = {
  A1: 'Did not act on reports of repeated antisocial behaviour.', A2: 'Decided to take no further action without speaking to the witness.', A3: 'Gave wrong information about the progress of a report.',
  A4: 'Calls were not returned for several weeks.', B1: 'Stopped and searched without a reason being given.', B2: 'Property seized during a search was not returned.',
  B3: 'Arrested without cause at a family gathering.', B4: 'Used force while handcuffing that caused an injury.', B5: 'Was not given medication while in custody.', B7: 'Evidence was not recorded properly.',
  C1: 'Spoke rudely at the front counter.', C2: 'Made belittling remarks in front of the team.', C3: 'Was dismissive and unprofessional.', C4: 'Took sides in a neighbour dispute.',
  C5: 'Sent repeated intimidating messages.', D1: 'Made a racist remark.', D2: 'Treated the complainant less favourably because of her sex.', D6: 'Made homophobic comments at work.',
  E1: 'Contacted a victim of crime for a sexual relationship.', E2: 'Pursued an emotional relationship with a vulnerable witness.', E3: 'Used a police role to obtain a discount.',
  E4: 'Passed information to a known criminal for payment.', F1: 'Touched a colleague without consent.', F2: 'Made sexual comments to a colleague.', F3: 'Shared sexual images in a work group chat.',
  G1: 'Drove under the influence off duty.', H1: 'Searched police systems for a relative without a policing purpose.', J1: 'Used a police vehicle for a personal errand.', K1: 'Damaged a door during a search.',
};
const SYLLABLES = ['mar', 'wen', 'tor', 'bel', 'quin', 'dra', 'fen', 'lor', 'sab', 'vel', 'cor', 'ith', 'ost', 'ryn', 'hal', 'pem'];
const fictionalName = (rng: Random, parts: number) => {
  const s = Array.from({ length: parts }, () => rng.pick(SYLLABLES)).join('');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const CHAIRS = ['Chief Constable Ysolde Harrowgate', 'Deputy Chief Constable Tamsin Oakenfold', 'Assistant Chief Constable Pryce Winterbourne'];
const OLD_CHAIRS = ['Legally qualified chair Morwenna Castellan', 'Legally qualified chair Idris Fallowmere'];
const ENTITLEMENTS = ['Be referred to services that support victims', 'Be given information about the investigation and prosecution', 'Make a victim personal statement', 'Be given information about the outcome of the case and any appeals'];
/** The 2024 regulations moved the chair of misconduct hearings from a legally qualified chair to the chief officer. */
const CHIEF_OFFICER_CHAIRS_FROM = '2024-05-07';

interface Decider { personId: string | null; label: string; rank: string }

/** Who decides: PSD people of each rank, falling back to fictional officers when the directory has none of a rank. */
function deciderPools(people: readonly ConductDemoPerson[]) {
  const ranked = people.filter((p) => p.rankOrGrade && rankLevel(p.rankOrGrade, DEFAULT_RANK_ORDER) !== undefined);
  const psd = ranked.filter((p) => p.unitCode?.startsWith('PSD'));
  const pool = (level: (l: number) => boolean, fallbackRank: string): Decider[] => {
    const fits = (p: ConductDemoPerson) => level(rankLevel(p.rankOrGrade, DEFAULT_RANK_ORDER)!);
    const chosen = (psd.filter(fits).length ? psd.filter(fits) : ranked.filter(fits)).slice(0, 12);
    return chosen.length
      ? chosen.map((p) => ({ personId: p.personId, label: `${p.rankOrGrade} ${p.forenames} ${p.surname}`, rank: p.rankOrGrade! }))
      : [{ personId: null, label: `${fallbackRank} Demo Decider`, rank: fallbackRank }];
  };
  const levelOf = (kind: DecisionKind) => rankLevel(DEFAULT_MINIMUM_RANKS[kind], DEFAULT_RANK_ORDER)!;
  return Object.fromEntries(DECISION_KINDS.map((kind) => {
    const min = levelOf(kind);
    const below = DEFAULT_RANK_ORDER.filter((r) => r.level === min - 1 && !r.name.startsWith('Grade')).map((r) => r.name)[0] ?? 'Constable';
    return [kind, { ok: pool((l) => l >= min && l <= min + 2, DEFAULT_MINIMUM_RANKS[kind]), breach: pool((l) => l === min - 1, below) }];
  })) as Record<DecisionKind, { ok: Decider[]; breach: Decider[] }>;
}

export function emptyConductChunk(): ConductChunk {
  return { cases: [], allegations: [], subjects: [], flags: [], parties: [], support: [], decisions: [], outcomes: [], timeline: [] };
}

export function* conductHistory(options: ConductHistoryOptions, chunkSize = 5000): Generator<ConductChunk & { investigated: InvestigatedCase[] }> {
  const asOf = dayOf(options.asOf);
  const start = asOf - Math.round(options.years * 365.25);
  const subjects = options.people.filter((p) => p.personType !== 'contractor' && p.personType !== 'non_police');
  if (!subjects.length) throw new Error('The conduct demo needs serving people to be subjects');
  const deciders = deciderPools(options.people);
  const personTypes = new Map(subjects.map((p) => [p.personId, p.personType]));
  let chunk = { ...emptyConductChunk(), investigated: [] as InvestigatedCase[] };
  let allegations = 0;
  for (let sequence = 1; sequence <= options.cases; sequence++) {
    if (options.maxAllegations !== undefined && allegations >= options.maxAllegations) break;
    // Spread evenly over the years: by allegations when the count is capped, so the last months are not left empty.
    const progress = options.maxAllegations !== undefined ? allegations / options.maxAllegations : (sequence - 1) / options.cases;
    const receivedDay = start + Math.floor(Math.min(progress, 1) * (asOf - start));
    allegations += addCase(chunk, { options, sequence, receivedDay, asOf, subjects, deciders, personTypes, remaining: options.maxAllegations === undefined ? Infinity : options.maxAllegations - allegations });
    if (chunk.cases.length >= chunkSize) {
      yield chunk;
      chunk = { ...emptyConductChunk(), investigated: [] };
    }
  }
  if (chunk.cases.length) yield chunk;
}

interface CaseContext {
  options: ConductHistoryOptions; sequence: number; receivedDay: number; asOf: number; subjects: readonly ConductDemoPerson[];
  deciders: Record<DecisionKind, { ok: Decider[]; breach: Decider[] }>; remaining: number; personTypes: ReadonlyMap<string, string>;
}

/** Adds one case and everything on it; returns the number of allegations it has. */
function addCase(chunk: ConductChunk & { investigated: InvestigatedCase[] }, x: CaseContext): number {
  const { options, sequence, asOf } = x;
  const lean = !!options.lean;
  const rng = new Random(hash32(options.seed ^ 0xc0de, sequence));
  let item = 0;
  const nextId = () => demoId(options.seed, sequence, item++, '9');
  const caseId = nextId();
  const kind = draw(rng, KIND);
  const publicComplaint = kind === 'public_complaint';
  const received = isoOf(x.receivedDay);
  const n = Math.min(x.remaining, rng.chance(0.55) ? 1 : rng.chance(0.67) ? 2 : 3);

  // Allegations and their subjects.
  const caseSubjects = new Set<string>();
  const categories: string[] = [];
  const allegationIds: string[] = [];
  const main = rng.pick(x.subjects);
  for (let a = 0; a < n; a++) {
    const category = draw(rng, publicComplaint ? PUBLIC_CATEGORIES : INTERNAL_CATEGORIES);
    const id = nextId();
    categories.push(category);
    allegationIds.push(id);
    chunk.allegations.push({ id, case_id: caseId, category, description: DESCRIPTION[category] ?? 'Conduct below the standards of professional behaviour.', occurred_on: isoOf(x.receivedDay - rng.int(0, 30)), created_at: `${received}T10:0${a}:00Z` });
    const people = new Set([a === 0 || rng.chance(0.7) ? main : rng.pick(x.subjects)]);
    if (rng.chance(0.08)) people.add(rng.pick(x.subjects));
    for (const p of people) {
      chunk.subjects.push({ id: nextId(), allegation_id: id, case_id: caseId, person_id: p.personId, unidentified_description: null });
      caseSubjects.add(p.personId);
    }
    if (publicComplaint && rng.chance(0.05)) chunk.subjects.push({ id: nextId(), allegation_id: id, case_id: caseId, person_id: null, unidentified_description: 'An officer who did not give a name or collar number' });
  }

  // Complainants and victims: the public complain; colleagues are victims of internal matters about colleagues.
  const sexual = categories.some((c) => SEXUAL.has(c));
  const colleagueVictim = !publicComplaint && (sexual || categories.some((c) => c === 'C2' || c === 'C5' || DISCRIMINATION.has(c)) || rng.chance(0.1));
  const publicParty = publicComplaint || (kind === 'dsi_matter') || categories.some((c) => APSP.has(c));
  let supportPlan = false;
  if (!lean) {
    if (publicParty) {
      chunk.parties.push({ id: nextId(), case_id: caseId, role: publicComplaint ? (rng.chance(0.4) ? 'complainant_and_victim' : 'complainant') : 'victim', colleague: false, person_id: null,
        forenames: fictionalName(rng, 2), surname: fictionalName(rng, 3), email: `demo.${sequence}@example.com`, phone: null, address: null, postcode: `ZZ${rng.int(1, 99)} ${rng.int(1, 9)}XX`, vulnerable: rng.chance(0.1) });
    }
    if (colleagueVictim) {
      const partyId = nextId();
      const victim = rng.pick(x.subjects);
      const isSubject = caseSubjects.has(victim.personId);
      chunk.parties.push({ id: partyId, case_id: caseId, role: 'victim', colleague: true, person_id: isSubject ? null : victim.personId,
        forenames: isSubject ? fictionalName(rng, 2) : victim.forenames, surname: isSubject ? fictionalName(rng, 3) : victim.surname, email: null, phone: null, address: null, postcode: null, vulnerable: false });
      // Support plans became routine later: older victims were more often left without one (for the PIB review).
      supportPlan = rng.chance(x.receivedDay > asOf - 730 ? 0.8 : 0.45);
      if (supportPlan) {
        chunk.support.push({ party_id: partyId, support_plan: 'Weekly contact with a named support officer; referral to the force wellbeing service; no shared shifts with the subject.',
          support_officer: 'Sergeant Halcyon Brightwater', entitlements_offered: ENTITLEMENTS.slice(0, rng.int(2, 4)), reviewed_on: isoOf(Math.min(asOf, x.receivedDay + 14)), updated_by_label: 'Demo PSD supervisor' });
      }
    }
  }

  // Flags, mostly right, sometimes missed or misapplied (for the data-quality report).
  const flag = (flagName: string, allegationId: string | null) => chunk.flags.push({ id: nextId(), case_id: caseId, allegation_id: allegationId, flag: flagName, added_by_label: 'Demo PSD caseworker', created_at: `${received}T11:00:00Z` });
  let pib = false;
  categories.forEach((c, i) => {
    const id = allegationIds[i]!;
    if (SEXUAL.has(c) && !publicComplaint && rng.chance(0.9)) { flag('prejudicial_improper_behaviour', id); pib = true; }
    if (APSP.has(c) && rng.chance(0.9)) flag('apsp', id);
    if (DISCRIMINATION.has(c) && rng.chance(0.85)) flag('discrimination', id);
    if (CRIMINAL.has(c) && colleagueVictim && rng.chance(0.8)) flag('colleague_criminal_allegation', id);
  });
  if (!pib && !publicComplaint && categories.some((c) => c === 'C2' || c === 'C5') && rng.chance(0.3)) { flag('prejudicial_improper_behaviour', null); pib = true; }
  if (sexual && !publicComplaint && rng.chance(0.03)) flag('apsp', null); // a likely mis-flag: no member of the public
  if (rng.chance(0.04)) flag('vawg', null);
  if (!publicComplaint && rng.chance(0.02)) flag('domestic_abuse', null);

  // The case's course: each step happens only if its date has come.
  const breachShare = options.seniorityBreachShare ?? 0.03;
  let decisionNo = 0;
  const decide = (kindOf: DecisionKind, value: string, day: number, personId: string | null = null, details: Record<string, unknown> = {}) => {
    if (lean && kindOf !== 'handling_route') return;
    const pool = rng.chance(breachShare) ? x.deciders[kindOf].breach : x.deciders[kindOf].ok;
    const d = pool[(sequence + decisionNo++) % pool.length]!;
    chunk.decisions.push({ id: nextId(), case_id: caseId, kind: kindOf, value, person_id: personId, rationale: RATIONALE[kindOf], details, decided_on: isoOf(day), decided_by: null,
      decided_by_label: d.label, decider_person_id: d.personId, decider_rank: d.rank, created_at: `${isoOf(day)}T12:${String(decisionNo).padStart(2, '0')}:00Z` });
  };
  const note = (day: number, what: string) => { if (!lean) chunk.timeline.push({ case_id: caseId, at: `${isoOf(day)}T09:00:00Z`, actor_label: 'Demo PSD caseworker', what }); };
  note(x.receivedDay, `Case opened: ${kind.replace(/_/g, ' ')}, received ${received}`);

  const row: Record<string, unknown> = { id: caseId, reference: referenceFor(options.seed, sequence, received.slice(0, 4)), kind, status: 'to_be_recorded', source: publicComplaint && rng.chance(0.3) ? 'online_form' : 'caseworker',
    summary: `${DESCRIPTION[categories[0]!] ?? 'Conduct matter.'}${n > 1 ? ` And ${n - 1} further allegation${n > 2 ? 's' : ''}.` : ''}`, received_on: received, recorded_on: null, handling_route: null, referred: null,
    finalised_on: null, subject_person_ids: [...caseSubjects].sort(), created_at: `${received}T09:00:00Z`, updated_at: `${received}T09:00:00Z` };
  chunk.cases.push(row);

  const recordDay = x.receivedDay + (rng.chance(0.85) ? rng.int(0, 10) : rng.int(11, 40));
  if (recordDay > asOf) return n;
  const outside = publicComplaint && !sexual && !categories.some((c) => APSP.has(c) || CRIMINAL.has(c) || DISCRIMINATION.has(c)) && rng.chance(0.2);
  decide('recording', outside ? 'log_outside_schedule_3' : 'record', recordDay);
  Object.assign(row, outside ? { status: 'logged_outside_schedule_3' } : { status: 'recorded', recorded_on: isoOf(recordDay) });
  note(recordDay, outside ? 'Logged outside Schedule 3' : 'Recorded');

  const assessDay = recordDay + rng.int(2, 35);
  if (assessDay > asOf) return n;
  const criteria = kind === 'dsi_matter' ? ['death_or_serious_injury'] : categories.some((c) => APSP.has(c)) ? ['serious_corruption'] : categories.includes('F1') ? ['serious_sexual_offence'] : categories.includes('B4') && rng.chance(0.2) ? ['serious_assault'] : [];
  const referred = criteria.length > 0 || (!outside && rng.chance(0.03));
  if (!outside) {
    decide('referral', referred ? 'referred' : 'not_referred', assessDay, null, { criteria, referredOn: referred ? isoOf(assessDay) : null, iopcReference: referred ? `IOPC-${2020 + (sequence % 7)}-${String(sequence).padStart(6, '0')}` : null });
    row.referred = referred;
  }
  const route = outside ? 'outside_schedule_3'
    : referred ? (kind === 'dsi_matter' || rng.chance(0.3) ? (rng.chance(0.4) ? 'investigation_independent' : 'investigation_directed') : 'investigation_local')
      : publicComplaint && rng.chance(0.55) ? 'without_investigation' : 'investigation_local';
  decide('handling_route', route, assessDay);
  Object.assign(row, { handling_route: route, status: outside ? 'logged_outside_schedule_3' : 'assessed' });
  note(assessDay, `Handling decided: ${route.replace(/_/g, ' ')}`);

  const investigated = route.startsWith('investigation');
  const named = [...caseSubjects];
  const length = route === 'outside_schedule_3' ? rng.int(10, 60) : route === 'without_investigation' ? rng.int(30, 150) : rng.int(90, rng.chance(0.15) ? 620 : 330);
  const finishDay = assessDay + length;
  const finished = finishDay <= asOf && !(investigated && rng.chance(0.04)); // a few stay open long past the twelve months
  if (investigated) {
    chunk.investigated.push({ caseId, reference: row.reference as string, receivedOn: received, handlingDecidedOn: isoOf(assessDay), finalisedOn: finished ? isoOf(finishDay) : null, pib, subjectPersonIds: named });
  }
  if (!finished) return n;

  for (const personId of named) {
    addOutcome(chunk, rng, { investigated, personId, officer: x.personTypes.get(personId) === 'officer', severityDay: assessDay + rng.int(1, 20), finishDay, decide, note, nextId, caseId, lean });
  }
  decide('finalisation', 'finalised', finishDay);
  Object.assign(row, { status: 'finalised', finalised_on: isoOf(finishDay), updated_at: `${isoOf(finishDay)}T16:00:00Z` });
  note(finishDay, 'Case finalised');
  return n;
}

const RATIONALE: Record<DecisionKind, string> = {
  recording: 'The complaint meets the criteria for recording and the complainant wishes it to be recorded.',
  referral: 'Checked against the mandatory referral criteria in regulation 4.',
  handling_route: 'Reasonable and proportionate handling given the seriousness and the complainant’s wishes.',
  severity: 'Assessed on the account and evidence available at this stage.',
  case_to_answer: 'Decided on the investigator’s report and the evidence gathered.',
  finalisation: 'All allegations have been dealt with and the outcome has been communicated.',
};

type Decide = (kind: DecisionKind, value: string, day: number, personId?: string | null, details?: Record<string, unknown>) => void;

/** Severity, case to answer and the outcome for one subject, across every forum the regulations allow. */
function addOutcome(chunk: ConductChunk, rng: Random, o: { investigated: boolean; personId: string; officer: boolean; severityDay: number; finishDay: number; decide: Decide; note: (day: number, what: string) => void; nextId: () => string; caseId: string; lean: boolean }) {
  const roll = rng.next();
  const severity = !o.investigated ? 'no_misconduct' : roll < 0.5 ? 'no_misconduct' : roll < 0.85 ? 'misconduct' : 'gross_misconduct';
  const rprp = severity === 'no_misconduct' && rng.chance(0.35);
  o.decide('severity', severity, o.severityDay, o.personId, { reflectivePractice: rprp });
  const decidedOn = isoOf(o.finishDay - rng.int(1, 10));
  const outcome = (forum: string, finding: string | null, result: string, chair: string) => {
    chunk.outcomes.push({ id: o.nextId(), case_id: o.caseId, person_id: o.personId, forum, finding, outcome: result, decided_on: decidedOn, decided_by_name: chair, recorded_by: null, recorded_by_label: 'Demo PSD caseworker', created_at: `${decidedOn}T15:00:00Z` });
    o.note(o.finishDay - 1, `Outcome recorded: ${result.replace(/_/g, ' ')} after ${forum.replace(/_/g, ' ')}`);
  };
  if (severity === 'no_misconduct') {
    if (rprp) outcome('reflective_practice_review', null, 'reflective_practice', 'Inspector Rowan Ashcombe (reviewer)');
    else if (rng.chance(0.5)) outcome('no_proceedings', null, 'no_further_action', 'Appropriate authority');
    return;
  }
  const toAnswer = rng.chance(0.7);
  o.decide('case_to_answer', toAnswer ? (severity === 'misconduct' ? 'case_to_answer_misconduct' : 'case_to_answer_gross_misconduct') : 'no_case_to_answer', o.finishDay - 20, o.personId);
  if (!toAnswer) return outcome('no_proceedings', null, 'no_further_action', 'Appropriate authority');
  const chair = decidedOn >= CHIEF_OFFICER_CHAIRS_FROM ? CHAIRS[rng.int(0, CHAIRS.length - 1)]! : OLD_CHAIRS[rng.int(0, OLD_CHAIRS.length - 1)]!;
  if (severity === 'misconduct') {
    if (rng.chance(0.2)) return outcome('misconduct_meeting', 'not_proven', 'no_further_action', 'Superintendent Caddoc Thistlewood');
    return outcome('misconduct_meeting', 'misconduct', rng.chance(0.65) ? 'written_warning' : 'final_written_warning', 'Superintendent Caddoc Thistlewood');
  }
  if (rng.chance(0.2)) return outcome('accelerated_hearing', 'gross_misconduct', 'dismissal_without_notice', CHAIRS[0]!);
  if (rng.chance(0.15)) return outcome('misconduct_hearing', 'not_proven', 'no_further_action', chair);
  // Since 28 May 2025 proven gross misconduct is presumed to end in dismissal: departures are rarer after it.
  const dismissal = rng.chance(decidedOn >= PRESUMPTION_OF_DISMISSAL_FROM ? 0.85 : 0.6);
  const lesser = o.officer && rng.chance(0.4) ? 'reduction_in_rank' : 'final_written_warning';
  outcome('misconduct_hearing', 'gross_misconduct', dismissal ? 'dismissal_without_notice' : lesser, chair);
}

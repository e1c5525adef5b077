import { Random, draw, hash32, table, type Table } from '../../../platform/demo/random.js';

/**
 * Synthetic force generator: a realistic, entirely fictional police workforce for demonstrations,
 * training and load tests. No real personal data: every name is built from invented syllables and
 * every email address uses the reserved .invalid top-level domain.
 *
 * Deterministic by design: the same options always give byte-identical output (own seeded PRNG,
 * no Math.random, no clock). The structure (units, posts, who reports to whom, vacancies, where the
 * leavers sit) depends only on the people count; the seed varies the people themselves (names,
 * dates, characteristics, payroll and collar numbers). Each person is drawn from their own PRNG
 * stream keyed by their position, so people can be streamed one at a time at national scale.
 */

export type PersonType = 'officer' | 'special_constable' | 'staff' | 'pcso' | 'volunteer' | 'contractor' | 'non_police';
export type VettingLevel = 'RV' | 'MV' | 'NPPV1' | 'NPPV2' | 'NPPV3';
export type NationalSecurityLevel = 'CTC' | 'SC' | 'DV';

export interface UnitSeed { code: string; name: string; parentCode?: string }
export interface PostSeed { code: string; title: string; unitCode: string; requiredVettingLevel: VettingLevel; nationalSecurityLevel?: NationalSecurityLevel; designated: boolean }
/** One person as an HR system would send them (the same shape as an HR import row). Dates are 'YYYY-MM-DD'. */
export interface HrRecord {
  payrollNumber: string; collarNumber?: string; forenames: string; surname: string; dateOfBirth?: string;
  personType: PersonType; rankOrGrade?: string; unitCode: string; lineManagerPayrollNumber?: string;
  postCode?: string; postStartDate?: string; startDate: string; leavingDate?: string; leavingReason?: string; email?: string;
  sex?: string; genderIdentitySameAsBirth?: string; ethnicity?: string; religion?: string; sexualOrientation?: string; disability?: string;
}
/** An earlier posting; both dates inclusive. A person's entries are contiguous and end the day before their current post began (or on their leaving date). */
export interface PostHistorySeed { payrollNumber: string; postCode: string; startDate: string; endDate: string }
export interface SyntheticForce { units: UnitSeed[]; posts: PostSeed[]; people: HrRecord[]; postHistory: PostHistorySeed[] }
export interface GenerateOptions {
  /** Varies the people, not the structure. Default 20261123. */
  seed?: number;
  /** Everyone in the HR feed, leavers (about 3%) included: 1 to 900,000. Default 6000. */
  people?: number;
  /** 'YYYY-MM-DD': ages, service and leaving dates are relative to it. Default '2026-11-01'. */
  asOf?: string;
}

export const PROTECTED_CHARACTERISTIC_VALUES: {
  sex: string[]; ethnicity: string[]; religion: string[]; sexualOrientation: string[]; disability: string[]; genderIdentitySameAsBirth: string[];
} = {
  sex: ['Female', 'Male'],
  ethnicity: ['White', 'Asian or Asian British', 'Black, Black British, Caribbean or African', 'Mixed or multiple ethnic groups', 'Other ethnic group', 'Prefer not to say'],
  religion: ['No religion', 'Christian', 'Muslim', 'Hindu', 'Sikh', 'Jewish', 'Buddhist', 'Any other religion', 'Prefer not to say'],
  sexualOrientation: ['Heterosexual or straight', 'Gay or lesbian', 'Bisexual', 'Other sexual orientation', 'Prefer not to say'],
  disability: ['Yes', 'No', 'Prefer not to say'],
  genderIdentitySameAsBirth: ['Yes', 'No', 'Prefer not to say'],
};

const DEFAULTS = { seed: 20261123, people: 6000, asOf: '2026-11-01' } as const;
/** Payroll numbers are 'P' + 6 digits, so 900,000 distinct people at most. */
const MAX_PEOPLE = 900_000;
const LEAVER_SHARE = 0.03;
/** Established posts per current person: about 5% of posts are vacant. */
const ESTABLISHMENT_RATIO = 1.05;
/** Roughly one local policing area per 1,500 people, so local units grow with the force. */
const PEOPLE_PER_AREA = 1500;
const DAYS_PER_YEAR = 365.25;

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

const STREAM = { person: 0x70657273, history: 0x68697374, leaving: 0x6c656176, payroll: 0x70617972, collar: 0x636f6c6c } as const;


// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01), faster than Date for 250,000 people
// ---------------------------------------------------------------------------------------------

function dayFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDay(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function formatDay(day: number): string {
  const [y, m, d] = civilFromDay(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const day = dayFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
  return formatDay(day) === text ? day : undefined;
}

/** Same calendar date n years on. 29 February becomes 28 February ('back') or 1 March ('forward') in a common year. */
function addYears(day: number, years: number, leapDay: 'back' | 'forward'): number {
  const [y, m, d] = civilFromDay(day);
  const target = y + years;
  if (m === 2 && d === 29 && !isLeapYear(target)) return leapDay === 'back' ? dayFromCivil(target, 2, 28) : dayFromCivil(target, 3, 1);
  return dayFromCivil(target, m, d);
}

// ---------------------------------------------------------------------------------------------
// Ranks, grades and the shape of the force
// ---------------------------------------------------------------------------------------------

/**
 * One seniority scale across officers and staff (1 = constable or junior grade, 9 = Chief Constable),
 * so that a line manager is always more senior than the people they manage.
 */
const OFFICER_RANKS = ['Constable', 'Sergeant', 'Inspector', 'Chief Inspector', 'Superintendent', 'Chief Superintendent', 'Assistant Chief Constable', 'Deputy Chief Constable', 'Chief Constable'];
const STAFF_GRADES: Record<number, string> = { 2: 'Grade E', 3: 'Grade F', 4: 'Grade G', 5: 'Grade H', 6: 'Senior manager', 7: 'Director' };
const SPECIAL_RANKS = ['Special Constable', 'Special Sergeant', 'Special Inspector'];

/** Spans of control, bottom up: 6 constables per sergeant, 4 sergeants per inspector, and so on. */
const OFFICER_SPANS = [6, 4, 4, 4, 4];
const STAFF_SPANS = [8, 5, 4, 4];
const SPECIAL_SPANS = [8, 5];

/** Approximate England and Wales workforce mix. */
const TYPE_SHARES: ReadonlyArray<readonly [PersonType, number]> = [
  ['officer', 0.5], ['staff', 0.38], ['pcso', 0.04], ['special_constable', 0.04], ['volunteer', 0.02], ['contractor', 0.015], ['non_police', 0.005],
];

interface Role { title: string; grade?: string; weight: number; designated?: boolean; vetting?: VettingLevel }
type ChiefRole = 'CC' | 'DCC' | 'ACC-LP' | 'ACC-CRIME' | 'ACC-OPS';
interface OfficerTitling { prefix?: string; detective?: boolean; byLevel?: Record<number, string> }

interface UnitProfile {
  code: string;
  name: string;
  parentCode?: string;
  /** Heads of units directly under the chief officer group report to a named chief officer. */
  reportsTo?: ChiefRole;
  lead: 'officer' | 'staff';
  headTitle: string;
  minHeadLevel?: number;
  fixedHeadLevel?: number;
  /** Share of each person type's establishment placed in this unit (relative weights). */
  weights: Partial<Record<PersonType, number>>;
  officers?: OfficerTitling;
  /** Used for staff supervisor titles, e.g. 'Custody team leader'. */
  staffNoun?: string;
  roles?: Partial<Record<'staff' | 'volunteer' | 'contractor' | 'non_police', Role[]>>;
  designated?: 'all';
  /** Staff at or above this seniority are designated (senior HR and finance, IT leadership). */
  designatedFromLevel?: number;
  nationalSecurity?: 'counter-terrorism' | 'chief-officers';
}

const COMPASS_AREAS: ReadonlyArray<readonly [string, string]> = [
  ['N', 'North'], ['S', 'South'], ['E', 'East'], ['W', 'West'], ['C', 'Central'], ['NE', 'North East'], ['NW', 'North West'], ['SE', 'South East'], ['SW', 'South West'],
];

function areaProfiles(index: number, areaCount: number): UnitProfile[] {
  const compass = COMPASS_AREAS[index];
  const code = compass ? compass[0] : `A${String(index + 1).padStart(3, '0')}`;
  const name = compass ? compass[1] : SURNAME_HEADS[index % SURNAME_HEADS.length]! + SURNAME_TAILS[Math.floor(index / SURNAME_HEADS.length) % SURNAME_TAILS.length]!;
  const share = (w: number) => w / areaCount;
  return [
    {
      code: `LPA-${code}`, name: `${name} local policing area`, parentCode: 'LP', lead: 'officer', minHeadLevel: 5,
      headTitle: `Local policing area commander (${name})`, weights: { staff: share(0.06) }, staffNoun: 'local policing',
      roles: { staff: [{ title: 'Area administrator', grade: 'Grade C', weight: 3 }, { title: 'Local policing coordinator', grade: 'Grade D', weight: 1 }] },
    },
    {
      code: `LPA-${code}-RESP`, name: `${name} response team`, parentCode: `LPA-${code}`, lead: 'officer',
      headTitle: `Response team commander (${name})`, weights: { officer: share(0.34), special_constable: share(0.5) }, officers: { prefix: 'Response' },
    },
    {
      code: `LPA-${code}-NHT`, name: `${name} neighbourhood policing team`, parentCode: `LPA-${code}`, lead: 'officer',
      headTitle: `Neighbourhood team commander (${name})`, officers: { prefix: 'Neighbourhood' }, staffNoun: 'neighbourhood',
      weights: { officer: share(0.16), staff: share(0.02), pcso: share(1), special_constable: share(0.4), volunteer: share(0.7), non_police: share(0.1) },
      roles: {
        staff: [{ title: 'Community engagement officer', grade: 'Grade D', weight: 1 }, { title: 'Anti-social behaviour officer', grade: 'Grade D', weight: 1 }],
        volunteer: [{ title: 'Police support volunteer', weight: 3 }, { title: 'Volunteer police cadet leader', weight: 1 }],
        non_police: [{ title: 'Council community safety officer', weight: 1, vetting: 'NPPV1' }],
      },
    },
  ];
}

/** The units outside local policing, parents before children. */
const CENTRAL_UNITS: UnitProfile[] = [
  { code: 'CRIME', name: 'Crime and public protection command', parentCode: 'COG', reportsTo: 'ACC-CRIME', lead: 'officer', fixedHeadLevel: 6, headTitle: 'Head of crime', weights: {} },
  {
    code: 'CID', name: 'Criminal investigation department', parentCode: 'CRIME', lead: 'officer', headTitle: 'Head of CID', officers: { detective: true }, staffNoun: 'CID',
    weights: { officer: 0.11, staff: 0.06 },
    roles: { staff: [{ title: 'Investigation officer', grade: 'Grade D', weight: 3 }, { title: 'Digital media investigator', grade: 'Grade D', weight: 1 }, { title: 'Case administrator', grade: 'Grade B', weight: 1 }] },
  },
  {
    code: 'PPU', name: 'Public protection unit', parentCode: 'CRIME', lead: 'officer', headTitle: 'Head of public protection', officers: { prefix: 'Public protection', detective: true },
    staffNoun: 'public protection', weights: { officer: 0.09, staff: 0.07, non_police: 0.3 },
    roles: {
      staff: [{ title: 'Safeguarding officer', grade: 'Grade D', weight: 2 }, { title: 'Multi-agency coordinator', grade: 'Grade D', weight: 1 }, { title: 'Referral administrator', grade: 'Grade B', weight: 1 }],
      non_police: [{ title: 'Partner agency safeguarding practitioner', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'INT', name: 'Intelligence bureau', parentCode: 'CRIME', lead: 'officer', headTitle: 'Head of intelligence', designated: 'all',
    officers: { prefix: 'Intelligence', byLevel: { 1: 'Intelligence officer' } }, staffNoun: 'intelligence', weights: { officer: 0.03, staff: 0.06 },
    roles: { staff: [{ title: 'Intelligence researcher', grade: 'Grade C', weight: 2 }, { title: 'Intelligence analyst', grade: 'Grade D', weight: 2 }] },
  },
  {
    code: 'SB', name: 'Special Branch and counter-terrorism', parentCode: 'CRIME', lead: 'officer', headTitle: 'Head of Special Branch', designated: 'all',
    nationalSecurity: 'counter-terrorism', officers: { prefix: 'Special Branch', detective: true }, staffNoun: 'Special Branch', weights: { officer: 0.025, staff: 0.015 },
    roles: { staff: [{ title: 'Counter-terrorism researcher', grade: 'Grade C', weight: 1 }, { title: 'Counter-terrorism analyst', grade: 'Grade D', weight: 1 }] },
  },
  { code: 'OPS', name: 'Operations command', parentCode: 'COG', reportsTo: 'ACC-OPS', lead: 'officer', fixedHeadLevel: 6, headTitle: 'Head of operations', weights: {} },
  {
    code: 'CUST', name: 'Custody', parentCode: 'OPS', lead: 'officer', headTitle: 'Head of custody', officers: { prefix: 'Custody' }, staffNoun: 'custody',
    weights: { officer: 0.03, staff: 0.06, contractor: 0.1, non_police: 0.4 },
    roles: {
      staff: [{ title: 'Detention officer', grade: 'Grade C', weight: 3 }, { title: 'Custody administrator', grade: 'Grade B', weight: 1 }],
      contractor: [{ title: 'Custody facilities engineer', weight: 1, vetting: 'NPPV1' }],
      non_police: [{ title: 'Custody healthcare practitioner', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'ROADS', name: 'Roads policing unit', parentCode: 'OPS', lead: 'officer', headTitle: 'Head of roads policing', officers: { prefix: 'Roads policing' }, staffNoun: 'roads policing',
    weights: { officer: 0.03, staff: 0.01, special_constable: 0.1 },
    roles: { staff: [{ title: 'Collision investigator', grade: 'Grade D', weight: 1 }, { title: 'Casualty reduction officer', grade: 'Grade C', weight: 1 }] },
  },
  {
    code: 'FIREARMS', name: 'Armed policing unit', parentCode: 'OPS', lead: 'officer', headTitle: 'Head of armed policing', staffNoun: 'firearms licensing',
    officers: { prefix: 'Firearms', byLevel: { 1: 'Authorised firearms officer' } }, weights: { officer: 0.04, staff: 0.015 },
    roles: { staff: [{ title: 'Firearms licensing officer', grade: 'Grade C', weight: 2 }, { title: 'Firearms enquiry officer', grade: 'Grade D', weight: 1 }] },
  },
  {
    code: 'CONTACT', name: 'Contact management and control room', parentCode: 'OPS', lead: 'officer', minHeadLevel: 4, headTitle: 'Head of contact management',
    officers: { prefix: 'Control room', byLevel: { 3: 'Force incident manager' } }, staffNoun: 'contact centre',
    weights: { officer: 0.03, staff: 0.24, volunteer: 0.2, non_police: 0.2 },
    roles: {
      staff: [{ title: 'Call handler', grade: 'Grade C', weight: 5 }, { title: 'Dispatcher', grade: 'Grade C', weight: 3 }, { title: 'Crime recording officer', grade: 'Grade B', weight: 1 }],
      volunteer: [{ title: 'Front counter volunteer', weight: 1 }],
      non_police: [{ title: 'Mental health triage nurse', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'PSD', name: 'Professional standards department', parentCode: 'COG', reportsTo: 'DCC', lead: 'officer', minHeadLevel: 5, headTitle: 'Head of professional standards',
    designated: 'all', officers: { prefix: 'PSD', detective: true, byLevel: { 1: 'PSD investigator' } }, staffNoun: 'PSD', weights: { officer: 0.015, staff: 0.025 },
    roles: { staff: [{ title: 'PSD investigator', grade: 'Grade D', weight: 2 }, { title: 'Complaints resolution officer', grade: 'Grade D', weight: 2 }, { title: 'PSD caseworker', grade: 'Grade B', weight: 1 }] },
  },
  {
    code: 'CCU', name: 'Counter-corruption unit', parentCode: 'PSD', lead: 'officer', minHeadLevel: 4, headTitle: 'Head of counter-corruption', designated: 'all',
    officers: { prefix: 'Counter-corruption', detective: true, byLevel: { 1: 'Counter-corruption investigator' } }, staffNoun: 'counter-corruption', weights: { officer: 0.008, staff: 0.01 },
    roles: { staff: [{ title: 'Counter-corruption analyst', grade: 'Grade D', weight: 1 }, { title: 'Counter-corruption intelligence officer', grade: 'Grade C', weight: 1 }] },
  },
  {
    code: 'VET', name: 'Force vetting unit', parentCode: 'PSD', lead: 'staff', minHeadLevel: 4, headTitle: 'Force vetting manager', designated: 'all', staffNoun: 'vetting',
    weights: { staff: 0.025 },
    roles: { staff: [{ title: 'Vetting researcher', grade: 'Grade C', weight: 3 }, { title: 'Vetting officer', grade: 'Grade D', weight: 2 }, { title: 'Vetting administrator', grade: 'Grade B', weight: 1 }] },
  },
  {
    code: 'CORP', name: 'Corporate services', parentCode: 'COG', reportsTo: 'DCC', lead: 'staff', fixedHeadLevel: 7, headTitle: 'Director of corporate services', staffNoun: 'corporate services',
    designatedFromLevel: 7, weights: { staff: 0.005 }, roles: { staff: [{ title: 'Corporate services officer', grade: 'Grade C', weight: 1 }] },
  },
  {
    code: 'HR', name: 'Human resources', parentCode: 'CORP', lead: 'staff', minHeadLevel: 6, headTitle: 'Head of HR', staffNoun: 'HR', designatedFromLevel: 3,
    weights: { staff: 0.07, contractor: 0.1 },
    roles: {
      staff: [{ title: 'HR assistant', grade: 'Grade B', weight: 2 }, { title: 'HR adviser', grade: 'Grade D', weight: 2 }, { title: 'Recruitment officer', grade: 'Grade C', weight: 1 }, { title: 'Occupational health adviser', grade: 'Grade D', weight: 1 }],
      contractor: [{ title: 'Occupational health contractor', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'FIN', name: 'Finance', parentCode: 'CORP', lead: 'staff', minHeadLevel: 6, headTitle: 'Head of finance', staffNoun: 'finance', designatedFromLevel: 4,
    weights: { staff: 0.045, contractor: 0.1 },
    roles: {
      staff: [{ title: 'Finance assistant', grade: 'Grade B', weight: 2 }, { title: 'Payroll officer', grade: 'Grade C', weight: 2 }, { title: 'Procurement officer', grade: 'Grade C', weight: 1 }, { title: 'Accountant', grade: 'Grade D', weight: 1 }],
      contractor: [{ title: 'Contract accountant', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'IT', name: 'IT and digital', parentCode: 'CORP', lead: 'staff', minHeadLevel: 6, headTitle: 'Head of IT and digital', staffNoun: 'IT', designatedFromLevel: 5,
    weights: { staff: 0.1, contractor: 0.6 },
    roles: {
      staff: [
        { title: 'Service desk analyst', grade: 'Grade C', weight: 3 }, { title: 'Systems administrator', grade: 'Grade D', weight: 2, designated: true },
        { title: 'Software developer', grade: 'Grade D', weight: 1 }, { title: 'Network engineer', grade: 'Grade D', weight: 1 },
      ],
      contractor: [{ title: 'Contract systems administrator', weight: 1, designated: true }, { title: 'Contract software developer', weight: 2, vetting: 'NPPV2' }, { title: 'Contract network engineer', weight: 1, vetting: 'NPPV2' }],
    },
  },
  {
    code: 'TRAIN', name: 'Learning and development', parentCode: 'CORP', lead: 'officer', minHeadLevel: 4, headTitle: 'Head of learning and development',
    officers: { prefix: 'Training', byLevel: { 1: 'Police trainer' } }, staffNoun: 'training', weights: { officer: 0.02, staff: 0.035, volunteer: 0.1, contractor: 0.1 },
    roles: {
      staff: [{ title: 'Learning and development officer', grade: 'Grade D', weight: 2 }, { title: 'Training administrator', grade: 'Grade B', weight: 1 }],
      volunteer: [{ title: 'Role-play volunteer', weight: 1 }],
      contractor: [{ title: 'Contract driving instructor', weight: 1, vetting: 'NPPV1' }],
    },
  },
];

const CHIEF_OFFICER_GROUP: UnitProfile = {
  code: 'COG', name: 'Chief officer group', lead: 'officer', headTitle: 'Chief Constable', designated: 'all', nationalSecurity: 'chief-officers', weights: {},
};
const LOCAL_POLICING: UnitProfile = {
  code: 'LP', name: 'Local policing command', parentCode: 'COG', reportsTo: 'ACC-LP', lead: 'officer', fixedHeadLevel: 6, headTitle: 'Head of local policing', weights: {},
};

function unitCatalogue(areaCount: number): UnitProfile[] {
  const areas = Array.from({ length: areaCount }, (_, i) => areaProfiles(i, areaCount)).flat();
  return [CHIEF_OFFICER_GROUP, LOCAL_POLICING, ...areas, ...CENTRAL_UNITS];
}

// ---------------------------------------------------------------------------------------------
// Establishment: posts, management lines and vacancies (a function of the people count only)
// ---------------------------------------------------------------------------------------------

interface PlanPost {
  index: number;
  unit: UnitProfile;
  personType: PersonType;
  level: number;
  rankOrGrade: string | undefined;
  title: string;
  designated: boolean;
  vetting: VettingLevel;
  nationalSecurity: NationalSecurityLevel | undefined;
  manager: PlanPost | undefined;
  children: PlanPost[];
}

interface ForcePlan {
  units: UnitSeed[];
  posts: PlanPost[];
  postSeeds: PostSeed[];
  /** For each person in stream order: the post they hold, or (leavers) the post they left. */
  streamPost: Int32Array;
  streamLeaver: Uint8Array;
  /** For each post: the stream position of the person managing its holder (nearest filled post above), or -1. */
  managerOf: Int32Array;
  typeCounts: Record<PersonType, number>;
  /** Posts by person type and seniority, for drawing plausible earlier postings. */
  pools: Map<string, number[]>;
}

interface PostSpec { personType: PersonType; level: number; rankOrGrade: string | undefined; title: string; role?: Role }

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function makePost(unit: UnitProfile, spec: PostSpec, manager: PlanPost | undefined): PlanPost {
  const designated = unit.designated === 'all' || spec.role?.designated === true
    || (spec.personType === 'staff' && unit.designatedFromLevel !== undefined && spec.level >= unit.designatedFromLevel);
  const post: PlanPost = {
    index: -1, unit, personType: spec.personType, level: spec.level, rankOrGrade: spec.rankOrGrade, title: spec.title, designated,
    vetting: vettingFor(spec, designated), nationalSecurity: nationalSecurityFor(unit, spec), manager, children: [],
  };
  manager?.children.push(post);
  return post;
}

function vettingFor(spec: PostSpec, designated: boolean): VettingLevel {
  const nonPolice = spec.personType === 'contractor' || spec.personType === 'non_police';
  if (designated) return nonPolice ? 'NPPV3' : 'MV';
  return spec.role?.vetting ?? (nonPolice ? 'NPPV2' : 'RV');
}

function nationalSecurityFor(unit: UnitProfile, spec: PostSpec): NationalSecurityLevel | undefined {
  if (unit.nationalSecurity === 'chief-officers') return spec.level >= 7 ? 'SC' : undefined;
  if (unit.nationalSecurity !== 'counter-terrorism') return undefined;
  if (spec.level >= 4) return 'DV';
  return spec.personType === 'officer' || spec.level >= 2 ? 'SC' : 'CTC';
}

const titleCache = new Map<string, string>();

/** Titles repeat thousands of times at national scale, so each is composed once. */
function officerTitle(unit: UnitProfile, level: number): string {
  const key = `${unit.code}|${level}`;
  let title = titleCache.get(key);
  if (title === undefined) titleCache.set(key, (title = composeOfficerTitle(unit, level)));
  return title;
}

function composeOfficerTitle(unit: UnitProfile, level: number): string {
  const t = unit.officers;
  const rank = OFFICER_RANKS[level - 1]!;
  if (!t) return rank;
  const fixed = t.byLevel?.[level];
  if (fixed) return fixed;
  return capitalise([t.prefix, t.detective ? 'detective' : undefined, rank.toLowerCase()].filter(Boolean).join(' '));
}

function staffTitle(unit: UnitProfile, level: number): string {
  const noun = unit.staffNoun ?? unit.name.toLowerCase();
  if (level === 2) return capitalise(`${noun} team leader`);
  if (level === 3) return capitalise(`${noun} manager`);
  if (level === 4) return `Senior ${noun} manager`;
  return `Deputy head of ${noun}`;
}

/** Splits by weight into contiguous runs, so people in the same role form teams under the same supervisors. */
function roleAt(roles: readonly Role[], position: number, count: number): Role {
  const total = roles.reduce((s, r) => s + r.weight, 0);
  const x = ((position + 0.5) / count) * total;
  let acc = 0;
  for (const r of roles) if (x < (acc += r.weight)) return r;
  return roles[roles.length - 1]!;
}

/** Largest-remainder apportionment: whole numbers summing exactly to total. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

/** Tier sizes bottom up: supervisors are added until one person (or the tier cap) is reached. */
function tierSizes(leaves: number, spans: readonly number[], maxTiers: number): number[] {
  const sizes = [leaves];
  while (sizes.length < maxTiers && sizes[sizes.length - 1]! > 1) sizes.push(Math.ceil(sizes[sizes.length - 1]! / spans[sizes.length - 1]!));
  return sizes;
}

function ladderSizes(members: number, spans: readonly number[], maxTiers: number): number[] {
  if (members <= 0 || maxTiers <= 0) return [];
  const total = (s: number[]) => s.reduce((a, b) => a + b, 0);
  let leaves = members;
  let sizes = tierSizes(leaves, spans, maxTiers);
  while (total(sizes) > members) sizes = tierSizes(--leaves, spans, maxTiers);
  sizes[0]! += members - total(sizes);
  return sizes;
}

/** Builds a management ladder under the unit head; returns its tiers, bottom (tier 0) first. */
function buildLadder(head: PlanPost, members: number, spans: readonly number[], maxTiers: number, spec: (tier: number, position: number, count: number) => PostSpec): PlanPost[][] {
  const sizes = ladderSizes(members, spans, Math.min(maxTiers, spans.length + 1));
  const tiers: PlanPost[][] = sizes.map(() => []);
  for (let t = sizes.length - 1; t >= 0; t--) {
    const above = tiers[t + 1];
    for (let j = 0; j < sizes[t]!; j++) {
      const manager = above ? above[Math.floor((j * above.length) / sizes[t]!)]! : head;
      tiers[t]!.push(makePost(head.unit, spec(t, j, sizes[t]!), manager));
    }
  }
  return tiers;
}

/** Spreads people evenly across supervisors (PCSOs under sergeants, contractors under managers...). */
function attach(unit: UnitProfile, supervisors: readonly PlanPost[], count: number, spec: (position: number) => PostSpec): void {
  for (let j = 0; j < count; j++) makePost(unit, spec(j), supervisors[Math.floor((j * supervisors.length) / count)]);
}

function headLevelFor(unit: UnitProfile, headcount: number, cap: number): number {
  if (unit.fixedHeadLevel) return unit.fixedHeadLevel;
  const bySize = unit.lead === 'officer'
    ? (headcount < 20 ? 3 : headcount < 100 ? 4 : headcount < 1500 ? 5 : 6)
    : (headcount < 12 ? 3 : headcount < 60 ? 4 : headcount < 200 ? 5 : 6);
  return Math.min(Math.max(bySize, unit.minHeadLevel ?? 3), cap);
}

function headSpec(unit: UnitProfile, level: number): PostSpec {
  const rankOrGrade = unit.lead === 'officer' ? OFFICER_RANKS[level - 1] : STAFF_GRADES[level];
  return { personType: unit.lead === 'officer' ? 'officer' : 'staff', level, rankOrGrade, title: unit.headTitle };
}

type Headcount = Record<PersonType, number>;

function buildUnit(unit: UnitProfile, counts: Headcount, headLevel: number, manager: PlanPost): PlanPost {
  const head = makePost(unit, headSpec(unit, headLevel), manager);
  const roles = unit.roles ?? {};
  const officers = buildLadder(head, counts.officer, OFFICER_SPANS, headLevel - 1, (t) => ({
    personType: 'officer', level: t + 1, rankOrGrade: OFFICER_RANKS[t], title: officerTitle(unit, t + 1),
  }));
  const staff = buildLadder(head, counts.staff, STAFF_SPANS, headLevel - 1, (t, j, n) => {
    if (t > 0) return { personType: 'staff', level: t + 1, rankOrGrade: STAFF_GRADES[t + 1], title: staffTitle(unit, t + 1) };
    const role = roleAt(roles.staff ?? [{ title: 'Administrator', grade: 'Grade C', weight: 1 }], j, n);
    return { personType: 'staff', level: 1, rankOrGrade: role.grade, title: role.title, role };
  });
  buildLadder(head, counts.special_constable, SPECIAL_SPANS, headLevel - 1, (t) => ({
    personType: 'special_constable', level: t + 1, rankOrGrade: SPECIAL_RANKS[t], title: capitalise(SPECIAL_RANKS[t]!.toLowerCase()),
  }));
  const sergeants = officers[1] ?? [head];
  const staffSupervisors = staff[1] ?? officers[1] ?? [head];
  const staffManagers = staff[2] ?? staff[3] ?? [head];
  attach(unit, sergeants, counts.pcso, () => ({ personType: 'pcso', level: 1, rankOrGrade: 'PCSO', title: 'Police community support officer' }));
  attach(unit, staffSupervisors, counts.volunteer, (j) => roleSpec('volunteer', roles.volunteer, j, counts.volunteer, 'Volunteer'));
  attach(unit, staffManagers, counts.contractor, (j) => roleSpec('contractor', roles.contractor, j, counts.contractor));
  attach(unit, officers[1] ?? staff[1] ?? [head], counts.non_police, (j) => roleSpec('non_police', roles.non_police, j, counts.non_police));
  return head;
}

function roleSpec(personType: PersonType, roles: Role[] | undefined, position: number, count: number, rankOrGrade?: string): PostSpec {
  const role = roleAt(roles ?? [{ title: personType === 'volunteer' ? 'Police support volunteer' : 'Contractor', weight: 1 }], position, count);
  return { personType, level: 1, rankOrGrade, title: role.title, role };
}

interface ChiefOfficers { head: PlanPost; byRole: Record<ChiefRole, PlanPost> }

function buildChiefOfficerGroup(accCount: number, staffOfficers: number, assistants: number): ChiefOfficers {
  const unit = CHIEF_OFFICER_GROUP;
  const officer = (level: number, title: string, manager?: PlanPost) => makePost(unit, { personType: 'officer', level, rankOrGrade: OFFICER_RANKS[level - 1], title }, manager);
  const cc = officer(9, 'Chief Constable');
  const dcc = officer(8, 'Deputy Chief Constable', cc);
  const portfolios = accCount >= 3 ? ['local policing', 'crime', 'operations'] : ['local policing and operations', 'crime'];
  const accs = portfolios.map((p) => officer(7, `Assistant Chief Constable (${p})`, dcc));
  const chiefs = [cc, dcc, ...accs];
  for (let i = 0; i < staffOfficers; i++) officer(4, 'Staff officer', chiefs[i % chiefs.length]);
  for (let i = 0; i < assistants; i++) makePost(unit, { personType: 'staff', level: 1, rankOrGrade: 'Grade D', title: 'Executive assistant' }, chiefs[i % chiefs.length]);
  return { head: cc, byRole: { CC: cc, DCC: dcc, 'ACC-LP': accs[0]!, 'ACC-CRIME': accs[1]!, 'ACC-OPS': accs[2] ?? accs[0]! } };
}

/** Depth-first order, so each team follows its supervisor and every manager precedes their reports. */
function depthFirst(head: PlanPost, into: PlanPost[]): void {
  const stack = [head];
  while (stack.length) {
    const post = stack.pop()!;
    into.push(post);
    for (let k = post.children.length - 1; k >= 0; k--) stack.push(post.children[k]!);
  }
}

const PERSON_TYPES: readonly PersonType[] = TYPE_SHARES.map(([t]) => t);
const emptyHeadcount = (): Headcount => ({ officer: 0, special_constable: 0, staff: 0, pcso: 0, volunteer: 0, contractor: 0, non_police: 0 });

function buildPosts(people: number, current: number): { units: UnitProfile[]; posts: PlanPost[] } {
  const areaCount = Math.max(2, Math.round(people / PEOPLE_PER_AREA));
  const units = unitCatalogue(areaCount);
  const accCount = people >= 3000 ? 3 : 2;
  const staffOfficers = Math.min(accCount + 2, Math.round(people / 1500));
  const assistants = Math.min(accCount + 2, Math.round(people / 1000));

  // Heads and chief officers are fixed; the rest of each type's establishment is shared out by unit weight.
  const establishment = Math.round(current * ESTABLISHMENT_RATIO);
  const totals = apportion(establishment, TYPE_SHARES.map(([, s]) => s));
  const fixed = emptyHeadcount();
  fixed.officer = 2 + accCount + staffOfficers;
  fixed.staff = assistants;
  for (const u of units.slice(1)) fixed[u.lead === 'officer' ? 'officer' : 'staff']++;
  const allocation = new Map(units.map((u) => [u, emptyHeadcount()]));
  PERSON_TYPES.forEach((type, t) => {
    const shares = apportion(Math.max(0, totals[t]! - fixed[type]), units.map((u) => u.weights[type] ?? 0));
    units.forEach((u, i) => (allocation.get(u)![type] = shares[i]!));
  });

  const chiefs = buildChiefOfficerGroup(accCount, staffOfficers, assistants);
  const heads = new Map<string, PlanPost>([['COG', chiefs.head]]);
  const posts: PlanPost[] = [];
  depthFirst(chiefs.head, posts);
  for (const unit of units.slice(1)) {
    const manager = unit.reportsTo ? chiefs.byRole[unit.reportsTo] : heads.get(unit.parentCode!)!;
    const counts = allocation.get(unit)!;
    const headcount = 1 + PERSON_TYPES.reduce((s, t) => s + counts[t], 0);
    const head = buildUnit(unit, counts, headLevelFor(unit, headcount, manager.level - 1), manager);
    heads.set(unit.code, head);
    depthFirst(head, posts);
  }
  posts.forEach((p, i) => (p.index = i));
  return { units, posts };
}

/** Vacancies fall on posts with no reports where possible, spread evenly through the force. */
function chooseVacancies(posts: readonly PlanPost[], vacancies: number): Uint8Array {
  const filled = new Uint8Array(posts.length).fill(1);
  const hasReports = new Uint8Array(posts.length);
  for (const p of posts) if (p.manager) hasReports[p.manager.index] = 1;
  const leaves = posts.filter((p) => !hasReports[p.index]).map((p) => p.index);
  const fromLeaves = Math.min(vacancies, leaves.length);
  for (let k = 0; k < fromLeaves; k++) filled[leaves[Math.floor(((k + 0.5) * leaves.length) / fromLeaves)]!] = 0;
  // Only a very small force runs out of leaves: then posts are left empty from the bottom of the order up.
  let extra = vacancies - fromLeaves;
  for (let i = posts.length - 1; i > 0 && extra > 0; i--) if (filled[i]) (filled[i] = 0), extra--;
  return filled;
}

function planForce(people: number): ForcePlan {
  const leavers = Math.round(people * LEAVER_SHARE);
  const current = people - leavers;
  const { units, posts } = buildPosts(people, current);
  const filled = chooseVacancies(posts, posts.length - current);

  // Leavers sit straight after the person who now holds the post they left.
  const leaverAfter = new Uint8Array(current);
  for (let j = 0; j < leavers; j++) leaverAfter[Math.max(1, Math.floor(((j + 0.5) * current) / leavers))] = 1;
  const streamPost = new Int32Array(people);
  const streamLeaver = new Uint8Array(people);
  const occupant = new Int32Array(posts.length).fill(-1);
  const typeCounts = emptyHeadcount();
  let s = 0;
  let ordinal = 0;
  for (const post of posts) {
    if (!filled[post.index]) continue;
    occupant[post.index] = s;
    streamPost[s++] = post.index;
    typeCounts[post.personType]++;
    if (leaverAfter[ordinal++]) {
      streamPost[s] = post.index;
      streamLeaver[s++] = 1;
      typeCounts[post.personType]++;
    }
  }

  const managerOf = new Int32Array(posts.length).fill(-1);
  for (const post of posts) {
    let m = post.manager;
    while (m && occupant[m.index]! < 0) m = m.manager;
    if (m) managerOf[post.index] = occupant[m.index]!;
  }

  const pools = new Map<string, number[]>();
  for (const post of posts) {
    const key = `${post.personType}|${post.level}`;
    const pool = pools.get(key) ?? [];
    pool.push(post.index);
    pools.set(key, pool);
  }

  return {
    units: units.map((u) => (u.parentCode ? { code: u.code, name: u.name, parentCode: u.parentCode } : { code: u.code, name: u.name })),
    posts,
    postSeeds: posts.map(postSeed),
    streamPost,
    streamLeaver,
    managerOf,
    typeCounts,
    pools,
  };
}

const postCode = (index: number) => `PST-${String(index + 1).padStart(6, '0')}`;

function postSeed(p: PlanPost): PostSeed {
  const seed: PostSeed = { code: postCode(p.index), title: p.title, unitCode: p.unit.code, requiredVettingLevel: p.vetting, designated: p.designated };
  if (p.nationalSecurity) seed.nationalSecurityLevel = p.nationalSecurity;
  return seed;
}

// ---------------------------------------------------------------------------------------------
// Invented names: whimsical syllables that no one would mistake for a real person
// ---------------------------------------------------------------------------------------------

const FORENAME_STARTS = [
  'Arl', 'Bex', 'Cadw', 'Dorr', 'Elv', 'Fenn', 'Gwil', 'Hask', 'Ibb', 'Jast', 'Kell', 'Lorr', 'Mabb', 'Nyss', 'Orr', 'Pell', 'Quill', 'Rusk', 'Sylv', 'Tamb', 'Ulm', 'Vess',
  'Wimb', 'Yarr', 'Zeph', 'Brin', 'Cald', 'Drey', 'Esk', 'Fald', 'Glim', 'Hesk', 'Isk', 'Juss', 'Kesk', 'Lumm', 'Merr', 'Nobb', 'Ottl', 'Pimm', 'Thrum', 'Wisp', 'Corv', 'Sprell',
];
const FEMININE_ENDINGS = ['owen', 'aby', 'elle', 'irra', 'ona', 'issa', 'ette', 'ara', 'ilde', 'ina', 'ova', 'enna', 'ithe', 'una', 'aline', 'essa', 'iel', 'ory', 'ise', 'avie'];
const MASCULINE_ENDINGS = ['ock', 'ald', 'amon', 'ulf', 'ister', 'edd', 'orin', 'abus', 'emund', 'ax', 'ion', 'ibald', 'urt', 'asp', 'ello', 'andor', 'ith', 'uin', 'oby', 'erick'];
const SECOND_BARRELS = ['Pim', 'Fen', 'Lark', 'Quin', 'Tamsel', 'Bry', 'Wix', 'Moll'];
const SURNAME_HEADS = [
  'Quill', 'Marrow', 'Thistle', 'Bramble', 'Kettle', 'Nettle', 'Pebble', 'Tansy', 'Sorrel', 'Juniper', 'Puddle', 'Tumble', 'Dapple', 'Cinder', 'Bumble',
  'Crumple', 'Fiddle', 'Gander', 'Hobble', 'Mumble', 'Nimble', 'Pickle', 'Rumble', 'Snuffle', 'Tickle', 'Waffle', 'Wobble', 'Bristle', 'Clover', 'Dimble',
  'Fizzle', 'Gobble', 'Jangle', 'Kipper', 'Lollop', 'Muddle', 'Noodle', 'Pimble', 'Quibble', 'Riffle', 'Scuffle', 'Tinkle', 'Twizzle', 'Whimble', 'Yonder',
  'Zizzle', 'Treacle', 'Crumble', 'Sprocket', 'Bobbin', 'Gusset', 'Wimple', 'Trundle', 'Parsnip', 'Custard', 'Flummox', 'Griddle', 'Hubble', 'Mottle', 'Sniggle',
];
const SURNAME_TAILS = [
  'feather', 'by', 'wick', 'thorpe', 'combe', 'ley', 'worth', 'bottom', 'hatch', 'mere', 'stead', 'well', 'dale', 'field', 'grove', 'hurst', 'ridge', 'shaw',
  'ton', 'croft', 'gate', 'more', 'pike', 'whistle', 'bury', 'den', 'ford', 'holt', 'brook', 'wood', 'ham', 'cote', 'ings', 'wold', 'lock', 'barrow', 'nook',
  'garth', 'beck', 'fold', 'lade', 'hop', 'ington', 'hope', 'sworth',
];

function inventForename(rng: Random, sex: string): string {
  const name = rng.pick(FORENAME_STARTS) + rng.pick(sex === 'Female' ? FEMININE_ENDINGS : MASCULINE_ENDINGS);
  return rng.chance(0.04) ? `${name}-${rng.pick(SECOND_BARRELS)}` : name;
}

function inventSurname(rng: Random): string {
  const name = rng.pick(SURNAME_HEADS) + rng.pick(SURNAME_TAILS);
  return rng.chance(0.03) ? `${name}-${rng.pick(SURNAME_HEADS)}${rng.pick(SURNAME_TAILS)}` : name;
}

// ---------------------------------------------------------------------------------------------
// Protected characteristics (approximate England and Wales police workforce shape)
// ---------------------------------------------------------------------------------------------

const FEMALE_SHARE: Record<PersonType, number> = { officer: 0.355, special_constable: 0.3, staff: 0.62, pcso: 0.47, volunteer: 0.5, contractor: 0.25, non_police: 0.65 };
const [WHITE, ASIAN, BLACK, MIXED, OTHER, UNSAID] = PROTECTED_CHARACTERISTIC_VALUES.ethnicity as [string, string, string, string, string, string];
const ETHNICITY = table([[WHITE, 91], [ASIAN, 3.5], [BLACK, 1.5], [MIXED, 2.5], [OTHER, 0.5], [UNSAID, 1]]);
const RELIGION = table([
  ['No religion', 45], ['Christian', 40], ['Muslim', 1.2], ['Hindu', 0.5], ['Sikh', 0.4], ['Jewish', 0.3], ['Buddhist', 0.5], ['Any other religion', 1.1], ['Prefer not to say', 11],
]);
/** Religion is drawn with ethnicity in mind so that the joint pattern looks plausible. */
const RELIGION_ASIAN = table([
  ['Muslim', 40], ['Hindu', 18], ['Sikh', 14], ['No religion', 12], ['Christian', 6], ['Buddhist', 2], ['Any other religion', 2], ['Prefer not to say', 6],
]);
const SEXUAL_ORIENTATION = table([['Heterosexual or straight', 87.5], ['Gay or lesbian', 3.5], ['Bisexual', 2.5], ['Other sexual orientation', 0.5], ['Prefer not to say', 6]]);
const DISABILITY = table([['Yes', 5.5], ['No', 87], ['Prefer not to say', 7.5]]);
const GENDER_IDENTITY = table([['Yes', 96.5], ['No', 0.4], ['Prefer not to say', 3.1]]);
/** Share of people whose characteristics were never recorded, and of single answers missing. */
const UNRECORDED = 0.03;
const FIELD_MISSING = 0.01;

function recordCharacteristics(rng: Random, record: HrRecord, sex: string): void {
  if (rng.chance(UNRECORDED)) return;
  const ethnicity = draw(rng, ETHNICITY);
  const religion = draw(rng, ethnicity === ASIAN ? RELIGION_ASIAN : RELIGION);
  const orientation = draw(rng, SEXUAL_ORIENTATION);
  const disability = draw(rng, DISABILITY);
  const identity = draw(rng, GENDER_IDENTITY);
  record.sex = sex;
  if (!rng.chance(FIELD_MISSING)) record.genderIdentitySameAsBirth = identity;
  record.ethnicity = ethnicity;
  if (!rng.chance(FIELD_MISSING)) record.religion = religion;
  if (!rng.chance(FIELD_MISSING)) record.sexualOrientation = orientation;
  record.disability = disability;
}

// ---------------------------------------------------------------------------------------------
// People: ages, service, postings and leaving, all relative to the as-of date
// ---------------------------------------------------------------------------------------------

type LeavingReason = 'Resigned' | 'Retired' | 'Transferred to another force' | 'Dismissed' | 'End of contract';
const LEAVING_REASONS: Record<PersonType, Table<LeavingReason>> = {
  officer: table([['Resigned', 40], ['Retired', 40], ['Transferred to another force', 15], ['Dismissed', 5]]),
  special_constable: table([['Resigned', 85], ['Transferred to another force', 10], ['Dismissed', 5]]),
  staff: table([['Resigned', 60], ['Retired', 25], ['End of contract', 12], ['Dismissed', 3]]),
  pcso: table([['Resigned', 75], ['Retired', 15], ['End of contract', 5], ['Dismissed', 5]]),
  volunteer: table([['Resigned', 85], ['Retired', 15]]),
  contractor: table([['End of contract', 85], ['Resigned', 15]]),
  non_police: table([['End of contract', 70], ['Resigned', 30]]),
};

/** Youngest and oldest ages at the as-of date: officers leave by 60, everyone else by 66. */
const AGE_RANGE: Record<PersonType, readonly [number, number]> = {
  officer: [18, 60], special_constable: [18, 60], staff: [18, 66], pcso: [18, 66], volunteer: [18, 66], contractor: [20, 66], non_police: [21, 66],
};
/** Minimum years of service to reach each seniority level (index = level). */
const OFFICER_MIN_SERVICE = [0, 0, 2, 5, 8, 12, 15, 18, 20, 22];
const STAFF_MIN_SERVICE = [0, 0, 1, 2, 4, 6, 8, 10];

function minServiceYears(type: PersonType, level: number): number {
  if (type === 'officer') return OFFICER_MIN_SERVICE[level] ?? 0;
  if (type === 'staff') return STAFF_MIN_SERVICE[level] ?? 0;
  if (type === 'special_constable') return (level - 1) * 2;
  return 0;
}

function ageBounds(type: PersonType, level: number, serviceYears: number, reason: LeavingReason | undefined): [number, number] {
  let [min, max] = AGE_RANGE[type];
  if (serviceYears > 0) min = Math.max(min, 19 + serviceYears);
  if (type === 'officer' && level >= 7) min = Math.max(min, 40 + 2 * (level - 7));
  // A leaver left up to two years ago, so must have been at least 18 (and joined) well before then.
  if (reason) min += 3;
  if (reason === 'Retired') [min, max] = [Math.max(min, 50), type === 'officer' ? 62 : 66];
  return [Math.min(min, max), max];
}

/** Officers and staff cluster in mid-career; specials skew young and volunteers older. */
function ageShape(rng: Random, type: PersonType): number {
  const a = rng.next();
  const b = rng.next();
  if (type === 'special_constable') return Math.min(a, b);
  if (type === 'volunteer') return Math.max(a, b);
  return (a + b) / 2;
}

interface Settings { seed: number; asOf: number; plan: ForcePlan; payrollKey: number; collars: Partial<Record<PersonType, CollarScheme>> }
interface CollarScheme { prefix: string; low: number; size: number; key: number }

/**
 * Keyed permutation of 0..size-1: a bijection on the enclosing power of two (odd multipliers and
 * xor-shifts are invertible), repeated until it lands inside the range. Numbers stay unique but do
 * not follow the order of the hierarchy, as real payroll and collar numbers do not.
 */
function scramble(value: number, size: number, key: number): number {
  const bits = Math.max(2, Math.ceil(Math.log2(size)));
  const range = 2 ** bits;
  let x = value;
  do {
    x = (x * 0x2f1b5 + (key % range)) % range;
    x ^= x >>> Math.ceil(bits / 2);
    x = (x * 0x1d2c3 + ((key >>> 11) % range)) % range;
    x ^= x >>> Math.ceil(bits / 3);
  } while (x >= size);
  return x;
}

function payrollNumber(settings: Settings, position: number): string {
  return `P${100000 + scramble(position, 900000, settings.payrollKey)}`;
}

function collarScheme(prefix: string, count: number, seed: number, salt: number): CollarScheme {
  const size = count <= 9000 ? 9000 : count <= 90000 ? 90000 : 900000;
  return { prefix, low: size / 9, size, key: hash32(seed ^ STREAM.collar, salt) };
}

function collarNumber(scheme: CollarScheme, ordinal: number): string {
  return scheme.prefix + String(scheme.low + scramble(ordinal, scheme.size, scheme.key));
}

/** Leaving dates come from their own stream so the successor in the post can start after the leaver went. */
function leavingDayFor(settings: Settings, position: number): number {
  return settings.asOf - new Random(hash32(settings.seed ^ STREAM.leaving, position)).int(1, 730);
}

interface PersonDraft {
  record: HrRecord;
  post: PlanPost;
  startDay: number;
  /** First day in the current post, or (leavers) in the post they left. */
  postStartDay: number;
  leavingDay: number | undefined;
}

function draftPerson(settings: Settings, position: number, collar: string | undefined): PersonDraft {
  const { plan, asOf } = settings;
  const post = plan.posts[plan.streamPost[position]!]!;
  const type = post.personType;
  const rng = new Random(hash32(settings.seed ^ STREAM.person, position));

  const sex = rng.chance(type === 'officer' && post.level >= 3 ? FEMALE_SHARE.officer - 0.06 : FEMALE_SHARE[type]) ? 'Female' : 'Male';
  const first = inventForename(rng, sex);
  const forenames = rng.chance(0.3) ? `${first} ${inventForename(rng, sex)}` : first;
  const surname = inventSurname(rng);
  const leaver = plan.streamLeaver[position] === 1;
  const reason = leaver ? draw(rng, LEAVING_REASONS[type]) : undefined;
  const leavingDay = leaver ? leavingDayFor(settings, position) : undefined;
  const serviceYears = minServiceYears(type, post.level);
  const birthDay = drawBirthDay(rng, asOf, ageBounds(type, post.level, serviceYears, reason), type);
  const startDay = drawStartDay(rng, birthDay, leavingDay === undefined ? asOf : leavingDay - 1, serviceYears, reason);
  // Time in post: up to about six years, mostly less; a successor starts after the leaver went.
  const tenure = Math.floor(rng.next() ** 1.4 * 6 * DAYS_PER_YEAR);
  const postStartDay = leavingDay === undefined
    ? Math.max(startDay, asOf - tenure, successorStart(settings, position))
    : Math.max(startDay, leavingDay - tenure);

  const record: HrRecord = {
    payrollNumber: payrollNumber(settings, position),
    forenames,
    surname,
    dateOfBirth: formatDay(birthDay),
    personType: type,
    unitCode: post.unit.code,
    startDate: formatDay(startDay),
    email: `${first}.${surname}.${position + 1}@probity-demo.invalid`.toLowerCase(),
  };
  if (collar) record.collarNumber = collar;
  if (post.rankOrGrade) record.rankOrGrade = post.rankOrGrade;
  const manager = plan.managerOf[post.index]!;
  if (manager >= 0) record.lineManagerPayrollNumber = payrollNumber(settings, manager);
  if (leavingDay === undefined) {
    record.postCode = postCode(post.index);
    record.postStartDate = formatDay(postStartDay);
  } else {
    record.leavingDate = formatDay(leavingDay);
    record.leavingReason = reason!;
  }
  recordCharacteristics(rng, record, sex);
  return { record, post, startDay, postStartDay, leavingDay };
}

/** A birthday that makes the person exactly the drawn age on the as-of date. */
function drawBirthDay(rng: Random, asOf: number, [minAge, maxAge]: [number, number], type: PersonType): number {
  const age = Math.min(maxAge, minAge + Math.floor(ageShape(rng, type) * (maxAge - minAge + 1)));
  const youngest = addYears(asOf, -age, 'back');
  const oldest = addYears(asOf, -(age + 1), 'back') + 1;
  return oldest + Math.floor(rng.next() * (youngest - oldest + 1));
}

/** Service that fits the age: never before the 18th birthday, at least the rank's minimum, mostly short (long for retirees). */
function drawStartDay(rng: Random, birthDay: number, serviceEnd: number, serviceYears: number, reason: LeavingReason | undefined): number {
  const maxService = serviceEnd - addYears(birthDay, 18, 'forward');
  const minService = Math.min(maxService, Math.round(serviceYears * DAYS_PER_YEAR));
  const shape = reason === 'Retired' ? Math.sqrt(rng.next()) : rng.next() ** 1.6;
  return serviceEnd - (minService + Math.floor((maxService - minService) * shape));
}

/** The day after the previous holder left, when the next person in the stream is that leaver. */
function successorStart(settings: Settings, position: number): number {
  const { streamLeaver, streamPost } = settings.plan;
  const next = position + 1;
  if (next >= streamPost.length || streamLeaver[next] !== 1 || streamLeaver[position] === 1) return -Infinity;
  return streamPost[next] === streamPost[position] ? leavingDayFor(settings, next) + 1 : -Infinity;
}

/**
 * Earlier postings: 0-3 contiguous spells from the start of service up to the current post,
 * drawn from posts of the same person type at the same or a lower seniority.
 * Leavers' last spell is the post they left, ending on their leaving date.
 */
function postHistoryFor(settings: Settings, position: number, draft: PersonDraft): PostHistorySeed[] {
  const rng = new Random(hash32(settings.seed ^ STREAM.history, position));
  const { post, startDay, postStartDay, leavingDay, record } = draft;
  const span = postStartDay - startDay;
  const limit = leavingDay === undefined ? 3 : 2;
  const wanted = span < 90 ? 0 : Math.min(limit, Math.floor(rng.next() * (1 + Math.min(3, span / 730))));
  const earlier: number[] = [];
  let level = post.level;
  for (let k = 0; k < wanted; k++) {
    if (rng.chance(0.35)) level = Math.max(1, level - 1);
    const chosen = earlierPost(settings.plan, rng, post, level, earlier[earlier.length - 1]);
    if (chosen !== undefined) earlier.push(chosen);
  }
  earlier.reverse();
  const spells: PostHistorySeed[] = [];
  let from = startDay;
  earlier.forEach((index, k) => {
    const to = k === earlier.length - 1 ? postStartDay : startDay + Math.round((span * (k + 0.7 + rng.next() * 0.6)) / earlier.length);
    spells.push({ payrollNumber: record.payrollNumber, postCode: postCode(index), startDate: formatDay(from), endDate: formatDay(to - 1) });
    from = to;
  });
  if (leavingDay !== undefined) {
    spells.push({ payrollNumber: record.payrollNumber, postCode: postCode(post.index), startDate: formatDay(postStartDay), endDate: formatDay(leavingDay) });
  }
  return spells;
}

function earlierPost(plan: ForcePlan, rng: Random, current: PlanPost, level: number, avoid: number | undefined): number | undefined {
  for (let l = level; l >= 1; l--) {
    const pool = plan.pools.get(`${current.personType}|${l}`);
    if (!pool) continue;
    const start = Math.floor(rng.next() * pool.length);
    for (let k = 0; k < Math.min(3, pool.length); k++) {
      const candidate = pool[(start + k) % pool.length]!;
      if (candidate !== current.index && candidate !== avoid) return candidate;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

interface Resolved { seed: number; people: number; asOf: number }

function resolveOptions(options: GenerateOptions = {}): Resolved {
  const seed = options.seed ?? DEFAULTS.seed;
  const people = options.people ?? DEFAULTS.people;
  const asOfText = options.asOf ?? DEFAULTS.asOf;
  if (!Number.isInteger(seed)) throw new RangeError('The seed must be a whole number');
  if (!Number.isInteger(people) || people < 1 || people > MAX_PEOPLE) throw new RangeError(`The number of people must be a whole number from 1 to ${MAX_PEOPLE}`);
  const asOf = parseDay(asOfText);
  if (asOf === undefined || asOfText < '1990-01-01' || asOfText > '2099-12-31') throw new RangeError('The as-of date must be a real date written YYYY-MM-DD, from 1990 to 2099');
  return { seed: seed >>> 0, people, asOf };
}

function settingsFor(resolved: Resolved, plan: ForcePlan): Settings {
  const collars: Settings['collars'] = {
    officer: collarScheme('', plan.typeCounts.officer, resolved.seed, 1),
    special_constable: collarScheme('SC', plan.typeCounts.special_constable, resolved.seed, 2),
    pcso: collarScheme('CS', plan.typeCounts.pcso, resolved.seed, 3),
  };
  return { seed: resolved.seed, asOf: resolved.asOf, plan, payrollKey: hash32(resolved.seed ^ STREAM.payroll, 0), collars };
}

function* draftPeople(settings: Settings): Generator<[PersonDraft, number]> {
  const issued: Partial<Record<PersonType, number>> = {};
  for (let position = 0; position < settings.plan.streamPost.length; position++) {
    const type = settings.plan.posts[settings.plan.streamPost[position]!]!.personType;
    const scheme = settings.collars[type];
    const collar = scheme ? collarNumber(scheme, (issued[type] = (issued[type] ?? -1) + 1)) : undefined;
    yield [draftPerson(settings, position, collar), position];
  }
}

/** Units and posts only: they depend on the people count, not on the seed or the as-of date. */
export function generateStructure(options?: GenerateOptions): { units: UnitSeed[]; posts: PostSeed[] } {
  const plan = planForce(resolveOptions(options).people);
  return { units: plan.units, posts: plan.postSeeds };
}

/**
 * Streams people in order for national-scale sets (250,000) without holding them all: same records as generateForce for the same options.
 * Options are checked at once (not at the first next()), so a bad option fails where it is passed.
 */
export function generatePeople(options?: GenerateOptions): Generator<HrRecord> {
  const resolved = resolveOptions(options);
  return streamRecords(settingsFor(resolved, planForce(resolved.people)));
}

function* streamRecords(settings: Settings): Generator<HrRecord> {
  for (const [draft] of draftPeople(settings)) yield draft.record;
}

/** A whole synthetic force: managers always come before the people they manage. */
export function generateForce(options?: GenerateOptions): SyntheticForce {
  const resolved = resolveOptions(options);
  const plan = planForce(resolved.people);
  const settings = settingsFor(resolved, plan);
  const people: HrRecord[] = [];
  const postHistory: PostHistorySeed[] = [];
  for (const [draft, position] of draftPeople(settings)) {
    people.push(draft.record);
    for (const spell of postHistoryFor(settings, position, draft)) postHistory.push(spell);
  }
  return { units: plan.units, posts: plan.postSeeds, people, postHistory };
}

import { describe, it, expect } from 'vitest';
import { PostSchema, HrRecordSchema } from '../schema.js';
import {
  PROTECTED_CHARACTERISTIC_VALUES, generateForce, generatePeople, generateStructure,
  type HrRecord, type PersonType, type SyntheticForce,
} from './generator.js';

const AS_OF = '2026-11-01';
const force = generateForce();
const current = force.people.filter((p) => !p.leavingDate);
const leavers = force.people.filter((p) => p.leavingDate);

// ---- helpers ---------------------------------------------------------------------------------

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const addDays = (d: string, n: number) => new Date(toMs(d) + n * DAY).toISOString().slice(0, 10);
const isRealDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(toMs(d)) && new Date(toMs(d)).toISOString().slice(0, 10) === d;
/** Whole years, the way people count birthdays. */
const ageOn = (dob: string, on: string) => Number(on.slice(0, 4)) - Number(dob.slice(0, 4)) - (on.slice(5) < dob.slice(5) ? 1 : 0);
const share = <T>(items: readonly T[], test: (x: T) => boolean) => items.filter(test).length / items.length;
const countBy = <T>(items: readonly T[], key: (x: T) => string | undefined) => {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(key(x) ?? '', (counts.get(key(x) ?? '') ?? 0) + 1);
  return counts;
};

/** One scale across officers and staff, to check that managers are more senior than their reports. */
const SENIORITY: Record<string, number> = {
  Constable: 1, Sergeant: 2, Inspector: 3, 'Chief Inspector': 4, Superintendent: 5, 'Chief Superintendent': 6,
  'Assistant Chief Constable': 7, 'Deputy Chief Constable': 8, 'Chief Constable': 9,
  'Grade B': 1, 'Grade C': 1, 'Grade D': 1, 'Grade E': 2, 'Grade F': 3, 'Grade G': 4, 'Grade H': 5, 'Senior manager': 6, Director: 7,
  'Special Constable': 1, 'Special Sergeant': 2, 'Special Inspector': 3, PCSO: 1, Volunteer: 1,
};
const LEAVING_REASONS = ['Resigned', 'Retired', 'Transferred to another force', 'Dismissed', 'End of contract'];
const seniority = (p: HrRecord) => (p.rankOrGrade === undefined ? 1 : SENIORITY[p.rankOrGrade] ?? Number.NaN);

/** The rules every generated force must keep, whatever its size; lists every breach rather than stopping at the first. */
function expectValidForce(f: SyntheticForce, asOf = AS_OF): void {
  const problems: string[] = [];
  const check = (ok: unknown, problem: string) => { if (!ok) problems.push(problem); };

  const unitCodes = new Set(f.units.map((u) => u.code));
  check(unitCodes.size === f.units.length, 'unit codes repeat');
  check(f.units.filter((u) => !u.parentCode).length === 1, 'units need exactly one top unit');
  const parentOf = new Map(f.units.map((u) => [u.code, u.parentCode]));
  for (const u of f.units) {
    let depth = 0;
    for (let at = u.parentCode; at && depth <= f.units.length; at = parentOf.get(at)) {
      depth++;
      check(unitCodes.has(at), `unit ${u.code} has an unknown parent ${at}`);
    }
    check(depth < f.units.length, `unit ${u.code} is in a cycle`);
  }

  const postCodes = new Set(f.posts.map((p) => p.code));
  check(postCodes.size === f.posts.length, 'post codes repeat');
  for (const p of f.posts) check(unitCodes.has(p.unitCode), `post ${p.code} is in an unknown unit`);

  const byPayroll = new Map(f.people.map((p) => [p.payrollNumber, p]));
  check(byPayroll.size === f.people.length, 'payroll numbers repeat');
  const held = new Set<string>();
  for (const p of f.people) {
    check(unitCodes.has(p.unitCode), `${p.payrollNumber} is in an unknown unit`);
    if (p.leavingDate) check(p.postCode === undefined && p.postStartDate === undefined, `leaver ${p.payrollNumber} holds a post`);
    else check(p.postCode && p.postStartDate, `${p.payrollNumber} holds no post`);
    if (!p.postCode) continue;
    check(postCodes.has(p.postCode), `${p.payrollNumber} holds unknown post ${p.postCode}`);
    check(!held.has(p.postCode), `${p.postCode} is held twice`);
    held.add(p.postCode);
  }

  const roots = f.people.filter((p) => !p.lineManagerPayrollNumber);
  check(roots.length === 1 && roots[0]!.rankOrGrade === 'Chief Constable', 'only the Chief Constable has no line manager');
  for (const p of f.people) {
    if (!p.lineManagerPayrollNumber) continue;
    const manager = byPayroll.get(p.lineManagerPayrollNumber);
    if (!manager) { problems.push(`${p.payrollNumber} has an unknown manager`); continue; }
    check(!manager.leavingDate, `${p.payrollNumber} is managed by a leaver`);
    check(seniority(manager) > seniority(p), `${manager.rankOrGrade} manages ${p.rankOrGrade} (${p.payrollNumber})`);
  }
  // Walk every chain up to the root: a chain caught in a cycle never reaches it.
  const reachesRoot = new Set<string>(roots.map((r) => r.payrollNumber));
  for (const p of f.people) {
    const chain: string[] = [];
    let at: HrRecord | undefined = p;
    while (at && !reachesRoot.has(at.payrollNumber) && chain.length <= f.people.length) {
      chain.push(at.payrollNumber);
      at = at.lineManagerPayrollNumber ? byPayroll.get(at.lineManagerPayrollNumber) : undefined;
    }
    if (at && reachesRoot.has(at.payrollNumber)) for (const c of chain) reachesRoot.add(c);
    else problems.push(`${p.payrollNumber} does not reach the Chief Constable`);
  }

  for (const p of f.people) {
    const dates = [p.dateOfBirth, p.startDate, p.postStartDate, p.leavingDate].filter((d): d is string => d !== undefined);
    check(dates.every(isRealDate), `${p.payrollNumber} has an unreal date`);
    check(p.dateOfBirth && ageOn(p.dateOfBirth, asOf) >= 18 && ageOn(p.dateOfBirth, asOf) <= 66, `${p.payrollNumber} is not 18 to 66`);
    check(p.dateOfBirth && ageOn(p.dateOfBirth, p.startDate) >= 18, `${p.payrollNumber} started before 18`);
    check(p.startDate <= asOf, `${p.payrollNumber} starts after the as-of date`);
    if (p.postStartDate) check(p.startDate <= p.postStartDate && p.postStartDate <= asOf, `${p.payrollNumber} post start out of range`);
    if (p.leavingDate) {
      check(p.leavingDate <= asOf && p.leavingDate >= addDays(asOf, -731) && p.leavingDate > p.startDate, `${p.payrollNumber} leaving date out of range`);
      check(LEAVING_REASONS.includes(p.leavingReason ?? ''), `${p.payrollNumber} has leaving reason ${p.leavingReason}`);
    }
  }
  expect(problems.slice(0, 20)).toEqual([]);
}

// ---- tests -----------------------------------------------------------------------------------

describe('generateForce', () => {
  it('is deterministic: the same options give byte-identical output, another seed other people on the same structure', () => {
    const a = generateForce({ people: 400, seed: 7 });
    const b = generateForce({ people: 400, seed: 7 });
    const c = generateForce({ people: 400, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c.people)).not.toBe(JSON.stringify(a.people));
    expect(c.people[10]!.surname + c.people[10]!.payrollNumber).not.toBe(a.people[10]!.surname + a.people[10]!.payrollNumber);
    expect({ units: c.units, posts: c.posts }).toEqual({ units: a.units, posts: a.posts });
  });

  it('keeps every structural and date rule on the default 6,000-person force', () => {
    expectValidForce(force);
  });

  it('reaches the target counts: people, units, posts, vacancies and leavers', () => {
    expect(force.people).toHaveLength(6000);
    expect(force.units.length).toBeGreaterThanOrEqual(25);
    expect(force.units.length).toBeLessThanOrEqual(40);
    expect(force.posts.length / current.length).toBeGreaterThan(1.03);
    expect(force.posts.length / current.length).toBeLessThan(1.07);
    const filled = new Set(current.map((p) => p.postCode));
    expect(share(force.posts, (p) => !filled.has(p.code))).toBeGreaterThan(0.03);
    expect(share(force.posts, (p) => !filled.has(p.code))).toBeLessThan(0.08);
    expect(leavers.length / force.people.length).toBeCloseTo(0.03, 2);
    for (const code of ['LPA-N-RESP', 'LPA-N-NHT', 'CID', 'PPU', 'CUST', 'ROADS', 'FIREARMS', 'CONTACT', 'INT', 'SB', 'PSD', 'CCU', 'VET', 'HR', 'FIN', 'IT', 'COG', 'TRAIN']) {
      expect(force.units.map((u) => u.code)).toContain(code);
    }
    expect(force.posts.every((p) => /^PST-\d{6}$/.test(p.code))).toBe(true);
    expect(force.posts.some((p) => p.title === 'Systems administrator' && p.unitCode === 'IT')).toBe(true);
  });

  it('scales local policing with the size of the force', () => {
    const small = generateStructure({ people: 1500 }).units.filter((u) => u.code.startsWith('LPA-')).length;
    const large = generateStructure({ people: 30_000 }).units.filter((u) => u.code.startsWith('LPA-')).length;
    expect(large).toBeGreaterThan(small * 5);
  });

  it('gives unique payroll and collar numbers, with collars only for officers, specials and PCSOs', () => {
    expect(force.people.every((p) => /^P\d{6}$/.test(p.payrollNumber))).toBe(true);
    const collars = force.people.flatMap((p) => (p.collarNumber ? [p.collarNumber] : []));
    expect(new Set(collars).size).toBe(collars.length);
    const uniformed: PersonType[] = ['officer', 'special_constable', 'pcso'];
    for (const p of force.people) expect(p.collarNumber !== undefined, p.personType).toBe(uniformed.includes(p.personType));
  });

  it('manages people mostly within their own unit, with unit heads reporting upwards', () => {
    const byPayroll = new Map(force.people.map((p) => [p.payrollNumber, p]));
    const managed = force.people.filter((p) => p.lineManagerPayrollNumber);
    expect(share(managed, (p) => byPayroll.get(p.lineManagerPayrollNumber!)!.unitCode === p.unitCode)).toBeGreaterThan(0.9);
    const psdHead = current.find((p) => p.unitCode === 'PSD' && byPayroll.get(p.lineManagerPayrollNumber!)?.rankOrGrade === 'Deputy Chief Constable');
    expect(psdHead, 'the head of PSD reports to the DCC').toBeDefined();
  });

  it('designates 10-15% of posts, each needing MV (or NPPV3 for non-police personnel)', () => {
    const designated = force.posts.filter((p) => p.designated);
    expect(designated.length / force.posts.length).toBeGreaterThanOrEqual(0.1);
    expect(designated.length / force.posts.length).toBeLessThanOrEqual(0.15);
    expect(countBy(designated, (p) => p.requiredVettingLevel)).toEqual(new Map([['MV', expect.any(Number)], ['NPPV3', expect.any(Number)]]));
    expect([...countBy(force.posts.filter((p) => !p.designated), (p) => p.requiredVettingLevel).keys()].sort()).toEqual(['NPPV1', 'NPPV2', 'RV']);
    for (const unit of ['PSD', 'CCU', 'VET', 'INT', 'SB', 'COG']) expect(force.posts.filter((p) => p.unitCode === unit).every((p) => p.designated), unit).toBe(true);
    const postsByCode = new Map(force.posts.map((p) => [p.code, p]));
    for (const p of current.filter((x) => x.personType === 'contractor' || x.personType === 'non_police')) {
      expect(postsByCode.get(p.postCode!)!.requiredVettingLevel).toMatch(/^NPPV[123]$/);
    }
    const security = countBy(force.posts.filter((p) => p.nationalSecurityLevel), (p) => p.nationalSecurityLevel);
    expect(security.get('SC')).toBeGreaterThan(security.get('DV') ?? 0);
    expect(security.get('DV')).toBeGreaterThanOrEqual(1);
    expect(security.get('CTC')).toBeGreaterThanOrEqual(1);
    expect(force.posts.filter((p) => p.unitCode === 'SB').every((p) => p.nationalSecurityLevel)).toBe(true);
  });

  it('keeps dates consistent with service: senior ranks have served longer, retirees are older', () => {
    const service = (p: HrRecord) => ageOn(p.startDate, AS_OF);
    const meanService = (rank: string) => {
      const people = current.filter((p) => p.rankOrGrade === rank);
      return people.reduce((s, p) => s + service(p), 0) / people.length;
    };
    expect(meanService('Sergeant')).toBeGreaterThan(meanService('Constable'));
    expect(meanService('Superintendent')).toBeGreaterThan(meanService('Inspector'));
    for (const p of current.filter((x) => ['Chief Constable', 'Deputy Chief Constable'].includes(x.rankOrGrade!))) expect(service(p)).toBeGreaterThanOrEqual(20);
    for (const p of leavers.filter((x) => x.leavingReason === 'Retired')) expect(ageOn(p.dateOfBirth!, p.leavingDate!)).toBeGreaterThanOrEqual(47);
    expect(countBy(leavers, (p) => p.leavingReason).size).toBeGreaterThanOrEqual(4);
  });

  it('keeps each person’s post history contiguous and before their current post', () => {
    const byPayroll = new Map(force.people.map((p) => [p.payrollNumber, p]));
    const postCodes = new Set(force.posts.map((p) => p.code));
    const spells = new Map<string, typeof force.postHistory>();
    for (const h of force.postHistory) spells.set(h.payrollNumber, [...(spells.get(h.payrollNumber) ?? []), h]);
    const holderOf = new Map(current.map((p) => [p.postCode!, p]));
    const problems: string[] = [];
    const check = (ok: unknown, problem: string) => { if (!ok) problems.push(problem); };
    for (const [payroll, list] of spells) {
      const person = byPayroll.get(payroll);
      if (!person) { problems.push(`history for unknown ${payroll}`); continue; }
      check(list.length <= 3, `${payroll} has ${list.length} earlier posts`);
      check(list[0]!.startDate >= person.startDate, `${payroll} history starts before they joined`);
      list.forEach((h, i) => {
        check(postCodes.has(h.postCode), `${payroll} history names unknown post ${h.postCode}`);
        check(isRealDate(h.startDate) && isRealDate(h.endDate) && h.startDate <= h.endDate, `${payroll} history spell ${i} has bad dates`);
        if (i > 0) check(h.startDate === addDays(list[i - 1]!.endDate, 1), `${payroll} history is not contiguous`);
        if (person.postCode) check(h.postCode !== person.postCode, `${payroll} history repeats their current post`);
      });
      const last = list[list.length - 1]!;
      if (person.leavingDate) {
        check(last.endDate === person.leavingDate, `leaver ${payroll} history does not end on their leaving date`);
        // Whoever holds that post now started after this leaver went.
        const successor = holderOf.get(last.postCode);
        if (successor) check(successor.postStartDate! > person.leavingDate, `${last.postCode} refilled before ${payroll} left`);
      } else {
        check(last.endDate === addDays(person.postStartDate!, -1), `${payroll} history does not end the day before their current post`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(leavers.every((p) => spells.has(p.payrollNumber))).toBe(true);
    expect(share(current, (p) => spells.has(p.payrollNumber))).toBeGreaterThan(0.3);
    expect(share(current, (p) => spells.has(p.payrollNumber))).toBeLessThan(0.9);
  });

  it('matches the shape of an England and Wales workforce', () => {
    const expected: Record<PersonType, [number, number]> = {
      officer: [0.5, 0.015], staff: [0.38, 0.015], pcso: [0.04, 0.008], special_constable: [0.04, 0.008],
      volunteer: [0.02, 0.006], contractor: [0.015, 0.005], non_police: [0.005, 0.003],
    };
    for (const [type, [target, tolerance]] of Object.entries(expected)) {
      expect(Math.abs(share(force.people, (p) => p.personType === type) - target), type).toBeLessThanOrEqual(tolerance);
    }
    const ranks = countBy(current, (p) => p.rankOrGrade);
    const n = (r: string) => ranks.get(r) ?? 0;
    expect([n('Chief Constable'), n('Deputy Chief Constable')]).toEqual([1, 1]);
    expect(n('Assistant Chief Constable')).toBeGreaterThanOrEqual(2);
    expect(n('Assistant Chief Constable')).toBeLessThanOrEqual(3);
    expect(n('Constable')).toBeGreaterThan(4 * n('Sergeant'));
    const pyramid = ['Sergeant', 'Inspector', 'Chief Inspector', 'Superintendent', 'Chief Superintendent'].map(n);
    for (let i = 1; i < pyramid.length; i++) expect(pyramid[i - 1]!).toBeGreaterThan(pyramid[i]!);
    expect(n('Chief Superintendent')).toBeGreaterThanOrEqual(1);
    for (const grade of ['Grade B', 'Grade C', 'Grade D', 'Grade E', 'Grade F', 'Grade G', 'Senior manager']) expect(n(grade), grade).toBeGreaterThan(0);
  });

  it('records protected characteristics in plausible proportions, with a few not recorded', () => {
    const recorded = force.people.filter((p) => p.sex);
    expect(1 - recorded.length / force.people.length).toBeGreaterThan(0.01);
    expect(1 - recorded.length / force.people.length).toBeLessThan(0.06);
    const female = (type: PersonType) => share(recorded.filter((p) => p.personType === type), (p) => p.sex === 'Female');
    expect(female('officer')).toBeGreaterThan(0.3);
    expect(female('officer')).toBeLessThan(0.4);
    expect(female('staff')).toBeGreaterThan(0.57);
    expect(female('staff')).toBeLessThan(0.67);
    const ethnicity = (value: string) => share(recorded, (p) => p.ethnicity === value);
    expect(ethnicity('White')).toBeGreaterThan(0.88);
    expect(ethnicity('White')).toBeLessThan(0.94);
    expect(ethnicity('Asian or Asian British')).toBeGreaterThan(0.02);
    expect(ethnicity('Asian or Asian British')).toBeLessThan(0.05);
    expect(ethnicity('Black, Black British, Caribbean or African')).toBeGreaterThan(0.007);
    expect(ethnicity('Mixed or multiple ethnic groups')).toBeGreaterThan(0.015);
    expect(share(recorded, (p) => p.sexualOrientation === 'Heterosexual or straight')).toBeGreaterThan(0.83);
    expect(share(recorded, (p) => p.disability === 'Yes')).toBeGreaterThan(0.03);
    expect(share(recorded, (p) => p.genderIdentitySameAsBirth === 'Yes')).toBeGreaterThan(0.9);
    expect(share(recorded, (p) => p.religion === 'Christian')).toBeGreaterThan(0.3);
    for (const [field, values] of Object.entries(PROTECTED_CHARACTERISTIC_VALUES)) {
      const seen = new Set(force.people.flatMap((p) => { const v = p[field as keyof HrRecord]; return v === undefined ? [] : [v]; }));
      for (const v of seen) expect(values, field).toContain(v);
      expect(seen.size, `${field} uses most of its values`).toBeGreaterThanOrEqual(values.length - 1);
    }
  });

  it('uses obviously fictional names and undeliverable .invalid email addresses', () => {
    const REAL = ['John', 'David', 'James', 'Michael', 'Paul', 'Mark', 'Sarah', 'Emma', 'Claire', 'Laura', 'Lisa', 'Helen', 'Oliver', 'Amelia', 'Mohammed',
      'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'Patel', 'Khan'];
    const parts = new Set(force.people.flatMap((p) => `${p.forenames} ${p.surname}`.split(/[ -]/)));
    for (const real of REAL) expect(parts.has(real), real).toBe(false);
    expect(force.people.filter((p) => !/^[A-Z][a-z]+(-[A-Z][a-z]+)?( [A-Z][a-z]+(-[A-Z][a-z]+)?)?$/.test(p.forenames)).map((p) => p.forenames)).toEqual([]);
    expect(force.people.filter((p) => !/^[A-Z][a-z]+(-[A-Z][a-z]+)?$/.test(p.surname)).map((p) => p.surname)).toEqual([]);
    expect(force.people.filter((p) => !/^[a-z-]+\.[a-z-]+\.\d+@probity-demo\.invalid$/.test(p.email ?? '')).map((p) => p.email)).toEqual([]);
    expect(new Set(force.people.map((p) => p.email)).size).toBe(force.people.length);
    expect(new Set(force.people.map((p) => `${p.forenames} ${p.surname}`)).size / force.people.length).toBeGreaterThan(0.98);
  });

  it('produces records and posts that the HR import and post schemas accept', () => {
    const rejected = [
      ...force.people.flatMap((p) => HrRecordSchema.safeParse(p).error?.issues.map((i) => `${p.payrollNumber}: ${i.message}`) ?? []),
      ...force.posts.flatMap((p) => PostSchema.safeParse(p).error?.issues.map((i) => `${p.code}: ${i.message}`) ?? []),
    ];
    expect(rejected.slice(0, 20)).toEqual([]);
  });

  it('lists every manager before the people they manage', () => {
    const seen = new Set<string>();
    for (const p of force.people) {
      if (p.lineManagerPayrollNumber) expect(seen.has(p.lineManagerPayrollNumber)).toBe(true);
      seen.add(p.payrollNumber);
    }
  });

  it('keeps the rules at very small and odd sizes', () => {
    for (const people of [1, 2, 17, 50, 137, 999]) {
      const f = generateForce({ people, seed: people });
      expect(f.people).toHaveLength(people);
      expectValidForce(f);
    }
  });

  it('dates everything relative to the as-of date', () => {
    const asOf = '2032-02-29';
    const f = generateForce({ people: 800, asOf });
    expectValidForce(f, asOf);
    expect(f.people.some((p) => p.startDate > '2027-01-01')).toBe(true);
    expect(f.postHistory.every((h) => h.endDate <= asOf)).toBe(true);
  });

  it('rejects impossible options', () => {
    expect(() => generateForce({ people: 0 })).toThrow(RangeError);
    expect(() => generateForce({ people: 12.5 })).toThrow(RangeError);
    expect(() => generateForce({ people: 900_001 })).toThrow(RangeError);
    expect(() => generateForce({ asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateForce({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generatePeople({ people: -1 })).toThrow(RangeError);
  });
});

describe('generatePeople and generateStructure', () => {
  it('stream the same people and structure as generateForce', () => {
    const options = { people: 300, seed: 42, asOf: '2025-04-06' };
    const whole = generateForce(options);
    expect([...generatePeople(options)]).toEqual(whole.people);
    expect(JSON.stringify([...generatePeople(options)])).toBe(JSON.stringify(whole.people));
    expect(generateStructure(options)).toEqual({ units: whole.units, posts: whole.posts });
    expect(generateStructure({ people: 300 })).toEqual(generateStructure(options));
  });

  // About two seconds on a laptop; the timeout, not a timing assertion, guards against a slow regression on a busy machine.
  it('streams a national-scale set of 250,000 people', () => {
    const payrolls = new Set<string>();
    let count = 0;
    for (const p of generatePeople({ people: 250_000 })) {
      count++;
      payrolls.add(p.payrollNumber);
    }
    expect(count).toBe(250_000);
    expect(payrolls.size).toBe(250_000);
  }, 30_000);
});

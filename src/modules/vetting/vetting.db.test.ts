import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { ActorContext } from '../../platform/access/guard.js';
import type { Role } from '../../platform/access/roles.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { VettingService } from './service.js';

let app: TestApp;
let vetting: VettingService;
const ids: Record<string, string> = {};
const actor = (roles: Role[], personId: string | null = null, userId: string | null = null): ActorContext => ({ viewer: { userId, personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
const advisor = actor(['senior_vetting_advisor']);
const hr = actor(['hr']);
const manager = actor(['force_vetting_manager'], null, randomUUID());
const RATIONALE = {
  information: 'Financial check shows a county court judgment from 2021, since satisfied.',
  threatAndRisk: 'Low risk of financial vulnerability now; judgment paid and declared.', riskFactors: ['Financial vulnerability'],
  powersAndPolicy: 'APP Vetting on financial checks; force policy on debt.', options: 'Refuse, clear, or clear with a financial review condition.',
  decisionAndReview: 'Clear with a condition: financial review by the vetting unit in a year.',
};

beforeAll(async () => {
  app = await startTestApp();
  vetting = app.services.vetting;
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('CCU', 'Counter corruption')`);
  await app.db.query(`insert into posts (code, title, unit_id, required_vetting_level, designated) values
    ('PST-1', 'Response constable', (select id from units where code = 'RESP'), 'RV', false),
    ('PST-2', 'CCU investigator', (select id from units where code = 'CCU'), 'MV', true)`);
  await app.services.workforce.syncFromHr(hr, [
    { payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01', postCode: 'PST-1', dateOfBirth: '1985-04-02' },
    { payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'officer', unitCode: 'RESP', startDate: '2012-01-01' },
  ], 'delta');
  for (const p of ['P1', 'P2']) ids[p] = (await app.services.workforce.personIdByPayroll(p))!;
});
afterAll(() => app.close());

async function adverseApplication(personId: string) {
  const { id } = await vetting.createApplication(advisor, { kind: 'renewal', personId, level: 'RV', receivedOn: '2026-11-01' });
  await vetting.recordCheck(advisor, id, { checkType: 'pnc', result: 'clear', checkedOn: '2026-11-02', traces: [] });
  await vetting.recordCheck(advisor, id, { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-03', traces: [{ category: 'financial', description: 'County court judgment, 2021, satisfied' }] });
  return id;
}

describe('vetting decisions', () => {
  it('takes the applicant’s details from the directory and records checks, traces and associates', async () => {
    const id = await adverseApplication(ids.P1!);
    await vetting.addAssociate(advisor, id, { relationship: 'spouse_or_partner', forenames: 'Corvin', surname: 'Thistlewick', dateOfBirth: '1986-07-01' });
    const view = await vetting.view(advisor, id);
    expect(view.application).toMatchObject({ applicantForenames: 'Arlowen', applicantSurname: 'Quillfeather', applicantDateOfBirth: '1985-04-02', reference: expect.stringMatching(/^VET-2026-\d{6}$/) });
    expect(view.traces).toEqual([expect.objectContaining({ category: 'financial' })]);
    expect(view.associates).toEqual([expect.objectContaining({ surname: 'Thistlewick', relationship: 'spouse_or_partner' })]);
    await expect(vetting.recordCheck(advisor, id, { checkType: 'pnc', result: 'clear', checkedOn: '2026-11-04', traces: [] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses to save a decision on adverse information without an NDM rationale, and saves nothing', async () => {
    const id = await adverseApplication(ids.P2!);
    const version = (await vetting.view(advisor, id)).application.version;
    const refused = await vetting.decide(advisor, id, { outcome: 'clearance', version, conditions: [] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details.map((d) => d.field)).toContain('rationale.threatAndRisk');
    expect((await vetting.view(advisor, id)).decision).toBeUndefined();
    await vetting.decide(advisor, id, { outcome: 'clearance_with_conditions', version, rationale: RATIONALE, conditions: [{ description: 'Annual financial review', responsibleUnit: 'vetting', ownerName: 'Vetting manager', reviewOn: '2027-11-01' }] });
    // An officer is in the evidential chain: with adverse information the decision waits for a second decision maker.
    expect((await vetting.view(advisor, id)).application.status).toBe('awaiting_ratification');
    expect(await vetting.currentClearance(ids.P2!)).toBeUndefined();
    await vetting.ratify(manager, id, { verdict: 'ratify', note: 'Agree: the judgment is satisfied and declared.' });
    const decided = await vetting.view(advisor, id);
    expect(decided.application.status).toBe('decided');
    expect(decided.decision).toMatchObject({ status: 'final', ratifiedByLabel: 'test:force_vetting_manager' });
    expect(decided.decision).toMatchObject({ outcome: 'clearance_with_conditions', level: 'RV', hadAdverseInformation: true, conditions: [expect.objectContaining({ ownerName: 'Vetting manager' })] });
    expect(decided.decision!.expiresOn).toMatch(/^20(36|37)-/);
    await expect(vetting.decide(advisor, id, { outcome: 'refusal', version, conditions: [] })).rejects.toBeInstanceOf(ConflictError);
    expect(await vetting.currentClearance(ids.P2!)).toMatchObject({ level: 'RV', outcome: 'clearance_with_conditions' });
    const letter = await vetting.letter(advisor, id);
    expect(letter.title).toBe('Vetting decision: clearance granted with conditions');
    expect(letter.sections.flatMap((s) => s.bullets ?? [])).toEqual([expect.stringMatching(/^Annual financial review \(review 1 November 2027\)$/)]);
    expect(JSON.stringify(letter)).not.toContain('county court'); // the rationale stays in the record
  });

  it('lets researchers prepare but not decide, and never shows people their own vetting', async () => {
    const id = await adverseApplication(ids.P1!);
    await expect(vetting.decide(actor(['vetting_researcher']), id, { outcome: 'refusal', version: 1, conditions: [] })).rejects.toThrow();
    const self = actor(['force_vetting_manager'], ids.P1!);
    await expect(vetting.view(self, id)).rejects.toBeInstanceOf(NotFoundError);
    const listed = await vetting.list(self, { page: 1, pageSize: 50 });
    expect(listed.applications.every((a) => a.personId !== ids.P1)).toBe(true);
    expect(listed.total).toBeGreaterThan(0);
    await expect(vetting.view(actor(['psd_investigator']), id)).rejects.toThrow();
    const [denied] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-application.view' and outcome = 'denied'`);
    expect(denied?.n).toBe(2);
  });
});

describe('ratification, conditions and work lists', () => {
  it('publishes a decision on an evidential-chain role only once a second decision maker ratifies it, and keeps a returned decision', async () => {
    const id = await adverseApplication(ids.P1!);
    const decider = actor(['force_vetting_manager'], null, randomUUID());
    const decide = async () => vetting.decide(decider, id, { outcome: 'refusal', version: (await vetting.view(advisor, id)).application.version, rationale: RATIONALE, conditions: [] });
    await decide();
    const published = async () => (await app.db.query<{ n: number }>(`select count(*)::int as n from domain_events where type = 'vetting.decision.recorded' and payload->>'applicationId' = $1`, [id]))[0]!.n;
    expect(await published()).toBe(0);
    const self = await vetting.ratify(decider, id, { verdict: 'ratify', note: 'I agree with myself entirely.' }).catch((e: unknown) => e);
    expect((self as ValidationError).details?.[0]?.message).toMatch(/second decision maker/);
    await expect(vetting.ratify(actor(['senior_vetting_advisor'], null, randomUUID()), id, { verdict: 'ratify', note: 'Not my role to ratify.' })).rejects.toThrow(/force vetting manager/);
    await vetting.ratify(manager, id, { verdict: 'return', note: 'Consider the age of the matter again.' });
    const reopened = await vetting.view(advisor, id);
    expect(reopened.application.status).toBe('open');
    expect(reopened.decision).toBeUndefined();
    expect(reopened.returns).toEqual([expect.objectContaining({ note: 'Consider the age of the matter again.', decision: expect.objectContaining({ outcome: 'refusal' }) })]);
    await decide();
    await vetting.ratify(manager, id, { verdict: 'ratify', note: 'Refusal is proportionate.' });
    expect(await published()).toBe(1);
    const timeline = (await vetting.view(advisor, id)).timeline.map((t) => t.what);
    expect(timeline).toEqual(expect.arrayContaining(['Decision ratified', 'Decision sent back by the ratifier; the application is open again', expect.stringMatching(/^Application opened/)]));
    await expect(vetting.ratify(manager, id, { verdict: 'ratify', note: 'Again, for luck.' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('decides police staff roles without ratification, and external applicants of unknown role with it', async () => {
    const staff = await vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Odalys', surname: 'Fernwhistle', level: 'NPPV2', receivedOn: '2026-11-01', roleType: 'staff' });
    const unknown = await vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Tamsin', surname: 'Brackenridge', level: 'RV', receivedOn: '2026-11-01' });
    for (const a of [staff, unknown]) {
      await vetting.recordCheck(advisor, a.id, { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-03', traces: [{ category: 'financial', description: 'Missed payments in 2024' }] });
      await vetting.decide(advisor, a.id, { outcome: 'refusal', version: (await vetting.view(advisor, a.id)).application.version, rationale: RATIONALE, conditions: [] });
    }
    expect((await vetting.view(advisor, staff.id)).application.status).toBe('decided');
    expect((await vetting.view(advisor, unknown.id)).application.status).toBe('awaiting_ratification');
    const work = await vetting.workLists(manager);
    expect(work.canRatify).toBe(true);
    expect(work.awaiting.map((w) => w.id)).toContain(unknown.id);
    expect((await vetting.workLists(advisor)).canRatify).toBe(false);
  });

  it('puts a condition’s reviews in its owner’s work list, lets the owner review it without a vetting role, and records who was told', async () => {
    const owner = await app.user(`ccu-owner-${randomUUID().slice(0, 8)}`, ['ccu_intelligence_officer']);
    const ownerActor: ActorContext = { viewer: { userId: owner.id, personId: null, roles: ['ccu_intelligence_officer'], label: 'CCU owner' }, correlationId: 'test' };
    const { id } = await vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Wendeline', surname: 'Orchardson', level: 'NPPV2', receivedOn: '2026-11-01', roleType: 'staff' });
    const bad = await vetting.decide(advisor, id, { outcome: 'clearance_with_conditions', version: 1, conditions: [{ description: 'Quarterly IT audit', responsibleUnit: 'ccu', ownerName: 'CCU owner', ownerUsername: 'nobody-by-this-name', reviewOn: '2026-12-01' }] }).catch((e: unknown) => e);
    expect((bad as ValidationError).details).toEqual([expect.objectContaining({ field: 'conditions.0.ownerUsername' })]);
    await vetting.decide(advisor, id, { outcome: 'clearance_with_conditions', version: 1, conditions: [{ description: 'Quarterly IT audit', responsibleUnit: 'ccu', ownerName: 'CCU owner', ownerUsername: owner.id ? (await app.db.query<{ username: string }>('select username from users where id = $1', [owner.id]))[0]!.username : '', reviewOn: '2026-12-01', subjectToldOn: '2026-11-20' }] });
    const [due] = await vetting.conditionReviewsDue(ownerActor);
    expect(due).toMatchObject({ description: 'Quarterly IT audit', reference: expect.stringMatching(/^VET-/) });
    await expect(vetting.view(ownerActor, id)).rejects.toThrow(); // the owner sees the condition, not the vetting file
    await vetting.recordConditionNotice(ownerActor, due!.conditionId, { managerToldOn: '2026-11-21', hrToldOn: '2026-11-22' });
    await expect(vetting.reviewCondition(ownerActor, due!.conditionId, { finding: 'complied', note: 'Audit clean.' })).rejects.toBeInstanceOf(ValidationError);
    await vetting.reviewCondition(ownerActor, due!.conditionId, { finding: 'complied', note: 'Audit clean.', nextReviewOn: '2099-03-01' });
    const detail = await vetting.viewCondition(ownerActor, due!.conditionId);
    expect(detail.condition).toMatchObject({ reviewOn: '2099-03-01', subjectToldOn: '2026-11-20', managerToldOn: '2026-11-21', hrToldOn: '2026-11-22', closedOn: null });
    expect(detail.reviews).toEqual([expect.objectContaining({ finding: 'complied', reviewedByLabel: 'CCU owner' })]);
    expect(await vetting.conditionReviewsDue(ownerActor)).toEqual([]);
    const stranger: ActorContext = { viewer: { userId: randomUUID(), personId: null, roles: ['ccu_intelligence_officer'], label: 'other' }, correlationId: 'test' };
    await expect(vetting.viewCondition(stranger, due!.conditionId)).rejects.toThrow();
    await vetting.reviewCondition(ownerActor, due!.conditionId, { finding: 'no_longer_needed', note: 'Moved out of the IT role.' });
    await expect(vetting.reviewCondition(ownerActor, due!.conditionId, { finding: 'complied', note: 'Late.', nextReviewOn: '2099-06-01' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('finds at once the clearances granted where the applicant has a caution or conviction', async () => {
    const { id } = await vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Peregrine', surname: 'Hollowmere', level: 'NPPV2', receivedOn: '2026-10-10', roleType: 'staff' });
    await vetting.recordCheck(advisor, id, { checkType: 'pnc', result: 'adverse', checkedOn: '2026-10-11', traces: [{ category: 'criminal_conviction_or_caution', disposal: 'caution', description: 'Caution for criminal damage, 2012' }] });
    await vetting.decide(advisor, id, { outcome: 'clearance', version: 1, rationale: RATIONALE, rebuttal: 'A single caution fourteen years ago, at nineteen, openly declared.', conditions: [] });
    const found = async (o: { adverse?: string; outcome?: string }) => (await vetting.list(advisor, { status: 'decided', page: 1, pageSize: 100, ...o })).applications.map((a) => a.id);
    expect(await found({ adverse: 'criminal_conviction_or_caution', outcome: 'cleared' })).toContain(id);
    expect(await found({ adverse: 'any', outcome: 'clearance' })).toContain(id);
    expect(await found({ adverse: 'financial', outcome: 'cleared' })).not.toContain(id);
    expect(await found({ adverse: 'criminal_conviction_or_caution', outcome: 'refusal' })).not.toContain(id);
  });

  it('lets a researcher take on an application, with a clear conflict on a stale version, and lists it when every check is in', async () => {
    const researcher = actor(['vetting_researcher'], null, randomUUID());
    const { id } = await vetting.createApplication(advisor, { kind: 'recruit', forenames: 'Ysolde', surname: 'Pennyroyal', level: 'NPPV1', receivedOn: '2026-10-01', roleType: 'volunteer' });
    await vetting.assign(researcher, id, { assignee: 'me', version: 1 });
    await expect(vetting.assign(researcher, id, { assignee: 'nobody', version: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect((await vetting.workLists(researcher)).mine.map((w) => w.id)).toEqual([id]);
    expect((await vetting.view(advisor, id)).outstandingChecks).toEqual(['pnc', 'pnd', 'local_intelligence', 'special_branch']);
    for (const checkType of ['pnc', 'pnd', 'local_intelligence', 'special_branch'] as const) await vetting.recordCheck(researcher, id, { checkType, result: 'clear', checkedOn: '2026-10-05', traces: [] });
    expect((await vetting.workLists(advisor)).ready.map((w) => w.id)).toContain(id);
  });
});

describe('work lists and what decision makers see', () => {
  it('lists condition reviews due within 30 days to the vetting unit, never to the subject', async () => {
    await app.db.query(`update vetting_conditions set review_on = current_date + 10, owner_user_id = null, closed_on = null`);
    expect(await vetting.conditionReviewsDue(advisor)).toEqual(expect.arrayContaining([expect.objectContaining({ description: 'Annual financial review', ownerName: 'Vetting manager' })]));
    const seenBySubject = await vetting.conditionReviewsDue(actor(['senior_vetting_advisor'], ids.P2!));
    expect(seenBySubject.length).toBeGreaterThan(0);
    expect(seenBySubject.map((c) => c.applicant)).not.toContain('Bexley Marrowby');
    expect(await vetting.conditionReviewsDue(hr)).toEqual([]);
  });

  it('never shows the applicant’s protected characteristics on the decision page', async () => {
    await app.services.workforce.syncFromHr(hr, [{ payrollNumber: 'P2', forenames: 'Bexley', surname: 'Marrowby', personType: 'officer', unitCode: 'RESP', startDate: '2012-01-01', ethnicity: 'Mixed or multiple ethnic groups', religion: 'Buddhist' }], 'delta');
    const { id } = await vetting.createApplication(advisor, { kind: 'review', personId: ids.P2!, level: 'RV', receivedOn: '2026-11-05', reviewReason: 'Annual integrity review' });
    const page = JSON.stringify(await vetting.view(advisor, id));
    expect(page).not.toContain('Mixed or multiple');
    expect(page).not.toContain('Buddhist');
    await app.db.query(`update vetting_applications set status = 'withdrawn' where id = $1`, [id]);
  });
});

describe('review triggers', () => {
  it('opens one review for a written warning from the conduct module, and none for other outcomes', async () => {
    await app.db.query(`update vetting_applications set status = 'withdrawn' where status = 'open'`);
    await app.db.transaction(async (tx) => {
      await app.services.bus.publish(tx, { type: 'conduct.outcome.recorded', payload: { personId: ids.P2, outcome: 'management_advice' } });
      await app.services.bus.publish(tx, { type: 'conduct.outcome.recorded', payload: { personId: ids.P2, outcome: 'final_written_warning' } });
      await app.services.bus.publish(tx, { type: 'conduct.outcome.recorded', payload: { personId: ids.P2, outcome: 'written_warning' } });
    });
    await app.services.bus.dispatch();
    const open = (await vetting.list(advisor, { status: 'open', page: 1, pageSize: 10 })).applications.filter((a) => a.personId === ids.P2);
    expect(open).toEqual([expect.objectContaining({ kind: 'review', reviewReason: 'Misconduct outcome: final written warning', level: 'RV' })]);
  });

  it('opens an upgrade when someone moves into a post needing a deeper level than they hold', async () => {
    await app.services.workforce.syncFromHr(hr, [{ payrollNumber: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', personType: 'officer', unitCode: 'RESP', startDate: '2010-01-01', postCode: 'PST-2', dateOfBirth: '1985-04-02' }], 'delta');
    await app.services.bus.dispatch();
    const open = (await vetting.list(advisor, { status: 'open', page: 1, pageSize: 10 })).applications.filter((a) => a.personId === ids.P1);
    expect(open).toEqual([expect.objectContaining({ kind: 'upgrade', level: 'MV', reviewReason: 'Moved into a post that needs MV (holds no current clearance)' })]);
  });
});

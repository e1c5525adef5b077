import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ActorContext } from '../../../platform/access/guard.js';
import type { Role } from '../../../platform/access/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { createAppealsFeature } from './index.js';
import { AppealsService } from './service.js';
import { addCalendarDays, dueDate, todayInLondon } from './time-limits.js';
import { AppealsRepository } from './data.js';
import { WithdrawalRepository } from '../withdrawal/data.js';
import { WithdrawalService } from '../withdrawal/service.js';
import { VettingRepository } from '../data.js';
import { panelDirectory } from './panel-directory.js';
import type { VettingService } from '../service.js';

let app: TestApp;
let vetting: VettingService;
let appeals: AppealsService;
let withdrawals: WithdrawalService;
const people: Record<string, string> = {};
const users: Record<string, string> = {};
const today = todayInLondon();

const actor = (roles: Role[], userId: string | null = null, personId: string | null = null): ActorContext => ({ viewer: { userId, personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
let advisor: ActorContext; // made the original decisions
let manager: ActorContext; // force vetting manager
let researcher: ActorContext;
const hr = actor(['hr']);

const NDM = {
  information: 'Intelligence graded B2: the officer is associating with a known drugs supplier.',
  threatAndRisk: 'Risk of compromise of operational information; the pattern spans six months.',
  riskFactors: ['Associations with criminals or organised crime'],
  powersAndPolicy: 'Police (Vetting) Regulations 2025 and the statutory guidance on withdrawal.',
  options: 'Retain; retain with conditions restricting systems access; withdraw.',
  decisionAndReview: 'Withdraw: the association continues after advice and cannot be mitigated.',
};
const criteria = (met: Record<string, boolean>) => ['grounds_in_writing', 'new_information', 'unreasonable', 'guidance_not_followed', 'unfair_process']
  .map((code) => ({ code, met: met[code] ?? false, notes: `Assessed ${code.replace(/_/g, ' ')} against the appeal letter` }));

beforeAll(async () => {
  app = await startTestApp();
  vetting = app.services.vetting;
  // The feature under test, built on the app's own services (the module wires the same one).
  const deps = { db: app.db, audit: app.services.audit, bus: app.services.bus, settings: app.services.settings, people: app.services.workforce, vetting };
  const directory = panelDirectory(app.db);
  appeals = new AppealsService(deps, new AppealsRepository(app.db), new WithdrawalRepository(app.db), new VettingRepository(app.db), directory);
  withdrawals = new WithdrawalService(deps, new WithdrawalRepository(app.db), new AppealsRepository(app.db), new VettingRepository(app.db), directory);
  expect(createAppealsFeature(deps).applicationSections?.[0]?.id).toBe('appeals');

  await app.db.query(`insert into units (code, name) values ('RESP', 'Response')`);
  await app.db.query(`insert into posts (code, title, unit_id, required_vetting_level, designated) values ('PST-1', 'Response constable', (select id from units where code = 'RESP'), 'RV', false)`);
  await app.services.workforce.syncFromHr(hr, [
    { payrollNumber: 'W1', forenames: 'Tamsin', surname: 'Ockleford', personType: 'officer', unitCode: 'RESP', startDate: '2012-01-01', postCode: 'PST-1' },
    { payrollNumber: 'W2', forenames: 'Ferris', surname: 'Quelling', personType: 'staff', unitCode: 'RESP', startDate: '2015-01-01' },
    { payrollNumber: 'W3', forenames: 'Imber', surname: 'Castlewright', personType: 'officer', unitCode: 'RESP', startDate: '2016-01-01' },
  ], 'delta');
  for (const p of ['W1', 'W2', 'W3']) people[p] = (await app.services.workforce.personIdByPayroll(p))!;
  for (const [name, roles, personId] of [
    ['advisor.one', ['senior_vetting_advisor']], ['manager.one', ['force_vetting_manager']], ['researcher.one', ['vetting_researcher']],
    ['psd.head', ['head_of_psd']], ['subject.w1', ['senior_vetting_advisor'], 'W1'],
  ] as [string, Role[], string?][]) users[name] = (await app.user(name, roles, personId ? people[personId] : null)).id;
  advisor = actor(['senior_vetting_advisor'], users['advisor.one']!);
  manager = actor(['force_vetting_manager'], users['manager.one']!);
  researcher = actor(['vetting_researcher'], users['researcher.one']!);
});
afterAll(() => app.close());

/** An application decided today by the advisor (no adverse information, so no ratification). */
async function decided(outcome: 'refusal' | 'clearance' | 'clearance_with_conditions', who: { personId?: string; forenames?: string; surname?: string }) {
  const { id } = await vetting.createApplication(advisor, { kind: who.personId ? 'renewal' : 'recruit', ...who, level: 'RV', receivedOn: '2026-11-01' });
  await vetting.recordCheck(advisor, id, { checkType: 'pnc', result: 'clear', checkedOn: '2026-11-02', traces: [] });
  const version = (await vetting.view(advisor, id)).application.version;
  const conditions = outcome === 'clearance_with_conditions' ? [{ description: 'No access to CCU systems', responsibleUnit: 'vetting' as const, ownerName: 'Vetting manager', reviewOn: '2027-11-01' }] : [];
  await vetting.decide(advisor, id, { outcome, version, conditions });
  return id;
}
const events = (type: string) => app.db.query<{ payload: Record<string, unknown> }>(`select payload from domain_events where type = $1 order by id`, [type]);
const version = async (appealId: string) => (await appeals.view(manager, appealId)).appeal.version;

describe('appeal against refusal', () => {
  let applicationId: string;
  let appealId: string;

  it('lodges an appeal in time, and refuses one against a decision that was not made', async () => {
    applicationId = await decided('refusal', { forenames: 'Odile', surname: 'Pennymore' });
    const wrong = await appeals.lodge(researcher, applicationId, { against: 'withdrawal', lodgedOn: today, grounds: 'The checks confused me with someone else.' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((wrong as ValidationError).details).toEqual([{ field: 'against', message: 'That decision cannot be appealed here: choose refusal of clearance' }]);
    const created = await appeals.lodge(researcher, applicationId, { against: 'refusal', lodgedOn: today, grounds: 'The checks confused me with someone else of the same name.' });
    appealId = created.id;
    expect(created.reference).toMatch(/^APL-\d{4}-\d{6}$/);
    const [row] = await app.db.query<{ against: string; in_time: boolean; due_on: string; outcome: string | null }>('select against, in_time, due_on, outcome from vetting_appeals where id = $1', [appealId]);
    expect(row).toEqual({ against: 'refusal', in_time: true, due_on: addCalendarDays(today, 14), outcome: null });
    const again = await appeals.lodge(researcher, applicationId, { against: 'refusal', lodgedOn: today, grounds: 'Second try' }).catch((e: unknown) => e);
    expect((again as ValidationError).details[0]!.message).toBe('There is no decision on this application that can be appealed now');
  });

  it('keeps the steps in order: no outcome before the criteria, no panel before them either', async () => {
    const early = await appeals.decide(manager, appealId, { version: await version(appealId), outcome: 'upheld', rationale: 'x'.repeat(30), remedy: 'clearance_granted' }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ConflictError);
    expect((early as Error).message).toBe('Check the appeal against the appeal criteria before recording an outcome');
    const panel = await appeals.appointPanel(manager, appealId, { version: await version(appealId), panelDate: today, members: [{ username: 'manager.one', role: 'chair' }] }).catch((e: unknown) => e);
    expect((panel as Error).message).toBe('Check the appeal against the appeal criteria before appointing a panel');
  });

  it('checks the criteria, each with notes, and sends an appeal that meets them to a panel', async () => {
    const incomplete = await appeals.checkCriteria(researcher, appealId, { version: await version(appealId), criteria: [{ code: 'grounds_in_writing', met: true }] }).catch((e: unknown) => e);
    expect((incomplete as ValidationError).details.map((d) => d.field)).toEqual(expect.arrayContaining(['criteria.grounds_in_writing.notes', 'criteria.new_information.met']));
    expect(await appeals.checkCriteria(researcher, appealId, { version: await version(appealId), criteria: criteria({ grounds_in_writing: true, new_information: true }) })).toEqual({ met: true });
    const { appeal } = await appeals.view(manager, appealId);
    expect(appeal.status).toBe('awaiting_panel');
    expect(appeal.criteria?.find((c) => c.code === 'new_information')).toMatchObject({ met: true, kind: 'ground' });
  });

  it('refuses a panel with the original decision maker, without anyone more senior, or with unknown users', async () => {
    const v = await version(appealId);
    const withMaker = await appeals.appointPanel(manager, appealId, { version: v, panelDate: today, members: [{ username: 'manager.one', role: 'chair' }, { username: 'advisor.one', role: 'member' }] }).catch((e: unknown) => e);
    expect((withMaker as ValidationError).details).toEqual([{ field: 'members.1', message: 'advisor.one made the decision under appeal and cannot sit on the panel' }]);
    const junior = await appeals.appointPanel(manager, appealId, { version: v, panelDate: today, members: [{ username: 'researcher.one', role: 'chair' }] }).catch((e: unknown) => e);
    expect((junior as ValidationError).details.map((d) => d.message)).toEqual(['At least one panel member must be more senior than the person who made the decision under appeal']);
    const unknown = await appeals.appointPanel(manager, appealId, { version: v, panelDate: today, members: [{ username: 'nobody.here', role: 'chair' }] }).catch((e: unknown) => e);
    expect((unknown as ValidationError).details).toEqual([{ field: 'members.0.username', message: 'There is no Probity user called nobody.here' }]);
    await appeals.appointPanel(manager, appealId, { version: await version(appealId), panelDate: today, members: [{ username: 'manager.one', role: 'chair' }, { username: 'researcher.one', role: 'member' }] });
    const { appeal } = await appeals.view(manager, appealId);
    expect(appeal.panel.map((m) => [m.displayName, m.panelRole])).toEqual([['manager.one', 'chair'], ['researcher.one', 'member']]);
    const stale = await appeals.appointPanel(manager, appealId, { version: v, panelDate: today, members: [{ username: 'psd.head', role: 'chair' }] }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
  });

  it('needs the decide permission for the outcome, and grants the clearance on an upheld appeal, keeping the refusal on record', async () => {
    const body = { version: await version(appealId), outcome: 'upheld' as const, rationale: 'The PNC record belongs to a different person with the same name and date of birth.', remedy: 'clearance_granted' };
    await expect(appeals.decide(researcher, appealId, body)).rejects.toBeInstanceOf(ForbiddenError);
    await appeals.decide(manager, appealId, body);
    const { appeal } = await appeals.view(manager, appealId);
    expect(appeal).toMatchObject({ status: 'decided', outcome: 'upheld', remedy: 'clearance_granted', decidedOn: today });
    const granted = await vetting.view(manager, appeal.resultingApplicationId!);
    expect(granted.decision).toMatchObject({ outcome: 'clearance', level: 'RV', status: 'final', expiresOn: expect.stringMatching(/^20\d\d-/) });
    expect((await vetting.view(manager, applicationId)).decision?.outcome).toBe('refusal');
    expect((await events('vetting.appeal.decided')).map((e) => e.payload)).toContainEqual(expect.objectContaining({ appealId, outcome: 'upheld', remedy: 'clearance_granted', against: 'refusal' }));
    expect((await events('vetting.decision.recorded')).map((e) => e.payload)).toContainEqual(expect.objectContaining({ applicationId: appeal.resultingApplicationId, outcome: 'clearance' }));
    const timeline = await app.db.query<{ what: string }>('select what from vetting_timeline where application_id = $1 order by id', [applicationId]);
    expect(timeline.map((t) => t.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^Appeal APL-.* lodged against refusal of clearance \(in time\)$/), expect.stringMatching(/: upheld \(clearance granted/)]));
    const audit = await app.db.query<{ action: string }>(`select action from audit_log where subject_id = $1 order by seq`, [appealId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['vetting-appeal.lodge', 'vetting-appeal.criteria', 'vetting-appeal.panel', 'vetting-appeal.decide', 'vetting-appeal.view']));
    await expect(appeals.decide(manager, appealId, { ...body, version: appeal.version })).rejects.toThrow('This appeal has been decided: it can no longer change');
  });

  it('lets a panel send a refusal back for a fresh decision that the original decision maker cannot see', async () => {
    const refused = await decided('refusal', { forenames: 'Quill', surname: 'Marchbanks' });
    const { id } = await appeals.lodge(researcher, refused, { against: 'refusal', lodgedOn: today, grounds: 'The decision ignored my declaration.' });
    await appeals.checkCriteria(researcher, id, { version: await version(id), criteria: criteria({ grounds_in_writing: true, unreasonable: true }) });
    await appeals.appointPanel(manager, id, { version: await version(id), panelDate: today, members: [{ username: 'psd.head', role: 'chair' }] });
    await appeals.decide(manager, id, { version: await version(id), outcome: 'upheld', rationale: 'The declaration was not weighed; a fresh decision is needed.', remedy: 'fresh_decision' });
    const fresh = (await appeals.view(manager, id)).appeal.resultingApplicationId!;
    expect((await vetting.view(manager, fresh)).application).toMatchObject({ status: 'open', kind: 'review', applicantSurname: 'Marchbanks' });
    await expect(vetting.view(advisor, fresh)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('late appeal that does not meet the criteria', () => {
  it('ends the appeal only by a decision maker, with a letter naming the unmet criteria', async () => {
    const applicationId = await decided('refusal', { forenames: 'Sable', surname: 'Drummond-Leigh' });
    await app.db.query(`update vetting_decisions set decided_on = $2 where application_id = $1`, [applicationId, addCalendarDays(today, -20)]);
    const { id } = await appeals.lodge(researcher, applicationId, { against: 'refusal', lodgedOn: today, grounds: 'I was away.', lateReason: 'I was on holiday' });
    expect((await appeals.view(manager, id)).appeal).toMatchObject({ inTime: false, dueOn: addCalendarDays(today, -6) });
    const check = { version: await version(id), criteria: criteria({ grounds_in_writing: true }), lateAccepted: false, lateNote: 'A holiday does not explain three weeks' };
    const refused = await appeals.checkCriteria(researcher, id, check).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as Error).message).toBe('The appeal criteria are not met, which ends the appeal: only a vetting decision maker can record that');
    expect(await appeals.checkCriteria(manager, id, check)).toEqual({ met: false });
    const { appeal } = await appeals.view(manager, id);
    expect(appeal).toMatchObject({ status: 'decided', outcome: 'criteria_not_met', decidedOn: today, lateAccepted: false });
    const letter = await appeals.letter(manager, id);
    expect(letter.title).toBe('Vetting appeal: the appeal criteria are not met');
    expect(letter.sections.flatMap((s) => s.bullets ?? [])).toEqual([
      expect.stringMatching(/^It was received on .*, after the time limit for appealing ended on /),
      expect.stringMatching(/^It does not show any of the grounds/),
    ]);
    expect((await events('vetting.appeal.decided')).map((e) => e.payload)).toContainEqual(expect.objectContaining({ appealId: id, outcome: 'criteria_not_met' }));
  });
});

describe('withdrawal of clearance', () => {
  let clearanceApplication: string;
  let caseId: string;

  it('opens an assessment only for a current clearance, with a full NDM rationale, never by the subject', async () => {
    clearanceApplication = await decided('clearance', { personId: people.W1! });
    const open = { personId: people.W1!, concern: 'Intelligence of an association with a drugs supplier', concernSource: 'adverse_intelligence' as const, assessment: NDM, linkedProcess: 'none' as const };
    const noRationale = await withdrawals.open(researcher, { ...open, assessment: { riskFactors: [] } }).catch((e: unknown) => e);
    expect((noRationale as ValidationError).details.map((d) => d.field)).toContain('assessment.threatAndRisk');
    const noClearance = await withdrawals.open(researcher, { ...open, personId: people.W3! }).catch((e: unknown) => e);
    expect((noClearance as ValidationError).details).toEqual([{ field: 'personId', message: 'Imber Castlewright holds no current clearance to withdraw' }]);
    await expect(withdrawals.open(actor(['senior_vetting_advisor'], users['subject.w1']!, people.W1!), open)).rejects.toBeInstanceOf(NotFoundError);
    const created = await withdrawals.open(researcher, open);
    caseId = created.id;
    expect(created.reference).toMatch(/^WDL-\d{4}-\d{6}$/);
    await expect(withdrawals.open(researcher, open)).rejects.toThrow('A withdrawal assessment of Tamsin Ockleford’s clearance is already open');
  });

  it('never shows the case to its subject, in a list or by its address', async () => {
    const subject = actor(['senior_vetting_advisor'], users['subject.w1']!, people.W1!);
    await expect(withdrawals.view(subject, caseId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await withdrawals.list(subject, { open: true, page: 1, pageSize: 50 })).cases.map((c) => c.id)).not.toContain(caseId);
    expect((await withdrawals.list(researcher, { open: true, page: 1, pageSize: 50 })).cases.map((c) => c.id)).toContain(caseId);
  });

  it('serves notice, then waits for representations before a decision', async () => {
    const v = async () => (await withdrawals.view(manager, caseId)).withdrawal.version;
    await expect(withdrawals.decide(manager, caseId, { version: await v(), decision: 'withdraw', rationale: NDM, conditions: [] })).rejects.toThrow('Serve notice of the withdrawal assessment on the person first');
    const future = await withdrawals.serveNotice(researcher, caseId, { version: await v(), servedOn: addCalendarDays(today, 3), method: 'in_person' }).catch((e: unknown) => e);
    expect((future as ValidationError).details).toEqual([{ field: 'servedOn', message: 'The date notice was served cannot be in the future' }]);
    await withdrawals.serveNotice(researcher, caseId, { version: await v(), servedOn: today, method: 'in_person' });
    const served = (await withdrawals.view(manager, caseId)).withdrawal;
    expect(served).toMatchObject({ status: 'notice_served', representationsDueOn: dueDate(today, { days: 10, unit: 'working' }) });
    await expect(withdrawals.decide(manager, caseId, { version: served.version, decision: 'withdraw', rationale: NDM, conditions: [] })).rejects.toThrow(/to make representations: record them, or wait until that time has passed$/);
    await withdrawals.recordRepresentations(researcher, caseId, { version: served.version, receivedOn: today, summary: 'The person says the association ended in the spring.' });
    await withdrawals.recordInterview(researcher, caseId, { version: await v(), heldOn: today, attendees: 'Interviewer and police friend', record: 'The person accepted meeting the supplier twice since the spring.' });
    await withdrawals.updateLink(researcher, caseId, { version: await v(), linkedProcess: 'conduct', linkedReference: 'PSD-2026-0042' });
  });

  it('withdraws the clearance by a decision maker only, ends it as current, and tells other modules', async () => {
    const version = (await withdrawals.view(manager, caseId)).withdrawal.version;
    await expect(withdrawals.decide(researcher, caseId, { version, decision: 'withdraw', rationale: NDM, conditions: [] })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(withdrawals.decide(manager, caseId, { version: version - 1, decision: 'withdraw', rationale: NDM, conditions: [] })).rejects.toBeInstanceOf(ConflictError);
    await withdrawals.decide(manager, caseId, { version, decision: 'withdraw', rationale: NDM, conditions: [] });
    const { withdrawal } = await withdrawals.view(manager, caseId);
    expect(withdrawal).toMatchObject({ status: 'decided', decision: 'withdraw', decidedOn: today, appealDueOn: dueDate(today, { days: 10, unit: 'working' }), linkedReference: 'PSD-2026-0042' });
    const [decision] = await app.db.query<{ withdrawn_on: string | null }>('select withdrawn_on from vetting_decisions where id = $1', [withdrawal.decisionId]);
    expect(decision?.withdrawn_on).toBe(today);
    expect(await vetting.currentClearance(people.W1!)).toBeUndefined();
    expect((await events('vetting.clearance.withdrawn')).map((e) => e.payload)).toContainEqual(expect.objectContaining({ personId: people.W1, decisionId: withdrawal.decisionId, withdrawnOn: today, linkedProcess: 'conduct' }));
  });

  it('hears an appeal against the withdrawal without its decision maker, and reverses it when upheld', async () => {
    const { id } = await appeals.lodge(researcher, clearanceApplication, { against: 'withdrawal', lodgedOn: today, grounds: 'The meetings were chance encounters.' });
    await appeals.checkCriteria(researcher, id, { version: await version(id), criteria: criteria({ grounds_in_writing: true, new_information: true }) });
    const maker = await appeals.appointPanel(manager, id, { version: await version(id), panelDate: today, members: [{ username: 'manager.one', role: 'chair' }] }).catch((e: unknown) => e);
    expect((maker as ValidationError).details[0]!.message).toBe('manager.one made the decision under appeal and cannot sit on the panel');
    // The withdrawal was decided by a force vetting manager: the panel needs someone more senior still.
    const peer = await appeals.appointPanel(manager, id, { version: await version(id), panelDate: today, members: [{ username: 'advisor.one', role: 'chair' }] }).catch((e: unknown) => e);
    expect((peer as ValidationError).details[0]!.message).toMatch(/^At least one panel member must be more senior/);
    const subjectOnPanel = await appeals.appointPanel(manager, id, { version: await version(id), panelDate: today, members: [{ username: 'psd.head', role: 'chair' }, { username: 'subject.w1', role: 'member' }] }).catch((e: unknown) => e);
    expect((subjectOnPanel as ValidationError).details).toEqual([{ field: 'members.1', message: 'subject.w1 is the subject of this case and cannot sit on the panel' }]);
    await appeals.appointPanel(manager, id, { version: await version(id), panelDate: today, members: [{ username: 'psd.head', role: 'chair' }] });
    await appeals.decide(manager, id, { version: await version(id), outcome: 'upheld', rationale: 'CCTV shows the meetings were chance encounters in a public place.', remedy: 'withdrawal_reversed' });
    expect(await vetting.currentClearance(people.W1!)).toMatchObject({ level: 'RV' });
    expect((await withdrawals.view(manager, caseId)).withdrawal.reversedOn).toBe(today);
    expect((await events('vetting.clearance.reinstated')).map((e) => e.payload)).toContainEqual(expect.objectContaining({ personId: people.W1, appealId: id }));
    const subject = actor(['senior_vetting_advisor'], users['subject.w1']!, people.W1!);
    await expect(appeals.view(subject, id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await appeals.list(subject, { open: false, page: 1, pageSize: 100 })).appeals.map((a) => a.id)).not.toContain(id);
    expect((await appeals.list(manager, { open: false, page: 1, pageSize: 100 })).appeals.map((a) => a.id)).toContain(id);
    const letter = await appeals.letter(manager, id);
    expect(letter.title).toBe('Vetting appeal: upheld');
    expect(JSON.stringify(letter)).not.toContain('CCTV');
  });

  it('retains a clearance with conditions, and an upheld appeal removes only the conditions that decision added', async () => {
    const applicationId = await decided('clearance_with_conditions', { personId: people.W3! });
    const { id } = await withdrawals.open(researcher, { personId: people.W3!, concern: 'Financial difficulty declared late', concernSource: 'change_of_circumstances', assessment: NDM, linkedProcess: 'none' });
    await withdrawals.serveNotice(researcher, id, { version: 1, servedOn: today, method: 'post' });
    await withdrawals.recordRepresentations(researcher, id, { version: 2, receivedOn: today, summary: 'A debt management plan is now in place.' });
    const condition = { description: 'Quarterly financial review', responsibleUnit: 'vetting' as const, ownerName: 'Vetting manager', ownerUsername: 'nobody.here', reviewOn: '2027-03-01' };
    const unknownOwner = await withdrawals.decide(manager, id, { version: 3, decision: 'retain_with_conditions', rationale: NDM, conditions: [condition] }).catch((e: unknown) => e);
    expect((unknownOwner as ValidationError).details).toEqual([{ field: 'conditions.0.ownerUsername', message: 'There is no Probity user called nobody.here' }]);
    await withdrawals.decide(manager, id, { version: 3, decision: 'retain_with_conditions', rationale: NDM, conditions: [{ ...condition, ownerUsername: 'advisor.one' }] });
    const { withdrawal } = await withdrawals.view(manager, id);
    expect(withdrawal).toMatchObject({ decision: 'retain_with_conditions', conditionIds: [expect.any(String)], appealDueOn: addCalendarDays(today, 14) });
    expect(await vetting.currentClearance(people.W3!)).toMatchObject({ outcome: 'clearance_with_conditions' });
    const appeal = await appeals.lodge(researcher, applicationId, { against: 'conditions', lodgedOn: today, grounds: 'The plan makes the review unnecessary.' });
    expect((await appeals.view(manager, appeal.id)).appeal.withdrawalId).toBe(id);
    await appeals.checkCriteria(researcher, appeal.id, { version: 1, criteria: criteria({ grounds_in_writing: true, new_information: true }) });
    await appeals.appointPanel(manager, appeal.id, { version: 2, panelDate: today, members: [{ username: 'psd.head', role: 'chair' }] });
    await appeals.decide(manager, appeal.id, { version: 3, outcome: 'upheld', rationale: 'The debt plan addresses the risk; the review adds nothing.', remedy: 'conditions_removed' });
    const open = await app.db.query<{ description: string }>(
      `select c.description from vetting_conditions c join vetting_decisions d on d.id = c.decision_id where d.application_id = $1 and c.closed_on is null`, [applicationId]);
    expect(open.map((c) => c.description)).toEqual(['No access to CCU systems']);
  });

  it('keeps on record a person who left before the assessment concluded, and then allows nothing more', async () => {
    await decided('clearance', { personId: people.W2! });
    const { id } = await withdrawals.open(researcher, { personId: people.W2!, concern: 'Undeclared county court judgment', concernSource: 'change_of_circumstances', assessment: NDM, linkedProcess: 'none' });
    await withdrawals.recordPersonLeft(researcher, id, { version: 1, leftOn: today, reason: 'resigned' });
    const { withdrawal } = await withdrawals.view(manager, id);
    expect(withdrawal).toMatchObject({ status: 'person_left', leftReason: 'resigned', leftOn: today });
    await expect(withdrawals.serveNotice(researcher, id, { version: withdrawal.version, servedOn: today, method: 'post' })).rejects.toThrow('The person left before this assessment concluded: it is closed');
    expect((await withdrawals.list(manager, { open: false, page: 1, pageSize: 50 })).cases.map((c) => c.id)).toContain(id);
  });
});

describe('pages and API', () => {
  let userCount = 0;
  async function signedIn(roles: Role[], personId: string | null = null) {
    const name = `web.${++userCount}`;
    const { totpSecret } = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, totpSecret);
  }

  it('lodges through the form with a GOV.UK error summary, and shows the appeal in the application’s section', async () => {
    const applicationId = await decided('refusal', { forenames: 'Wren', surname: 'Halloway-Sym' });
    const c = await signedIn(['force_vetting_manager']);
    const form = await c.get(`/vetting/applications/${applicationId}/appeals/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('in time if received by');
    const bad = await c.post(`/vetting/applications/${applicationId}/appeals/new`, { against: '', lodgedOn: 'soon', grounds: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#against"');
    expect(bad.text).toContain('href="#grounds"');
    const ok = await c.post(`/vetting/applications/${applicationId}/appeals/new`, { against: 'refusal', lodgedOn: today, grounds: 'The refusal took no account of my references.' });
    expect(ok.status).toBe(302);
    const page = await c.get(ok.location!);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Appeal APL-\d{4}-\d{6}/);
    const application = await c.get(`/vetting/applications/${applicationId}`);
    expect(application.text).toContain('data-qa="section-appeals"');
    expect(application.text).toContain('data-qa="application-appeals"');
  });

  it('shows field errors and a clear conflict on the criteria form', async () => {
    const applicationId = await decided('refusal', { forenames: 'Juno', surname: 'Brackenridge' });
    const { id } = await appeals.lodge(researcher, applicationId, { against: 'refusal', lodgedOn: today, grounds: 'New references.' });
    const c = await signedIn(['force_vetting_manager']);
    const base = `/vetting/applications/${applicationId}/appeals/${id}`;
    const form = await c.get(`${base}/criteria`);
    const formVersion = /name="version" value="(\d+)"/.exec(form.text)![1]!;
    const missing = await c.post(`${base}/criteria`, { version: formVersion, met_grounds_in_writing: 'yes', notes_grounds_in_writing: 'In writing', notes_new_information: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#criteria-new_information-met"');
    await app.db.query('update vetting_appeals set version = version + 1 where id = $1', [id]);
    const fields: Record<string, string> = { version: formVersion };
    for (const cr of criteria({ grounds_in_writing: true, new_information: true })) Object.assign(fields, { [`met_${cr.code}`]: cr.met ? 'yes' : 'no', [`notes_${cr.code}`]: cr.notes });
    const stale = await c.post(`${base}/criteria`, fields);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this record after you opened it');
    const fresh = await c.post(`${base}/criteria`, { ...fields, version: /name="version" value="(\d+)"/.exec(stale.text)![1]! });
    expect(fresh.status).toBe(302);
    expect((await appeals.view(manager, id)).appeal.status).toBe('awaiting_panel');
  });

  it('answers the API with 400 details, 403 without the decide permission, and 409 for a stale panel', async () => {
    const applicationId = await decided('clearance_with_conditions', { forenames: 'Perrin', surname: 'Oakshott' });
    const researcherWeb = await signedIn(['vetting_researcher']);
    const headers = { 'x-csrf-token': researcherWeb.csrf };
    const bad = await researcherWeb.request('POST', `/api/v1/vetting/applications/${applicationId}/appeals`, { json: { against: 'everything', grounds: '' }, headers });
    expect(bad.status).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['against', 'grounds', 'lodgedOn']);
    const lodged = await researcherWeb.request('POST', `/api/v1/vetting/applications/${applicationId}/appeals`, { json: { against: 'conditions', lodgedOn: today, grounds: 'The condition stops me doing my job.' }, headers });
    expect(lodged.status).toBe(201);
    const appealId = lodged.json().id as string;
    const listed = await researcherWeb.request('GET', `/api/v1/vetting/applications/${applicationId}/appeals`);
    expect(listed.json()).toMatchObject({ appeals: [{ id: appealId, against: 'conditions', inTime: true }], options: [] });
    const check = await researcherWeb.request('POST', `/api/v1/vetting/appeals/${appealId}/criteria`, { json: { version: 1, criteria: criteria({ grounds_in_writing: true, unreasonable: true }) }, headers });
    expect(check.json()).toEqual({ met: true });
    const panel = { version: 2, panelDate: today, members: [{ username: 'manager.one', role: 'chair' }] };
    expect((await researcherWeb.request('PUT', `/api/v1/vetting/appeals/${appealId}/panel`, { json: panel, headers })).status).toBe(200);
    expect((await researcherWeb.request('PUT', `/api/v1/vetting/appeals/${appealId}/panel`, { json: panel, headers })).status).toBe(409);
    const outcome = { version: 3, outcome: 'upheld', rationale: 'The condition is not proportionate to the risk found.', remedy: 'conditions_removed' };
    expect((await researcherWeb.request('POST', `/api/v1/vetting/appeals/${appealId}/outcome`, { json: outcome, headers })).status).toBe(403);
    const managerWeb = await signedIn(['force_vetting_manager']);
    const decidedRes = await managerWeb.request('POST', `/api/v1/vetting/appeals/${appealId}/outcome`, { json: outcome, headers: { 'x-csrf-token': managerWeb.csrf } });
    expect(decidedRes.status).toBe(200);
    const [open] = await app.db.query<{ n: number }>(`select count(*)::int as n from vetting_conditions c join vetting_decisions d on d.id = c.decision_id where d.application_id = $1 and c.closed_on is null`, [applicationId]);
    expect(open?.n).toBe(0);
    const shown = await managerWeb.request('GET', `/api/v1/vetting/appeals/${appealId}`);
    expect(shown.json()).toMatchObject({ outcome: 'upheld', remedy: 'conditions_removed', panel: [{ displayName: 'manager.one', panelRole: 'chair' }] });
    const pdf = await managerWeb.get(`/vetting/applications/${applicationId}/appeals/${appealId}/letter.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('runs the withdrawal pages: list, form errors, the case page, and nothing for the subject', async () => {
    await app.services.workforce.syncFromHr(hr, [{ payrollNumber: 'W4', forenames: 'Lowen', surname: 'Trevaskis', personType: 'officer', unitCode: 'RESP', startDate: '2018-01-01' }], 'delta');
    people.W4 = (await app.services.workforce.personIdByPayroll('W4'))!;
    await decided('clearance', { personId: people.W4 });
    const c = await signedIn(['senior_vetting_advisor']);
    expect((await c.get('/vetting/withdrawals')).status).toBe(200);
    const bad = await c.post('/vetting/withdrawals/new', { payrollNumber: 'W4', concern: '', concernSource: 'adverse_intelligence', linkedProcess: 'conduct' });
    expect(bad.status).toBe(400);
    for (const anchor of ['#concern', '#linkedReference']) expect(bad.text).toContain(`href="${anchor}"`);
    const incomplete = await c.post('/vetting/withdrawals/new', { payrollNumber: 'W4', concern: 'Arrested for theft', concernSource: 'criminal_investigation', linkedProcess: 'none', information: 'Arrested on 1 November.' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('href="#threatAndRisk"');
    const ok = await c.post('/vetting/withdrawals/new', { payrollNumber: 'W4', concern: 'Arrested for theft', concernSource: 'criminal_investigation', linkedProcess: 'none', ...NDM });
    expect(ok.status).toBe(302);
    const page = await c.get(ok.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Withdrawal assessment: Lowen Trevaskis');
    expect(page.text).toContain('Police (Vetting) Regulations 2025 (police officer)');
    const notice = await c.post(`${ok.location!}/notice`, { version: '1', servedOn: today, method: '' });
    expect(notice.status).toBe(400);
    expect(notice.text).toContain('href="#method"');
    expect((await c.post(`${ok.location!}/notice`, { version: '1', servedOn: today, method: 'email' })).status).toBe(302);
    const early = await c.post(`${ok.location!}/decision`, { version: '2', decision: 'retain', ...NDM });
    expect(early.status).toBe(409);
    expect(early.text).toContain('to make representations');
    const subject = await signedIn(['senior_vetting_advisor'], people.W4);
    expect((await subject.get(ok.location!)).status).toBe(404);
    expect((await subject.get('/vetting/withdrawals')).text).not.toContain('Trevaskis');
    const api = await subject.request('GET', `/api/v1/vetting/withdrawals/${ok.location!.split('/').pop()}`);
    expect(api.status).toBe(404);
  });
});

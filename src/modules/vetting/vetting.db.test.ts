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
    const decided = await vetting.view(advisor, id);
    expect(decided.application.status).toBe('decided');
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

describe('work lists and what decision makers see', () => {
  it('lists condition reviews due within 30 days to the vetting unit, never to the subject', async () => {
    await app.db.query(`update vetting_conditions set review_on = current_date + 10`);
    expect(await vetting.conditionReviewsDue(advisor)).toEqual([expect.objectContaining({ description: 'Annual financial review', ownerName: 'Vetting manager' })]);
    expect(await vetting.conditionReviewsDue(actor(['senior_vetting_advisor'], ids.P2!))).toEqual([]);
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

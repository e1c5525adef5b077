import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import type { ActorContext } from '../../platform/access/guard.js';
import type { Role } from '../../platform/access/roles.js';

let app: TestApp;
const actor = (roles: Role[]): ActorContext => ({ viewer: { userId: randomUUID(), personId: null, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
const manager = actor(['force_vetting_manager']);
const RATIONALE = { information: 'Missed payments on two credit cards in 2024.', threatAndRisk: 'Some financial vulnerability; no sign of pressure.', riskFactors: ['Financial vulnerability'], powersAndPolicy: 'APP Vetting on financial checks.', options: 'Refuse, clear, or clear with conditions.', decisionAndReview: 'Clear; review at renewal.' };

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('vetting rules the force sets', () => {
  it('lists every rule with its default, and refuses values that are not JSON or do not fit, with the reason', async () => {
    const c = new Client(app.url);
    const name = `rules-manager-${randomUUID().slice(0, 6)}`;
    await c.signIn(name, (await app.user(name, ['force_vetting_manager'])).totpSecret);
    const page = await c.get('/vetting/rules');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ratification by a second decision maker');
    expect(page.text).toContain('Periodic PND re-check');
    const bad = await c.post('/vetting/rules/vetting.compliance.pndRecheckMonths', { value: 'twelve', version: '0' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('write the value as JSON');
    const good = await c.post('/vetting/rules/vetting.compliance.pndRecheckMonths', { value: '6', version: '0' });
    expect(good.status).toBe(302);
    const stale = await c.post('/vetting/rules/vetting.compliance.pndRecheckMonths', { value: '9', version: '0' });
    expect(stale.status).toBe(409);
    const [audit] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'vetting-rules.update' and subject_id = 'vetting.compliance.pndRecheckMonths'`);
    expect(audit!.n).toBe(1);
  });

  it('applies a changed ratification rule to the next decision, and lets only the manager change rules', async () => {
    const c = new Client(app.url);
    const name = `rules-advisor-${randomUUID().slice(0, 6)}`;
    const advisor = await app.user(name, ['senior_vetting_advisor']);
    await c.signIn(name, advisor.totpSecret);
    expect((await c.get('/vetting/rules')).status).toBe(200);
    expect((await c.post('/vetting/rules/vetting.ratification', { value: '{}', version: '0' })).status).toBe(403);

    const vetting = app.services.vetting;
    await expect(vetting.ratificationPolicy()).resolves.toMatchObject({ evidentialChainRoleTypes: ['officer', 'special_constable', 'pcso'] });
    await app.db.transaction((tx) => app.services.settings.put(tx, 'vetting.ratification', { evidentialChainRoleTypes: ['staff'], ratifierRoles: ['force_vetting_manager'] }, null, 0));
    const { id } = await vetting.createApplication(manager, { kind: 'recruit', forenames: 'Ottoline', surname: 'Ferncastle', level: 'NPPV2', receivedOn: '2026-11-01', roleType: 'staff' });
    await vetting.recordCheck(manager, id, { checkType: 'financial', result: 'adverse', checkedOn: '2026-11-02', traces: [{ category: 'financial', description: 'Missed payments, 2024' }] });
    await vetting.decide(manager, id, { outcome: 'clearance', version: 1, rationale: RATIONALE, conditions: [] });
    expect((await vetting.view(manager, id)).application.status).toBe('awaiting_ratification');
  });

  it('sets a clearance’s expiry from the renewal period the force has set', async () => {
    const vetting = app.services.vetting;
    await app.db.transaction((tx) => app.services.settings.put(tx, 'vetting.renewalYears', { RV: 10, MV: 7, NPPV1: 3, NPPV2: 4, NPPV3: 5 }, null, 0));
    const { id } = await vetting.createApplication(manager, { kind: 'recruit', forenames: 'Isolde', surname: 'Brackwater', level: 'NPPV2', receivedOn: '2026-11-01', roleType: 'staff' });
    await vetting.decide(manager, id, { outcome: 'clearance', version: 1, conditions: [] });
    const decision = (await vetting.view(manager, id)).decision!;
    expect(Number(decision.expiresOn!.slice(0, 4)) - Number(decision.decidedOn.slice(0, 4))).toBe(4);
  });
});

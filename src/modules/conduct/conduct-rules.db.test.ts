import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Role } from '../../platform/access/roles.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function signedIn(roles: Role[]) {
  const c = new Client(app.url);
  const name = `conduct-rules-${randomUUID().slice(0, 8)}`;
  await c.signIn(name, (await app.user(name, roles)).totpSecret);
  return c;
}

describe('conduct rules the force sets', () => {
  it('lets the head of PSD change the minimum rank for a decision, checked, versioned and audited; others may only read or not see it', async () => {
    const head = await signedIn(['head_of_psd']);
    const page = await head.get('/conduct/rules');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Minimum rank for each decision');
    const ranks = { recording: 'Inspector', handling_route: 'Inspector', referral: 'Inspector', severity: 'Chief Inspector', case_to_answer: 'Chief Inspector', finalisation: 'Inspector' };
    const refused = await head.post('/conduct/rules/conduct.decisionMinimumRanks', { value: JSON.stringify({ recording: 'Inspector' }), version: '0' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('govuk-error-summary');
    const saved = await head.post('/conduct/rules/conduct.decisionMinimumRanks', { value: JSON.stringify(ranks), version: '0' });
    expect(saved.status).toBe(302);
    const [row] = await app.db.query<{ value: Record<string, string>; version: number }>(`select value, version from settings where key = 'conduct.decisionMinimumRanks'`);
    expect(row).toMatchObject({ value: ranks, version: 1 });
    expect((await head.post('/conduct/rules/conduct.decisionMinimumRanks', { value: JSON.stringify(ranks), version: '0' })).status).toBe(409);
    const [audit] = await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'conduct-rules.update'`);
    expect(audit!.n).toBe(1);

    const supervisor = await signedIn(['psd_supervisor']);
    expect((await supervisor.get('/conduct/rules')).status).toBe(200);
    expect((await supervisor.post('/conduct/rules/conduct.decisionMinimumRanks', { value: JSON.stringify(ranks), version: '1' })).status).toBe(403);
    expect((await (await signedIn(['psd_caseworker'])).get('/conduct/rules')).status).toBe(403);
  });
});

describe('the case list at scale', () => {
  it('counts the case list up to 1,000 and then says there are more, instead of counting millions', async () => {
    await app.db.query(`insert into conduct_cases (reference, kind, source, summary, received_on)
      select 'PSD-TEST-' || n, 'conduct_matter', 'internal', 'Synthetic case for the count', date '2026-01-01' + (n % 300) from generate_series(1, 1002) as n`);
    const reader = { viewer: { userId: randomUUID(), personId: null, roles: ['psd_caseworker' as const], label: 'reader' }, correlationId: 'test' };
    const all = await app.services.conduct.list(reader, { page: 1, pageSize: 25 });
    expect(all).toMatchObject({ total: 1000, more: true });
    expect(all.cases).toHaveLength(25);
    const one = await app.services.conduct.list(reader, { page: 1, pageSize: 25, reference: 'psd-test-7' });
    expect(one).toMatchObject({ total: 1, more: false });
  });

  it('checks every case for mis-flagging, past the first page of 5,000, and lists the first 500 findings', async () => {
    await app.db.query(`insert into conduct_cases (reference, kind, source, summary, received_on)
      select 'PSD-APSP-' || n, 'conduct_matter', 'internal', 'Synthetic flagged case', date '2020-01-01' + (n % 900) from generate_series(1, 5003) as n`);
    await app.db.query(`insert into conduct_flags (case_id, flag, added_by_label) select id, 'apsp', 'test' from conduct_cases where reference like 'PSD-APSP-%'`);
    const reader = { viewer: { userId: randomUUID(), personId: null, roles: ['psd_caseworker' as const], label: 'reader' }, correlationId: 'test' };
    const report = await app.services.conduct.dataQuality(reader);
    expect(report.casesChecked).toBeGreaterThanOrEqual(5003);
    expect(report.findingCount).toBe(5003);
    expect(report.findings).toHaveLength(500);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { actor, grantClearance, seedPeople, seedPosts } from '../compliance/test/fixtures.js';
import { DeclarationService } from './declarations.js';
import { DeclarationSchema } from './declarations-schema.js';

let app: TestApp;
let ids: Record<string, string>;
let service: DeclarationService;
const researcher = actor(['vetting_researcher']);
const senior = actor(['senior_vetting_advisor']);
const staff = (payroll: string) => actor(['staff'], ids[payroll]!);
const FINANCES = { kind: 'financial_difficulty' as const, occurredOn: '2026-10-01', details: 'A county court judgment for £2,400 of card debt; I have agreed a repayment plan.' };

beforeAll(async () => {
  app = await startTestApp();
  await seedPosts(app);
  ids = await seedPeople(app, [
    { payroll: 'D1', forenames: 'Kit', surname: 'Lorne', unit: 'RESP', post: 'PST-B', type: 'staff' },
    { payroll: 'D2', forenames: 'Mira', surname: 'Nolan', unit: 'RESP', type: 'staff' },
    { payroll: 'D3', forenames: 'Oren', surname: 'Pike', unit: 'CCU', post: 'PST-A' },
  ]);
  await grantClearance(app.db, ids.D3!, 'MV', { expiresInDays: 2000 });
  const s = app.services;
  service = new DeclarationService({ db: s.db, audit: s.audit, bus: s.bus, settings: s.settings, people: s.workforce, vetting: s.vetting });
});
afterAll(() => app.close());

describe('declaring a change of circumstances', () => {
  it('lets staff declare, and shows them their own declarations only, without the assessment', async () => {
    const { id, reference } = await service.declare(staff('D1'), FINANCES);
    expect(reference).toMatch(/^COC-\d{4}-\d{6}$/);
    expect(await service.mine(staff('D1'))).toEqual([expect.objectContaining({ id, kind: 'financial_difficulty', status: 'received', details: FINANCES.details })]);
    expect(await service.mine(staff('D2'))).toEqual([]);
    await expect(service.own(staff('D2'), id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.own(staff('D1'), crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.declare(actor(['staff']), FINANCES)).rejects.toBeInstanceOf(ForbiddenError); // not linked to a person
    await expect(service.declare(actor(['hr'], ids.D2!), FINANCES)).rejects.toBeInstanceOf(ForbiddenError); // no self-service grant
  });

  it('checks what is declared', () => {
    const errors = (input: unknown) => (DeclarationSchema.safeParse(input).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(errors({ kind: 'pet', details: 'x' })).toEqual(['kind', 'details']);
    expect(errors({ ...FINANCES, occurredOn: '2099-01-01' })).toEqual(['occurredOn']);
    expect(errors({ ...FINANCES, occurredOn: '31/02/2026' })).toEqual(['occurredOn']);
    expect(errors({ kind: 'other', occurredOn: '', details: 'Something my brother-in-law did' })).toEqual([]);
  });
});

describe('the vetting unit’s work', () => {
  let declarationId: string;

  it('reaches the vetting unit as a work list, never including a reader’s own declaration', async () => {
    declarationId = (await service.mine(staff('D1')))[0]!.id;
    const own = await service.declare(actor(['staff', 'vetting_researcher'], ids.D3!), { kind: 'new_partner', details: 'I have moved in with my partner, Rook Quarry.' });
    const list = await service.workList(researcher, { status: 'received', page: 1, pageSize: 10 });
    expect(list.declarations.map((d) => [d.declarant, d.payrollNumber, d.kind])).toEqual([['Kit Lorne', 'D1', 'financial_difficulty'], ['Oren Pike', 'D3', 'new_partner']]);
    const asDeclarant = await service.workList(actor(['vetting_researcher'], ids.D3!), { status: 'received', page: 1, pageSize: 10 });
    expect(asDeclarant.declarations.map((d) => d.declarant)).toEqual(['Kit Lorne']);
    await expect(service.view(actor(['vetting_researcher'], ids.D3!), own.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.workList(staff('D2'), { page: 1, pageSize: 10 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await service.waiting(researcher)).toEqual({ awaitingAssessment: 2, awaitingOutcome: 0 });
  });

  it('records a risk assessment, then an outcome by a senior adviser, each audited', async () => {
    await expect(service.decide(senior, declarationId, { outcome: 'no_further_action', note: 'Nothing to do here.', version: 1 })).rejects.toBeInstanceOf(ValidationError);
    await service.assess(researcher, declarationId, { riskLevel: 'medium', rationale: 'Debt is declared and managed; financial vulnerability is moderate.', version: 1 });
    await expect(service.assess(researcher, declarationId, { riskLevel: 'low', rationale: 'A stale edit from another tab that should be refused.', version: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.decide(researcher, declarationId, { outcome: 'no_further_action', note: 'Researchers cannot decide.', version: 2 })).rejects.toBeInstanceOf(ForbiddenError);
    const { reviewApplicationId } = await service.decide(senior, declarationId, { outcome: 'review_opened', note: 'A CCJ on an RV postholder: review the clearance.', version: 2 });
    const d = await service.view(senior, declarationId);
    expect(d).toMatchObject({ status: 'closed', riskLevel: 'medium', outcome: 'review_opened', reviewApplicationId, decidedByLabel: 'test:senior_vetting_advisor' });
    const application = await app.services.vetting.view(senior, reviewApplicationId!);
    expect(application.application).toMatchObject({ kind: 'review', personId: ids.D1, level: 'RV', reviewReason: `Change of circumstances declared (${d.reference}): financial difficulty` });
    const audited = await app.db.query<{ action: string }>(`select action from audit_log where subject_id = $1 and action like 'circumstance-declaration.%' and outcome = 'ok' order by seq`, [declarationId]);
    expect(audited.map((a) => a.action)).toEqual(['circumstance-declaration.create', 'circumstance-declaration.assess', 'circumstance-declaration.decide', 'circumstance-declaration.view']);
    await expect(service.assess(researcher, declarationId, { riskLevel: 'low', rationale: 'Too late: the outcome has been recorded already.', version: 3 })).rejects.toBeInstanceOf(ConflictError);
  });

  it('adds a later declaration to the review already open instead of opening another', async () => {
    const { id } = await service.declare(staff('D1'), { kind: 'address_or_co_residents', details: 'My brother has moved in with me.' });
    await service.assess(researcher, id, { riskLevel: 'low', rationale: 'Brother has no adverse traces on local systems.', version: 1 });
    const first = (await service.view(senior, declarationId)).reviewApplicationId;
    expect((await service.decide(senior, id, { outcome: 'review_opened', note: 'Consider within the open review.', version: 2 })).reviewApplicationId).toBe(first);
    const [{ n }] = (await app.db.query<{ n: number }>(`select count(*)::int as n from vetting_applications where person_id = $1 and status = 'open'`, [ids.D1])) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('never shows declarants the review about them, nor the assessment of what they declared', async () => {
    const own = (await service.mine(actor(['staff', 'vetting_researcher'], ids.D3!)))[0]!;
    await service.assess(researcher, own.id, { riskLevel: 'high', rationale: 'Partner has convictions for supplying controlled drugs.', version: 1 });
    const { reviewApplicationId } = await service.decide(senior, own.id, { outcome: 'review_opened', note: 'Associate with serious convictions: review MV.', version: 2 });
    const declarant = actor(['staff', 'vetting_researcher'], ids.D3!);
    const seen = await service.own(declarant, own.id);
    expect(Object.keys(seen).sort()).toEqual(['declaredAt', 'details', 'id', 'kind', 'occurredOn', 'reference', 'status']);
    expect(seen.status).toBe('closed');
    await expect(app.services.vetting.view(declarant, reviewApplicationId!)).rejects.toBeInstanceOf(NotFoundError);
    const theirList = await app.services.vetting.list(declarant, { status: 'open', page: 1, pageSize: 50 });
    expect(theirList.applications.map((a) => a.personId)).not.toContain(ids.D3);
  });
});

describe('self-service pages', () => {
  async function signedIn(name: string, roles: Parameters<TestApp['user']>[1], personId: string | null) {
    const { totpSecret } = await app.user(name, roles, personId);
    return new Client(app.url).signIn(name, totpSecret);
  }

  it('takes a declaration from a phone-friendly form, with errors shown against their fields', async () => {
    const c = await signedIn('mira.nolan', ['staff'], ids.D2!);
    const home = await c.get('/');
    expect(home.text).toContain('href="/my/circumstances"');
    const form = await c.get('/my/circumstances/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="viewport"');
    const bad = await c.post('/my/circumstances/new', { details: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toMatch(/href="#kind"[^>]*>Choose what has changed/);
    const ok = await c.post('/my/circumstances/new', { kind: 'name_change', occurredOn: '01/11/2026', details: 'I married and took the surname Nolan-Reed.' });
    expect(ok.status).toBe(302);
    const page = await c.get(ok.location!);
    expect(page.text).toContain('data-qa="declaration-status">Received by the vetting unit');
    expect(page.text).toContain('I married and took the surname Nolan-Reed.');
    const other = await signedIn('kit.lorne', ['staff'], ids.D1!);
    expect((await other.get(ok.location!)).status).toBe(404);
    expect((await other.get('/my/circumstances')).text).not.toContain('Nolan-Reed');
  });

  it('refuses an account with no person, and shows the vetting unit the declaration with its forms', async () => {
    const unlinked = await signedIn('no.person', ['staff'], null);
    const refused = await unlinked.get('/my/circumstances');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('not linked to your record');
    const unit = await signedIn('vetting.researcher', ['vetting_researcher'], null);
    const list = await unit.get('/vetting/circumstances?status=received');
    const id = /href="\/vetting\/circumstances\/([0-9a-f-]{36})"/.exec(list.text)![1]!;
    const page = await unit.get(`/vetting/circumstances/${id}`);
    expect(page.text).toContain('data-qa="save-assessment"');
    expect(page.text).not.toContain('data-qa="record-outcome"');
    const invalid = await unit.post(`/vetting/circumstances/${id}/assessment`, { version: '1', riskLevel: 'severe', rationale: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Choose the level of risk');
    const saved = await unit.post(`/vetting/circumstances/${id}/assessment`, { version: '1', riskLevel: 'low', rationale: 'A change of name only; identity confirmed with HR.' });
    expect(saved.status).toBe(302);
    expect((await unit.get(`/vetting/circumstances/${id}`)).text).toContain('A change of name only; identity confirmed with HR.');
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/platform/audit/audit-log.js';
import { verifyAuditChain } from '../src/platform/audit/verify.js';
import { backupTo, databaseFingerprint, restoreFrom, RestoreError } from '../src/platform/db/backup.js';
import type { Db } from '../src/platform/db/types.js';
import { EventBus } from '../src/platform/events/bus.js';
import { WorkforceRepository } from '../src/modules/workforce/data.js';
import { WorkforceService } from '../src/modules/workforce/service.js';
import { testDb } from './support/db.js';

let source: Db;
let target: Db;
const file = join(mkdtempSync(join(tmpdir(), 'probity-backup-')), 'backup.ndjson.gz');

beforeAll(async () => {
  [source, target] = await Promise.all([testDb(), testDb()]);
  await source.query(`insert into units (code, name) values ('RESP', 'Response')`);
  await source.query(`insert into posts (code, title, unit_id, required_vetting_level, designated) values ('PST-1', 'Sergeant', (select id from units where code = 'RESP'), 'MV', true)`);
  const service = new WorkforceService(source, new WorkforceRepository(source), new AuditLog(source), new EventBus(source));
  const hr = { viewer: { userId: null, personId: null, roles: ['hr' as const], label: 'test' }, correlationId: 't' };
  await service.syncFromHr(hr, Array.from({ length: 60 }, (_, i) => ({
    payrollNumber: `P${i}`, forenames: `Forename${i}`, surname: `Quill'feather "${i}"`, personType: 'officer', unitCode: 'RESP', startDate: '2020-01-01',
    dateOfBirth: '1990-02-03', ...(i === 0 ? { postCode: 'PST-1' } : { lineManagerPayrollNumber: 'P0' }), ethnicity: i % 2 ? 'White' : 'Asian or Asian British',
  })), 'delta');
  await service.syncFromHr(hr, [{ payrollNumber: 'P5', forenames: 'Moved', surname: 'On', personType: 'officer', unitCode: 'RESP', startDate: '2020-01-01', leavingDate: '2025-01-01' }], 'delta');
  await source.query(`insert into users (username, display_name, roles, person_id) values ('u1', 'User One', '{hr,auditor}', (select id from people where payroll_number = 'P1'))`);
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('backup and restore', () => {
  it('restores a database equal to the original, with an intact audit chain, and keeps identities going', async () => {
    const written = await backupTo(source, file);
    expect(written.rows).toBeGreaterThan(150);
    await restoreFrom(target, file, { replace: false });
    expect(await databaseFingerprint(target)).toEqual(await databaseFingerprint(source));
    expect(await verifyAuditChain(target)).toMatchObject({ ok: true, entries: (await verifyAuditChain(source)).entries });
    // New events and audit entries carry on after the restored ones.
    await new EventBus(target).publish(target, { type: 'x', payload: {} });
    await new AuditLog(target).record({ action: 'after.restore', actor: { userId: null, label: 't' } });
    expect((await verifyAuditChain(target)).ok).toBe(true);
  });

  it('refuses to restore over existing data unless asked, changing nothing', async () => {
    const before = await databaseFingerprint(target);
    await expect(restoreFrom(target, file, { replace: false })).rejects.toBeInstanceOf(RestoreError);
    expect(await databaseFingerprint(target)).toEqual(before);
    await restoreFrom(target, file, { replace: true });
    expect(await databaseFingerprint(target)).toEqual(await databaseFingerprint(source));
  });
});

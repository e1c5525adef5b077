import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/types.js';
import { testDb } from '../../../test/support/db.js';
import { AuditLog } from './audit-log.js';
import { verifyAuditChain } from './verify.js';

let db: Db;
let audit: AuditLog;
const actor = { userId: null, label: 'tester' };

beforeAll(async () => {
  db = await testDb();
  audit = new AuditLog(db);
});
afterAll(() => db.close());

/** Tampering needs the append-only trigger out of the way, as a database administrator could do. */
async function tamper(sql: string, params: unknown[] = []) {
  await db.exec('alter table audit_log disable trigger audit_log_no_update');
  try {
    await db.query(sql, params);
  } finally {
    await db.exec('alter table audit_log enable trigger audit_log_no_update');
  }
}

describe('audit log', () => {
  it('chains concurrent reads and in-transaction writes into one intact sequence', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => audit.record({ action: 'person.view', actor, subjectType: 'person', subjectId: String(i), details: { n: i, nested: { b: 1, a: [1, 'x'] } } })));
    await db.transaction((tx) => audit.recordIn(tx, { action: 'person.update', actor, subjectType: 'person', subjectId: 'x' }));
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, entries: 121, headSeq: 121 });
  });

  it('rolls back a write entry with its transaction', async () => {
    await expect(db.transaction(async (tx) => {
      await audit.recordIn(tx, { action: 'person.update', actor });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await verifyAuditChain(db)).entries).toBe(121);
  });

  it('refuses updates and deletes from the application', async () => {
    await expect(db.query(`update audit_log set action = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from audit_log where seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('reports an altered entry', async () => {
    await tamper(`update audit_log set actor_label = 'someone else' where seq = 50`);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ kind: 'altered', seq: 50 });
    await tamper(`update audit_log set actor_label = 'tester' where seq = 50`);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('reports a deleted entry in the middle and at the end', async () => {
    const [row] = await db.query<Record<string, unknown>>('select * from audit_log where seq = 70');
    await tamper('delete from audit_log where seq = 70');
    expect((await verifyAuditChain(db)).problem).toMatchObject({ kind: 'deleted', seq: 70 });
    await tamper(`insert into audit_log select * from jsonb_populate_record(null::audit_log, $1::jsonb)`, [JSON.stringify(row)]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const [last] = await db.query<Record<string, unknown>>('select * from audit_log where seq = 121');
    await tamper('delete from audit_log where seq = 121');
    expect((await verifyAuditChain(db)).problem).toMatchObject({ kind: 'deleted', seq: 121 });
    await tamper(`insert into audit_log select * from jsonb_populate_record(null::audit_log, $1::jsonb)`, [JSON.stringify(last)]);
  });

  it('reports an inserted entry whose hash is self-consistent but does not follow the chain', async () => {
    // Forge entry 60: shift nothing, but replace it with a well-formed entry chained to a made-up predecessor.
    const { entryHash } = await import('./chain.js');
    const [orig] = await db.query<Record<string, unknown>>('select * from audit_log where seq = 60');
    const forged = { seq: 60, at: new Date(), actorUserId: null, actorLabel: 'forger', action: 'person.view', outcome: 'ok', subjectType: null, subjectId: null, subjectPersonId: null, correlationId: null, ip: null, purpose: null, details: {}, prevHash: 'f'.repeat(64) };
    await tamper(
      `update audit_log set at = $2, actor_label = 'forger', action = 'person.view', subject_type = null, subject_id = null, details = '{}', prev_hash = $3, hash = $4 where seq = $1`,
      [60, forged.at.toISOString(), forged.prevHash, entryHash(forged)],
    );
    expect((await verifyAuditChain(db)).problem).toMatchObject({ kind: 'inserted', seq: 60 });
    await tamper(`delete from audit_log where seq = 60`);
    await tamper(`insert into audit_log select * from jsonb_populate_record(null::audit_log, $1::jsonb)`, [JSON.stringify(orig)]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('keeps one chain when several processes append at once', async () => {
    const other = new AuditLog(db); // a second process's writer, with its own idea of the head
    const before = (await verifyAuditChain(db)).entries;
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? other : audit).record({ action: 'person.view', actor, subjectId: `p${i}` })));
    await db.transaction((tx) => other.recordIn(tx, { action: 'person.update', actor }));
    await Promise.all([audit.record({ action: 'a', actor }), other.record({ action: 'b', actor })]);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, entries: before + 43 });
  });
});

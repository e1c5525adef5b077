import type { Queryable } from '../db/types.js';
import { entryHash } from './chain.js';

export type ChainProblem =
  | { kind: 'altered'; seq: number; message: string }
  | { kind: 'inserted'; seq: number; message: string }
  | { kind: 'deleted'; seq: number; message: string };

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  problem?: ChainProblem;
}

interface StoredEntry {
  seq: number;
  at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  outcome: string;
  subject_type: string | null;
  subject_id: string | null;
  subject_person_id: string | null;
  correlation_id: string | null;
  ip: string | null;
  purpose: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

const PAGE = 5000;

/** Walks the chain from the start and reports the first altered, inserted or deleted entry. */
export async function verifyAuditChain(db: Queryable): Promise<VerifyResult> {
  const [head] = await db.query<{ seq: number; hash: string }>('select seq, hash from audit_head where id = 1');
  const headSeq = Number(head?.seq ?? 0);
  const headHash = head?.hash ?? 'genesis';
  let expectedSeq = 1;
  let prevHash = 'genesis';
  let entries = 0;
  const fail = (problem: ChainProblem): VerifyResult => ({ ok: false, entries, headSeq, headHash, problem });
  for (;;) {
    const rows = await db.query<StoredEntry>('select * from audit_log where seq >= $1 order by seq limit $2', [expectedSeq, PAGE]);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return fail({ kind: 'deleted', seq: expectedSeq, message: `Entry ${expectedSeq} is missing (the chain jumps from ${expectedSeq - 1} to ${seq}): entries were deleted.` });
      }
      const recomputed = entryHash({
        seq, at: new Date(r.at), actorUserId: r.actor_user_id, actorLabel: r.actor_label, action: r.action, outcome: r.outcome,
        subjectType: r.subject_type, subjectId: r.subject_id, subjectPersonId: r.subject_person_id,
        correlationId: r.correlation_id, ip: r.ip, purpose: r.purpose, details: r.details, prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash) {
        return fail({ kind: 'altered', seq, message: `Entry ${seq} has been altered: its content no longer matches its hash.` });
      }
      if (r.prev_hash !== prevHash) {
        return fail({ kind: 'inserted', seq, message: `Entry ${seq} does not follow entry ${seq - 1}: it was inserted, or the entry before it was replaced.` });
      }
      prevHash = r.hash;
      expectedSeq = seq + 1;
      entries++;
    }
    if (rows.length < PAGE) break;
  }
  if (headSeq !== expectedSeq - 1 || headHash !== prevHash) {
    if (headSeq > expectedSeq - 1) {
      return fail({ kind: 'deleted', seq: expectedSeq, message: `Entries ${expectedSeq} to ${headSeq} are missing from the end of the log: they were deleted.` });
    }
    return fail({ kind: 'inserted', seq: headSeq + 1, message: `Entries after ${headSeq} were added outside the audit log's own writer.` });
  }
  return { ok: true, entries, headSeq, headHash };
}

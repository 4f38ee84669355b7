import type { Connection } from 'mongoose';
import type { AuditVerifyResult } from '@hebing/contracts';
import { AUDIT_HEAD_ID, GENESIS_HASH, headCollection, logCollection, recordHash } from './audit-store';

/**
 * Walks the whole chain in sequence order. Detects a record that was altered (hash), deleted
 * (gap in seq or a prevHash that no longer links), inserted (seq/_id out of line, or more records
 * than the head counts) and a head that does not match the last record.
 */
export async function verifyAuditChain(conn: Connection): Promise<AuditVerifyResult> {
  const head = await headCollection(conn).findOne({ _id: AUDIT_HEAD_ID });
  let expected = 1;
  let prevHash = GENESIS_HASH;
  const cursor = logCollection(conn).find({}).sort({ _id: 1 });
  for await (const doc of cursor) {
    if (doc._id !== expected || doc.seq !== expected) {
      await cursor.close();
      const reason =
        typeof doc._id === 'number' && doc._id > expected
          ? `record ${expected} is missing (next stored record is ${String(doc._id)})`
          : `unexpected record ${String(doc._id)} where ${expected} belongs`;
      return { ok: false, brokenAt: expected, reason };
    }
    if (doc.prevHash !== prevHash) {
      await cursor.close();
      return {
        ok: false,
        brokenAt: expected,
        reason: `record ${expected} does not link to the previous record`,
      };
    }
    const { _id: _ignored, hash, ...content } = doc;
    if (recordHash(content) !== hash) {
      await cursor.close();
      return { ok: false, brokenAt: expected, reason: `record ${expected} was altered (hash mismatch)` };
    }
    prevHash = hash;
    expected++;
  }
  const count = expected - 1;
  const headSeq = head?.seq ?? 0;
  if (headSeq !== count) {
    return {
      ok: false,
      brokenAt: Math.min(headSeq, count) + 1,
      reason: `head counts ${headSeq} records but the log holds ${count}`,
    };
  }
  if (count > 0 && head?.hash !== prevHash) {
    return { ok: false, brokenAt: count, reason: 'head hash does not match the last record' };
  }
  return { ok: true, count };
}

import type { ClientSession, Connection } from 'mongoose';
import type { Actor, AuditRecord } from '@hebing/contracts';
import { onTransactionEnd, TRANSIENT_TRANSACTION_ERROR } from '../transaction';
import { toPlain } from './canonical';
import {
  AUDIT_HEAD_ID,
  GENESIS_HASH,
  ensureAuditIndexes,
  headCollection,
  logCollection,
  recordHash,
  toAuditRecord,
  type StoredAuditRecord,
} from './audit-store';

export interface AuditInput {
  actor: Actor;
  /** `<noun>.<verb>` in the past tense, e.g. `unit.renamed`, `user.disabled`. */
  action: string;
  entity: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  reason?: string;
  requestId: string;
}

/**
 * A FIFO lock: callers queue instead of colliding. A waiter that times out goes ahead without
 * the lock (the server's conflict detection still keeps the chain linear); this way a nested
 * transaction that appends while its outer one holds the lock cannot deadlock.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(timeoutMs: number): Promise<(() => void) | null> {
    let release!: () => void;
    const mine = new Promise<void>((res) => (release = res));
    const prev = this.tail;
    this.tail = prev.then(() => mine);
    return new Promise((resolve) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        resolve(null);
      }, timeoutMs);
      void prev.then(() => {
        clearTimeout(timer);
        if (gaveUp)
          release(); // our turn came too late: pass it straight on
        else resolve(release);
      });
    });
  }
}

const LOCK_WAIT_MS = 2_000;

const appendLocks = new WeakMap<Connection, Mutex>();
const holding = new WeakSet<ClientSession>();

/**
 * Appends from one process queue on a local lock held until their transaction ends, so they
 * do not burn attempts conflicting on the head; appends from other processes still conflict
 * and retry. Sessions not driven by withTransaction skip the lock (their end is not observable).
 */
async function queueForHead(conn: Connection, session: ClientSession): Promise<void> {
  if (holding.has(session)) return;
  let mutex = appendLocks.get(conn);
  if (!mutex) {
    mutex = new Mutex();
    appendLocks.set(conn, mutex);
  }
  const release = await mutex.acquire(LOCK_WAIT_MS);
  if (!release) return;
  const registered = onTransactionEnd(session, () => {
    holding.delete(session);
    release();
  });
  if (registered) holding.add(session);
  else release();
}

/** Two first-ever appends racing to create the head: the loser retries like any write conflict. */
class AuditHeadRaceError extends Error {
  readonly errorLabels = [TRANSIENT_TRANSACTION_ERROR];
  constructor(cause: unknown) {
    super('audit head created concurrently', { cause });
  }
}

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;
}

/**
 * Appends one record to the audit log inside the caller's transaction. Taking the next sequence
 * number is a write to the single head document, so two concurrent appends conflict and one of
 * them retries (withTransaction): the chain stays linear, and an aborted change leaves no record.
 * Call it last in the transaction: the head is held from here to the commit.
 */
export async function writeAudit(
  conn: Connection,
  session: ClientSession,
  input: AuditInput,
): Promise<AuditRecord> {
  if (!session.inTransaction()) throw new Error('writeAudit must run inside withTransaction');
  await ensureAuditIndexes(conn);
  await queueForHead(conn, session);
  let prev;
  try {
    prev = await headCollection(conn).findOneAndUpdate(
      { _id: AUDIT_HEAD_ID },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'before', session },
    );
  } catch (e) {
    if (isDuplicateKey(e)) throw new AuditHeadRaceError(e);
    throw e;
  }
  const seq = (prev?.seq ?? 0) + 1;
  const record: Omit<StoredAuditRecord, '_id' | 'hash'> = {
    seq,
    at: new Date(),
    actor: { userId: String(input.actor.userId), username: String(input.actor.username) },
    action: input.action,
    entity: { type: String(input.entity.type), id: String(input.entity.id) },
    requestId: input.requestId,
    prevHash: prev?.hash ?? GENESIS_HASH,
  };
  const before = toPlain(input.before);
  const after = toPlain(input.after);
  if (before !== undefined) record.before = before;
  if (after !== undefined) record.after = after;
  if (input.reason !== undefined) record.reason = input.reason;
  const hash = recordHash(record);
  const stored: StoredAuditRecord = { _id: seq, ...record, hash };
  await logCollection(conn).insertOne(stored, { session });
  await headCollection(conn).updateOne({ _id: AUDIT_HEAD_ID }, { $set: { hash } }, { session });
  return toAuditRecord(stored);
}

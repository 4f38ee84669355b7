import { randomBytes } from 'node:crypto';
import { Long } from 'bson';
import { MongoServerError } from '../errors';
import type { DocSource } from './find-source';
import type { Doc } from './paths';

export const DEFAULT_CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

export interface OpenCursor {
  id: Long;
  ns: string;
  source: DocSource;
  lastUsed: number;
  lsidKey: string | undefined;
  /** Set while a getMore runs, so a second concurrent getMore is refused rather than interleaved. */
  busy: boolean;
}

/** Random positive 63-bit ids like MongoDB's (large enough that drivers keep them as Long). */
function newCursorId(): Long {
  const bytes = randomBytes(8);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return Long.fromBigInt(bytes.readBigInt64BE(0));
}

/** Server-side cursors for find / aggregate / listCollections / listIndexes, expiring when idle. */
export class CursorStore {
  private readonly cursors = new Map<string, OpenCursor>();

  constructor(private readonly timeoutMs: () => number = () => DEFAULT_CURSOR_TIMEOUT_MS) {}

  /** Pulls the first batch; keeps the cursor only if more may follow. */
  async open(
    ns: string,
    source: DocSource,
    batchSize: number,
    lsidKey: string | undefined,
    single = false,
  ): Promise<Doc> {
    const batch = await source.next(batchSize);
    let id = Long.ZERO;
    if (!batch.done && !single) {
      id = newCursorId();
      this.cursors.set(id.toString(), { id, ns, source, lastUsed: Date.now(), lsidKey, busy: false });
    }
    return { cursor: { firstBatch: batch.docs, id, ns }, ok: 1 };
  }

  async getMore(id: Long, ns: string, batchSize: number): Promise<Doc> {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor) throw new MongoServerError('CursorNotFound', `cursor id ${key} not found`);
    if (cursor.ns !== ns)
      throw new MongoServerError(
        'Unauthorized',
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    if (cursor.busy) throw new MongoServerError('BadValue', `cursor id ${key} is already in use`);
    cursor.busy = true;
    try {
      const batch = await cursor.source.next(batchSize);
      cursor.lastUsed = Date.now();
      if (batch.done) this.cursors.delete(key);
      return { cursor: { nextBatch: batch.docs, id: batch.done ? Long.ZERO : cursor.id, ns }, ok: 1 };
    } catch (err) {
      this.cursors.delete(key);
      throw err;
    } finally {
      cursor.busy = false;
    }
  }

  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  killSession(lsidKey: string): void {
    for (const [k, c] of this.cursors) if (c.lsidKey === lsidKey) this.cursors.delete(k);
  }

  sweep(now = Date.now()): void {
    for (const [k, c] of this.cursors)
      if (!c.busy && now - c.lastUsed > this.timeoutMs()) this.cursors.delete(k);
  }

  get size(): number {
    return this.cursors.size;
  }
}

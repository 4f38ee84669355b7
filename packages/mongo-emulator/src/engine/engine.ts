import { MongoServerError, writeConflict } from '../errors';
import type { Journal, JournalOp } from '../persistence/journal-types';
import { idKey } from './bson-order';
import { Catalog } from './catalog';
import type { Transaction } from './transaction';

/** Compact the journal into a snapshot once this many bytes were appended since the last one. */
export const COMPACT_THRESHOLD_BYTES = 64 * 1024 * 1024;

export function lockKey(db: string, coll: string, id: unknown): string {
  return `${db}.${coll}\u0000${idKey(id)}`;
}

/** The live catalog plus what ties it to durability and to transactions. */
export interface ServerParameters {
  transactionLifetimeLimitSeconds: number;
  cursorTimeoutMillis: number;
}

export class Engine {
  catalog = new Catalog();
  /** MongoDB's own knobs, settable with setParameter (the conformance suite shortens them). */
  readonly params: ServerParameters = {
    transactionLifetimeLimitSeconds: 60,
    cursorTimeoutMillis: 10 * 60 * 1000,
  };
  readonly locks = new Map<string, Transaction>();
  journal: Journal | undefined;
  /**
   * Set when a journal append fails: memory then holds writes the disk does not, so the server
   * refuses further commands (MongoDB shuts down in that case) instead of diverging silently.
   */
  fatal: Error | undefined;
  private compaction: Promise<void> | undefined;

  /** Hands a committed batch to the journal; resolves once it is durable (or at once in memory). */
  append(ops: JournalOp[]): Promise<void> {
    if (!this.journal || ops.length === 0) return Promise.resolve();
    const journal = this.journal;
    const done = journal.append(ops);
    return done.then(
      () => {
        if (journal.bytesSinceSnapshot > COMPACT_THRESHOLD_BYTES) void this.compact();
      },
      (err: unknown) => {
        this.fatal ??= err instanceof Error ? err : new Error(String(err));
        throw new MongoServerError(
          'InternalError',
          `journal write failed, the write is not durable: ${this.fatal.message}`,
        );
      },
    );
  }

  /** Writes a snapshot; the image is taken synchronously so it matches the appends issued so far. */
  compact(): Promise<void> {
    if (!this.journal) return Promise.resolve();
    if (this.compaction) return this.compaction;
    const journal = this.journal;
    this.compaction = journal
      .compact(this.catalog.image())
      .catch((err: unknown) => console.error('[hebing-mongo] journal compaction failed:', err))
      .finally(() => (this.compaction = undefined));
    return this.compaction;
  }

  /** Applies a transaction's writes to the live catalog atomically, or throws without changes. */
  commit(txn: Transaction): Promise<void> {
    for (const w of txn.written.values()) {
      const live = this.catalog.get(w.db, w.coll)?.get(w.id);
      if (live !== w.base) {
        this.release(txn);
        txn.state = 'aborted';
        throw writeConflict();
      }
    }
    const undo: Array<() => void> = [];
    try {
      for (const op of txn.ops) undo.push(this.catalog.apply(op));
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
      this.release(txn);
      txn.state = 'aborted';
      throw err instanceof MongoServerError ? err : new MongoServerError('InternalError', String(err));
    }
    txn.state = 'committed';
    this.release(txn);
    return this.append(txn.ops);
  }

  abort(txn: Transaction, reason?: string): void {
    if (txn.state !== 'inProgress') return;
    txn.state = 'aborted';
    txn.abortReason = reason;
    this.release(txn);
  }

  private release(txn: Transaction): void {
    for (const key of txn.written.keys()) if (this.locks.get(key) === txn) this.locks.delete(key);
    txn.markEnded();
  }
}

import { Binary, type Document } from 'bson';
import type { CursorStore } from './cursor-store';
import type { Engine } from './engine';
import type { Transaction } from './transaction';

export const SESSION_TIMEOUT_MINUTES = 30;
const MAX_REMEMBERED_REPLIES = 64;

/** Per logical session: the current txnNumber, its transaction, and replies of retryable writes. */
export class SessionState {
  txnNumber = -1;
  txn: Transaction | undefined;
  lastUse = Date.now();
  readonly replies = new Map<number, Promise<Document>>();

  remember(txnNumber: number, reply: Promise<Document>): void {
    this.replies.set(txnNumber, reply);
    if (this.replies.size > MAX_REMEMBERED_REPLIES) {
      const oldest = this.replies.keys().next().value;
      if (oldest !== undefined) this.replies.delete(oldest);
    }
  }
}

export function lsidKeyOf(lsid: unknown): string | undefined {
  if (!lsid || typeof lsid !== 'object') return undefined;
  const id = (lsid as { id?: unknown }).id;
  // A view over the Binary's bytes: Buffer.from(Uint8Array) would copy them on every command.
  if (id instanceof Binary)
    return Buffer.from(id.buffer.buffer, id.buffer.byteOffset, id.buffer.byteLength).toString('hex');
  return undefined;
}

export class Sessions {
  private readonly map = new Map<string, SessionState>();

  constructor(
    private readonly engine: Engine,
    private readonly cursors: CursorStore,
  ) {}

  touch(key: string): SessionState {
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = new SessionState()));
    s.lastUse = Date.now();
    return s;
  }

  end(key: string): void {
    const s = this.map.get(key);
    if (s?.txn) this.engine.abort(s.txn, 'session ended');
    this.cursors.killSession(key);
    this.map.delete(key);
  }

  /** Aborts transactions past their lifetime and forgets idle sessions. */
  sweep(now = Date.now()): void {
    for (const [key, s] of this.map) {
      if (
        s.txn?.state === 'inProgress' &&
        now - s.txn.startedAt > this.engine.params.transactionLifetimeLimitSeconds * 1000
      ) {
        this.engine.abort(s.txn, 'transaction exceeded transactionLifetimeLimitSeconds');
      }
      if (now - s.lastUse > SESSION_TIMEOUT_MINUTES * 60_000) this.end(key);
    }
  }

  get size(): number {
    return this.map.size;
  }

  activeTransactions(): number {
    let n = 0;
    for (const s of this.map.values()) if (s.txn?.state === 'inProgress') n++;
    return n;
  }
}

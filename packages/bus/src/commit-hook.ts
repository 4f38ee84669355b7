import type { ClientSession } from 'mongoose';
import type { OutboxDoc } from './outbox.model';

export type CommittedRowsListener = (rows: OutboxDoc[]) => void;

interface Pending {
  rows: Map<CommittedRowsListener, OutboxDoc[]>;
}

const PENDING = Symbol('hebing.bus.outboxRowsOnCommit');

function clear(p: Pending): void {
  p.rows.clear();
}

/**
 * Hands the rows a transaction wrote to the local relay once (and only if) that transaction
 * commits, so the relay can send them without reading the outbox back (the low-latency path).
 * Rows of an attempt that is aborted or restarted (withTransaction retries) are dropped: sending
 * them would deliver events that never happened.
 */
export function afterCommit(session: ClientSession, listener: CommittedRowsListener, row: OutboxDoc): void {
  const tagged = session as ClientSession & { [PENDING]?: Pending };
  let pending = tagged[PENDING];
  if (!pending) {
    const p: Pending = { rows: new Map() };
    pending = p;
    tagged[PENDING] = p;
    const commit = session.commitTransaction.bind(session);
    const abort = session.abortTransaction.bind(session);
    const start = session.startTransaction.bind(session);
    session.commitTransaction = async (...args: Parameters<ClientSession['commitTransaction']>) => {
      const result = await commit(...args);
      const batches = [...p.rows];
      clear(p);
      for (const [fn, rows] of batches) fn(rows);
      return result;
    };
    session.abortTransaction = async (...args: Parameters<ClientSession['abortTransaction']>) => {
      clear(p);
      return abort(...args);
    };
    session.startTransaction = (options) => {
      clear(p);
      start(options);
    };
  }
  const list = pending.rows.get(listener) ?? [];
  list.push(row);
  pending.rows.set(listener, list);
}

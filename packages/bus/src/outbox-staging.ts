import type { ClientSession, Connection } from 'mongoose';
import type { OutboxDoc, OutboxSeqDoc } from './outbox.model';

export type CommittedRowsListener = (rows: OutboxDoc[]) => void;

/** Where a staged row goes: the service's outbox, and the local relay to tell after commit. */
export interface OutboxTarget {
  conn: Connection;
  /** Gets the rows of each committed transaction (the local relay's fast path). */
  nudge: CommittedRowsListener;
}

interface Staged {
  /** Published in this attempt, not yet written. */
  staged: Map<OutboxTarget, OutboxDoc[]>;
  /** Written in this attempt; handed to the relay once the commit succeeds. */
  written: Map<OutboxTarget, OutboxDoc[]>;
}

const STAGED = Symbol('hebing.bus.stagedOutboxRows');

function push(map: Map<OutboxTarget, OutboxDoc[]>, target: OutboxTarget, rows: OutboxDoc[]): void {
  const list = map.get(target);
  if (list) list.push(...rows);
  else map.set(target, [...rows]);
}

/**
 * Reserves `count` seq numbers per aggregate; returns each aggregate's last reserved number. One
 * aggregate costs one findAndModify; several cost one bulk `$inc` and one read of the counters
 * (the transaction reads its own writes), so the round trips do not grow with the aggregates.
 */
async function reserveSeqs(
  conn: Connection,
  session: ClientSession,
  counts: Map<string, number>,
): Promise<Map<string, number>> {
  const counters = conn.collection<OutboxSeqDoc>('outbox_seq');
  const [only, ...more] = counts;
  if (only && more.length === 0) {
    const [aggregateId, count] = only;
    const doc = await counters.findOneAndUpdate(
      { _id: aggregateId },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after', session },
    );
    return new Map([[aggregateId, doc?.seq ?? count]]);
  }
  await counters.bulkWrite(
    [...counts].map(([_id, count]) => ({
      updateOne: { filter: { _id }, update: { $inc: { seq: count } }, upsert: true },
    })),
    { session, ordered: true },
  );
  const docs = await counters.find({ _id: { $in: [...counts.keys()] } }, { session }).toArray();
  return new Map(docs.map((d) => [d._id, d.seq]));
}

/**
 * Writes a transaction's rows in a fixed number of commands however many there are: the seq
 * reservation (reserveSeqs) and one insertMany. Rows keep their publish order inside an
 * aggregate. The counter write is also what makes two transactions publishing for one aggregate
 * conflict, so seq order is commit order.
 */
async function writeRows(conn: Connection, session: ClientSession, rows: OutboxDoc[]): Promise<void> {
  const byAggregate = new Map<string, OutboxDoc[]>();
  for (const row of rows)
    byAggregate.set(row.aggregateId, [...(byAggregate.get(row.aggregateId) ?? []), row]);
  const last = await reserveSeqs(conn, session, new Map([...byAggregate].map(([a, l]) => [a, l.length])));
  for (const [aggregateId, list] of byAggregate) {
    const first = (last.get(aggregateId) ?? list.length) - list.length + 1;
    list.forEach((row, i) => (row.seq = first + i));
  }
  // insertMany may add fields to the objects it is given; the relay keeps its own copies
  await conn.collection<OutboxDoc>('outbox').insertMany(
    rows.map((r) => ({ ...r })),
    { session, ordered: true },
  );
}

/**
 * Stages an event row on the session: it is written just before the transaction commits (all
 * of the attempt's rows at once, see writeRows) and handed to the local relay right after the
 * commit succeeds, so the relay can send it without reading the outbox back. Rows of an attempt
 * that aborts or restarts (withTransaction retries) are dropped: they are events that never
 * happened. Hooking the session's own commit/abort/start methods makes this work for any way of
 * driving the transaction, not only @hebing/db's withTransaction.
 */
export function stageRow(session: ClientSession, target: OutboxTarget, row: OutboxDoc): void {
  const tagged = session as ClientSession & { [STAGED]?: Staged };
  let state = tagged[STAGED];
  if (!state) {
    const s: Staged = { staged: new Map(), written: new Map() };
    state = s;
    tagged[STAGED] = s;
    const clear = () => {
      s.staged.clear();
      s.written.clear();
    };
    const commit = session.commitTransaction.bind(session);
    const abort = session.abortTransaction.bind(session);
    const start = session.startTransaction.bind(session);
    session.commitTransaction = async (...args: Parameters<ClientSession['commitTransaction']>) => {
      // a commit retried after an unknown outcome finds nothing staged: the rows are written
      const toWrite = [...s.staged];
      s.staged.clear();
      for (const [t, rows] of toWrite) {
        await writeRows(t.conn, session, rows);
        push(s.written, t, rows);
      }
      const result = await commit(...args);
      const done = [...s.written];
      s.written.clear();
      for (const [t, rows] of done) t.nudge(rows);
      return result;
    };
    session.abortTransaction = async (...args: Parameters<ClientSession['abortTransaction']>) => {
      clear();
      return abort(...args);
    };
    session.startTransaction = (options) => {
      clear();
      start(options);
    };
  }
  push(state.staged, target, [row]);
}

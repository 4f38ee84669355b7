import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema, type Model } from 'mongoose';
import { AppError } from '@hebing/contracts';
import { hasErrorLabel, withTransaction, TRANSIENT_TRANSACTION_ERROR } from '../src';
import { barrier, openTestDb, type DbFixture } from './helpers';

interface CounterDoc {
  _id: string;
  n: number;
}

let db: DbFixture;
let Counter: Model<CounterDoc>;

beforeAll(async () => {
  db = await openTestDb('tx');
  Counter = db.conn.model<CounterDoc>(
    'Counter',
    new Schema<CounterDoc>({ _id: String, n: Number }),
    'counters',
  );
  await Counter.createCollection();
});
afterAll(() => db.close());

/** Read-modify-write: without conflict detection and retry, two of these lose an update. */
function increment(id: string, gate: () => Promise<void>, calls: { n: number }, maxAttempts?: number) {
  let first = true;
  return withTransaction(
    db.conn,
    async (session) => {
      calls.n++;
      const doc = await Counter.findById(id).session(session).lean();
      if (first) {
        first = false;
        await gate();
      }
      await Counter.updateOne({ _id: id }, { $set: { n: (doc?.n ?? 0) + 1 } }, { session });
    },
    maxAttempts === undefined ? {} : { maxAttempts },
  );
}

describe('withTransaction', () => {
  it('retries a real write conflict so no update is lost', async () => {
    await Counter.create({ _id: 'a', n: 0 });
    const calls = { n: 0 };
    const gate = barrier(2);
    await Promise.all([increment('a', gate, calls), increment('a', gate, calls)]);
    expect((await Counter.findById('a').lean())?.n).toBe(2);
    expect(calls.n).toBeGreaterThan(2); // at least one attempt was retried
  });

  it('surfaces the transient error once attempts are exhausted', async () => {
    await Counter.create({ _id: 'b', n: 0 });
    const calls = { n: 0 };
    const gate = barrier(2);
    const results = await Promise.allSettled([
      increment('b', gate, calls, 1),
      increment('b', gate, calls, 1),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const reason: unknown = rejected[0]?.status === 'rejected' ? rejected[0].reason : undefined;
    expect(hasErrorLabel(reason, TRANSIENT_TRANSACTION_ERROR)).toBe(true);
    expect((await Counter.findById('b').lean())?.n).toBe(1);
  });

  it('does not retry a domain error and rolls back its writes', async () => {
    await Counter.create({ _id: 'c', n: 0 });
    let calls = 0;
    await expect(
      withTransaction(db.conn, async (session) => {
        calls++;
        await Counter.updateOne({ _id: 'c' }, { $set: { n: 99 } }, { session });
        throw new AppError('CONFLICT', 'refused');
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(calls).toBe(1);
    expect((await Counter.findById('c').lean())?.n).toBe(0);
  });

  it('returns the callback result after commit', async () => {
    const out = await withTransaction(db.conn, async (session) => {
      await Counter.create([{ _id: 'd', n: 5 }], { session });
      return 'done';
    });
    expect(out).toBe('done');
    expect((await Counter.findById('d').lean())?.n).toBe(5);
  });
});

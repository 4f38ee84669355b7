import { Long, UUID } from 'bson';
import type { Collection, Db } from 'mongodb';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../raw-client';
import { errorOf, sleep, startTarget, type Target, type Loose } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

/** A fresh database with collection `c` created up front (DDL inside a txn is not the point). */
async function fresh(prefix: string, docs: Loose[] = []): Promise<{ db: Db; c: Collection<Loose> }> {
  const db = t.db(prefix);
  const c = await db.createCollection<Loose>('c');
  if (docs.length > 0) await c.insertMany(docs);
  return { db, c };
}

describe('transactions', () => {
  it('commits every write of the transaction together', async () => {
    const { c } = await fresh('txn_commit', [
      { _id: 'acct1', bal: 100 },
      { _id: 'acct2', bal: 0 },
    ]);
    const session = t.client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.updateOne({ _id: 'acct1' }, { $inc: { bal: -30 } }, { session });
        await c.updateOne({ _id: 'acct2' }, { $inc: { bal: 30 } }, { session });
        await c.insertOne({ _id: 'log1', amount: 30 }, { session });
      });
    } finally {
      await session.endSession();
    }
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'acct1', bal: 70 },
      { _id: 'acct2', bal: 30 },
      { _id: 'log1', amount: 30 },
    ]);
  });

  it('discards every write on abort', async () => {
    const { c } = await fresh('txn_abort', [{ _id: 1, n: 1 }]);
    const session = t.client.startSession();
    session.startTransaction();
    await c.insertOne({ _id: 2 }, { session });
    await c.updateOne({ _id: 1 }, { $set: { n: 99 } }, { session });
    await c.deleteOne({ _id: 1 }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await c.find().toArray()).toEqual([{ _id: 1, n: 1 }]);
  });

  it('keeps uncommitted writes invisible outside the transaction', async () => {
    const { c } = await fresh('txn_isolation', [{ _id: 1, n: 1 }]);
    const session = t.client.startSession();
    session.startTransaction();
    await c.insertOne({ _id: 2, n: 2 }, { session });
    await c.updateOne({ _id: 1 }, { $set: { n: 10 } }, { session });
    expect(await c.countDocuments({}, { session })).toBe(2);
    expect(await c.countDocuments()).toBe(1);
    expect((await c.findOne({ _id: 1 }))?.n).toBe(1);
    expect((await c.findOne({ _id: 1 }, { session }))?.n).toBe(10);
    await session.commitTransaction();
    await session.endSession();
    expect(await c.countDocuments()).toBe(2);
    expect((await c.findOne({ _id: 1 }))?.n).toBe(10);
  });

  it('reads one stable snapshot inside a transaction', async () => {
    const { c } = await fresh('txn_snapshot', [
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ]);
    const session = t.client.startSession();
    session.startTransaction();
    expect((await c.findOne({ _id: 1 }, { session }))?.n).toBe(1);
    await c.updateOne({ _id: 2 }, { $set: { n: 20 } });
    await c.insertOne({ _id: 3, n: 3 });
    expect((await c.findOne({ _id: 2 }, { session }))?.n).toBe(2);
    expect(await c.countDocuments({}, { session })).toBe(2);
    const agg = await c.aggregate([{ $group: { _id: null, s: { $sum: '$n' } } }], { session }).toArray();
    expect(agg[0]?.s).toBe(3);
    await session.commitTransaction();
    await session.endSession();
    expect((await c.findOne({ _id: 2 }))?.n).toBe(20);
  });

  it('fails a write-write conflict between transactions with WriteConflict (112), transient', async () => {
    const { c } = await fresh('txn_conflict', [{ _id: 1, n: 0 }]);
    const a = t.client.startSession();
    const b = t.client.startSession();
    a.startTransaction();
    b.startTransaction();
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: a });
    const err = await errorOf(() => c.updateOne({ _id: 1 }, { $inc: { n: 100 } }, { session: b }));
    expect(err).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect(
      (err as unknown as { hasErrorLabel(l: string): boolean }).hasErrorLabel('TransientTransactionError'),
    ).toBe(true);
    await a.commitTransaction();
    await b.abortTransaction();
    await a.endSession();
    await b.endSession();
    expect((await c.findOne({ _id: 1 }))?.n).toBe(1);
  });

  it('fails a transaction that writes a document changed after its snapshot', async () => {
    const { c } = await fresh('txn_stale', [{ _id: 1, n: 0 }]);
    const s = t.client.startSession();
    s.startTransaction();
    expect((await c.findOne({ _id: 1 }, { session: s }))?.n).toBe(0);
    await c.updateOne({ _id: 1 }, { $set: { n: 5 } });
    expect(await errorOf(() => c.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: s }))).toMatchObject({
      code: 112,
    });
    await s.abortTransaction();
    await s.endSession();
    expect((await c.findOne({ _id: 1 }))?.n).toBe(5);
  });

  it('lets a plain write to a document a transaction holds wait for the commit', async () => {
    const { c } = await fresh('txn_blocking', [{ _id: 1, n: 0 }]);
    const s = t.client.startSession();
    s.startTransaction();
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: s });
    const outside = c.updateOne({ _id: 1 }, { $inc: { n: 10 } });
    await sleep(200);
    await s.commitTransaction();
    await s.endSession();
    expect((await outside).modifiedCount).toBe(1);
    expect((await c.findOne({ _id: 1 }))?.n).toBe(11);
  });

  it('mongoose connection.transaction() retries after a write conflict and succeeds', async () => {
    const conn = await t.mongoose('txn_mongoose');
    const Account = conn.model('Account', new Schema({ _id: String, bal: Number }));
    await Account.createCollection();
    await Account.create({ _id: 'x', bal: 10 });
    const blocker = t.client.startSession();
    blocker.startTransaction();
    const raw = t.client.db(conn.name).collection<{ _id: string; bal: number }>('accounts');
    await raw.updateOne({ _id: 'x' }, { $inc: { bal: 5 } }, { session: blocker });
    let attempts = 0;
    await conn.transaction(async (session) => {
      attempts++;
      try {
        await Account.updateOne({ _id: 'x' }, { $inc: { bal: 1 } }, { session });
      } catch (e) {
        // First attempt hits the blocker's uncommitted write; let it commit, then retry.
        if (blocker.inTransaction()) await blocker.commitTransaction();
        throw e;
      }
    });
    await blocker.endSession();
    expect(attempts).toBe(2);
    expect((await Account.findById('x').lean())?.bal).toBe(16);
  });

  it('answers NoSuchTransaction (251) for a transaction the server does not know', async () => {
    const dbName = t.dbName('txn_nosuch');
    const raw = await RawConnection.open(t.uri);
    try {
      const lsid = { id: new UUID() };
      const commit = await raw.command({
        commitTransaction: 1,
        lsid,
        txnNumber: Long.fromNumber(4),
        autocommit: false,
        $db: 'admin',
      });
      expect(commit).toMatchObject({ ok: 0, code: 251, codeName: 'NoSuchTransaction' });
      expect(commit.errorLabels).toContain('TransientTransactionError');
      const find = await raw.command({
        find: 'c',
        filter: {},
        lsid,
        txnNumber: Long.fromNumber(5),
        autocommit: false,
        $db: dbName,
      });
      expect(find).toMatchObject({ ok: 0, code: 251 });
    } finally {
      raw.close();
    }
  });

  it('aborts a transaction open longer than transactionLifetimeLimitSeconds', async () => {
    const { c } = await fresh('txn_lifetime');
    const admin = t.client.db('admin');
    // MongoDB's own knob (default 60 s), so the same test holds on a real server.
    const before = await admin.command({ getParameter: 1, transactionLifetimeLimitSeconds: 1 });
    await admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 1 });
    const s = t.client.startSession();
    try {
      s.startTransaction();
      await c.insertOne({ _id: 'late' }, { session: s });
      await sleep(3_500);
      expect(await errorOf(() => s.commitTransaction())).toMatchObject({ code: 251 });
      expect(await c.countDocuments({ _id: 'late' })).toBe(0);
    } finally {
      await s.endSession();
      await admin.command({
        setParameter: 1,
        transactionLifetimeLimitSeconds: before.transactionLifetimeLimitSeconds as number,
      });
    }
  }, 20_000);
});

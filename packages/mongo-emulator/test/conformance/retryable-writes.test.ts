import { Long, UUID, type Document } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../raw-client';
import { startTarget, type Target, type Loose } from '../helpers';

let t: Target;
let raw: RawConnection;
beforeAll(async () => {
  t = await startTarget();
  raw = await RawConnection.open(t.uri);
});
afterAll(async () => {
  raw.close();
  await t.stop();
});

const newLsid = (): Document => ({ id: new UUID() });

describe('retryable writes', () => {
  it('applies an update resent with the same lsid + txnNumber only once', async () => {
    const dbName = t.dbName('retry_update');
    await t.client.db(dbName).collection<Loose>('c').insertOne({ _id: 1, n: 0 });
    const lsid = newLsid();
    const cmd = {
      update: 'c',
      updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }],
      lsid,
      txnNumber: Long.fromNumber(1),
      $db: dbName,
    };
    const first = await raw.command(cmd);
    const again = await raw.command(cmd);
    expect(first).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect(again).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect((await t.client.db(dbName).collection<Loose>('c').findOne({ _id: 1 }))?.n).toBe(1);
    // A new txnNumber is a new write.
    await raw.command({ ...cmd, txnNumber: Long.fromNumber(2) });
    expect((await t.client.db(dbName).collection<Loose>('c').findOne({ _id: 1 }))?.n).toBe(2);
    // Another session's txnNumber 1 is its own write.
    await raw.command({ ...cmd, lsid: newLsid() });
    expect((await t.client.db(dbName).collection<Loose>('c').findOne({ _id: 1 }))?.n).toBe(3);
  });

  it('answers a retried insert with its first result instead of a duplicate key error', async () => {
    const dbName = t.dbName('retry_insert');
    const cmd = {
      insert: 'c',
      documents: [{ _id: 'a' }, { _id: 'b' }],
      lsid: newLsid(),
      txnNumber: Long.fromNumber(7),
      $db: dbName,
    };
    expect(await raw.command(cmd)).toMatchObject({ ok: 1, n: 2 });
    const again = await raw.command(cmd);
    expect(again).toMatchObject({ ok: 1, n: 2 });
    expect(again.writeErrors).toBeUndefined();
    expect(await t.client.db(dbName).collection<Loose>('c').countDocuments()).toBe(2);
  });

  it('returns the first result of a retried findAndModify', async () => {
    const dbName = t.dbName('retry_fam');
    await t.client.db(dbName).collection<Loose>('c').insertOne({ _id: 1, n: 10 });
    const cmd = {
      findAndModify: 'c',
      query: { _id: 1 },
      update: { $inc: { n: 5 } },
      new: true,
      lsid: newLsid(),
      txnNumber: Long.fromNumber(3),
      $db: dbName,
    };
    const first = await raw.command(cmd);
    const again = await raw.command(cmd);
    expect(first.value).toEqual({ _id: 1, n: 15 });
    expect(again.value).toEqual({ _id: 1, n: 15 });
    expect((await t.client.db(dbName).collection<Loose>('c').findOne({ _id: 1 }))?.n).toBe(15);
  });

  it('does not replay a delete twice', async () => {
    const dbName = t.dbName('retry_delete');
    await t.client
      .db(dbName)
      .collection<Loose>('c')
      .insertMany([{ k: 1 }, { k: 1 }, { k: 1 }]);
    const cmd = {
      delete: 'c',
      deletes: [{ q: { k: 1 }, limit: 1 }],
      lsid: newLsid(),
      txnNumber: Long.fromNumber(1),
      $db: dbName,
    };
    expect(await raw.command(cmd)).toMatchObject({ ok: 1, n: 1 });
    expect(await raw.command(cmd)).toMatchObject({ ok: 1, n: 1 });
    expect(await t.client.db(dbName).collection<Loose>('c').countDocuments()).toBe(2);
  });

  it('lets the driver write with retryWrites on (txnNumber attached)', async () => {
    const c = t.db('retry_driver').collection<Loose>('c');
    const res = await c.insertOne({ x: 1 });
    await c.updateOne({ _id: res.insertedId }, { $inc: { x: 1 } });
    expect((await c.findOne({ _id: res.insertedId }))?.x).toBe(2);
  });
});

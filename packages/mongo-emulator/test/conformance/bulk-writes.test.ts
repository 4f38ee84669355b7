import { MongoBulkWriteError, type Document } from 'mongodb';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTarget, type Target, type Loose } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

describe('bulk writes', () => {
  it('ordered insertMany stops at the first error and reports its index', async () => {
    const c = t.db('bulk_ordered').collection<Loose>('c');
    const err = await errorOf(() => c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }]));
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as unknown as MongoBulkWriteError;
    const errs = [bulk.writeErrors].flat();
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ index: 2, code: 11000 });
    expect(bulk.result.insertedCount).toBe(2);
    expect((await c.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2]);
  });

  it('unordered insertMany carries on and reports every failing index', async () => {
    const c = t.db('bulk_unordered').collection<Loose>('c');
    const err = await errorOf(() =>
      c.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], { ordered: false }),
    );
    const bulk = err as unknown as MongoBulkWriteError;
    const errs = [bulk.writeErrors].flat();
    expect(errs.map((e) => e.index)).toEqual([1, 3]);
    expect(errs.every((e) => e.code === 11000)).toBe(true);
    expect(bulk.result.insertedCount).toBe(3);
    expect(await c.countDocuments()).toBe(3);
  });

  it('mixes operations in bulkWrite and reports counts and upserted ids', async () => {
    const c = t.db('bulk_mixed').collection<Loose>('c');
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ]);
    const res = await c.bulkWrite([
      { insertOne: { document: { _id: 3, n: 3 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { n: 10 } } } },
      { updateMany: { filter: { n: { $gte: 2 } }, update: { $set: { big: true } } } },
      { updateOne: { filter: { _id: 9 }, update: { $set: { n: 9 } }, upsert: true } },
      { replaceOne: { filter: { _id: 2 }, replacement: { n: 20 } } },
      { deleteOne: { filter: { _id: 3 } } },
    ]);
    expect(res).toMatchObject({
      insertedCount: 1,
      matchedCount: 5,
      modifiedCount: 5,
      deletedCount: 1,
      upsertedCount: 1,
    });
    expect(res.upsertedIds).toEqual({ 3: 9 });
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, n: 11, big: true },
      { _id: 2, n: 20 },
      { _id: 9, n: 9 },
    ]);
  });

  it('ordered bulkWrite stops after a failing update; unordered continues', async () => {
    const db = t.db('bulk_update_err');
    await db.collection<Loose>('c').createIndex({ k: 1 }, { unique: true });
    await db.collection<Loose>('c').insertMany([
      { _id: 1, k: 'a' },
      { _id: 2, k: 'b' },
    ]);
    const ops = [
      { updateOne: { filter: { _id: 1 }, update: { $set: { k: 'b' } } } },
      { updateOne: { filter: { _id: 2 }, update: { $set: { touched: true } } } },
    ];
    const ordered = (await errorOf(() =>
      db.collection<Loose>('c').bulkWrite(ops),
    )) as unknown as MongoBulkWriteError;
    expect([ordered.writeErrors].flat()[0]).toMatchObject({ index: 0, code: 11000 });
    expect(await db.collection<Loose>('c').countDocuments({ touched: true })).toBe(0);
    const unordered = (await errorOf(() =>
      db.collection<Loose>('c').bulkWrite(ops, { ordered: false }),
    )) as unknown as MongoBulkWriteError;
    expect([unordered.writeErrors].flat().map((e) => e.index)).toEqual([0]);
    expect(await db.collection<Loose>('c').countDocuments({ touched: true })).toBe(1);
  });

  it('reports writeErrors with index in the raw insert command reply', async () => {
    const db = t.db('bulk_raw');
    const reply: Document = await db.command({
      insert: 'c',
      documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }],
      ordered: false,
    });
    expect(reply.ok).toBe(1);
    expect(reply.n).toBe(2);
    const errs = reply.writeErrors as Document[];
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ index: 1, code: 11000 });
    expect(String(errs[0]?.errmsg)).toMatch(/E11000 duplicate key error/);
  });

  it('runs mongoose insertMany and bulkWrite', async () => {
    const conn = await t.mongoose('bulk_mongoose');
    const Item = conn.model('Item', new Schema({ code: { type: String, unique: true }, n: Number }));
    await Item.init();
    const docs = await Item.insertMany(
      Array.from({ length: 1500 }, (_, i) => ({ code: `c${i}`, n: i })),
      { lean: true },
    );
    expect(docs).toHaveLength(1500);
    const err = await errorOf(() =>
      Item.insertMany([{ code: 'new1' }, { code: 'c5' }, { code: 'new2' }], { ordered: false }),
    );
    expect(err).toMatchObject({ code: 11000 });
    expect(await Item.countDocuments()).toBe(1502);
    const res = await Item.bulkWrite([
      { updateOne: { filter: { code: 'c1' }, update: { $set: { n: -1 } } } },
      { deleteMany: { filter: { n: { $gte: 1000 } } } },
    ]);
    expect(res.modifiedCount).toBe(1);
    expect(res.deletedCount).toBe(500);
  });
});

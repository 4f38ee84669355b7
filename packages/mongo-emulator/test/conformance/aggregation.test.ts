import type { Db, Document } from 'mongodb';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target, type Loose } from '../helpers';

let t: Target;
let db: Db;
beforeAll(async () => {
  t = await startTarget();
  db = t.db('agg');
  await db.collection<Loose>('orders').insertMany([
    { _id: 1, cust: 'a', item: 'pen', qty: 2, price: 3, tags: ['x', 'y'] },
    { _id: 2, cust: 'b', item: 'ink', qty: 1, price: 10, tags: ['y'] },
    { _id: 3, cust: 'a', item: 'ink', qty: 5, price: 10, tags: [] },
    { _id: 4, cust: 'c', item: 'pad', qty: 4, price: 2, tags: ['x'] },
  ]);
  await db.collection<Loose>('customers').insertMany([
    { _id: 'a', name: 'Ann', town: 'North' },
    { _id: 'b', name: 'Bo', town: 'South' },
    { _id: 'c', name: 'Cy', town: 'North' },
  ]);
});
afterAll(async () => {
  await t.stop();
});

const agg = (pipeline: Document[], coll = 'orders'): Promise<Document[]> =>
  db.collection<Loose>(coll).aggregate(pipeline).toArray();

describe('aggregation stages', () => {
  it('$match, $group with accumulators, $sort', async () => {
    const out = await agg([
      { $match: { qty: { $gte: 2 } } },
      {
        $group: {
          _id: '$cust',
          total: { $sum: { $multiply: ['$qty', '$price'] } },
          n: { $sum: 1 },
          items: { $push: '$item' },
          maxQ: { $max: '$qty' },
          avg: { $avg: '$qty' },
          first: { $first: '$item' },
        },
      },
      { $sort: { total: -1 } },
    ]);
    expect(out).toEqual([
      { _id: 'a', total: 56, n: 2, items: ['pen', 'ink'], maxQ: 5, avg: 3.5, first: 'pen' },
      { _id: 'c', total: 8, n: 1, items: ['pad'], maxQ: 4, avg: 4, first: 'pad' },
    ]);
    const all = await agg([{ $group: { _id: null, items: { $addToSet: '$item' }, q: { $sum: '$qty' } } }]);
    expect(all[0]?.q).toBe(12);
    expect([...(all[0]?.items as string[])].sort()).toEqual(['ink', 'pad', 'pen']);
  });

  it('$project, $addFields, $set, $unset', async () => {
    const out = await agg([
      { $sort: { _id: 1 } },
      { $limit: 2 },
      { $project: { item: 1, cost: { $multiply: ['$qty', '$price'] } } },
      { $addFields: { big: { $gt: ['$cost', 8] } } },
      { $set: { label: { $concat: ['$item', '!'] } } },
      { $unset: 'item' },
    ]);
    expect(out).toEqual([
      { _id: 1, cost: 6, big: false, label: 'pen!' },
      { _id: 2, cost: 10, big: true, label: 'ink!' },
    ]);
  });

  it('$unwind (plain, preserveNullAndEmptyArrays, includeArrayIndex)', async () => {
    const plain = await agg([
      { $unwind: '$tags' },
      { $project: { tags: 1 } },
      { $sort: { _id: 1, tags: 1 } },
    ]);
    expect(plain).toEqual([
      { _id: 1, tags: 'x' },
      { _id: 1, tags: 'y' },
      { _id: 2, tags: 'y' },
      { _id: 4, tags: 'x' },
    ]);
    const kept = await agg([
      { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } },
      { $match: { _id: { $in: [1, 3] } } },
      { $project: { tags: 1, i: 1 } },
      { $sort: { _id: 1, i: 1 } },
    ]);
    expect(kept).toEqual([
      { _id: 1, tags: 'x', i: 0 },
      { _id: 1, tags: 'y', i: 1 },
      { _id: 3, i: null },
    ]);
  });

  it('$lookup with localField/foreignField and with a pipeline', async () => {
    const simple = await agg([
      { $match: { _id: 2 } },
      { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
      { $project: { c: 1 } },
    ]);
    expect(simple).toEqual([{ _id: 2, c: [{ _id: 'b', name: 'Bo', town: 'South' }] }]);
    const piped = await agg(
      [
        { $match: { town: 'North' } },
        {
          $lookup: {
            from: 'orders',
            let: { id: '$_id' },
            pipeline: [
              { $match: { $expr: { $eq: ['$cust', '$$id'] } } },
              { $group: { _id: null, q: { $sum: '$qty' } } },
            ],
            as: 'o',
          },
        },
        { $project: { q: { $first: '$o.q' } } },
        { $sort: { _id: 1 } },
      ],
      'customers',
    );
    expect(piped).toEqual([
      { _id: 'a', q: 7 },
      { _id: 'c', q: 4 },
    ]);
  });

  it('$facet, $count, $skip, $limit', async () => {
    const [out] = await agg([
      {
        $facet: {
          total: [{ $count: 'n' }],
          page: [{ $sort: { _id: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }],
        },
      },
    ]);
    expect(out).toEqual({ total: [{ n: 4 }], page: [{ _id: 2 }, { _id: 3 }] });
    expect(await agg([{ $match: { qty: { $gt: 100 } } }, { $count: 'n' }])).toEqual([]);
  });

  it('$replaceRoot, $sortByCount, $bucket', async () => {
    const roots = await agg([
      { $sort: { _id: 1 } },
      { $limit: 1 },
      { $replaceRoot: { newRoot: { k: '$item', q: '$qty' } } },
    ]);
    expect(roots).toEqual([{ k: 'pen', q: 2 }]);
    const counted = await agg([{ $sortByCount: '$item' }]);
    expect(counted[0]).toEqual({ _id: 'ink', count: 2 });
    expect(counted).toHaveLength(3);
    const buckets = await agg([
      {
        $bucket: {
          groupBy: '$qty',
          boundaries: [0, 3, 10],
          default: 'other',
          output: { n: { $sum: 1 }, ids: { $push: '$_id' } },
        },
      },
    ]);
    expect(buckets).toEqual([
      { _id: 0, n: 2, ids: [1, 2] },
      { _id: 3, n: 2, ids: [3, 4] },
    ]);
  });

  it('$out replaces a collection and $merge upserts into one', async () => {
    await agg([{ $group: { _id: '$cust', q: { $sum: '$qty' } } }, { $out: 'totals' }]);
    const totals = await db.collection<Loose>('totals').find().sort({ _id: 1 }).toArray();
    expect(totals).toEqual([
      { _id: 'a', q: 7 },
      { _id: 'b', q: 1 },
      { _id: 'c', q: 4 },
    ]);
    await db.collection<Loose>('merged').insertOne({ _id: 'a', note: 'keep', q: 0 });
    await agg([
      { $group: { _id: '$cust', q: { $sum: '$qty' } } },
      { $merge: { into: 'merged', whenMatched: 'merge', whenNotMatched: 'insert' } },
    ]);
    expect(await db.collection<Loose>('merged').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', note: 'keep', q: 7 },
      { _id: 'b', q: 1 },
      { _id: 'c', q: 4 },
    ]);
  });

  it('is used by mongoose countDocuments and Model.aggregate', async () => {
    const conn = await t.mongoose('agg_mongoose');
    const Sale = conn.model('Sale', new Schema({ town: String, amount: Number }));
    await Sale.insertMany([
      { town: 'N', amount: 5 },
      { town: 'N', amount: 7 },
      { town: 'S', amount: 1 },
    ]);
    expect(await Sale.countDocuments({ town: 'N' })).toBe(2);
    const out = await Sale.aggregate<{ _id: string; sum: number }>([
      { $group: { _id: '$town', sum: { $sum: '$amount' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 'N', sum: 12 },
      { _id: 'S', sum: 1 },
    ]);
  });

  it('pages through a large aggregate result with getMore', async () => {
    const c = db.collection<Loose>('many');
    await c.insertMany(Array.from({ length: 450 }, (_, i) => ({ _id: i, g: i % 3 })));
    const rows = await c
      .aggregate([{ $match: { g: { $gte: 0 } } }, { $sort: { _id: 1 } }], { batchSize: 50 })
      .toArray();
    expect(rows).toHaveLength(450);
    expect(rows[449]).toEqual({ _id: 449, g: 2 });
  });
});

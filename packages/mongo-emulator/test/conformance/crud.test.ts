import { ObjectId, type Db } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target, type Loose } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

async function seeded(prefix: string): Promise<Db> {
  const db = t.db(prefix);
  await db.collection<Loose>('items').insertMany([
    { _id: 1, name: 'apple', qty: 5, tags: ['red', 'fruit'], price: 1.5, meta: { origin: 'cn' } },
    { _id: 2, name: 'banana', qty: 0, tags: ['yellow', 'fruit'], price: 0.5 },
    { _id: 3, name: 'carrot', qty: 12, tags: ['orange', 'veg'], price: 0.8, meta: { origin: 'nl' } },
    { _id: 4, name: 'daikon', qty: 3, tags: [], price: null },
  ]);
  return db;
}

const ids = (docs: Array<{ _id: unknown }>): unknown[] => docs.map((d) => d._id);

describe('CRUD through the driver', () => {
  it('inserts, finds by id and generates ObjectIds', async () => {
    const coll = t.db('crud_insert').collection<Loose>('c');
    const res = await coll.insertOne({ a: 1 });
    expect(res.insertedId).toBeInstanceOf(ObjectId);
    const many = await coll.insertMany([{ a: 2 }, { a: 3 }]);
    expect(many.insertedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(3);
    expect(await coll.findOne({ _id: res.insertedId })).toEqual({ _id: res.insertedId, a: 1 });
    expect(await coll.estimatedDocumentCount()).toBe(3);
  });

  it('filters with comparison, logical, element, array and regex operators', async () => {
    const c = (await seeded('crud_query')).collection<Loose>('items');
    const q = async (f: object) => ids(await c.find(f).sort({ _id: 1 }).toArray());
    expect(await q({ qty: { $gt: 3 } })).toEqual([1, 3]);
    expect(await q({ qty: { $gte: 3, $lte: 5 } })).toEqual([1, 4]);
    expect(await q({ qty: { $in: [0, 12] } })).toEqual([2, 3]);
    expect(await q({ qty: { $nin: [0, 12] } })).toEqual([1, 4]);
    expect(await q({ name: { $ne: 'apple' } })).toEqual([2, 3, 4]);
    expect(await q({ $or: [{ qty: 0 }, { name: 'daikon' }] })).toEqual([2, 4]);
    expect(await q({ $and: [{ qty: { $gt: 1 } }, { tags: 'fruit' }] })).toEqual([1]);
    expect(await q({ $nor: [{ tags: 'fruit' }] })).toEqual([3, 4]);
    expect(await q({ qty: { $not: { $gt: 3 } } })).toEqual([2, 4]);
    expect(await q({ meta: { $exists: false } })).toEqual([2, 4]);
    expect(await q({ price: null })).toEqual([4]);
    expect(await q({ price: { $type: 'double' } })).toEqual([1, 2, 3]);
    expect(await q({ tags: { $all: ['fruit', 'red'] } })).toEqual([1]);
    expect(await q({ tags: { $size: 0 } })).toEqual([4]);
    expect(await q({ tags: { $elemMatch: { $regex: '^ye' } } })).toEqual([2]);
    expect(await q({ name: /an/ })).toEqual([2]);
    expect(await q({ name: { $regex: '^C', $options: 'i' } })).toEqual([3]);
    expect(await q({ 'meta.origin': 'nl' })).toEqual([3]);
    // null * 10 is null and every number sorts above null, so daikon matches too.
    expect(await q({ $expr: { $gt: ['$qty', { $multiply: ['$price', 10] }] } })).toEqual([3, 4]);
  });

  it('projects, sorts, skips and limits', async () => {
    const c = (await seeded('crud_project')).collection<Loose>('items');
    const docs = await c
      .find({}, { projection: { name: 1, _id: 0 } })
      .sort({ qty: -1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(docs).toEqual([{ name: 'apple' }, { name: 'daikon' }]);
    const excl = await c.findOne({ _id: 1 }, { projection: { tags: 0, meta: 0 } });
    expect(excl).toEqual({ _id: 1, name: 'apple', qty: 5, price: 1.5 });
    const slice = await c.findOne({ _id: 1 }, { projection: { tags: { $slice: 1 }, name: 1 } });
    expect(slice).toEqual({ _id: 1, name: 'apple', tags: ['red'] });
    expect((await c.distinct('tags', { qty: { $gt: 0 } })).sort()).toEqual(['fruit', 'orange', 'red', 'veg']);
  });

  it('applies field update operators', async () => {
    const c = (await seeded('crud_update')).collection<Loose>('items');
    await c.updateOne({ _id: 1 }, { $set: { 'meta.grade': 'A' }, $inc: { qty: 2 }, $unset: { price: '' } });
    await c.updateOne(
      { _id: 1 },
      { $mul: { qty: 3 }, $rename: { name: 'title' }, $min: { low: 4 }, $max: { high: 9 } },
    );
    await c.updateOne({ _id: 1 }, { $min: { low: 2 }, $max: { high: 3 }, $currentDate: { touched: true } });
    const doc = await c.findOne({ _id: 1 });
    expect(doc).toMatchObject({
      _id: 1,
      title: 'apple',
      qty: 21,
      low: 2,
      high: 9,
      meta: { origin: 'cn', grade: 'A' },
    });
    expect(doc?.price).toBeUndefined();
    expect(doc?.touched).toBeInstanceOf(Date);
    const many = await c.updateMany({ tags: 'fruit' }, { $set: { fruit: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const noop = await c.updateOne({ _id: 2 }, { $set: { fruit: true } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
  });

  it('applies array update operators', async () => {
    const c = (await seeded('crud_array')).collection<{ _id: number; tags: string[]; log?: number[] }>(
      'items',
    );
    await c.updateOne({ _id: 4 }, { $push: { tags: { $each: ['b', 'a', 'c'], $sort: 1 } } });
    expect((await c.findOne({ _id: 4 }))?.tags).toEqual(['a', 'b', 'c']);
    await c.updateOne({ _id: 4 }, { $addToSet: { tags: { $each: ['a', 'z'] } } });
    await c.updateOne({ _id: 4 }, { $pull: { tags: 'b' } });
    await c.updateOne({ _id: 4 }, { $pop: { tags: -1 } });
    expect((await c.findOne({ _id: 4 }))?.tags).toEqual(['c', 'z']);
    await c.updateOne(
      { _id: 4 },
      { $pullAll: { tags: ['c'] }, $push: { log: { $each: [1, 2, 3], $slice: -2 } } },
    );
    expect(await c.findOne({ _id: 4 }, { projection: { tags: 1, log: 1 } })).toEqual({
      _id: 4,
      tags: ['z'],
      log: [2, 3],
    });
  });

  it('upserts with $setOnInsert only applied on insert', async () => {
    const c = t
      .db('crud_upsert')
      .collection<{ _id: string; n?: number; created?: string; seen?: number }>('c');
    const first = await c.updateOne(
      { _id: 'k' },
      { $setOnInsert: { created: 'first' }, $inc: { seen: 1 } },
      { upsert: true },
    );
    expect(first.upsertedId).toBe('k');
    await c.updateOne(
      { _id: 'k' },
      { $setOnInsert: { created: 'second' }, $inc: { seen: 1 } },
      { upsert: true },
    );
    expect(await c.findOne({ _id: 'k' })).toEqual({ _id: 'k', created: 'first', seen: 2 });
  });

  it('seeds an upsert from the equality fields of the filter', async () => {
    const c = t.db('crud_upsert_seed').collection<Loose>('c');
    const res = await c.updateOne(
      { code: 'x', n: { $gt: 1 }, 'a.b': 2 },
      { $set: { v: 1 } },
      { upsert: true },
    );
    const doc = await c.findOne({ _id: res.upsertedId ?? undefined });
    expect(doc).toMatchObject({ code: 'x', a: { b: 2 }, v: 1 });
    expect(doc?.n).toBeUndefined();
  });

  it('updates array elements with positional $, $[] and $[<id>] + arrayFilters', async () => {
    const c = t.db('crud_positional').collection<Loose>('c');
    await c.insertOne({
      _id: 1,
      grades: [80, 85, 90],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
        { k: 'c', v: 3 },
      ],
    });
    await c.updateOne({ _id: 1, grades: 85 }, { $set: { 'grades.$': 86 } });
    await c.updateOne({ _id: 1, 'items.k': 'b' }, { $inc: { 'items.$.v': 10 } });
    await c.updateOne({ _id: 1 }, { $inc: { 'grades.$[]': 1 } });
    await c.updateOne(
      { _id: 1 },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.v': { $gte: 3 } }] },
    );
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      grades: [81, 87, 91],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 12, flag: true },
        { k: 'c', v: 3, flag: true },
      ],
    });
  });

  it('runs update pipelines', async () => {
    const c = (await seeded('crud_pipeline')).collection<Loose>('items');
    await c.updateMany({ qty: { $gt: 0 } }, [
      { $set: { total: { $multiply: ['$qty', 2] }, name: { $toUpper: '$name' } } },
      { $unset: 'tags' },
    ]);
    expect(await c.findOne({ _id: 3 })).toEqual({
      _id: 3,
      name: 'CARROT',
      qty: 12,
      total: 24,
      price: 0.8,
      meta: { origin: 'nl' },
    });
    expect((await c.findOne({ _id: 2 }))?.tags).toEqual(['yellow', 'fruit']);
  });

  it('replaces and deletes', async () => {
    const c = (await seeded('crud_replace')).collection<Loose>('items');
    const r = await c.replaceOne({ _id: 2 }, { name: 'plantain' });
    expect(r.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, name: 'plantain' });
    expect((await c.deleteOne({ qty: { $gt: 0 } })).deletedCount).toBe(1);
    expect((await c.deleteMany({ qty: { $gte: 0 } })).deletedCount).toBe(2);
    expect(ids(await c.find().toArray())).toEqual([2]);
  });

  it('rejects changing _id', async () => {
    const c = (await seeded('crud_immutable')).collection<Loose>('items');
    await expect(c.updateOne({ _id: 1 }, { $set: { _id: 99 } })).rejects.toMatchObject({ code: 66 });
  });
});

describe('CRUD through mongoose', () => {
  it('saves, queries, updates and deletes documents of a schema', async () => {
    const conn = await t.mongoose('crud_mongoose');
    const Person = conn.model(
      'Person',
      new Schema(
        { name: { type: String, required: true }, age: Number, tags: [String] },
        { timestamps: true },
      ),
    );
    const alice = await Person.create({ name: 'Alice', age: 30, tags: ['a'] });
    await Person.create([
      { name: 'Bob', age: 25 },
      { name: 'Chen', age: 41 },
    ]);
    expect(alice._id).toBeInstanceOf(mongoose.Types.ObjectId);
    const found = await Person.findById(alice._id).lean();
    expect(found).toMatchObject({ name: 'Alice', age: 30, tags: ['a'] });
    expect(found?.createdAt).toBeInstanceOf(Date);
    expect(await Person.countDocuments({ age: { $gte: 30 } })).toBe(2);
    alice.age = 31;
    await alice.save();
    expect((await Person.findOne({ name: 'Alice' }).lean())?.age).toBe(31);
    await Person.updateMany({}, { $inc: { age: 1 } });
    const names = (await Person.find().sort({ age: -1 }).select('name -_id').lean()).map((p) => p.name);
    expect(names).toEqual(['Chen', 'Alice', 'Bob']);
    await Person.deleteOne({ name: 'Bob' });
    expect(await Person.exists({ name: 'Bob' })).toBeNull();
    expect((await Person.distinct('name')).sort()).toEqual(['Alice', 'Chen']);
  });

  it('uses optimistic concurrency (version key) like MongoDB', async () => {
    const conn = await t.mongoose('crud_occ');
    const Doc = conn.model('Doc', new Schema({ n: Number }, { optimisticConcurrency: true }));
    const d = await Doc.create({ n: 1 });
    const a = await Doc.findById(d._id);
    const b = await Doc.findById(d._id);
    if (!a || !b) throw new Error('document missing');
    a.n = 2;
    await a.save();
    b.n = 3;
    await expect(b.save()).rejects.toThrow(/No matching document found|version/i);
  });
  it('populates references (find with $in on _id)', async () => {
    const conn = await t.mongoose('crud_populate');
    const Town = conn.model('Town', new Schema({ name: String }));
    const Village = conn.model(
      'Village',
      new Schema({ name: String, town: { type: Schema.Types.ObjectId, ref: 'Town' } }),
    );
    const [north, south] = await Town.create([{ name: 'North' }, { name: 'South' }]);
    await Village.create([
      { name: 'A', town: north?._id },
      { name: 'B', town: south?._id },
      { name: 'C', town: north?._id },
    ]);
    const villages = await Village.find()
      .sort({ name: 1 })
      .populate<{ town: { name: string } }>('town')
      .lean();
    expect(villages.map((v) => `${v.name}:${v.town.name}`)).toEqual(['A:North', 'B:South', 'C:North']);
  });
});

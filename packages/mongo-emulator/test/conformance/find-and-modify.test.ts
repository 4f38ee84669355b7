import type { Collection } from 'mongodb';
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

async function queue(prefix: string): Promise<Collection<Loose>> {
  const c = t.db(prefix).collection<Loose>('jobs');
  await c.insertMany([
    { _id: 1, state: 'ready', prio: 2, payload: 'a' },
    { _id: 2, state: 'ready', prio: 5, payload: 'b' },
    { _id: 3, state: 'done', prio: 9, payload: 'c' },
  ]);
  return c;
}

describe('findAndModify', () => {
  it('returns the document before or after the update', async () => {
    const c = await queue('fam_new');
    const before = await c.findOneAndUpdate({ _id: 1 }, { $set: { state: 'taken' } });
    expect(before).toMatchObject({ _id: 1, state: 'ready' });
    const after = await c.findOneAndUpdate(
      { _id: 2 },
      { $set: { state: 'taken' } },
      { returnDocument: 'after' },
    );
    expect(after).toMatchObject({ _id: 2, state: 'taken' });
  });

  it('picks the first document in sort order and projects fields', async () => {
    const c = await queue('fam_sort');
    const got = await c.findOneAndUpdate(
      { state: 'ready' },
      { $set: { state: 'taken' } },
      { sort: { prio: -1 }, projection: { payload: 1, _id: 0 }, returnDocument: 'after' },
    );
    expect(got).toEqual({ payload: 'b' });
    expect((await c.findOne({ _id: 2 }))?.state).toBe('taken');
    expect((await c.findOne({ _id: 1 }))?.state).toBe('ready');
  });

  it('upserts and returns the new document', async () => {
    const c = await queue('fam_upsert');
    const res = await c.findOneAndUpdate(
      { _id: 7 },
      { $set: { state: 'ready' }, $setOnInsert: { prio: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(res.value).toEqual({ _id: 7, state: 'ready', prio: 1 });
    expect(res.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 7 });
    const none = await c.findOneAndUpdate({ _id: 8 }, { $set: { x: 1 } }, { upsert: true });
    expect(none).toBeNull();
    expect(await c.countDocuments({ _id: 8 })).toBe(1);
  });

  it('removes and replaces', async () => {
    const c = await queue('fam_remove');
    const removed = await c.findOneAndDelete({ state: 'ready' }, { sort: { prio: 1 } });
    expect(removed?._id).toBe(1);
    expect(await c.countDocuments()).toBe(2);
    const replaced = await c.findOneAndReplace(
      { _id: 3 },
      { state: 'archived' },
      { returnDocument: 'after' },
    );
    expect(replaced).toEqual({ _id: 3, state: 'archived' });
    expect(await c.findOneAndDelete({ _id: 42 })).toBeNull();
  });

  it('speaks the raw command with new/remove/fields', async () => {
    const c = await queue('fam_raw');
    const db = t.client.db(c.dbName);
    const upd = await db.command({
      findAndModify: 'jobs',
      query: { _id: 1 },
      update: { $inc: { prio: 1 } },
      new: true,
      fields: { prio: 1 },
    });
    expect(upd.value).toEqual({ _id: 1, prio: 3 });
    expect(upd.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
    const rem = await db.command({ findAndModify: 'jobs', query: { state: 'done' }, remove: true });
    expect(rem.value).toMatchObject({ _id: 3 });
    expect(rem.lastErrorObject).toMatchObject({ n: 1 });
    const miss = await db.command({ findAndModify: 'jobs', query: { _id: 99 }, remove: true });
    expect(miss.value).toBeNull();
    expect(miss.lastErrorObject).toMatchObject({ n: 0 });
  });

  it('reports a duplicate key from findAndModify as E11000', async () => {
    const c = await queue('fam_dup');
    await c.createIndex({ payload: 1 }, { unique: true });
    const err = await errorOf(() => c.findOneAndUpdate({ _id: 1 }, { $set: { payload: 'b' } }));
    expect(err).toMatchObject({ code: 11000, keyValue: { payload: 'b' } });
  });

  it('backs mongoose findOneAndUpdate / findByIdAndDelete', async () => {
    const conn = await t.mongoose('fam_mongoose');
    const Counter = conn.model('Counter', new Schema({ _id: String, seq: Number }));
    const next = async (): Promise<number | null | undefined> =>
      (
        await Counter.findOneAndUpdate(
          { _id: 'order' },
          { $inc: { seq: 1 } },
          { upsert: true, new: true },
        ).lean()
      )?.seq;
    const got = await Promise.all(Array.from({ length: 20 }, next));
    expect(got.map((v) => v ?? 0).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const gone = await Counter.findByIdAndDelete('order').lean();
    expect(gone?.seq).toBe(20);
  });
});

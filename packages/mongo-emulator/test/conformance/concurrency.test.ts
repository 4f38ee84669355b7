import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Loose, type Target } from '../helpers';

let t: Target;
let pool: MongoClient;
beforeAll(async () => {
  t = await startTarget();
  pool = await new MongoClient(t.uri, { maxPoolSize: 40, minPoolSize: 20 }).connect();
});
afterAll(async () => {
  await pool.close();
  await t.stop();
});

describe('many concurrent connections', () => {
  it('applies concurrent $inc upserts exactly once each', async () => {
    const c = pool.db(t.dbName('conc_inc')).collection<Loose>('counters');
    await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        c.updateOne({ _id: `k${i % 10}` }, { $inc: { n: 1 } }, { upsert: true }),
      ),
    );
    const docs = await c.find().sort({ _id: 1 }).toArray();
    expect(docs).toHaveLength(10);
    expect(docs.every((d) => d.n === 60)).toBe(true);
  });

  it('hands each queued job to exactly one of many competing workers', async () => {
    const c = pool.db(t.dbName('conc_claim')).collection<Loose>('jobs');
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: i, state: 'ready' })));
    const claimed: number[] = [];
    await Promise.all(
      Array.from({ length: 25 }, async (_, w) => {
        for (;;) {
          const job = await c.findOneAndUpdate({ state: 'ready' }, { $set: { state: 'taken', by: w } });
          if (!job) return;
          claimed.push(job._id as number);
        }
      }),
    );
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
    expect(await c.countDocuments({ state: 'taken' })).toBe(200);
  });

  it('never shows a half-applied single-document update to parallel readers', async () => {
    const c = pool
      .db(t.dbName('conc_atomic'))
      .collection<{ _id: string; a: number; b: number; list: number[] }>('c');
    await c.insertOne({ _id: 'pair', a: 0, b: 0, list: [] });
    const writers = Array.from({ length: 200 }, (_, i) =>
      c.updateOne({ _id: 'pair' }, { $inc: { a: 1, b: 1 }, $push: { list: i } }),
    );
    const seen: Array<{ a: number; b: number; len: number }> = [];
    const readers = Array.from({ length: 100 }, async () => {
      const d = await c.findOne({ _id: 'pair' });
      seen.push({ a: d?.a ?? -1, b: d?.b ?? -2, len: d?.list.length ?? -3 });
    });
    await Promise.all([...writers, ...readers]);
    expect(seen.filter((s) => s.a !== s.b || s.a !== s.len)).toEqual([]);
    expect(await c.findOne({ _id: 'pair' })).toMatchObject({ a: 200, b: 200 });
  });
});

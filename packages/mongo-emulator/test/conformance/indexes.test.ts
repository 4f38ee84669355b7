import type { Document } from 'mongodb';
import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, sleep, startTarget, type Target, type Loose, indexSpecs } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

/** Every index name the winning plan of an explain output mentions (any stage nesting). */
function indexesUsed(explain: Document): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Document;
      if (typeof o.indexName === 'string') names.push(o.indexName);
      for (const v of Object.values(o)) walk(v);
    }
  };
  const stages = explain.stages as Array<{ $cursor?: Document }> | undefined;
  const planner = (explain.queryPlanner ?? stages?.[0]?.$cursor?.queryPlanner) as Document | undefined;
  walk(planner?.winningPlan);
  return names;
}

describe('indexes', () => {
  it('creates, lists and drops single and compound indexes', async () => {
    const c = t.db('idx_list').collection<Loose>('c');
    await c.insertOne({ a: 1, b: 2 });
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    expect(await c.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    const list: Document[] = await indexSpecs(c);
    const names = (l: Document[]): string[] => l.map((i) => String(i.name));
    expect(names(list).sort()).toEqual(['_id_', 'a_1', 'ab']);
    expect(list.find((i) => i.name === 'ab')?.key).toEqual({ a: 1, b: -1 });
    await c.dropIndex('a_1');
    expect(names(await indexSpecs(c)).sort()).toEqual(['_id_', 'ab']);
    await c.dropIndexes();
    expect(names(await indexSpecs(c))).toEqual(['_id_']);
    expect(await errorOf(() => c.dropIndex('nope'))).toMatchObject({ code: 27 });
  });

  it('rejects duplicates with E11000, keyPattern and keyValue (driver)', async () => {
    const c = t.db('idx_unique').collection<Loose>('c');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.cn' });
    const err = await errorOf(() => c.insertOne({ email: 'a@x.cn' }));
    expect(err).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.cn' } });
    expect(err.message).toMatch(
      /^E11000 duplicate key error collection: .*\.c index: email_1 dup key: \{ email: "a@x\.cn" \}/,
    );
    const existing = await c.findOne();
    const dupId = await errorOf(() => c.insertOne({ _id: existing?._id, email: 'other' }));
    expect(dupId).toMatchObject({ code: 11000, keyPattern: { _id: 1 } });
    await c.insertOne({ email: 'b@x.cn' });
    expect(
      await errorOf(() => c.updateOne({ email: 'b@x.cn' }, { $set: { email: 'a@x.cn' } })),
    ).toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(2);
  });

  it('surfaces E11000 to mongoose with keyPattern and keyValue', async () => {
    const conn = await t.mongoose('idx_mongoose');
    const User = conn.model('User', new Schema({ login: { type: String, unique: true }, town: String }));
    await User.init();
    await User.create({ login: 'wang', town: 'N' });
    const err = await errorOf(() => User.create({ login: 'wang', town: 'S' }));
    expect(err.name).toBe('MongoServerError');
    expect(err).toMatchObject({ code: 11000, keyPattern: { login: 1 }, keyValue: { login: 'wang' } });
  });

  it('refuses a unique index over existing duplicates', async () => {
    const c = t.db('idx_build_dup').collection<Loose>('c');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    expect(await errorOf(() => c.createIndex({ k: 1 }, { unique: true }))).toMatchObject({ code: 11000 });
  });

  it('compound unique indexes compare the whole key', async () => {
    const c = t.db('idx_compound_unique').collection<Loose>('c');
    await c.createIndex({ town: 1, code: 1 }, { unique: true });
    await c.insertMany([
      { town: 'N', code: 1 },
      { town: 'S', code: 1 },
    ]);
    const err = await errorOf(() => c.insertOne({ town: 'N', code: 1 }));
    expect(err).toMatchObject({
      code: 11000,
      keyPattern: { town: 1, code: 1 },
      keyValue: { town: 'N', code: 1 },
    });
  });

  it('sparse unique indexes skip documents without the field', async () => {
    const c = t.db('idx_sparse').collection<Loose>('c');
    await c.createIndex({ phone: 1 }, { unique: true, sparse: true });
    await c.insertMany([{ n: 1 }, { n: 2 }, { phone: '1' }]);
    expect(await errorOf(() => c.insertOne({ phone: '1' }))).toMatchObject({ code: 11000 });
    // A non-sparse unique index treats a missing field as null: only one such document.
    const d = t.db('idx_not_sparse').collection<Loose>('c');
    await d.createIndex({ phone: 1 }, { unique: true });
    await d.insertOne({ n: 1 });
    expect(await errorOf(() => d.insertOne({ n: 2 }))).toMatchObject({
      code: 11000,
      keyValue: { phone: null },
    });
  });

  it('partial unique indexes only cover documents matching the filter', async () => {
    const c = t.db('idx_partial').collection<Loose>('c');
    await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([
      { code: 'x', active: false },
      { code: 'x', active: false },
      { code: 'x', active: true },
    ]);
    expect(await errorOf(() => c.insertOne({ code: 'x', active: true }))).toMatchObject({ code: 11000 });
    const specs: Document[] = await indexSpecs(c);
    const spec = specs.find((i) => i.name === 'code_1');
    expect(spec?.partialFilterExpression).toEqual({ active: true });
  });

  it('expires documents through a TTL index', async () => {
    const c = t.db('idx_ttl').collection<Loose>('c');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
    await c.insertMany([
      { at: new Date(Date.now() - 60_000), old: true },
      { at: new Date(Date.now() + 3_600_000) },
      { at: 'not a date' },
    ]);
    // MongoDB's TTL monitor runs every 60 s; the emulator sweeps far more often.
    let left = 3;
    for (let i = 0; i < 140 && left === 3; i++) {
      await sleep(500);
      left = await c.countDocuments();
    }
    expect(left).toBe(2);
    expect(await c.countDocuments({ old: true })).toBe(0);
  }, 75_000);

  it('explain shows the index used for equality, range and sort', async () => {
    const c = t.db('idx_explain').collection<Loose>('c');
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ n: i, s: `k${i % 20}` })));
    await c.createIndex({ n: 1 }, { name: 'by_n' });
    await c.createIndex({ s: 1 }, { name: 'by_s' });
    expect(indexesUsed(await c.find({ s: 'k3' }).explain())).toContain('by_s');
    expect(indexesUsed(await c.find({ n: { $gte: 10, $lt: 20 } }).explain())).toContain('by_n');
    expect(indexesUsed(await c.find({}).sort({ n: -1 }).limit(5).explain())).toContain('by_n');
    expect(indexesUsed(await c.find({ other: 1 }).explain())).toEqual([]);
    const aggExplain = await c
      .aggregate([{ $match: { s: 'k4' } }, { $group: { _id: null, n: { $sum: 1 } } }])
      .explain();
    expect(indexesUsed(aggExplain)).toContain('by_s');
    expect(
      await c
        .find({ n: { $gte: 10, $lt: 20 } })
        .sort({ n: 1 })
        .toArray(),
    ).toHaveLength(10);
  });

  it('answers index-backed queries exactly like a scan would', async () => {
    const c = t.db('idx_results').collection<Loose>('c');
    const docs = Array.from({ length: 300 }, (_, i) => ({
      _id: i,
      n: i % 37,
      s: i % 2 ? 'odd' : 'even',
      arr: [i % 5, 'x'],
    }));
    await c.insertMany(docs);
    const filters: Document[] = [
      { n: 3 },
      { n: { $gt: 30 } },
      { n: { $in: [1, 2] }, s: 'odd' },
      { arr: 4 },
      { n: { $lte: 2 }, s: 'even' },
    ];
    const before = await Promise.all(filters.map((f) => c.find(f).sort({ _id: 1 }).toArray()));
    await c.createIndex({ n: 1, s: 1 });
    await c.createIndex({ arr: 1 });
    const after = await Promise.all(filters.map((f) => c.find(f).sort({ _id: 1 }).toArray()));
    expect(after).toEqual(before);
    expect(before.map((r) => r.length)).toEqual([9, 48, 9, 60, 14]);
  });
});

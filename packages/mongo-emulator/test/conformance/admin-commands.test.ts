import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { errorOf, startTarget, type Target, type Loose } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

describe('handshake and administrative commands', () => {
  it('presents itself as a replica-set primary', async () => {
    const hello = await t.client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true });
    expect(hello.setName).toEqual(expect.any(String));
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(hello.logicalSessionTimeoutMinutes).toEqual(expect.any(Number));
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBe(48_000_000);
    expect((await t.client.db('admin').command({ ping: 1 })).ok).toBe(1);
  });

  it('answers buildInfo and serverStatus', async () => {
    const info = await t.client.db('admin').command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.versionArray).toEqual(expect.any(Array));
    const status = await t.client.db('admin').command({ serverStatus: 1 });
    expect(status.ok).toBe(1);
    expect(status.uptime).toEqual(expect.any(Number));
  });

  it('lists databases and collections, renames and drops them', async () => {
    const db = t.db('admin_list');
    await db.collection<Loose>('a').insertOne({ x: 1 });
    await db.createCollection('b');
    const dbs = await t.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(db.databaseName);
    const colls = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(colls).toEqual(['a', 'b']);
    await db.renameCollection('a', 'a2');
    expect(await db.collection<Loose>('a2').countDocuments()).toBe(1);
    expect(await db.collection<Loose>('a').countDocuments()).toBe(0);
    expect(await errorOf(() => db.renameCollection('b', 'a2'))).toMatchObject({ code: 48 });
    expect(await db.collection<Loose>('b').drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['a2']);
    expect(await db.dropDatabase()).toBe(true);
    const after = await t.client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(db.databaseName);
  });

  it('reports counts and sizes in collStats and dbStats', async () => {
    const db = t.db('admin_stats');
    await db
      .collection<Loose>('c')
      .insertMany(Array.from({ length: 10 }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
    await db.collection<Loose>('c').createIndex({ i: 1 });
    const stats = await db.command({ collStats: 'c' });
    expect(stats.count).toBe(10);
    expect(stats.size).toBeGreaterThan(1000);
    expect(stats.nindexes).toBe(2);
    const dbStats = await db.command({ dbStats: 1 });
    expect(dbStats.collections).toBe(1);
    expect(dbStats.objects).toBe(10);
    expect(dbStats.dataSize).toBeGreaterThan(1000);
  });

  it('runs count and distinct commands', async () => {
    const db = t.db('admin_count');
    await db.collection<Loose>('c').insertMany([{ k: 'a' }, { k: 'b' }, { k: 'a' }]);
    expect((await db.command({ count: 'c', query: { k: 'a' } })).n).toBe(2);
    expect(((await db.command({ distinct: 'c', key: 'k' })).values as string[]).sort()).toEqual(['a', 'b']);
  });

  it('connects with mongoose.connect(uri) as given', async () => {
    const m = new mongoose.Mongoose();
    await m.connect(t.uri, { dbName: t.dbName('admin_connect'), serverSelectionTimeoutMS: 5000 });
    try {
      const Thing = m.model('Thing', new m.Schema({ n: Number }));
      await Thing.create({ n: 1 });
      expect(await Thing.countDocuments()).toBe(1);
    } finally {
      await m.disconnect();
    }
  });
});

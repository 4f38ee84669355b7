import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startMongoEmulator } from '../../src/index';
import { ON_EMULATOR, errorOf, type Loose, indexSpecs } from '../helpers';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function withServer<T>(dataDir: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const emu = await startMongoEmulator({ dataDir });
  const client = await new MongoClient(emu.uri).connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
    await emu.stop();
  }
}

describe.runIf(ON_EMULATOR)('persistence across restarts (emulator only: needs dataDir)', () => {
  it('keeps documents, indexes, options and committed transactions; drops aborted ones', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hebing-persist-'));
    dirs.push(dataDir);
    await withServer(dataDir, async (client) => {
      const db = client.db('app');
      await db.collection<Loose>('people').createIndex({ email: 1 }, { unique: true, name: 'email_u' });
      await db.collection<Loose>('people').insertMany([
        { _id: 1, email: 'a@x' },
        { _id: 2, email: 'b@x' },
      ]);
      await db.collection<Loose>('people').updateOne({ _id: 2 }, { $set: { town: 'N' } });
      await db.collection<Loose>('people').deleteOne({ _id: 1 });
      await db.createCollection('empty_kept', { validator: { n: { $type: 'number' } } });
      await db.collection<Loose>('gone').insertOne({ x: 1 });
      await db.collection<Loose>('gone').drop();
      await db.collection<Loose>('old').insertOne({ _id: 'r' });
      await db.renameCollection('old', 'renamed');
      const committed = client.startSession();
      await committed.withTransaction(async () => {
        await db.collection<Loose>('people').insertOne({ _id: 3, email: 'c@x' }, { session: committed });
      });
      await committed.endSession();
      const aborted = client.startSession();
      aborted.startTransaction();
      await db.collection<Loose>('people').insertOne({ _id: 4, email: 'd@x' }, { session: aborted });
      await aborted.abortTransaction();
      await aborted.endSession();
      await client.db('dropme').collection<Loose>('c').insertOne({ x: 1 });
      await client.db('dropme').dropDatabase();
    });

    await withServer(dataDir, async (client) => {
      const db = client.db('app');
      expect(await db.collection<Loose>('people').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 2, email: 'b@x', town: 'N' },
        { _id: 3, email: 'c@x' },
      ]);
      const indexes: Document[] = await indexSpecs(db.collection<Loose>('people'));
      expect(indexes.find((i) => i.name === 'email_u')).toMatchObject({ key: { email: 1 }, unique: true });
      expect(await errorOf(() => db.collection<Loose>('people').insertOne({ email: 'b@x' }))).toMatchObject({
        code: 11000,
      });
      const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
      expect(names).toEqual(['empty_kept', 'people', 'renamed']);
      const info = await db.listCollections({ name: 'empty_kept' }, { nameOnly: false }).toArray();
      expect(info[0]?.options).toMatchObject({ validator: { n: { $type: 'number' } } });
      expect(await errorOf(() => db.collection<Loose>('empty_kept').insertOne({ n: 'text' }))).toMatchObject({
        code: 121,
      });
      const dbs = (await client.db('admin').admin().listDatabases()).databases.map((d) => d.name);
      expect(dbs).not.toContain('dropme');
    });
  });

  it('replays its journal and snapshots across several restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hebing-persist-'));
    dirs.push(dataDir);
    const pad = 'p'.repeat(500);
    for (let round = 0; round < 3; round++) {
      await withServer(dataDir, async (client) => {
        const c = client.db('big').collection<Loose>('c');
        expect(await c.countDocuments()).toBe(round * 5_000);
        await c.insertMany(Array.from({ length: 5_000 }, (_, i) => ({ _id: round * 5_000 + i, round, pad })));
        await c.updateMany({ round }, { $set: { seen: round } });
      });
    }
    await withServer(dataDir, async (client) => {
      const c = client.db('big').collection<Loose>('c');
      expect(await c.countDocuments()).toBe(15_000);
      expect(await c.countDocuments({ seen: 2 })).toBe(5_000);
      expect(await c.findOne({ _id: 11_000 })).toMatchObject({ round: 2, seen: 2 });
    });
  }, 60_000);
});

import { Long, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, sleep, startTarget, type Target, type Loose } from '../helpers';

let t: Target;
/** Cursor ids are int64 on the wire: keep them as Long rather than promoted numbers. */
const command = (cmd: Document): Promise<Document> => db.command(cmd, { promoteLongs: false });
let db: Db;
beforeAll(async () => {
  t = await startTarget();
  db = t.db('cursors');
  await db
    .collection<Loose>('c')
    .insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, even: i % 2 === 0 })));
});
afterAll(async () => {
  await t.stop();
});

describe('server-side cursors', () => {
  it('honours batchSize on find and walks the rest with getMore', async () => {
    const first = await command({ find: 'c', filter: {}, sort: { _id: 1 }, batchSize: 100 });
    const cursor = first.cursor as Document;
    expect(cursor.firstBatch).toHaveLength(100);
    expect(cursor.ns).toBe(`${db.databaseName}.c`);
    const id = cursor.id as Long;
    expect(Long.isLong(id) && !id.isZero()).toBe(true);
    const second = await command({ getMore: id, collection: 'c', batchSize: 100 });
    const next = second.cursor as Document;
    expect(next.nextBatch).toHaveLength(100);
    expect((next.nextBatch as Document[])[0]?._id).toBe(100);
    const third = await command({ getMore: id, collection: 'c', batchSize: 100 });
    expect((third.cursor as Document).nextBatch).toHaveLength(50);
    expect(((third.cursor as Document).id as Long).isZero()).toBe(true);
    // An exhausted cursor is gone.
    expect(await errorOf(() => db.command({ getMore: id, collection: 'c' }))).toMatchObject({ code: 43 });
  });

  it('closes the cursor at once when the first batch holds everything', async () => {
    const res = await command({ find: 'c', filter: { _id: { $lt: 10 } }, batchSize: 100 });
    expect(((res.cursor as Document).id as Long).isZero()).toBe(true);
    const single = await command({ find: 'c', filter: {}, limit: 5, batchSize: 2 });
    const s = single.cursor as Document;
    expect(s.firstBatch).toHaveLength(2);
    const rest = await command({ getMore: s.id as Long, collection: 'c', batchSize: 10 });
    expect((rest.cursor as Document).nextBatch).toHaveLength(3);
    expect(((rest.cursor as Document).id as Long).isZero()).toBe(true);
  });

  it('kills cursors with killCursors', async () => {
    const res = await command({ find: 'c', filter: {}, batchSize: 10 });
    const id = (res.cursor as Document).id as Long;
    const killed = await command({ killCursors: 'c', cursors: [id, Long.fromNumber(987654321)] });
    expect(killed.cursorsKilled).toEqual([id]);
    expect(killed.cursorsNotFound).toEqual([Long.fromNumber(987654321)]);
    expect(await errorOf(() => db.command({ getMore: id, collection: 'c' }))).toMatchObject({
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('iterates a driver cursor lazily across many batches', async () => {
    const cursor = db.collection<Loose>('c').find({ even: true }).sort({ _id: -1 }).batchSize(7);
    const seen: number[] = [];
    for await (const doc of cursor) seen.push(doc._id as unknown as number);
    expect(seen).toHaveLength(125);
    expect(seen[0]).toBe(248);
    expect(seen[124]).toBe(0);
  });

  it('closing a driver cursor early kills it on the server', async () => {
    const cursor = db.collection<Loose>('c').find({}).batchSize(5);
    await cursor.next();
    const id = cursor.id;
    expect(id && !id.isZero()).toBe(true);
    await cursor.close();
    if (!id) throw new Error('cursor had no id');
    expect(await errorOf(() => db.command({ getMore: id, collection: 'c' }))).toMatchObject({ code: 43 });
  });

  it('keeps a cursor reading after other writes to the collection', async () => {
    const coll = db.collection<Loose>('moving');
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i })));
    const cursor = coll.find({}).sort({ _id: 1 }).batchSize(10);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(((await cursor.next()) as Document)._id as number);
    await coll.deleteOne({ _id: 25 });
    await coll.insertOne({ _id: 100 });
    for await (const doc of cursor) ids.push(doc._id as number);
    expect(ids.slice(0, 25)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('cursor idle expiry', () => {
  it('expires an idle cursor once cursorTimeoutMillis has passed', async () => {
    // setParameter is MongoDB's own knob (default 10 minutes); its reaper runs every 4 s.
    const admin = t.client.db('admin');
    const before = await admin.command({ getParameter: 1, cursorTimeoutMillis: 1 });
    await admin.command({ setParameter: 1, cursorTimeoutMillis: 300 });
    try {
      const res = await command({ find: 'c', filter: {}, batchSize: 2 });
      const id = (res.cursor as Document).id as Long;
      await sleep(5_500);
      expect(await errorOf(() => db.command({ getMore: id, collection: 'c' }))).toMatchObject({ code: 43 });
    } finally {
      await admin.command({ setParameter: 1, cursorTimeoutMillis: before.cursorTimeoutMillis as number });
    }
  }, 20_000);
});

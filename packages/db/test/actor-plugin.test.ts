import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema, type Model } from 'mongoose';
import { actorPlugin, diffFields, withActor, withTransaction } from '../src';
import { openTestDb, type DbFixture } from './helpers';

interface ThingDoc {
  name: string;
  createdBy?: { userId: string; username: string };
  updatedBy?: { userId: string; username: string };
}

let db: DbFixture;
let Thing: Model<ThingDoc>;
beforeAll(async () => {
  db = await openTestDb('actor');
  const schema = new Schema<ThingDoc>({ name: String }, { timestamps: true, optimisticConcurrency: true });
  schema.plugin(actorPlugin);
  Thing = db.conn.model<ThingDoc>('Thing', schema, 'things');
  await Thing.createCollection();
});
afterAll(() => db.close());

describe('actorPlugin', () => {
  it('records who created and who last changed a document', async () => {
    const alice = { userId: 'u1', username: 'alice' };
    const bob = { userId: 'u2', username: 'bob' };
    const id = await withTransaction(db.conn, async (session) => {
      const doc = await withActor(new Thing({ name: 'a' }), alice).save({ session });
      return doc._id;
    });
    const created = await Thing.findById(id).lean();
    expect(created?.createdBy).toEqual(alice);
    expect(created?.updatedBy).toEqual(alice);

    await Thing.updateOne({ name: 'a' }, { $set: { name: 'b' } }).setOptions({ actor: bob });
    const updated = await Thing.findById(id).lean();
    expect(updated).toMatchObject({ name: 'b', createdBy: alice, updatedBy: bob });

    const doc = await Thing.findById(id).orFail();
    doc.name = 'c';
    await withActor(doc, alice).save();
    expect((await Thing.findById(id).lean())?.updatedBy).toEqual(alice);
  });
});

describe('diffFields', () => {
  it('keeps only changed top-level fields', () => {
    const d = diffFields(
      { name: 'a', code: '1', tags: ['x'], updatedAt: new Date(1) },
      { name: 'b', code: '1', tags: ['x'], extra: 1, updatedAt: new Date(2) },
    );
    expect(d).toEqual({ before: { name: 'a', extra: null }, after: { name: 'b', extra: 1 } });
  });
});

import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../raw-client';
import { ON_EMULATOR, errorOf, startTarget, type Target, type Loose } from '../helpers';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(async () => {
  await t.stop();
});

describe('errors shaped like MongoDB', () => {
  it('answers an unknown command with CommandNotFound (59) naming it', async () => {
    const err = await errorOf(() => t.db('err_unknown').command({ frobnicate: 1 }));
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    expect(err.message).toContain("no such command: 'frobnicate'");
  });

  it('sends { ok: 0, code, codeName, errmsg } on the wire', async () => {
    const raw = await RawConnection.open(t.uri);
    try {
      const reply = await raw.command({ frobnicate: 1, $db: 'admin' });
      expect(reply).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
      expect(typeof reply.errmsg).toBe('string');
    } finally {
      raw.close();
    }
  });

  it('names an unknown query operator', async () => {
    const c = t.db('err_op').collection<Loose>('c');
    await c.insertOne({ a: 1 });
    const err = await errorOf(() => c.find({ a: { $frob: 1 } }).toArray());
    expect(err.message).toContain('$frob');
    expect(err).toMatchObject({ code: 2 });
  });

  it('names an unknown update operator', async () => {
    const c = t.db('err_update_op').collection<Loose>('c');
    await c.insertOne({ _id: 1, a: 1 });
    const err = await errorOf(() => c.updateOne({ _id: 1 }, { $frob: { a: 1 } }));
    expect(err.message).toContain('$frob');
    expect((await c.findOne({ _id: 1 }))?.a).toBe(1);
  });

  it('names an unknown aggregation stage and expression operator', async () => {
    const c = t.db('err_stage').collection<Loose>('c');
    await c.insertOne({ a: 1 });
    const stage = await errorOf(() => c.aggregate([{ $frobnicate: {} }]).toArray());
    expect(stage.message).toContain('$frobnicate');
    expect(stage).toMatchObject({ code: 40324 });
    const expr = await errorOf(() => c.aggregate([{ $project: { x: { $frobulate: '$a' } } }]).toArray());
    expect(expr.message).toContain('$frobulate');
    expect(expr).toMatchObject({ code: 168 });
  });

  it('refuses authentication with a clear message', async () => {
    const err = await errorOf(() =>
      t.client
        .db('admin')
        .command({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: Buffer.from('n,,n=u,r=abc') }),
    );
    expect(err.message.length).toBeGreaterThan(0);
    if (ON_EMULATOR) expect(err.message).toContain('authentication is not supported by hebing-mongo');
  });

  it('answers create on an existing collection with NamespaceExists (48)', async () => {
    const db = t.db('err_exists');
    await db.createCollection('c');
    expect(await errorOf(() => db.createCollection('c'))).toMatchObject({
      code: 48,
      codeName: 'NamespaceExists',
    });
  });

  it('reports mongoose validation and cast errors before reaching the server', async () => {
    const conn = await t.mongoose('err_mongoose');
    const M = conn.model('M', new Schema({ n: { type: Number, required: true } }));
    expect((await errorOf(() => M.create({}))).name).toBe('ValidationError');
    expect((await errorOf(() => M.findById('not-an-id').exec())).name).toBe('CastError');
  });

  it('keeps serving on the same connection after a failed command', async () => {
    const db = t.db('err_after');
    await errorOf(() => db.command({ frobnicate: 1 }));
    expect((await db.command({ ping: 1 })).ok).toBe(1);
  });
});

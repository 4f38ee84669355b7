import { connect } from 'node:net';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from './engine/memory-journal';
import type { JournalOp } from './persistence/journal-types';
import { startMongoEmulator, type MongoEmulator } from './server';

/** A journal whose appends stay pending until the test releases them. */
class GatedJournal extends MemoryJournal {
  readonly pending: Array<{ batch: JournalOp[]; release: () => void }> = [];
  override append(batch: JournalOp[]): Promise<void> {
    return new Promise((resolve) =>
      this.pending.push({ batch, release: () => void super.append(batch).then(resolve) }),
    );
  }
}

const ticks = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));
let emu: MongoEmulator | undefined;
let client: MongoClient | undefined;
afterEach(async () => {
  await client?.close();
  await emu?.stop();
});

describe('server', () => {
  it('acknowledges a write only after the journal append resolves, without serialising writers on it', async () => {
    const journal = new GatedJournal();
    emu = await startMongoEmulator({ journal, log: () => {} });
    client = await MongoClient.connect(emu.uri, { maxPoolSize: 4 });
    const c = client.db('d').collection<{ _id: number }>('c');
    let acked = 0;
    const writes = [c.insertOne({ _id: 1 }), c.insertOne({ _id: 2 })].map((p) => p.then(() => acked++));
    while (journal.pending.length < 2) await ticks(5);
    await ticks(50);
    expect(acked).toBe(0);
    // Both appends were handed to the journal before either was durable: group commit is possible.
    expect(journal.pending.flatMap((p) => p.batch.map((o) => o.op))).toContain('put');
    journal.pending.forEach((p) => p.release());
    await Promise.all(writes);
    expect(acked).toBe(2);
    const recovered = await journal.recover();
    expect(recovered.batches.flat().filter((o) => o.op === 'put')).toHaveLength(2);
  });

  it('replays the journal before accepting connections', async () => {
    const journal = new MemoryJournal();
    await journal.append([
      { op: 'createCollection', db: 'd', coll: 'c', options: {} },
      { op: 'put', db: 'd', coll: 'c', doc: { _id: 'x', n: 1 } },
    ]);
    emu = await startMongoEmulator({ journal, log: () => {} });
    client = await MongoClient.connect(emu.uri);
    expect(await client.db('d').collection('c').find().toArray()).toEqual([{ _id: 'x', n: 1 }]);
  });

  it('drops a connection that sends a garbage frame and keeps serving the others', async () => {
    const reasons: string[] = [];
    emu = await startMongoEmulator({ log: (m) => reasons.push(m) });
    client = await MongoClient.connect(emu.uri);
    const port = emu.port;
    const closed = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write(Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4])));
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
    });
    expect(closed).toBe(true);
    expect(reasons.join()).toMatch(/message length/);
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('explains an indexed find with the index and only the matching keys examined', async () => {
    emu = await startMongoEmulator({ log: () => {} });
    client = await MongoClient.connect(emu.uri);
    const c = client.db('d').collection<{ _id: number; a: number }>('c');
    await c.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, a: i % 50 })));
    await c.createIndex({ a: 1 });
    const e = await c.find({ a: { $gte: 3, $lte: 4 } }).explain('executionStats');
    expect(JSON.stringify(e.queryPlanner)).toContain('"indexName":"a_1"');
    expect(e.executionStats).toMatchObject({ nReturned: 20, totalDocsExamined: 20 });
  });

  it('names unknown commands and refuses authentication clearly', async () => {
    emu = await startMongoEmulator({ log: () => {} });
    client = await MongoClient.connect(emu.uri);
    await expect(client.db('d').command({ frobnicate: 1 })).rejects.toMatchObject({
      code: 59,
      message: expect.stringContaining('frobnicate') as string,
    });
    await expect(
      client.db('admin').command({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: Buffer.from('x') }),
    ).rejects.toThrow(/authentication is not supported by hebing-mongo/);
  });
});

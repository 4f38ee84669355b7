import { describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { withTransaction } from '@hebing/db';
import type { OutboxDoc } from '../src/outbox.model';
import { NoteEvent } from './fixtures/messages';
import { useBusEnv } from './helpers/env';

const env = useBusEnv();

const rows = (conn: Connection) =>
  conn
    .collection<OutboxDoc>('outbox')
    .find({}, { sort: { aggregateId: 1, seq: 1 } })
    .toArray()
    .then((list) => list.map((r) => `${r.aggregateId}#${r.seq}:${(r.payload as { text: string }).text}`));

/** A connection whose client reports every command, to count round trips. */
async function monitored(uri: string, dbName: string) {
  const conn = mongoose.createConnection(uri, { dbName, monitorCommands: true });
  await conn.asPromise();
  const commands: string[] = [];
  conn.getClient().on('commandStarted', (e) => commands.push(e.commandName));
  return { conn, commands };
}

describe('outbox rows staged until commit', () => {
  it("writes a transaction's events with a run of seq numbers per aggregate, in publish order", async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    await withTransaction(conn, async (s) => {
      for (const [agg, text] of [
        ['a', 'a1'],
        ['b', 'b1'],
        ['a', 'a2'],
        ['a', 'a3'],
        ['b', 'b2'],
      ] as const)
        await bus.publish(s, NoteEvent, { text }, { aggregateId: agg });
    });
    await withTransaction(conn, (s) => bus.publish(s, NoteEvent, { text: 'a4' }, { aggregateId: 'a' }));
    expect(await rows(conn)).toEqual(['a#1:a1', 'a#2:a2', 'a#3:a3', 'a#4:a4', 'b#1:b1', 'b#2:b2']);
  });

  it('writes ten events in a fixed number of commands, for one aggregate or ten', async () => {
    const { conn, commands } = await monitored(env().mongoUri, `${env().prefix}-mon`);
    try {
      const bus = await env().bus('svc', conn);
      commands.length = 0;
      await withTransaction(conn, async (s) => {
        for (let i = 1; i <= 10; i++)
          await bus.publish(s, NoteEvent, { text: `n${i}` }, { aggregateId: 'a' });
      });
      expect(commands).toEqual(['findAndModify', 'insert', 'commitTransaction']);
      expect((await rows(conn)).at(-1)).toBe('a#10:n10');
      commands.length = 0;
      await withTransaction(conn, async (s) => {
        for (let i = 1; i <= 10; i++)
          await bus.publish(s, NoteEvent, { text: `m${i}` }, { aggregateId: `k${i}` });
      });
      // ten aggregates: one bulk $inc and one read of the counters instead of ten findAndModify
      expect(commands).toEqual(['update', 'find', 'insert', 'commitTransaction']);
      expect(await rows(conn)).toContain('k7#1:m7');
    } finally {
      await conn.dropDatabase();
      await conn.close();
    }
  });

  it('drops the events of an aborted attempt and keeps only the retried attempt’s', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    let attempt = 0;
    await withTransaction(conn, async (s) => {
      attempt++;
      await bus.publish(s, NoteEvent, { text: `attempt ${attempt}` }, { aggregateId: 'a' });
      if (attempt === 1) {
        const e = Object.assign(new Error('simulated write conflict'), {
          errorLabels: ['TransientTransactionError'],
        });
        throw e;
      }
    });
    await expect(
      withTransaction(conn, async (s) => {
        await bus.publish(s, NoteEvent, { text: 'refused' }, { aggregateId: 'a' });
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');
    expect(await rows(conn)).toEqual(['a#1:attempt 2']);
  });

  it('works for a transaction driven by hand, without withTransaction', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const session = await conn.startSession();
    try {
      session.startTransaction();
      await bus.publish(session, NoteEvent, { text: 'manual' }, { aggregateId: 'm' });
      await session.commitTransaction();
      session.startTransaction();
      await bus.publish(session, NoteEvent, { text: 'rolled back' }, { aggregateId: 'm' });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await rows(conn)).toEqual(['m#1:manual']);
  });

  it("works inside the driver's own session.withTransaction", async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const session = await conn.startSession();
    try {
      await session.withTransaction(async () => {
        await bus.publish(session, NoteEvent, { text: 'driver' }, { aggregateId: 'd' });
      });
    } finally {
      await session.endSession();
    }
    expect(await rows(conn)).toEqual(['d#1:driver']);
  });
});

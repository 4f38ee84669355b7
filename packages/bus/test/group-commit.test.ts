import { describe, expect, it } from 'vitest';
import type { ClientSession, Connection } from 'mongoose';
import { withTransaction } from '@hebing/db';
import { GroupCommit, type Delivery } from '../src/group-commit';
import { NoteEvent } from './fixtures/messages';
import { useBusEnv } from './helpers/env';
import { sleep, waitFor } from './helpers/wait';

const env = useBusEnv();

/** Deliveries that write an effect row each and remember which transaction (session) ran them. */
function deliveries(conn: Connection, n: number, fail: Set<number> = new Set()) {
  const sessions = new Set<ClientSession>();
  const list: Delivery[] = Array.from({ length: n }, (_, i) => ({
    entry: { subscriber: 'svc.h', eventId: `e${i}`, message: 'test' },
    apply: async (session) => {
      sessions.add(session);
      await conn.collection('effects').insertOne({ i }, { session });
      if (fail.has(i)) throw new Error(`handler refused event ${i}`);
    },
  }));
  return { list, sessions };
}

const effects = async (conn: Connection) =>
  (await conn.collection<{ i: number }>('effects').find().toArray()).map((d) => d.i).sort((a, b) => a - b);

describe('group commit (several events per transaction)', () => {
  it('commits events that arrive while a transaction runs in one shared transaction', async () => {
    const conn = await env().db('svc');
    const group = new GroupCommit(conn, 32);
    const { list, sessions } = deliveries(conn, 20);
    const ran = await Promise.all(list.map((d) => group.apply(d)));
    expect(ran).toEqual(list.map(() => true));
    // the first event goes alone at once; the 19 that queued behind it share the next transaction
    expect(sessions.size).toBe(2);
    expect(await effects(conn)).toEqual(list.map((_, i) => i));
    expect(await conn.collection('inbox').countDocuments({ subscriber: 'svc.h' })).toBe(20);
  });

  it('keeps batches within maxBatch', async () => {
    const conn = await env().db('svc');
    const group = new GroupCommit(conn, 5);
    const { list, sessions } = deliveries(conn, 21);
    await Promise.all(list.map((d) => group.apply(d)));
    expect(sessions.size).toBe(5); // 1 alone, then 5 + 5 + 5 + 5
  });

  it('a failing handler fails only its own event; the rest of its batch commits', async () => {
    const conn = await env().db('svc');
    const group = new GroupCommit(conn, 32);
    const { list } = deliveries(conn, 10, new Set([4]));
    const outcomes = await Promise.allSettled(list.map((d) => group.apply(d)));
    expect(outcomes.map((o) => o.status)).toEqual(list.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    expect(String((outcomes[4] as PromiseRejectedResult).reason)).toMatch(/handler refused event 4/);
    expect(await effects(conn)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(await conn.collection('inbox').countDocuments({ eventId: 'e4' })).toBe(0);
  });

  it('an event applied before is skipped inside a batch; the others apply once', async () => {
    const conn = await env().db('svc');
    const group = new GroupCommit(conn, 32);
    const first = deliveries(conn, 1);
    await group.apply(first.list[0] as Delivery);
    const again = deliveries(conn, 8); // e0 again, with e1…e7
    const ran = await Promise.all(again.list.map((d) => group.apply(d)));
    expect(ran).toEqual([false, true, true, true, true, true, true, true]);
    expect(await effects(conn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('a concurrent subscriber batches a backlog', () => {
  it('applies 300 events once each in fewer transactions than events', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    for (let i = 0; i < 300; i += 50) {
      await withTransaction(conn, async (s) => {
        for (let k = i; k < i + 50; k++)
          await bus.publish(s, NoteEvent, { text: String(k) }, { aggregateId: `u${k % 7}` });
      });
    }
    bus.startRelay({ pollMs: 20 });
    const sessions = new Set<ClientSession>();
    await bus.subscribe(
      NoteEvent,
      'batched',
      async (p, _meta, session) => {
        sessions.add(session);
        await conn.collection('effects').insertOne({ i: Number(p.text) }, { session });
      },
      { concurrency: 16 },
    );
    await waitFor(
      'all applied',
      async () => (await conn.collection('effects').countDocuments()) === 300,
      30_000,
    );
    await sleep(200);
    expect(await effects(conn)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(await conn.collection('inbox').countDocuments()).toBe(300);
    expect(sessions.size).toBeLessThan(150);
  });
});

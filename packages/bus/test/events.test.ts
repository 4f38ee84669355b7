import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMessage, isAppError } from '@hebing/contracts';
import { withTransaction } from '@hebing/db';
import { subscriberQueueName, type RelayedEvent } from '../src';
import type { OutboxDoc } from '../src/outbox.model';
import { useBusEnv } from './helpers/env';
import { sleep, waitFor } from './helpers/wait';

const Renamed = defineMessage(
  'test.unit.renamed',
  z.object({ code: z.string().length(9), name: z.string().min(1), i: z.number() }),
);

const env = useBusEnv();

const payload = (i: number) => ({ code: '330102001', name: `Unit ${i}`, i });

describe('events through the outbox', () => {
  it('fans an event out to two subscribers in other services, once each', async () => {
    const pubConn = await env().db('pub');
    const publisher = await env().bus('pub', pubConn);
    const got: Record<string, unknown[]> = { a: [], b: [] };
    for (const svc of ['a', 'b'] as const) {
      const conn = await env().db(svc);
      const bus = await env().bus(svc, conn);
      await bus.subscribe(Renamed, 'onRenamed', (p, meta) => {
        got[svc]?.push({ ...p, eventId: meta.eventId, seq: meta.seq });
      });
    }
    publisher.startRelay();
    const eventId = await withTransaction(pubConn, (s) =>
      publisher.publish(s, Renamed, payload(1), { aggregateId: 'u1' }),
    );
    await waitFor('both subscribers got it', () => got.a?.length === 1 && got.b?.length === 1);
    await sleep(300);
    expect(got.a).toEqual([{ ...payload(1), eventId, seq: 1 }]);
    expect(got.b).toEqual([{ ...payload(1), eventId, seq: 1 }]);
    const row = await pubConn
      .collection<{ _id: string; dispatchedAt: Date | null }>('outbox')
      .findOne({ _id: eventId });
    expect(row?.dispatchedAt).toBeInstanceOf(Date);
  });

  it("delivers each aggregate's events in seq order, across relay batches", async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const seen = new Map<string, number[]>();
    await bus.subscribe(Renamed, 'order', (p, meta) => {
      seen.set(meta.aggregateId, [...(seen.get(meta.aggregateId) ?? []), p.i]);
      expect(meta.seq).toBe(p.i);
    });
    // publish first, relay afterwards with a small batch, so aggregates straddle batches
    await Promise.all(
      ['agg-a', 'agg-b', 'agg-c'].map(async (agg) => {
        for (let i = 1; i <= 25; i++) {
          await withTransaction(conn, (s) => bus.publish(s, Renamed, payload(i), { aggregateId: agg }));
        }
      }),
    );
    bus.startRelay({ batchSize: 7 });
    await waitFor('all delivered', () => [...seen.values()].reduce((n, l) => n + l.length, 0) === 75);
    const expected = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(seen.get('agg-a')).toEqual(expected);
    expect(seen.get('agg-b')).toEqual(expected);
    expect(seen.get('agg-c')).toEqual(expected);
  });

  it('keeps seq order when events go straight from the commit to Redis (relay running)', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const seen = new Map<string, number[]>();
    await bus.subscribe(Renamed, 'live', (p, meta) => {
      seen.set(meta.aggregateId, [...(seen.get(meta.aggregateId) ?? []), meta.seq]);
    });
    bus.startRelay({ pollMs: 50 });
    const aggregates = ['live-a', 'live-b', 'live-c', 'live-d'];
    // two concurrent writers per aggregate: seq follows commit order, delivery must follow seq
    await Promise.all(
      [...aggregates, ...aggregates].map(async (agg) => {
        for (let i = 1; i <= 10; i++) {
          await withTransaction(conn, (s) => bus.publish(s, Renamed, payload(i), { aggregateId: agg }));
        }
      }),
    );
    await waitFor('all delivered', () => [...seen.values()].reduce((n, l) => n + l.length, 0) === 80);
    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    for (const agg of aggregates) expect(seen.get(agg)).toEqual(expected);
  });

  it('never sends the event of a transaction attempt that was retried away', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const got: string[] = [];
    await bus.subscribe(Renamed, 'retry', (_p, meta) => {
      got.push(meta.eventId);
    });
    // no outbox reads after the first (empty) one: the event can only come from the commit hook
    bus.startRelay({ pollMs: 60_000 });
    await sleep(300);
    let attempts = 0;
    const eventId = await withTransaction(conn, async (s) => {
      attempts++;
      const id = await bus.publish(s, Renamed, payload(attempts), { aggregateId: 'r1' });
      if (attempts === 1) {
        throw Object.assign(new Error('write conflict'), { errorLabels: ['TransientTransactionError'] });
      }
      return id;
    });
    expect(attempts).toBe(2);
    await waitFor('delivered', () => got.length >= 1);
    await sleep(400);
    expect(got).toEqual([eventId]);
    expect(await conn.collection('outbox').countDocuments({})).toBe(1);
  });

  it('does not let a busy aggregate hold back the others', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const order: string[] = [];
    await bus.subscribe(Renamed, 'fair', (p, meta) => {
      order.push(`${meta.aggregateId}#${p.i}`);
    });
    for (let i = 1; i <= 20; i++) {
      await withTransaction(conn, (s) => bus.publish(s, Renamed, payload(i), { aggregateId: 'a-busy' }));
    }
    await withTransaction(conn, (s) => bus.publish(s, Renamed, payload(1), { aggregateId: 'z-quiet' }));
    bus.startRelay({ batchSize: 5 });
    await waitFor('all delivered', () => order.length === 21);
    // the second batch continues after the busy aggregate instead of reading it again
    expect(order.indexOf('z-quiet#1')).toBe(5);
    expect(order.filter((o) => o.startsWith('a-busy'))).toEqual(
      Array.from({ length: 20 }, (_, i) => `a-busy#${i + 1}`),
    );
  });

  it('sends nothing for a transaction that rolls back', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const got: number[] = [];
    await bus.subscribe(Renamed, 'rb', (p) => {
      got.push(p.i);
    });
    bus.startRelay({ pollMs: 20 });
    const failed = await withTransaction(conn, async (s) => {
      await bus.publish(s, Renamed, payload(1), { aggregateId: 'u1' });
      throw new Error('business rule refused');
    }).catch((e: unknown) => e);
    expect((failed as Error).message).toBe('business rule refused');
    await withTransaction(conn, (s) => bus.publish(s, Renamed, payload(2), { aggregateId: 'u1' }));
    await waitFor('second event', () => got.length === 1);
    await sleep(300);
    expect(got).toEqual([2]);
    expect(await conn.collection('outbox').countDocuments({})).toBe(1);
  });

  it('applies a redelivered event once (inbox by event id)', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    let applied = 0;
    await bus.subscribe(Renamed, 'counter', async (_p, _meta, session) => {
      applied++;
      await conn.collection('effects').insertOne({ at: new Date() }, { session });
    });
    bus.startRelay({ pollMs: 20 });
    const eventId = await withTransaction(conn, (s) =>
      bus.publish(s, Renamed, payload(1), { aggregateId: 'u1' }),
    );
    await waitFor('first delivery', () => applied === 1);
    // a second copy of the same event under another job id, as after a relay re-send once the
    // first job was removed from Redis
    const queue = bus.queues().find((q) => q.name === subscriberQueueName('svc', Renamed.name, 'counter'));
    // the delivered job is gone (removed once done): rebuild its envelope from the outbox row
    const row = await conn.collection<OutboxDoc>('outbox').findOne({ _id: eventId });
    const envelope: RelayedEvent = {
      eventId,
      event: Renamed.name,
      aggregateId: 'u1',
      seq: row?.seq ?? 0,
      payload: row?.payload,
      publishedAt: row?.createdAt.toISOString() ?? '',
    };
    expect(await queue?.getJob(eventId)).toBeUndefined();
    const copy = await queue?.add(Renamed.name, envelope, { jobId: `${eventId}-again` });
    await waitFor('copy processed', async () =>
      copy?.id ? (await queue?.getJobState(copy.id)) === 'completed' : false,
    );
    expect(applied).toBe(1);
    expect(await conn.collection('effects').countDocuments({})).toBe(1);
  });

  it('an idempotent worker applies a job that runs again once', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    let calls = 0;
    bus.defineWorker(
      Renamed,
      async (p, ctx) => {
        calls++;
        await conn.collection('effects').insertOne({ i: p.i }, { session: ctx.session ?? undefined });
      },
      { idempotent: true },
    );
    const queue = bus.queues().find((q) => q.name === Renamed.name);
    await bus.enqueue(Renamed, payload(1), { jobId: 'rename-1' });
    await waitFor('first run', async () => (await queue?.getJobState('rename-1')) === 'completed');
    // the same job again, as after a worker died between committing and acknowledging it
    await queue?.remove('rename-1');
    await bus.enqueue(Renamed, payload(1), { jobId: 'rename-1' });
    await waitFor('second run', async () => (await queue?.getJobState('rename-1')) === 'completed');
    expect(calls).toBe(1);
    expect(await conn.collection('effects').countDocuments({})).toBe(1);
    expect(await conn.collection('inbox').countDocuments({ subscriber: `job:${Renamed.name}` })).toBe(1);
  });

  it('refuses an invalid payload with a clear error and writes nothing', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn);
    const err = await withTransaction(conn, (s) =>
      bus.publish(s, Renamed, { code: '33', name: '', i: 1 }, { aggregateId: 'u1' }),
    ).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('BAD_INPUT');
    expect((err as Error).message).toMatch(/"test\.unit\.renamed".*code:.*name:/);
    expect(await conn.collection('outbox').countDocuments({})).toBe(0);
    const outside = await (async () => {
      const session = await conn.startSession();
      try {
        return await bus
          .publish(session, Renamed, payload(1), { aggregateId: 'u1' })
          .catch((e: unknown) => e);
      } finally {
        await session.endSession();
      }
    })();
    expect((outside as Error).message).toMatch(/inside a transaction/);
  });

  it('dead-letters a failing subscriber after its retries and replays it once', async () => {
    const conn = await env().db('svc');
    const bus = await env().bus('svc', conn, { retry: { attempts: 2, backoffMs: 50 } });
    let healthy = false;
    let calls = 0;
    let applied = 0;
    await bus.subscribe(Renamed, 'flaky', async (_p, _meta, session) => {
      calls++;
      await conn.collection('effects').insertOne({ at: new Date() }, { session });
      if (!healthy) throw new Error('downstream refused');
      applied++;
    });
    bus.startRelay({ pollMs: 20 });
    const eventId = await withTransaction(conn, (s) =>
      bus.publish(s, Renamed, payload(1), { aggregateId: 'u1' }),
    );
    const letters = await waitFor('dead letter', async () => {
      const l = await bus.deadLetters.list();
      return l.length ? l : undefined;
    });
    expect(calls).toBe(2);
    expect(letters[0]).toMatchObject({
      queue: subscriberQueueName('svc', Renamed.name, 'flaky'),
      jobId: eventId,
      attemptsMade: 2,
    });
    // the failed attempts' writes rolled back with their transactions
    expect(await conn.collection('effects').countDocuments({})).toBe(0);
    healthy = true;
    await bus.deadLetters.replay(letters[0]?.id ?? '');
    await waitFor('replayed', () => applied === 1);
    await sleep(200);
    expect(applied).toBe(1);
    expect(await conn.collection('effects').countDocuments({})).toBe(1);
    expect(await conn.collection('inbox').countDocuments({ eventId })).toBe(1);
    expect(await bus.deadLetters.list()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMessage } from '@hebing/contracts';
import { Redis } from 'ioredis';
import { connectDb, withTransaction } from '@hebing/db';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createBus, type Bus } from '../src';
import { sleep, waitFor } from './helpers/wait';

const Tick = defineMessage('test.tick.counted', z.object({ n: z.number().int() }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Enqueues until it succeeds: during the outage the producer's commands fail and are retried. */
async function enqueueRetrying(bus: Bus, n: number): Promise<void> {
  for (;;) {
    try {
      await bus.enqueue(Tick, { n }, { jobId: `tick-${n}` });
      return;
    } catch {
      await sleep(100);
    }
  }
}

describe('Redis restarted under load', () => {
  it('workers resume by themselves within 10 s and every job completes (AOF Redis)', async () => {
    const redis = await startTestRedis({ durable: true });
    cleanups.push(() => redis.stop());
    const bus = await createBus({
      redisUrl: redis.url,
      service: 'restart-test',
      prefix: uniqueName('bus-rr'),
      // a job whose completion could not be written while Redis was down comes back as stalled
      // once its lock expires; short locks keep that wait short in the test
      worker: { lockDurationMs: 3000, stalledIntervalMs: 1000 },
    });
    cleanups.push(() => bus.close());
    const done = new Set<number>();
    let lastDoneAt = 0;
    bus.defineWorker(
      Tick,
      async ({ n }) => {
        await sleep(2);
        done.add(n);
        lastDoneAt = Date.now();
      },
      { concurrency: 10 },
    );

    const total = 3000;
    await Promise.all(
      Array.from({ length: 1500 }, (_, i) => bus.enqueue(Tick, { n: i }, { jobId: `tick-${i}` })),
    );
    await waitFor('some jobs processed', () => done.size >= 300);

    // keep producing during the outage, like a live service would
    const producing = (async () => {
      for (let i = 1500; i < total; i++) await enqueueRetrying(bus, i);
    })();
    await redis.restart({ downMs: 1500 });
    const backAt = Date.now();
    await waitFor('first job after the restart', () => lastDoneAt > backAt, 10_000);
    console.log(`[redis-restart] workers resumed ${lastDoneAt - backAt} ms after Redis came back`);

    await producing;
    await waitFor(`all ${total} jobs done`, () => done.size === total, 60_000);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('workers resume after a Redis that lost its data restarts (@hebing/testing restart)', async () => {
    const redis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const bus = await createBus({
      redisUrl: redis.url,
      service: 'restart-test',
      prefix: uniqueName('bus-rr'),
    });
    cleanups.push(() => bus.close());
    const done = new Set<number>();
    bus.defineWorker(
      Tick,
      ({ n }) => {
        done.add(n);
      },
      { concurrency: 5 },
    );
    await bus.enqueue(Tick, { n: 1 });
    await waitFor('job before restart', () => done.has(1));
    await redis.restart({ downMs: 500 });
    await enqueueRetrying(bus, 2);
    await waitFor('job after restart', () => done.has(2), 10_000);
    expect(done.has(2)).toBe(true);
  });
});

const Noted = defineMessage('test.note.recorded', z.object({ i: z.number().int() }));

describe('events across a Redis restart', () => {
  it('the relay keeps publishing through the outage and every event arrives once (AOF Redis)', async () => {
    const [redis, mongo] = await Promise.all([startTestRedis({ durable: true }), startTestMongo()]);
    cleanups.push(() => Promise.all([redis.stop(), mongo.stop()]).then(() => undefined));
    const prefix = uniqueName('bus-rr');
    const conn = await connectDb(mongo.uri, `${prefix}-svc`);
    cleanups.push(() => conn.close());
    const bus = await createBus({
      redisUrl: redis.url,
      service: 'svc',
      prefix,
      conn,
      worker: { lockDurationMs: 3000, stalledIntervalMs: 1000 },
    });
    cleanups.push(() => bus.close());
    const got: number[] = [];
    await bus.subscribe(Noted, 'rec', (p) => {
      got.push(p.i);
    });
    bus.startRelay({ pollMs: 50, onError: () => undefined });
    const total = 300;
    // Mongo stays up: publishing never waits for Redis, the relay catches up afterwards
    const publishing = (async () => {
      for (let i = 0; i < total; i++) {
        await withTransaction(conn, (s) => bus.publish(s, Noted, { i }, { aggregateId: `n${i % 7}` }));
        await sleep(5);
      }
    })();
    await waitFor('some delivered', () => got.length >= 50);
    await redis.restart({ downMs: 1500 });
    await publishing;
    await waitFor(`all ${total} delivered`, () => got.length >= total, 60_000);
    await sleep(500);
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(await conn.collection('outbox').countDocuments({ dispatchedAt: null })).toBe(0);
  });

  it('subscribers register again after a Redis that lost its data restarts', async () => {
    const [redis, mongo] = await Promise.all([startTestRedis(), startTestMongo()]);
    cleanups.push(() => Promise.all([redis.stop(), mongo.stop()]).then(() => undefined));
    const prefix = uniqueName('bus-rr');
    const conn = await connectDb(mongo.uri, `${prefix}-svc`);
    cleanups.push(() => conn.close());
    const bus = await createBus({ redisUrl: redis.url, service: 'svc', prefix, conn });
    cleanups.push(() => bus.close());
    const got: number[] = [];
    await bus.subscribe(Noted, 'rec', (p) => {
      got.push(p.i);
    });
    bus.startRelay({ pollMs: 50, onError: () => undefined });
    await redis.restart({ downMs: 300 });
    // the subscriber set was lost with the data; the bus wrote it again on reconnect
    const probe = new Redis(redis.url);
    probe.on('error', () => undefined);
    cleanups.push(async () => probe.disconnect());
    await waitFor('subscriber set restored', async () => {
      const members = await probe.smembers(`${prefix}:hebing-subscribers:${Noted.name}`);
      return members.length === 1;
    });
    await withTransaction(conn, (s) => bus.publish(s, Noted, { i: 1 }, { aggregateId: 'n1' }));
    await waitFor('delivered after restart', () => got.length === 1, 10_000);
    expect(got).toEqual([1]);
  });
});

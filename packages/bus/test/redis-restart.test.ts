import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMessage } from '@hebing/contracts';
import { startTestRedis, uniqueName } from '@hebing/testing';
import { createBus, type Bus } from '../src';
import { startDurableRedis } from './helpers/durable-redis';
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
    const redis = await startDurableRedis();
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

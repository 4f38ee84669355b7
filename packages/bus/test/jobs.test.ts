import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMessage, isAppError } from '@hebing/contracts';
import { startTestRedis, uniqueName } from '@hebing/testing';
import { createBus, type Bus } from '../src';
import { cleanupPrefix, sleep, waitFor } from './helpers/wait';

const Resize = defineMessage(
  'test.photo.resized',
  z.object({ photoId: z.string(), width: z.number().int().positive() }),
);

let redis: Awaited<ReturnType<typeof startTestRedis>>;
let prefix = uniqueName('bus-jobs');
const buses: Bus[] = [];

async function newBus(opts: { attempts?: number; backoffMs?: number } = {}): Promise<Bus> {
  const bus = await createBus({ redisUrl: redis.url, service: 'jobs-test', prefix, retry: opts });
  buses.push(bus);
  return bus;
}

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
  await cleanupPrefix(redis.url, prefix);
});

describe('jobs', () => {
  it('runs an enqueued job with its validated payload and keeps the reported progress', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus();
    const seen: unknown[] = [];
    bus.defineWorker(Resize, async (payload, ctx) => {
      await ctx.progress(50);
      seen.push(payload);
      await ctx.progress(100);
      return 'ok';
    });
    const id = await bus.enqueue(Resize, { photoId: 'p1', width: 640 });
    await waitFor('job processed', () => seen.length === 1);
    const queue = bus.queues().find((q) => q.name === Resize.name);
    expect(queue).toBeDefined();
    const job = await waitFor('job completed', async () => {
      const j = queue ? await Job.fromId(queue, id) : undefined;
      return j?.finishedOn ? j : undefined;
    });
    expect(seen).toEqual([{ photoId: 'p1', width: 640 }]);
    expect(job.progress).toBe(100);
    expect(job.returnvalue).toBe('ok');
  });

  it('refuses an invalid payload with a message naming the message and the field', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus();
    const err = await bus.enqueue(Resize, { photoId: 'p1', width: -3 }).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    expect(isAppError(err) && err.code).toBe('BAD_INPUT');
    expect(String((err as Error).message)).toMatch(/test\.photo\.resized.*width/);
  });

  it('holds a delayed job back until its delay has passed', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus();
    let ranAt = 0;
    bus.defineWorker(Resize, () => {
      ranAt = Date.now();
    });
    const t0 = Date.now();
    await bus.enqueue(Resize, { photoId: 'late', width: 1 }, { delay: 700 });
    await waitFor('delayed job ran', () => ranAt > 0);
    expect(ranAt - t0).toBeGreaterThanOrEqual(700);
  });

  it('deduplicates by jobId', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus();
    const a = await bus.enqueue(Resize, { photoId: 'x', width: 1 }, { jobId: 'photo-x' });
    const b = await bus.enqueue(Resize, { photoId: 'x', width: 1 }, { jobId: 'photo-x' });
    expect(a).toBe('photo-x');
    expect(b).toBe('photo-x');
    const queue = bus.queues().find((q) => q.name === Resize.name);
    expect(await queue?.getJobCountByTypes('waiting')).toBe(1);
  });

  it('retries with exponential backoff, then dead-letters the job, and replays it', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus({ attempts: 3, backoffMs: 100 });
    const attempts: number[] = [];
    let healthy = false;
    bus.defineWorker(Resize, (_p, ctx) => {
      attempts.push(Date.now());
      if (!healthy) throw new Error(`thumbnailer down (attempt ${ctx.attempt})`);
    });
    const id = await bus.enqueue(Resize, { photoId: 'p9', width: 10 });
    const letters = await waitFor('dead letter', async () => {
      const l = await bus.deadLetters.list();
      return l.length ? l : undefined;
    });
    expect(attempts).toHaveLength(3);
    // exponential: the second gap (~200 ms) is longer than the first (~100 ms)
    const gap1 = (attempts[1] ?? 0) - (attempts[0] ?? 0);
    const gap2 = (attempts[2] ?? 0) - (attempts[1] ?? 0);
    expect(gap1).toBeGreaterThanOrEqual(100);
    expect(gap2).toBeGreaterThanOrEqual(200);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      queue: Resize.name,
      jobId: id,
      attemptsMade: 3,
      data: { photoId: 'p9', width: 10 },
    });
    expect(letters[0]?.failedReason).toContain('thumbnailer down (attempt 3)');

    healthy = true;
    await bus.deadLetters.replay(letters[0]?.id ?? '');
    await waitFor('replayed job ran', () => attempts.length === 4);
    const queue = bus.queues().find((q) => q.name === Resize.name);
    await waitFor('replayed job completed', async () =>
      queue ? (await queue.getJobState(id)) === 'completed' : false,
    );
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('runs a cron job scheduler repeatedly', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await newBus();
    const runs: unknown[] = [];
    bus.defineWorker(Resize, (payload) => {
      runs.push(payload);
    });
    const id = await bus.schedule(Resize, '* * * * * *', { photoId: 'nightly', width: 1 });
    await waitFor('two scheduled runs', () => runs.length >= 2, 10_000);
    expect(runs[0]).toEqual({ photoId: 'nightly', width: 1 });
    const queue = bus.queues().find((q) => q.name === Resize.name);
    const scheduler = await queue?.getJobScheduler(id);
    expect(scheduler?.pattern).toBe('* * * * * *');
  });

  it('lets a running job finish when the bus closes', async () => {
    prefix = uniqueName('bus-jobs');
    const bus = await createBus({ redisUrl: redis.url, service: 'jobs-test', prefix });
    let started = false;
    let finished = false;
    bus.defineWorker(Resize, async () => {
      started = true;
      await sleep(500);
      finished = true;
    });
    const id = await bus.enqueue(Resize, { photoId: 'slow', width: 1 });
    await waitFor('job started', () => started);
    await bus.close();
    expect(finished).toBe(true);
    const queue = new Queue(Resize.name, { connection: { url: redis.url }, prefix });
    try {
      expect(await queue.getJobState(id)).toBe('completed');
    } finally {
      await queue.close();
    }
  });
});

describe('redis configuration', () => {
  it('refuses a Redis whose maxmemory-policy is not noeviction, naming the fix', async () => {
    prefix = uniqueName('bus-jobs');
    const admin = new Redis(redis.url);
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const err = await createBus({ redisUrl: redis.url, service: 'jobs-test', prefix }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/maxmemory-policy is "allkeys-lru".*requires "noeviction"/);
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
    }
  });
});

import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withTransaction } from '@hebing/db';
import { subscriberQueueName } from '../src';
import { CountJob, NoteEvent } from './fixtures/messages';
import { killHard, spawnFixture, waitExit, waitReady } from './helpers/child';
import { useBusEnv } from './helpers/env';
import { sleep, waitFor } from './helpers/wait';

const children: ChildProcess[] = [];
const env = useBusEnv(() => Promise.all(children.splice(0).map((c) => killHard(c))));

function start(fixture: string, args: string[]): ChildProcess {
  const child = spawnFixture(fixture, args);
  children.push(child);
  return child;
}

describe('a worker killed with SIGKILL mid-job', () => {
  it('applies every one of 5,000 jobs exactly once after the worker restarts', async () => {
    const total = 5000;
    const buckets = 50;
    const conn = await env().db('crash');
    const producer = await env().bus('crash-test', undefined);
    for (let i = 0; i < total; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, k) =>
          producer.enqueue(CountJob, { n: i + k, bucket: (i + k) % buckets }, { jobId: `count-${i + k}` }),
        ),
      );
    }
    const inbox = conn.collection('inbox');
    const args = [env().redisUrl, env().mongoUri, conn.name, env().prefix];

    const first = start('job-worker.child.ts', args);
    await waitReady(first);
    await waitFor(
      'a third of the jobs applied',
      async () => (await inbox.countDocuments({})) >= total / 3,
      90_000,
    );
    await killHard(first);
    const appliedAtKill = await inbox.countDocuments({});
    expect(appliedAtKill).toBeLessThan(total);

    const second = start('job-worker.child.ts', args);
    await waitReady(second);
    const queue = producer.queues().find((q) => q.name === CountJob.name);
    await waitFor('every job completed', async () => (await queue?.getCompletedCount()) === total, 200_000);

    const counters = await conn.collection<{ _id: number; count: number }>('counters').find({}).toArray();
    expect(counters).toHaveLength(buckets);
    for (const c of counters) expect(c.count).toBe(total / buckets);
    expect(await inbox.countDocuments({})).toBe(total);
    expect(await queue?.getFailedCount()).toBe(0);
    // the kill landed mid-job: some jobs were taken back from the dead worker and run again
    const completed = (await queue?.getJobs(['completed'], 0, -1)) ?? [];
    expect(completed.filter((j) => j.stalledCounter > 0).length).toBeGreaterThan(0);
  }, 300_000); // 5,000 Mongo transactions on a shared 2-core machine
});

describe('the relay killed between the Mongo commit and the Redis add', () => {
  for (const stage of ['read', 'added'] as const) {
    it(`delivers the event once after a restart (killed after "${stage}")`, async () => {
      const conn = await env().db('relay');
      const bus = await env().bus('relay-crash', conn);
      const got: string[] = [];
      await bus.subscribe(NoteEvent, 'recorder', (p, meta) => {
        got.push(`${meta.eventId}:${p.text}`);
      });
      const eventId = await withTransaction(conn, (s) =>
        bus.publish(s, NoteEvent, { text: 'hello' }, { aggregateId: 'n1' }),
      );
      const args = [env().redisUrl, env().mongoUri, conn.name, env().prefix];

      const crashing = start('relay.child.ts', [...args, stage]);
      const exit = await waitExit(crashing);
      expect(exit.signal).toBe('SIGKILL');
      const outbox = conn.collection<{ _id: string; dispatchedAt: Date | null }>('outbox');
      expect((await outbox.findOne({ _id: eventId }))?.dispatchedAt).toBeNull();
      const queue = bus
        .queues()
        .find((q) => q.name === subscriberQueueName('relay-crash', NoteEvent.name, 'recorder'));
      // 'read': nothing reached Redis yet; 'added': the job is there but the row is not marked
      // 'added': the job reached Redis and is delivered before its row is marked, so the restarted
      // relay sends it again and the subscriber's inbox must make that copy a no-op
      if (stage === 'read') expect(await queue?.getJob(eventId)).toBeUndefined();
      else await waitFor('delivered before the row was marked', () => got.length === 1);

      const healthy = start('relay.child.ts', [...args, 'none']);
      await waitReady(healthy);
      await waitFor('row dispatched', async () => (await outbox.findOne({ _id: eventId }))?.dispatchedAt);
      await waitFor('delivered', () => got.length >= 1);
      await sleep(500);
      expect(got).toEqual([`${eventId}:hello`]);
      // delivered jobs are removed once done (the inbox is the record); nothing waits or failed
      const counts = await queue?.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed');
      expect(counts).toEqual({ completed: 0, waiting: 0, active: 0, delayed: 0, failed: 0 });
      expect(await conn.collection('inbox').countDocuments({ eventId })).toBe(1);
    });
  }
});

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '@hebing/db';
import { uniqueName } from '@hebing/testing';
import { childEnv, planToApproved, startCountyStack, waitFor, type Stack } from './helpers';

let stack: Stack;
let child: ChildProcess | null = null;

function startSubscriber(subDb: string): Promise<ChildProcess> {
  // The tsx loader in this very process (no tsx CLI in between), so a signal reaches the
  // subscriber itself and a SIGKILL cannot leave an orphan behind.
  const script = fileURLToPath(new URL('./fixtures/effective-subscriber.ts', import.meta.url));
  const p = spawn(process.execPath, ['--import', 'tsx', script], {
    env: childEnv({
      MONGO_URL: stack.mongoUri,
      REDIS_URL: stack.redisUrl,
      BUS_PREFIX: stack.busPrefix,
      SUB_DB: subDb,
    }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    p.once('exit', (code) => reject(new Error(`subscriber exited early (${code})`)));
    p.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) resolve(p);
    });
  });
}

beforeAll(async () => {
  stack = await startCountyStack();
}, 60_000);
/** SIGTERM, then SIGKILL if the subscriber has not drained within 5 s; waits for the exit. */
async function stopSubscriber(p: ChildProcess | null): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

afterAll(async () => {
  await stopSubscriber(child);
  await stack?.stop();
}, 15_000);

describe('reference chain: procedure → transaction (write + audit + outbox) → relay → subscriber process', () => {
  it('delivers divisions.merger.effective to a subscriber in another process exactly once', async () => {
    const subDb = uniqueName('hebing_sub').replace(/-/g, '_');
    child = await startSubscriber(subDb);
    const c = stack.client();
    const p = await planToApproved(
      c,
      {
        title: '西索村、查米村合并',
        level: 'village',
        sourceCodes: ['513201100200', '513201100201'],
        effectiveDate: '2020-08-01',
        reason: '方案',
        target: {
          codeMode: 'new',
          code: '513201100210',
          name: '西索村',
          nameOverrideReason: null,
          seatAddress: null,
        },
      },
      { kind: 'meeting', date: '2020-05-01', note: '座谈会', reason: '记录' },
      { body: '村民会议', date: '2020-06-01', members: 90, present: 70, for: 60, against: 10 },
    );
    await c.divisions.plans.makeEffective.mutate({ id: p.id, reason: '生效' });

    // The outbox rows were written by the transactions above; nothing has left Mongo yet.
    const outbox = stack.conn.collection('outbox');
    expect(await outbox.countDocuments({ aggregateId: p.id, dispatchedAt: null })).toBe(2);
    stack.bus.startRelay({ pollMs: 50 });

    const sub = await connectDb(stack.mongoUri, subDb);
    try {
      const received = sub.collection('received');
      await waitFor(async () => (await received.countDocuments({ planId: p.id })) === 1, 'delivery', 20_000);
      await waitFor(
        async () => (await outbox.countDocuments({ aggregateId: p.id, dispatchedAt: null })) === 0,
        'relay marks',
      );
      // Restart the subscriber: a delivered event is not delivered again.
      await stopSubscriber(child);
      child = await startSubscriber(subDb);
      await new Promise((r) => setTimeout(r, 1000));
      const docs = await received.find({ planId: p.id }).toArray();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({
        targetCode: '513201100210',
        sourceCodes: ['513201100200', '513201100201'],
      });
    } finally {
      await sub.close();
    }
  }, 60_000);
});

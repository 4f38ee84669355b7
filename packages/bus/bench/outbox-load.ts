/*
 * Events/s through the outbox itself: publishers commit transactions of `perTxn` events while
 * the relay moves the rows into a subscriber's queue, until every row is dispatched. No consumer
 * runs, so the figure is the outbox's (transaction → outbox → relay → Redis), not the
 * subscriber's; the end-to-end figures in run.ts include the consumer.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { connectDb, withTransaction } from '@hebing/db';
import { createBus, subscriberQueueName } from '../src';
import { Ping } from './messages';
import { closedLoop, sleep } from './stats';

export async function outboxThroughput(
  redisUrl: string,
  mongoUri: string,
  prefix: string,
  opts: { concurrency: number; perTxn: number; seconds: number },
): Promise<number> {
  const conn = await connectDb(mongoUri, `${prefix}-ob`);
  const bus = await createBus({ redisUrl, service: 'ob-pub', prefix, conn });
  const queueName = subscriberQueueName('ob-sub', Ping.name, 'm');
  const redis = new Redis(redisUrl);
  await redis.sadd(`${prefix}:hebing-subscribers:${Ping.name}`, queueName);
  const publishMany = (i: number) =>
    withTransaction(conn, async (s) => {
      for (let k = 0; k < opts.perTxn; k++) {
        const n = i * opts.perTxn + k;
        await bus.publish(s, Ping, { t0: Date.now(), i: n }, { aggregateId: `ob-${n}` });
      }
    });
  bus.startRelay();
  const t = Date.now();
  const events = (await closedLoop(opts.concurrency, opts.seconds, publishMany)) * opts.perTxn;
  const outbox = conn.collection('outbox');
  while ((await outbox.countDocuments({ dispatchedAt: null })) > 0) await sleep(5);
  const perSec = events / ((Date.now() - t) / 1000);
  const queue = new Queue(queueName, { connection: redis, prefix });
  const queued = await queue.getWaitingCount();
  if (queued !== events) throw new Error(`outbox load: ${events} events published, ${queued} queued`);
  await queue.obliterate({ force: true });
  await queue.close();
  await redis.srem(`${prefix}:hebing-subscribers:${Ping.name}`, queueName);
  redis.disconnect();
  await bus.close();
  await conn.dropDatabase();
  await conn.close();
  return perSec;
}

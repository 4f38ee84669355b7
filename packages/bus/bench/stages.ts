/*
 * Where the outbox pipeline spends its capacity: each stage alone, on a backlog. Publish (the
 * caller's transaction with the outbox row), relay (outbox → Redis), consume (inbox transaction).
 */
import { Redis } from 'ioredis';
import { connectDb, withTransaction } from '@hebing/db';
import { createBus, subscriberQueueName } from '../src';
import { Ping } from './messages';
import { closedLoop, sleep } from './stats';

export interface StageRates {
  publishPerSec: number;
  relayPerSec: number;
  consumePerSec: number;
}

export async function measureStages(
  redisUrl: string,
  mongoUri: string,
  prefix: string,
  concurrency: number,
): Promise<StageRates> {
  const pubConn = await connectDb(mongoUri, `${prefix}-st-pub`);
  const subConn = await connectDb(mongoUri, `${prefix}-st-sub`);
  const publisher = await createBus({ redisUrl, service: 'st-pub', prefix, conn: pubConn });
  // register the subscriber queue by hand so the relay has somewhere to send before any worker runs
  const redis = new Redis(redisUrl);
  await redis.sadd(
    `${prefix}:hebing-subscribers:${Ping.name}`,
    subscriberQueueName('st-sub', Ping.name, 'm'),
  );
  redis.disconnect();

  let t = Date.now();
  const n = await closedLoop(concurrency, 5, (i) =>
    withTransaction(pubConn, (s) =>
      publisher.publish(s, Ping, { t0: Date.now(), i }, { aggregateId: `s${i}` }),
    ),
  );
  const publishPerSec = n / ((Date.now() - t) / 1000);

  t = Date.now();
  publisher.startRelay();
  const outbox = pubConn.collection('outbox');
  while ((await outbox.countDocuments({ dispatchedAt: null })) > 0) await sleep(10);
  const relayPerSec = n / ((Date.now() - t) / 1000);

  const subscriber = await createBus({ redisUrl, service: 'st-sub', prefix, conn: subConn });
  let done = 0;
  t = Date.now();
  await subscriber.subscribe(Ping, 'm', () => void done++, { concurrency: 16 });
  while (done < n) await sleep(10);
  const consumePerSec = n / ((Date.now() - t) / 1000);

  await Promise.all([publisher.close(), subscriber.close()]);
  for (const c of [pubConn, subConn]) {
    await c.dropDatabase();
    await c.close();
  }
  return { publishPerSec, relayPerSec, consumePerSec };
}

/*
 * The consuming service of the benchmark, in its own process as in production: a raw BullMQ
 * worker or a bus subscriber (inbox transaction). Reports latencies to the parent over IPC.
 * argv: mode(raw|outbox) redisUrl mongoUri prefix
 */
import { Worker } from 'bullmq';
import { connectDb } from '@hebing/db';
import { createBus } from '../src';
import { CONSUMER_CONCURRENCY, Ping } from './messages';

const [mode, redisUrl, mongoUri, prefix] = process.argv.slice(2);
if (!mode || !redisUrl || !mongoUri || !prefix)
  throw new Error('usage: consumer mode redisUrl mongoUri prefix');

let batch: number[] = [];
const flush = setInterval(() => {
  if (batch.length) process.send?.({ lat: batch });
  batch = [];
}, 25);

async function start(): Promise<() => Promise<void>> {
  if (mode === 'raw') {
    const connection = { url: redisUrl, maxRetriesPerRequest: null };
    const worker = new Worker(
      'raw',
      async (job) => {
        batch.push(Date.now() - (job.data as { t0: number }).t0);
      },
      { connection, prefix, concurrency: CONSUMER_CONCURRENCY },
    );
    return () => worker.close();
  }
  const conn = await connectDb(mongoUri ?? '', `${prefix}-sub`);
  const bus = await createBus({ redisUrl: redisUrl ?? '', service: 'bench-sub', prefix: prefix ?? '', conn });
  await bus.subscribe(
    Ping,
    'measure',
    ({ t0 }) => {
      batch.push(Date.now() - t0);
    },
    { concurrency: CONSUMER_CONCURRENCY },
  );
  return async () => {
    await bus.close();
    await conn.dropDatabase();
    await conn.close();
  };
}

const stop = await start();
process.send?.({ ready: true });
process.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  clearInterval(flush);
  void stop().then(() => process.exit(0));
});

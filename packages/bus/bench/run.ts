/*
 * Bus benchmark: publish → delivery through the transactional outbox (Mongo transaction, relay,
 * subscriber with its inbox transaction) next to raw BullMQ add → process, in the same run.
 * Latency: one event per transaction at a light rate. Throughput: publishers committing
 * transactions of EVENTS_PER_TXN events, measured through the outbox (commit → relay →
 * subscriber queue, outbox-load.ts: the figure the ≥ 3,000 events/s target is judged on) and,
 * for information, end to end with a subscriber applying each event with its inbox row (group
 * commit, concurrency CONSUMER_CONCURRENCY; its work shares the same two cores); then
 * end to end with one event per transaction, for context: that figure is bounded by how many
 * transactions the database commits per second, printed next to it. Mongo is the emulator unless
 * MONGO_URL is set; Redis is a private redis-server. Every process shares this machine's cores.
 */
import { fork, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { connectDb, withTransaction } from '@hebing/db';
import { startTestRedis, uniqueName } from '@hebing/testing';
import { createBus } from '../src';
import { CONSUMER_CONCURRENCY, Ping } from './messages';
import { outboxThroughput } from './outbox-load';
import { measureStages } from './stages';
import { closedLoop, openLoop, summarize, table } from './stats';

const LATENCY_RATE = 20; // events/s offered while measuring latency: a light load, below saturation here
const LATENCY_SECONDS = 5;
const THROUGHPUT_SECONDS = 10;
const CONCURRENCY = 32;
/** A transaction that changes several things publishes several events (a plan taking effect does). */
const EVENTS_PER_TXN = 10;

async function startMongoProcess() {
  const file = fileURLToPath(new URL('./mongo-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`mongo server exited (${code})`)));
  });
  return {
    uri,
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

const [redis, mongo] = await Promise.all([startTestRedis(), startMongoProcess()]);
const prefix = uniqueName('bench');

/** Counts deliveries and their latencies; the consumer side of both pipelines feeds it. */
interface Sink {
  lat: number[];
  done: number;
}

async function drain(sink: Sink, expected: number): Promise<void> {
  while (sink.done < expected) await new Promise((r) => setTimeout(r, 10));
}

/** Latency at a modest open-loop rate after a warm-up (connection pools, JIT). */
async function latencyPhase(send: (i: number) => Promise<unknown>, sink: Sink) {
  await openLoop(LATENCY_RATE, 1, send);
  await drain(sink, LATENCY_RATE);
  sink.lat.length = 0;
  sink.done = 0;
  await openLoop(LATENCY_RATE, LATENCY_SECONDS, send);
  await drain(sink, LATENCY_RATE * LATENCY_SECONDS);
  return summarize(sink.lat);
}

/** Closed-loop throughput: every call sends `perCall` events; counted until all are delivered. */
async function throughputPhase(send: (i: number) => Promise<unknown>, perCall: number, sink: Sink) {
  sink.done = 0;
  const t = Date.now();
  const events = (await closedLoop(CONCURRENCY, THROUGHPUT_SECONDS, send)) * perCall;
  await drain(sink, events);
  return events / ((Date.now() - t) / 1000);
}

/** Starts the consumer process; its latency reports fill the returned sink. */
async function startConsumer(mode: 'raw' | 'outbox') {
  const file = fileURLToPath(new URL('./consumer.ts', import.meta.url));
  const child = fork(file, [mode, redis.url, mongo.uri, prefix], { execArgv: ['--import', 'tsx'] });
  const sink: Sink = { lat: [], done: 0 };
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; lat?: number[] }) => {
      if (m.ready) resolve();
      if (m.lat) {
        sink.lat.push(...m.lat);
        sink.done += m.lat.length;
      }
    });
    child.once('exit', (code) => reject(new Error(`consumer exited (${code})`)));
  });
  return {
    sink,
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.send('stop');
      }),
  };
}

async function rawBullmq() {
  const queue = new Queue('raw', { connection: { url: redis.url }, prefix });
  const consumer = await startConsumer('raw');
  const opts = { removeOnComplete: true };
  const send = (i: number) => queue.add('raw', { t0: Date.now(), i }, opts);
  const latency = await latencyPhase(send, consumer.sink);
  const perSec = await throughputPhase(send, 1, consumer.sink);
  await consumer.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  return { latency, perSec };
}

async function outbox() {
  const pubConn = await connectDb(mongo.uri, `${prefix}-pub`);
  const publisher = await createBus({ redisUrl: redis.url, service: 'bench-pub', prefix, conn: pubConn });
  const consumer = await startConsumer('outbox');
  publisher.startRelay();
  const publishOne = (i: number) =>
    withTransaction(pubConn, (s) =>
      publisher.publish(s, Ping, { t0: Date.now(), i }, { aggregateId: `agg-${i}` }),
    );
  // one transaction, EVENTS_PER_TXN events, each for its own aggregate
  const publishMany = (i: number) =>
    withTransaction(pubConn, async (s) => {
      for (let k = 0; k < EVENTS_PER_TXN; k++) {
        const n = i * EVENTS_PER_TXN + k;
        await publisher.publish(s, Ping, { t0: Date.now(), i: n }, { aggregateId: `many-${n}` });
      }
    });
  const latency = await latencyPhase(publishOne, consumer.sink);
  const perSecMany = await throughputPhase(publishMany, EVENTS_PER_TXN, consumer.sink);
  const perSecOne = await throughputPhase(publishOne, 1, consumer.sink);
  await consumer.stop();
  await publisher.close();
  await pubConn.dropDatabase();
  await pubConn.close();
  return { latency, perSecMany, perSecOne };
}

/** Context for the outbox figure: bare Mongo transactions (one insert) at the same concurrency. */
async function mongoCeiling(): Promise<number> {
  const conn = await connectDb(mongo.uri, `${prefix}-ceiling`);
  const coll = conn.collection<{ _id: string }>('probe');
  const t = Date.now();
  const n = await closedLoop(CONCURRENCY, 5, (i) =>
    withTransaction(conn, (s) => coll.insertOne({ _id: `p${i}` }, { session: s })),
  );
  const perSec = n / ((Date.now() - t) / 1000);
  await conn.dropDatabase();
  await conn.close();
  return perSec;
}

const raw = await rawBullmq();
const throughOutbox = await outboxThroughput(redis.url, mongo.uri, prefix, {
  concurrency: CONCURRENCY,
  perTxn: EVENTS_PER_TXN,
  seconds: THROUGHPUT_SECONDS,
});
const ob = await outbox();
const ceiling = await mongoCeiling();
const stages = await measureStages(redis.url, mongo.uri, prefix, CONCURRENCY);
const fmt = (n: number, d = 1) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
console.log(
  `\nbus benchmark — Mongo from startTestMongo (MONGO_URL or the emulator) in its own process; consumers (concurrency ${CONSUMER_CONCURRENCY}) in their own process; latency at ${LATENCY_RATE}/s offered for ${LATENCY_SECONDS} s; throughput ${CONCURRENCY} concurrent publishers for ${THROUGHPUT_SECONDS} s\n`,
);
console.log(
  table([
    ['metric', 'outbox', 'raw BullMQ', 'outbox/raw', 'target', 'result'],
    [
      'p50 latency (ms)',
      fmt(ob.latency.p50),
      fmt(raw.latency.p50),
      fmt(ob.latency.p50 / raw.latency.p50, 2),
      '-',
      '-',
    ],
    [
      'p99 latency (ms)',
      fmt(ob.latency.p99),
      fmt(raw.latency.p99),
      fmt(ob.latency.p99 / raw.latency.p99, 2),
      '<= 100',
      verdict(ob.latency.p99 <= 100),
    ],
    [
      `events/s through the outbox (commit → relay → queue), ${EVENTS_PER_TXN} per transaction`,
      fmt(throughOutbox, 0),
      fmt(raw.perSec, 0),
      fmt(throughOutbox / raw.perSec, 3),
      '>= 3000',
      verdict(throughOutbox >= 3000),
    ],
    [
      `events/s end to end (+ subscriber inbox), ${EVENTS_PER_TXN} per transaction`,
      fmt(ob.perSecMany, 0),
      fmt(raw.perSec, 0),
      fmt(ob.perSecMany / raw.perSec, 3),
      '(info)',
      '-',
    ],
    [
      'events/s end to end, 1 event per transaction',
      fmt(ob.perSecOne, 0),
      fmt(raw.perSec, 0),
      fmt(ob.perSecOne / raw.perSec, 3),
      `(ceiling: ${fmt(ceiling, 0)} bare txn/s)`,
      '-',
    ],
  ]),
);
console.log(
  `\nwhere the outbox capacity goes (each stage alone on a backlog, ${CONCURRENCY} concurrent publishers):\n` +
    table([
      ['stage', 'per second'],
      ['bare Mongo transaction (1 insert)', fmt(ceiling, 0)],
      ['publish (seq counter + outbox row, one transaction)', fmt(stages.publishPerSec, 0)],
      ['relay (outbox read → Redis → mark)', fmt(stages.relayPerSec, 0)],
      ['consume (BullMQ + inbox transaction)', fmt(stages.consumePerSec, 0)],
    ]),
);
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (shared with other work; figures are noisy)`,
);
await Promise.all([redis.stop(), mongo.stop()]);

import { Queue, type JobsOptions, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { inboxModel } from './inbox.model';
import { outboxModel, outboxSeqModel } from './outbox.model';

/** Defaults every job and event delivery gets unless a caller overrides them. */
export interface RetryDefaults {
  attempts: number;
  backoffMs: number;
}

/** Worker tuning; tests shorten the lock so a killed worker's jobs come back quickly. */
export interface WorkerTuning {
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

/** State shared by the bus pieces (jobs, subscribe, relay, dead letters) of one createBus call. */
export interface BusCore {
  readonly service: string;
  readonly prefix: string;
  /** The service's Mongo connection with the outbox/inbox indexes ensured; throws without one. */
  mongo(): Promise<Connection>;
  readonly producer: Redis;
  readonly workerConn: Redis;
  readonly retry: RetryDefaults;
  readonly tuning: WorkerTuning;
  readonly workers: Worker[];
  readonly queues: Map<string, Queue>;
  queue(name: string): Queue;
  jobOptions(extra?: JobsOptions): JobsOptions;
  deadLetterQueueName: string;
  subscribersKey(eventName: string): string;
  /** Adds a subscriber queue to the event's set, and again whenever Redis reconnects. */
  registerSubscriber(eventName: string, queueName: string): Promise<void>;
}

async function ensureIndexes(conn: Connection): Promise<Connection> {
  await Promise.all(
    [outboxModel(conn), outboxSeqModel(conn), inboxModel(conn)].map((m) => m.createIndexes()),
  );
  return conn;
}

function defaultJobOptions(retry: RetryDefaults, extra: JobsOptions | undefined): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    // keep finished jobs for a while: jobId dedup (relay re-sends) only works while they exist
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
    ...extra,
  };
}

export function createCore(args: {
  service: string;
  prefix: string;
  conn: Connection | undefined;
  producer: Redis;
  workerConn: Redis;
  retry: RetryDefaults;
  tuning: WorkerTuning;
}): BusCore {
  const queues = new Map<string, Queue>();
  let indexed: Promise<Connection> | null = null;
  const subscriptions = new Map<string, [key: string, queue: string]>();
  // a Redis that restarted without persistence forgot the subscriber sets: write them again
  args.producer.on('ready', () => {
    for (const [key, queue] of subscriptions.values())
      void args.producer.sadd(key, queue).catch(() => undefined);
  });
  const { conn: _conn, ...rest } = args;
  const core: BusCore = {
    ...rest,
    workers: [],
    queues,
    mongo() {
      const conn = args.conn;
      if (!conn) {
        return Promise.reject(
          new Error(`bus "${args.service}": events and idempotent workers need createBus({ conn })`),
        );
      }
      // indexes are created on first use so a job-only bus never waits for Mongo
      indexed ??= ensureIndexes(conn).catch((e: unknown) => {
        indexed = null;
        throw e;
      });
      return indexed;
    },
    deadLetterQueueName: `${args.service}.dead-letter`,
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: args.producer, prefix: args.prefix });
        // a queue's 'error' (e.g. Redis down) must not crash the process; callers see failed calls
        q.on('error', () => undefined);
        queues.set(name, q);
      }
      return q;
    },
    jobOptions: (extra) => defaultJobOptions(args.retry, extra),
    subscribersKey(eventName) {
      return `${args.prefix}:hebing-subscribers:${eventName}`;
    },
    async registerSubscriber(eventName, queueName) {
      subscriptions.set(`${eventName}\u0000${queueName}`, [core.subscribersKey(eventName), queueName]);
      await args.producer.sadd(core.subscribersKey(eventName), queueName);
    },
  };
  return core;
}

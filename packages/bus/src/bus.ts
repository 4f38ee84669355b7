import type { Queue, Worker } from 'bullmq';
import type { ClientSession, Connection } from 'mongoose';
import type { z } from 'zod';
import type { MessageDef } from '@hebing/contracts';
import { createCore, type RetryDefaults, type WorkerTuning } from './core';
import { createDeadLetters, type DeadLetters } from './dead-letter';
import {
  defineWorker,
  enqueue,
  schedule,
  type EnqueueOptions,
  type JobHandler,
  type WorkerOptions,
} from './jobs';
import { publish, registerOutbox } from './publish';
import { assertNoEviction, closeRedis, createRedis } from './redis';
import { startRelay, type Relay, type RelayOptions } from './relay';
import { subscribe, type EventHandler, type SubscribeOptions } from './subscribe';

export interface BusOptions {
  redisUrl: string;
  /** Service name (`divisions`); names the subscriber queues and the dead-letter queue. */
  service: string;
  /** The service's Mongo connection (outbox, inbox); a bus that only runs plain jobs may omit it. */
  conn?: Connection;
  /** BullMQ key prefix; tests use a unique one. Default `hebing`. */
  prefix?: string;
  retry?: Partial<RetryDefaults>;
  worker?: Partial<WorkerTuning>;
}

export interface Bus {
  readonly service: string;
  publish<S extends z.ZodType>(
    session: ClientSession,
    event: MessageDef<string, S>,
    payload: z.input<S>,
    opts: { aggregateId: string },
  ): Promise<string>;
  startRelay(opts?: RelayOptions): Relay;
  subscribe<S extends z.ZodType>(
    event: MessageDef<string, S>,
    handlerName: string,
    handler: EventHandler<S>,
    opts?: SubscribeOptions,
  ): Promise<Worker>;
  defineWorker<S extends z.ZodType>(
    job: MessageDef<string, S>,
    handler: JobHandler<S>,
    opts?: WorkerOptions,
  ): Worker;
  enqueue<S extends z.ZodType>(
    job: MessageDef<string, S>,
    payload: z.input<S>,
    opts?: EnqueueOptions,
  ): Promise<string>;
  schedule<S extends z.ZodType>(
    job: MessageDef<string, S>,
    cron: string,
    payload: z.input<S>,
    opts?: { id?: string; tz?: string },
  ): Promise<string>;
  readonly deadLetters: DeadLetters;
  queues(): Queue[];
  /** Stops the relay, lets running jobs finish, closes queues and connections. */
  close(): Promise<void>;
}

export async function createBus(options: BusOptions): Promise<Bus> {
  const producer = createRedis(options.redisUrl, 'producer');
  try {
    await assertNoEviction(producer);
  } catch (e) {
    producer.disconnect();
    throw e;
  }
  const workerConn = createRedis(options.redisUrl, 'worker');
  const core = createCore({
    service: options.service,
    prefix: options.prefix ?? 'hebing',
    conn: options.conn,
    producer,
    workerConn,
    retry: { attempts: 5, backoffMs: 1000, ...options.retry },
    tuning: { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 3, ...options.worker },
  });
  // created up front so metrics and the job monitor see it before the first dead letter
  core.queue(core.deadLetterQueueName);
  let relay: Relay | null = null;
  const unregister = options.conn
    ? registerOutbox(options.conn, (rows) => relay?.nudge(rows))
    : () => undefined;
  return {
    service: options.service,
    publish: (session, event, payload, opts) =>
      publish(session, event, payload, options.conn ? { ...opts, conn: options.conn } : opts),
    startRelay(opts) {
      if (!options.conn) throw new Error(`bus "${options.service}": startRelay() needs createBus({ conn })`);
      relay ??= startRelay(core, opts);
      return relay;
    },
    subscribe: (event, handlerName, handler, opts) => subscribe(core, event, handlerName, handler, opts),
    defineWorker: (job, handler, opts) => defineWorker(core, job, handler, opts),
    enqueue: (job, payload, opts) => enqueue(core, job, payload, opts),
    schedule: (job, cron, payload, opts) => schedule(core, job, cron, payload, opts),
    deadLetters: createDeadLetters(core),
    queues: () => [...core.queues.values()],
    async close() {
      unregister();
      await relay?.stop();
      await Promise.all(core.workers.map((w) => w.close()));
      await Promise.all([...core.queues.values()].map((q) => q.close()));
      await Promise.all([closeRedis(workerConn), closeRedis(producer)]);
    },
  };
}

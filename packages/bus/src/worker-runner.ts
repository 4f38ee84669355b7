import { Worker, type Job } from 'bullmq';
import type { BusCore } from './core';
import { recordDeadLetter, sweepFailed } from './dead-letter';

/** Starts a BullMQ worker on the bus's worker connection, wired to the dead-letter queue. */
export function runWorker(
  core: BusCore,
  queueName: string,
  processor: (job: Job) => Promise<unknown>,
  concurrency: number,
): Worker {
  const worker = new Worker(queueName, processor, {
    connection: core.workerConn,
    prefix: core.prefix,
    concurrency,
    lockDuration: core.tuning.lockDurationMs,
    stalledInterval: core.tuning.stalledIntervalMs,
    maxStalledCount: core.tuning.maxStalledCount,
    // after a Redis restart the worker loop waits this long before fetching again (default 15 s)
    runRetryDelay: 500,
  });
  const queue = core.queue(queueName);
  worker.on('failed', (job) => {
    if (!job?.id) return;
    // a job waiting for its next attempt is 'delayed'; only a job BullMQ gave up on is 'failed'
    void queue
      .getJobState(job.id)
      .then((state) => (state === 'failed' ? recordDeadLetter(core, queueName, job) : undefined))
      .catch(() => undefined); // the start-up sweep picks it up if Redis is down right now
  });
  // connection errors while Redis restarts: ioredis reconnects and the worker carries on
  worker.on('error', () => undefined);
  core.workers.push(worker);
  void sweepFailed(core, queue).catch(() => undefined);
  return worker;
}

import { Job, type Queue } from 'bullmq';
import { AppError } from '@hebing/contracts';
import type { BusCore } from './core';

export interface DeadLetter {
  id: string;
  queue: string;
  name: string;
  jobId: string;
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  failedAt: string;
}

export interface DeadLetters {
  list(): Promise<DeadLetter[]>;
  /** Puts the original job back in its queue (fresh attempts) and drops the dead letter. */
  replay(id: string): Promise<{ queue: string; jobId: string }>;
}

/** Copies a finally failed job to the service's dead-letter queue; its id makes repeats no-ops. */
export async function recordDeadLetter(core: BusCore, queueName: string, job: Job): Promise<void> {
  if (!job.id) return;
  const entry: Omit<DeadLetter, 'id'> = {
    queue: queueName,
    name: job.name,
    jobId: job.id,
    data: job.data,
    failedReason: job.failedReason ?? 'unknown',
    attemptsMade: job.attemptsMade,
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
  await core.queue(core.deadLetterQueueName).add('dead-letter', entry, {
    jobId: `${queueName}~${job.id}`,
    removeOnComplete: true,
  });
}

/**
 * A worker process can die between "job failed" and "dead letter written"; on start each worker
 * sweeps its queue's failed set so no finally failed job is missing from the dead-letter queue.
 */
export async function sweepFailed(core: BusCore, queue: Queue): Promise<void> {
  const failed = await queue.getFailed(0, 999);
  // the failed set only holds jobs BullMQ gave up on (retries wait in 'delayed')
  for (const job of failed) await recordDeadLetter(core, queue.name, job);
}

export function createDeadLetters(core: BusCore): DeadLetters {
  const dlq = () => core.queue(core.deadLetterQueueName);
  return {
    async list() {
      const jobs = await dlq().getJobs(['waiting', 'prioritized'], 0, 999, true);
      return jobs.map((j) => ({ ...(j.data as Omit<DeadLetter, 'id'>), id: j.id ?? '' }));
    },
    async replay(id) {
      const letter = await Job.fromId(dlq(), id);
      if (!letter) throw new AppError('NOT_FOUND', `No dead letter "${id}" in ${core.deadLetterQueueName}`);
      const entry = letter.data as Omit<DeadLetter, 'id'>;
      const queue = core.queue(entry.queue);
      const original = await Job.fromId(queue, entry.jobId);
      if (original && (await original.getState()) === 'failed') {
        await original.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else {
        if (original) await original.remove();
        await queue.add(entry.name, entry.data, core.jobOptions({ jobId: entry.jobId }));
      }
      await letter.remove();
      return { queue: entry.queue, jobId: entry.jobId };
    },
  };
}

import { UnrecoverableError, type Job } from 'bullmq';
import type { ClientSession } from 'mongoose';
import type { z } from 'zod';
import { isAppError, type MessageDef } from '@hebing/contracts';
import { withTransaction } from '@hebing/db';
import type { BusCore } from './core';
import { claimInbox, skipIfProcessed } from './inbox.model';
import { parsePayload } from './validate';
import { runWorker } from './worker-runner';

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  progress(value: number | object): Promise<void>;
  /** The transaction the effect must use when the worker is `idempotent`, else null. */
  session: ClientSession | null;
}

export type JobHandler<S extends z.ZodType> = (payload: z.infer<S>, ctx: JobContext) => unknown;

export interface WorkerOptions {
  concurrency?: number;
  /**
   * Runs the handler in a Mongo transaction together with an inbox row keyed by the job id, so
   * a job re-run after a crash applies its effect once. The handler must use `ctx.session`.
   */
  idempotent?: boolean;
}

export interface EnqueueOptions {
  delay?: number;
  jobId?: string;
  attempts?: number;
}

/** An invalid payload can never succeed: fail it at once instead of burning retries. */
function toUnrecoverable(e: unknown): never {
  if (isAppError(e) && e.code === 'BAD_INPUT') throw new UnrecoverableError(e.message);
  throw e;
}

export function defineWorker<S extends z.ZodType>(
  core: BusCore,
  def: MessageDef<string, S>,
  handler: JobHandler<S>,
  opts: WorkerOptions = {},
) {
  const subscriber = `job:${def.name}`;
  if (opts.idempotent) void core.mongo().catch(() => undefined);
  const processor = async (job: Job) => {
    let payload: z.infer<S>;
    try {
      payload = parsePayload(def, job.data);
    } catch (e) {
      toUnrecoverable(e);
    }
    const base = {
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      progress: (value: number | object) => job.updateProgress(value),
    };
    if (!opts.idempotent) return handler(payload, { ...base, session: null });
    const conn = await core.mongo();
    let result: unknown;
    await skipIfProcessed(() =>
      withTransaction(conn, async (session) => {
        await claimInbox(conn, session, { subscriber, eventId: base.jobId, message: def.name });
        result = await handler(payload, { ...base, session });
      }),
    );
    return result;
  };
  return runWorker(core, def.name, processor, opts.concurrency ?? 1);
}

export async function enqueue<S extends z.ZodType>(
  core: BusCore,
  def: MessageDef<string, S>,
  payload: z.input<S>,
  opts: EnqueueOptions = {},
): Promise<string> {
  const data = parsePayload(def, payload);
  const job = await core.queue(def.name).add(
    def.name,
    data,
    core.jobOptions({
      ...(opts.delay !== undefined ? { delay: opts.delay } : {}),
      ...(opts.jobId !== undefined ? { jobId: opts.jobId } : {}),
      ...(opts.attempts !== undefined ? { attempts: opts.attempts } : {}),
    }),
  );
  return job.id ?? '';
}

/** Creates or updates a cron job scheduler; the same id replaces the previous schedule. */
export async function schedule<S extends z.ZodType>(
  core: BusCore,
  def: MessageDef<string, S>,
  cron: string,
  payload: z.input<S>,
  opts: { id?: string; tz?: string } = {},
): Promise<string> {
  const data = parsePayload(def, payload);
  const id = opts.id ?? def.name;
  await core
    .queue(def.name)
    .upsertJobScheduler(
      id,
      { pattern: cron, ...(opts.tz ? { tz: opts.tz } : {}) },
      { name: def.name, data, opts: core.jobOptions() },
    );
  return id;
}

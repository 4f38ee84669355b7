import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { ClientSession } from 'mongoose';
import type { z } from 'zod';
import { isAppError, type MessageDef } from '@hebing/contracts';
import type { BusCore } from './core';
import { GroupCommit } from './group-commit';
import type { RelayedEvent } from './relay';
import { parsePayload } from './validate';
import { runWorker } from './worker-runner';

export interface EventMeta {
  eventId: string;
  event: string;
  aggregateId: string;
  seq: number;
  publishedAt: string;
  attempt: number;
}

export type EventHandler<S extends z.ZodType> = (
  payload: z.infer<S>,
  meta: EventMeta,
  session: ClientSession,
) => unknown;

export interface SubscribeOptions {
  /** 1 (default) keeps an aggregate's events in seq order at the handler. */
  concurrency?: number;
  /**
   * Most events that may share one transaction when several are ready at once (group commit,
   * see group-commit.ts). Default 32; 1 gives every event its own transaction.
   */
  maxBatch?: number;
}

/** Queue of one (event, subscriber) pair; BullMQ forbids ':' in queue names. */
export function subscriberQueueName(service: string, eventName: string, handlerName: string): string {
  return `${eventName}--${service}.${handlerName}`;
}

export async function subscribe<S extends z.ZodType>(
  core: BusCore,
  event: MessageDef<string, S>,
  handlerName: string,
  handler: EventHandler<S>,
  opts: SubscribeOptions = {},
): Promise<Worker> {
  const group = new GroupCommit(await core.mongo(), Math.max(1, opts.maxBatch ?? 32));
  const queueName = subscriberQueueName(core.service, event.name, handlerName);
  const subscriber = `${core.service}.${handlerName}`;
  await core.registerSubscriber(event.name, queueName);
  const processor = async (job: Job) => {
    const data = job.data as RelayedEvent;
    let payload: z.infer<S>;
    try {
      payload = parsePayload(event, data.payload);
    } catch (e) {
      if (isAppError(e)) throw new UnrecoverableError(e.message);
      throw e;
    }
    const meta: EventMeta = {
      eventId: data.eventId,
      event: data.event,
      aggregateId: data.aggregateId,
      seq: data.seq,
      publishedAt: data.publishedAt,
      attempt: job.attemptsMade + 1,
    };
    await group.apply({
      entry: { subscriber, eventId: data.eventId, message: event.name },
      apply: async (session) => handler(payload, meta, session),
    });
  };
  return runWorker(core, queueName, processor, opts.concurrency ?? 1);
}

import type { NextFunction, Request, Response, Router } from 'express';
import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { hasPermission } from '@hebing/contracts';
import { gw } from '../http/request-context';

export const QUEUES_PATH = '/admin/queues';
const RESCAN_MS = 10_000;

/** Queue names from BullMQ's `<prefix>:<queue>:meta|id` keys (SCAN, never KEYS). */
export async function discoverQueues(redis: Redis, prefix: string): Promise<string[]> {
  const names = new Set<string>();
  for (const suffix of ['meta', 'id']) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*:${suffix}`, 'COUNT', 500);
      cursor = next;
      for (const k of keys) {
        const name = k.slice(prefix.length + 1, -(suffix.length + 1));
        if (name && !name.includes(':')) names.add(name);
      }
    } while (cursor !== '0');
  }
  return [...names].sort();
}

/**
 * The BullMQ dashboard (bull-board) behind the `jobs.admin` permission (admins). The queue list
 * is rescanned from Redis at most every 10 s, so queues a service creates later show up.
 */
export function queueBoard(
  redis: Redis,
  prefix: string,
): { middleware: (req: Request, res: Response, next: NextFunction) => void; close(): Promise<void> } {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Hebing jobs' } },
  });
  const queues = new Map<string, Queue>();
  let scannedAt = 0;
  let scanning: Promise<void> | undefined;

  const rescan = async () => {
    const names = await discoverQueues(redis, prefix);
    for (const name of names) {
      if (!queues.has(name)) queues.set(name, new Queue(name, { connection: redis, prefix }));
    }
    board.replaceQueues([...queues.values()].map((q) => new BullMQAdapter(q)));
    scannedAt = Date.now();
  };
  const router = serverAdapter.getRouter() as Router;

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const user = gw(res).session?.user;
    if (!user) {
      res.status(401).json({ code: 'UNAUTHENTICATED', message: 'not signed in' });
      return;
    }
    if (!hasPermission(user.roles, 'jobs.admin')) {
      res.status(403).json({ code: 'FORBIDDEN', message: 'the job monitor is for administrators' });
      return;
    }
    const ready =
      Date.now() - scannedAt > RESCAN_MS
        ? (scanning ??= rescan().finally(() => (scanning = undefined)))
        : Promise.resolve();
    ready.then(() => router(req, res, next), next);
  };
  return {
    middleware,
    close: async () => {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { connectDb } from '@hebing/db';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createLogger, createServiceApp, router, runService, type RunningService } from '../src';
import { SECRET, waitFor } from './helpers';

describe('/readyz', () => {
  let mongo: Awaited<ReturnType<typeof startTestMongo>>;
  let redisServer: Awaited<ReturnType<typeof startTestRedis>>;
  let conn: Connection;
  let redis: Redis;
  let running: RunningService;

  beforeAll(async () => {
    [mongo, redisServer] = await Promise.all([startTestMongo(), startTestRedis()]);
    conn = await connectDb(mongo.uri, uniqueName('ready').replace(/-/g, '_'));
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined); // expected while the test stops Redis
    const app = createServiceApp({
      name: 'ready-test',
      router: router({}),
      secret: SECRET,
      mongo: conn,
      redis,
      log: createLogger('ready-test', { level: 'silent' }),
    });
    running = await runService({ app, port: 0, host: '127.0.0.1', signals: [], exit: () => undefined });
  });

  afterAll(async () => {
    await running.shutdown();
    redis.disconnect();
    await conn.close();
    await Promise.all([redisServer.stop(), mongo.stop()]);
  });

  it('fails (503, naming redis) while Redis is down and recovers when it is back', async () => {
    const url = `http://127.0.0.1:${running.port}/readyz`;
    expect((await fetch(url)).status).toBe(200);

    const restarted = redisServer.restart({ downMs: 3_000 });
    const down = await waitFor(async () => {
      const res = await fetch(url);
      return res.status === 503 ? ((await res.json()) as { checks: Record<string, string> }) : undefined;
    });
    expect(down.checks.mongo).toBe('ok');
    expect(down.checks.redis).not.toBe('ok');

    await restarted;
    await waitFor(async () => ((await fetch(url)).status === 200 ? true : undefined), 15_000);
  });
});

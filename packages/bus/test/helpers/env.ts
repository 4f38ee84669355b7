import type { Connection } from 'mongoose';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connectDb } from '@hebing/db';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createBus, type Bus, type BusOptions } from '../../src';
import { cleanupPrefix } from './wait';

/** One Redis and one Mongo per test file; each test gets its own prefix and databases. */
export interface BusTestEnv {
  redisUrl: string;
  mongoUri: string;
  prefix: string;
  db(name: string): Promise<Connection>;
  bus(service: string, conn: Connection | undefined, extra?: Partial<BusOptions>): Promise<Bus>;
  /** Closes this test's buses and connections, drops its databases and Redis keys. */
  cleanup(): Promise<void>;
}

export async function startServers() {
  const [redis, mongo] = await Promise.all([startTestRedis(), startTestMongo()]);
  return {
    redis,
    mongo,
    async stop() {
      await Promise.all([redis.stop(), mongo.stop()]);
    },
    newEnv(): BusTestEnv {
      const prefix = uniqueName('bus');
      const conns: Connection[] = [];
      const buses: Bus[] = [];
      return {
        redisUrl: redis.url,
        mongoUri: mongo.uri,
        prefix,
        async db(name) {
          const conn = await connectDb(mongo.uri, `${prefix}-${name}`.replace(/[^a-zA-Z0-9_-]/g, '_'));
          conns.push(conn);
          return conn;
        },
        async bus(service, conn, extra) {
          const bus = await createBus({
            redisUrl: redis.url,
            service,
            prefix,
            ...(conn ? { conn } : {}),
            ...extra,
          });
          buses.push(bus);
          return bus;
        },
        async cleanup() {
          await Promise.all(buses.splice(0).map((b) => b.close()));
          for (const c of conns.splice(0)) {
            await c.dropDatabase().catch(() => undefined);
            await c.close();
          }
          await cleanupPrefix(redis.url, prefix);
        },
      };
    },
  };
}

/**
 * The usual hooks of a bus test file: one Redis and Mongo for the file, a fresh env per test,
 * cleaned up after it (`beforeCleanup` first, e.g. to kill child processes). Returns the
 * current test's env.
 */
export function useBusEnv(beforeCleanup?: () => Promise<unknown>): () => BusTestEnv {
  let servers: Awaited<ReturnType<typeof startServers>> | undefined;
  let env: BusTestEnv | undefined;
  beforeAll(async () => {
    servers = await startServers();
  });
  afterAll(async () => {
    await servers?.stop();
  });
  beforeEach(() => {
    env = servers?.newEnv();
  });
  afterEach(async () => {
    await beforeCleanup?.();
    await env?.cleanup();
  });
  return () => {
    if (!env) throw new Error('no bus test env (did beforeAll fail?)');
    return env;
  };
}

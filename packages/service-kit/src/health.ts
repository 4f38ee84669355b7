import mongoose, { type Connection } from 'mongoose';
import { withTimeout } from './metrics';

/** What readiness needs from an ioredis client. */
export interface RedisLike {
  readonly status: string;
  ping(): Promise<string>;
}

/** 'ok', or why the dependency is not usable. */
export type CheckResult = string;

const CHECK_TIMEOUT_MS = 1_500;

export async function checkMongo(conn: Connection): Promise<CheckResult> {
  try {
    const db = conn.db;
    if (conn.readyState !== mongoose.ConnectionStates.connected || !db) return 'not connected';
    await withTimeout(db.command({ ping: 1 }), CHECK_TIMEOUT_MS);
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message : 'ping failed';
  }
}

export async function checkRedis(redis: RedisLike): Promise<CheckResult> {
  // ioredis queues commands while reconnecting; a ping would wait, so the status decides first.
  if (redis.status !== 'ready') return `not connected (${redis.status})`;
  try {
    await withTimeout(redis.ping(), CHECK_TIMEOUT_MS);
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message : 'ping failed';
  }
}

import { Redis } from 'ioredis';
import { AppError } from '@hebing/contracts';

export type RedisRole = 'producer' | 'worker';

/**
 * Producers get a connection whose commands fail after a bounded number of reconnect attempts
 * (callers such as the relay retry on their own); workers need `maxRetriesPerRequest: null`
 * because BullMQ's blocking commands must wait across reconnects. Both reconnect forever
 * (capped backoff), which is what brings workers back after a Redis restart.
 */
export function createRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 5,
    enableReadyCheck: true,
    connectionName: `hebing-bus-${role}`,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  // while Redis is away ioredis keeps reconnecting; the failures reach callers as failed commands
  redis.on('error', () => undefined);
  return redis;
}

/** BullMQ loses jobs silently when Redis evicts keys, so a wrongly configured Redis is refused. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info('memory');
  const match = /^maxmemory_policy:(\S+)/m.exec(info);
  const policy = match?.[1] ?? 'unknown';
  if (policy !== 'noeviction') {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Redis maxmemory-policy is "${policy}" but the job bus requires "noeviction" ` +
        '(evicted keys would silently lose jobs). Set `maxmemory-policy noeviction` in redis.conf ' +
        'or run `redis-cli CONFIG SET maxmemory-policy noeviction`.',
      { policy },
    );
  }
}

/** Closes a connection politely, falling back to a hard disconnect when Redis is unreachable. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await Promise.race([redis.quit(), new Promise((res) => setTimeout(res, 1000))]);
  } catch {
    // quit fails when the socket is already gone; disconnect below is enough
  }
  redis.disconnect();
}

import type { Redis } from 'ioredis';
import type { Clock } from '../clock';

export const IP_WINDOW_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 20;

/**
 * Failed logins per client IP in fixed windows. The window index comes from the injected clock
 * (not Redis TTLs), so tests can step past a window instead of sleeping.
 */
export class IpLimiter {
  private readonly max: number;
  private readonly windowMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    opts: { max?: number; windowMs?: number; prefix?: string } = {},
  ) {
    this.max = opts.max ?? IP_MAX_FAILURES;
    this.windowMs = opts.windowMs ?? IP_WINDOW_MS;
    this.prefix = opts.prefix ?? 'hebing:gw';
  }

  private key(ip: string): string {
    return `${this.prefix}:ipfail:${ip}:${Math.floor(this.clock.now() / this.windowMs)}`;
  }

  async isBlocked(ip: string): Promise<boolean> {
    return Number((await this.redis.get(this.key(ip))) ?? 0) >= this.max;
  }

  async recordFailure(ip: string): Promise<void> {
    const key = this.key(ip);
    await this.redis
      .multi()
      .incr(key)
      .pexpire(key, this.windowMs * 2)
      .exec();
  }
}

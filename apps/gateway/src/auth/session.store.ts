import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ZSessionUser, type SessionUser } from '@hebing/contracts';
import type { Clock } from '../clock';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most this often: one Redis write per minute per session, not per request. */
const TOUCH_EVERY_MS = 60_000;
/** Redis keeps a dead session this long past its timeout so the next request can say why (and audit it). */
const GRACE_MS = 60 * 60_000;

export interface Session {
  key: string; // sha256 of the cookie value; the value itself is never stored
  user: SessionUser;
  createdAt: number;
  lastSeenAt: number;
}

export type SessionLookup =
  | { status: 'active'; session: Session }
  | { status: 'expired'; reason: 'idle' | 'absolute'; user: SessionUser }
  | { status: 'revoked'; reason: string; user: SessionUser }
  | { status: 'none' };

// Only touch a session that still exists and was not revoked in the meantime: a plain HSET
// racing a revocation would resurrect it.
const TOUCH_LUA = `
if redis.call('hexists', KEYS[1], 'user') == 1 and redis.call('hexists', KEYS[1], 'revoked') == 0 then
  redis.call('hset', KEYS[1], 'lastSeenAt', ARGV[1])
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const REVOKE_LUA = `
if redis.call('hexists', KEYS[1], 'user') == 1 then
  redis.call('hset', KEYS[1], 'revoked', ARGV[1])
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const UPDATE_USER_LUA = `
if redis.call('hexists', KEYS[1], 'user') == 1 and redis.call('hexists', KEYS[1], 'revoked') == 0 then
  redis.call('hset', KEYS[1], 'user', ARGV[1])
  return 1
end
return 0`;

/** Server-side sessions in Redis: the cookie holds a random id, Redis holds its hash. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    private readonly prefix = 'hebing:gw',
  ) {}

  private sessKey(hash: string): string {
    return `${this.prefix}:sess:${hash}`;
  }
  private userKey(userId: string): string {
    return `${this.prefix}:usess:${userId}`;
  }
  static hashId(id: string): string {
    return createHash('sha256').update(id).digest('hex');
  }

  /** A fresh id at every login (no fixation); returns the cookie value. */
  async create(user: SessionUser): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const key = SessionStore.hashId(id);
    const now = this.clock.now();
    const multi = this.redis.multi();
    multi.hset(this.sessKey(key), { user: JSON.stringify(user), createdAt: now, lastSeenAt: now });
    multi.pexpire(this.sessKey(key), IDLE_TIMEOUT_MS + GRACE_MS);
    multi.sadd(this.userKey(user.id), key);
    multi.pexpire(this.userKey(user.id), ABSOLUTE_TIMEOUT_MS + GRACE_MS);
    await multi.exec();
    return { id, session: { key, user, createdAt: now, lastSeenAt: now } };
  }

  async lookup(id: string): Promise<SessionLookup> {
    const key = SessionStore.hashId(id);
    const h = await this.redis.hgetall(this.sessKey(key));
    if (!h.user) return { status: 'none' };
    const user = ZSessionUser.parse(JSON.parse(h.user));
    if (h.revoked) {
      await this.remove(key, user.id);
      return { status: 'revoked', reason: h.revoked, user };
    }
    const now = this.clock.now();
    const createdAt = Number(h.createdAt);
    const lastSeenAt = Number(h.lastSeenAt);
    const expired =
      now - createdAt > ABSOLUTE_TIMEOUT_MS ? 'absolute' : now - lastSeenAt > IDLE_TIMEOUT_MS ? 'idle' : null;
    if (expired) {
      await this.remove(key, user.id);
      return { status: 'expired', reason: expired, user };
    }
    if (now - lastSeenAt >= TOUCH_EVERY_MS) {
      const ttl = Math.min(IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS - (now - createdAt)) + GRACE_MS;
      await this.redis.eval(TOUCH_LUA, 1, this.sessKey(key), String(now), String(ttl));
    }
    return { status: 'active', session: { key, user, createdAt, lastSeenAt: Math.max(lastSeenAt, now) } };
  }

  async destroy(id: string): Promise<void> {
    const key = SessionStore.hashId(id);
    const raw = await this.redis.hget(this.sessKey(key), 'user');
    const userId = raw ? ZSessionUser.parse(JSON.parse(raw)).id : undefined;
    await this.remove(key, userId);
  }

  private async remove(key: string, userId: string | undefined): Promise<void> {
    const multi = this.redis.multi().del(this.sessKey(key));
    if (userId) multi.srem(this.userKey(userId), key);
    await multi.exec();
  }

  /** Ends every session of a user at once; the next request on each gets 401 and is audited. */
  async revokeAll(userId: string, reason: string): Promise<number> {
    const keys = await this.redis.smembers(this.userKey(userId));
    let n = 0;
    for (const key of keys) {
      n += Number(await this.redis.eval(REVOKE_LUA, 1, this.sessKey(key), reason, String(GRACE_MS)));
    }
    await this.redis.del(this.userKey(userId));
    return n;
  }

  /** Role or jurisdiction edits apply to live sessions on their next request. */
  async updateUser(user: SessionUser): Promise<void> {
    const keys = await this.redis.smembers(this.userKey(user.id));
    for (const key of keys) {
      await this.redis.eval(UPDATE_USER_LUA, 1, this.sessKey(key), JSON.stringify(user));
    }
  }

  async list(userId: string): Promise<Session[]> {
    const keys = await this.redis.smembers(this.userKey(userId));
    const out: Session[] = [];
    for (const key of keys) {
      const h = await this.redis.hgetall(this.sessKey(key));
      if (!h.user || h.revoked) continue;
      out.push({
        key,
        user: ZSessionUser.parse(JSON.parse(h.user)),
        createdAt: Number(h.createdAt),
        lastSeenAt: Number(h.lastSeenAt),
      });
    }
    return out;
  }
}

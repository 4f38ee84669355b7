import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis, uniqueName } from '@hebing/testing';
import type { SessionUser } from '@hebing/contracts';
import { ManualClock } from '../clock';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SessionStore } from './session.store';

let stopRedis: () => Promise<void>;
let redis: Redis;
beforeAll(async () => {
  const r = await startTestRedis();
  stopRedis = r.stop;
  redis = new Redis(r.url);
});
afterAll(async () => {
  redis.disconnect();
  await stopRedis();
});

const user = (id: string): SessionUser => ({
  id,
  username: `u${id}`,
  displayName: 'U',
  roles: ['auditor'],
  jurisdiction: { scope: 'all' },
  mustChangePassword: false,
});

describe('SessionStore (real Redis)', () => {
  it('stores only a hash of the cookie value', async () => {
    const prefix = uniqueName('s');
    const store = new SessionStore(redis, new ManualClock(), prefix);
    const { id } = await store.create(user('a1'));
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.some((k) => k.includes(id))).toBe(false);
    expect(keys).toContain(`${prefix}:sess:${SessionStore.hashId(id)}`);
  });

  it('expires after 30 idle minutes and after 12 hours however busy', async () => {
    const clock = new ManualClock();
    const store = new SessionStore(redis, clock, uniqueName('s'));
    const idle = await store.create(user('a2'));
    clock.advance(IDLE_TIMEOUT_MS + 1);
    expect(await store.lookup(idle.id)).toMatchObject({ status: 'expired', reason: 'idle' });
    expect((await store.lookup(idle.id)).status).toBe('none');

    const busy = await store.create(user('a3'));
    for (let t = 0; t < ABSOLUTE_TIMEOUT_MS - 10 * 60_000; t += 10 * 60_000) {
      clock.advance(10 * 60_000);
      expect((await store.lookup(busy.id)).status).toBe('active');
    }
    clock.advance(20 * 60_000);
    expect(await store.lookup(busy.id)).toMatchObject({ status: 'expired', reason: 'absolute' });
  });

  it('revokeAll ends every session of the user and says why once', async () => {
    const store = new SessionStore(redis, new ManualClock(), uniqueName('s'));
    const a = await store.create(user('a4'));
    const b = await store.create(user('a4'));
    const other = await store.create(user('a5'));
    expect(await store.revokeAll('a4', 'user_disabled')).toBe(2);
    expect(await store.lookup(a.id)).toMatchObject({ status: 'revoked', reason: 'user_disabled' });
    expect(await store.lookup(b.id)).toMatchObject({ status: 'revoked' });
    expect((await store.lookup(a.id)).status).toBe('none');
    expect((await store.lookup(other.id)).status).toBe('active');
  });

  it('updateUser changes the roles a live session carries', async () => {
    const store = new SessionStore(redis, new ManualClock(), uniqueName('s'));
    const s = await store.create(user('a6'));
    await store.updateUser({ ...user('a6'), roles: ['admin'] });
    const found = await store.lookup(s.id);
    expect(found.status === 'active' && found.session.user.roles).toEqual(['admin']);
  });
});

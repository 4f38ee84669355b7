import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../src/auth/session.store';
import { LOCK_MS } from '../src/auth/login.service';
import { useHarness } from './harness';
import { makeUser, PASSWORD } from './fixtures';

const h = useHarness();

function trpcError(e: unknown): { code: unknown; appCode: unknown; httpStatus: unknown } {
  expect(e).toBeInstanceOf(TRPCClientError);
  const data = (e as { data?: unknown }).data as { code?: unknown; appCode?: unknown; httpStatus?: unknown };
  return { code: data.code, appCode: data.appCode, httpStatus: data.httpStatus };
}

describe('login', () => {
  it('refuses a wrong password with 401 and audits it', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['hr_officer']);
    const r = await h().browser('10.0.1.1').login(u.username, 'wrong-password-1');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHENTICATED');
    const records = await h().audit({ action: 'auth.login.failed', entityId: u.id });
    expect(records.map((a) => a.reason)).toContain('wrong_password');
  });

  it('answers an unknown user exactly like a wrong password, and audits it', async () => {
    const r = await h().browser('10.0.1.2').login('nobody.here', 'whatever-123');
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('invalid username or password');
    const records = await h().audit({ action: 'auth.login.failed', entityId: 'nobody.here' });
    expect(records[0]?.reason).toBe('unknown_user');
  });

  it('sets an HttpOnly SameSite=Strict cookie and a new session id at each login', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const res = await fetch(`${h().gwUrl}/auth/login`, {
      method: 'POST',
      headers: { origin: 'http://gateway.test', 'content-type': 'application/json' },
      body: JSON.stringify({ username: u.username, password: PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const b = h().browser('10.0.1.3');
    await b.login(u.username, PASSWORD);
    const first = b.cookie;
    await b.login(u.username, PASSWORD);
    expect(b.cookie).not.toBe(first);
    // the replaced session is gone
    const old = await fetch(`${h().gwUrl}/auth/me`, { headers: { cookie: first } });
    expect(old.status).toBe(401);
    const me = await b.get('/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(u.username);
    expect(
      (await h().audit({ action: 'auth.login.succeeded', entityId: u.id })).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('locks the account after 5 failures for 15 minutes, audited, then lets the right password in', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['leader']);
    const b = h().browser('10.0.2.1');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await b.login(u.username, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(await h().audit({ action: 'auth.account.locked', entityId: u.id })).toHaveLength(1);

    const locked = await b.login(u.username, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const refusals = await h().audit({ action: 'auth.login.failed', entityId: u.id });
    expect(refusals.map((a) => a.reason)).toContain('locked');

    h().clock.advance(LOCK_MS - 1000);
    expect((await b.login(u.username, PASSWORD)).status).toBe(429);
    h().clock.advance(2000);
    const ok = await b.login(u.username, PASSWORD);
    expect(ok.status).toBe(200);
  });

  it('limits failed logins per client IP across accounts', async () => {
    const b = h().browser('10.0.3.1');
    for (let i = 0; i < 20; i++) expect((await b.login(`ghost${i}`, 'wrong-password-1')).status).toBe(401);
    const r = await b.login('ghost99', 'wrong-password-1');
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('RATE_LIMITED');
    expect((await h().audit({ action: 'auth.login.failed', entityId: 'ghost99' }))[0]?.reason).toBe(
      'ip_rate_limited',
    );
    // another address is not affected
    expect((await h().browser('10.0.3.2').login('ghost99', 'wrong-password-1')).status).toBe(401);
  }, 60_000);
});

describe('sessions', () => {
  it('ends an idle session after 30 minutes: 401 in tRPC shape, audited', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const b = h().browser('10.0.4.1');
    await b.login(u.username, PASSWORD);
    expect(await b.probe().probe.whoami.query()).toMatchObject({ username: u.username });
    h().clock.advance(IDLE_TIMEOUT_MS - 60_000);
    expect(await b.probe().probe.whoami.query()).toMatchObject({ username: u.username }); // activity keeps it alive
    h().clock.advance(IDLE_TIMEOUT_MS + 1000);
    const e = await b
      .probe()
      .probe.whoami.query()
      .catch((x: unknown) => x);
    expect(trpcError(e)).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED', httpStatus: 401 });
    const records = await h().audit({ action: 'auth.session.expired', entityId: u.id });
    expect(records[0]?.reason).toBe('idle');
  });

  it('ends a session 12 hours after login even when it stays busy', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const b = h().browser('10.0.4.2');
    await b.login(u.username, PASSWORD);
    for (let t = 0; t + 20 * 60_000 < ABSOLUTE_TIMEOUT_MS; t += 20 * 60_000) {
      h().clock.advance(20 * 60_000);
      expect((await b.get('/auth/me')).status).toBe(200);
    }
    h().clock.advance(21 * 60_000); // 12 h 1 min after login, 21 min after the last request
    expect((await b.get('/auth/me')).status).toBe(401);
    expect((await h().audit({ action: 'auth.session.expired', entityId: u.id }))[0]?.reason).toBe('absolute');
  });

  it('disabling a user ends their sessions at once, audited, and they cannot log in again', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['hr_officer']);
    const b = h().browser('10.0.5.1');
    await b.login(u.username, PASSWORD);
    expect(await b.probe().probe.whoami.query()).toMatchObject({ username: u.username });
    await admin.client().gateway.users.disable.mutate({ id: u.id, reason: 'left the county office' });
    const e = await b
      .probe()
      .probe.whoami.query()
      .catch((x: unknown) => x);
    expect(trpcError(e)).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    expect((await h().audit({ action: 'user.disabled', entityId: u.id }))[0]?.reason).toBe(
      'left the county office',
    );
    expect((await h().audit({ action: 'auth.session.revoked', entityId: u.id }))[0]?.reason).toBe(
      'user_disabled',
    );
    const again = await b.login(u.username, PASSWORD);
    expect(again.status).toBe(401);
    expect((await h().audit({ action: 'auth.login.failed', entityId: u.id })).map((a) => a.reason)).toContain(
      'disabled',
    );
  });

  it('logout ends the session', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const b = h().browser('10.0.5.2');
    await b.login(u.username, PASSWORD);
    const out = await fetch(`${h().gwUrl}/auth/logout`, { method: 'POST', headers: b.headers() });
    expect(out.status).toBe(204);
    expect((await b.get('/auth/me')).status).toBe(401);
    expect(await h().audit({ action: 'auth.logout', entityId: u.id })).toHaveLength(1);
  });
});

describe('CSRF', () => {
  it('refuses a mutation without Origin or with a foreign Origin, audited; accepts the gateway origin', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['admin']);
    const b = h().browser('10.0.6.1');
    await b.login(u.username, PASSWORD);
    const body = JSON.stringify({ '0': { unitCode: '330102001', name: 'x' } });
    const post = (origin?: string) =>
      fetch(`${h().gwUrl}/trpc/probe.rename?batch=1`, {
        method: 'POST',
        headers: {
          cookie: b.cookie,
          'content-type': 'application/json',
          'x-forwarded-for': '10.0.6.1',
          ...(origin ? { origin } : {}),
        },
        body,
      });
    const none = await post();
    expect(none.status).toBe(403);
    expect(((await none.json()) as [{ error: { data: { code: string } } }])[0].error.data.code).toBe(
      'FORBIDDEN',
    );
    const foreign = await post('https://evil.example');
    expect(foreign.status).toBe(403);
    const reasons = (await h().audit({ action: 'security.csrf.refused', actor: u.id })).map((a) => a.reason);
    expect(reasons).toEqual(expect.arrayContaining(['missing_origin', 'foreign_origin']));
    expect((await post('http://gateway.test')).status).toBe(200);
    // login is a mutation too
    const login = await fetch(`${h().gwUrl}/auth/login`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ username: u.username, password: PASSWORD }),
    });
    expect(login.status).toBe(403);
  });
});

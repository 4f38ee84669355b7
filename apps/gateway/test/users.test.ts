import { describe, expect, it } from 'vitest';
import { connectDb, listAudit } from '@hebing/db';
import { startTestMongo, uniqueName } from '@hebing/testing';
import { SessionStore } from '../src/auth/session.store';
import { ensureFirstAdmin } from '../src/users/bootstrap';
import { useHarness } from './harness';
import { errorData, makeUser, PASSWORD } from './fixtures';

const h = useHarness();

describe('gateway.users (in-process)', () => {
  it('admins create, list and edit users; each change is audited', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['hr_officer'], { scope: 'township', codes: ['330102001'] });
    const list = await admin.client().gateway.users.list.query({ q: u.username });
    expect(list.items.map((x: { username: string }) => x.username)).toEqual([u.username]);
    expect(list.items[0]).not.toHaveProperty('passwordHash');
    const updated = await admin
      .client()
      .gateway.users.update.mutate({ id: u.id, roles: ['hr_officer', 'leader'] });
    expect(updated.roles).toEqual(['hr_officer', 'leader']);
    expect(await h().audit({ action: 'user.created', entityId: u.id })).toHaveLength(1);
    const [upd] = await h().audit({ action: 'user.updated', entityId: u.id });
    expect(upd?.before).toMatchObject({ roles: ['hr_officer'] });
    expect(upd?.after).toMatchObject({ roles: ['hr_officer', 'leader'] });
  });

  it('role edits apply to a live session at its next request', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['finance_officer']);
    const b = h().browser('10.2.0.1');
    await b.login(u.username, PASSWORD);
    await expect(b.probe().probe.rename.mutate({ unitCode: '330102001', name: 'x' })).rejects.toThrow();
    await admin.client().gateway.users.update.mutate({ id: u.id, roles: ['admin'] });
    expect(await b.probe().probe.rename.mutate({ unitCode: '330102001', name: 'x' })).toMatchObject({
      ok: true,
    });
  });

  it('refuses users.* to a non-admin with FORBIDDEN, audited', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['leader']);
    const b = h().browser('10.2.0.2');
    await b.login(u.username, PASSWORD);
    const e = await b
      .client()
      .gateway.users.list.query({})
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    await expect
      .poll(async () => (await h().audit({ action: 'access.denied', actor: u.id })).length, {
        timeout: 15_000,
      })
      .toBe(1);
  });

  it('enforces the password policy', async () => {
    const admin = await h().admin();
    const e = await admin
      .client()
      .gateway.users.create.mutate({
        username: 'weak.one',
        displayName: 'Weak',
        roles: ['auditor'],
        jurisdiction: { scope: 'all' },
        password: 'short1',
      })
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a township-scoped admin cannot manage a county-wide user', async () => {
    const admin = await h().admin();
    const local = await makeUser(admin, ['admin'], { scope: 'township', codes: ['330102001'] });
    const wide = await makeUser(admin, ['auditor']);
    const b = h().browser('10.2.0.3');
    await b.login(local.username, PASSWORD);
    const e = await b
      .client()
      .gateway.users.disable.mutate({ id: wide.id, reason: 'x' })
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'FORBIDDEN', appCode: 'OUT_OF_JURISDICTION' });
    const seen = await b.client().gateway.users.list.query({ pageSize: 200 });
    expect(
      seen.items.every((x: { jurisdiction: { scope: string } }) => x.jurisdiction.scope === 'township'),
    ).toBe(true);
  });

  it('a password reset ends sessions and requires a change at next login', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const b = h().browser('10.2.0.4');
    await b.login(u.username, PASSWORD);
    await admin.client().gateway.users.resetPassword.mutate({ id: u.id, password: 'temporary-pass-9' });
    expect((await b.get('/auth/me')).status).toBe(401);
    const r = await b.login(u.username, 'temporary-pass-9');
    expect((r.body.user as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    await b.client().gateway.account.changePassword.mutate({
      currentPassword: 'temporary-pass-9',
      newPassword: 'my-own-pass-77',
    });
    expect((await b.login(u.username, 'my-own-pass-77')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('a user lists their sessions; an admin ends them all (audited) without disabling the account', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const laptop = h().browser('10.2.1.1');
    const phone = h().browser('10.2.1.2');
    await laptop.login(u.username, PASSWORD);
    await phone.login(u.username, PASSWORD);
    const mine = await laptop.client().gateway.account.sessions.query();
    expect(mine).toHaveLength(2);
    expect(mine[0]?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(await admin.client().gateway.users.endSessions.mutate({ id: u.id, reason: 'phone lost' })).toEqual(
      { ended: 2 },
    );
    expect((await laptop.get('/auth/me')).status).toBe(401);
    expect((await phone.get('/auth/me')).status).toBe(401);
    expect((await h().audit({ action: 'user.sessions.ended', entityId: u.id }))[0]?.reason).toBe(
      'phone lost',
    );
    expect((await laptop.login(u.username, PASSWORD)).status).toBe(200);
  });
});

describe('first admin', () => {
  it('uses HEBING_ADMIN_PASSWORD once (any 10+ chars), refuses a short one, and never overwrites', async () => {
    const mongo = await startTestMongo();
    const conn = await connectDb(mongo.uri, uniqueName('hebing_gateway_boot').replace(/-/g, '_'));
    try {
      const deps = { conn, clock: h().clock, sessions: new SessionStore(h().redis, h().clock) };
      await expect(ensureFirstAdmin(deps, 'short')).rejects.toThrow(/HEBING_ADMIN_PASSWORD/);
      expect(await ensureFirstAdmin(deps, 'NoDigitsButLongEnough')).toEqual({ created: true });
      expect(await ensureFirstAdmin(deps, 'another-password-1')).toEqual({ created: false });
      const created = await listAudit(conn, { action: 'user.created' });
      expect(created.items.map((a) => a.actor.username)).toEqual(['system']);
    } finally {
      await conn.close();
      await mongo.stop();
    }
  });
});

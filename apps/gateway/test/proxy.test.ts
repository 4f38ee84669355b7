import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchStreamLink } from '@trpc/client';
import { SECRET, type ProbeRouter, useHarness } from './harness';
import { errorData, makeUser, PASSWORD } from './fixtures';

const h = useHarness();

function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(url);
  const path = url.slice(url.indexOf('/', 'http://'.length));
  return new Promise((resolve, reject) => {
    http
      .get({ hostname: u.hostname, port: u.port, path, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('forwarding /trpc/<service>.*', () => {
  it('carries a fresh signed token the service verifies (user, roles, request id, 60 s)', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['leader'], { scope: 'county', codes: ['330102'] });
    const b = h().browser('10.1.0.1');
    await b.login(u.username, PASSWORD);
    const who = await b.probe().probe.whoami.query();
    expect(who).toMatchObject({ sub: u.id, username: u.username, roles: ['leader'] });
    expect(who.exp - who.iat).toBe(60);
    expect(who.requestId).toMatch(/.{8,}/);
  });

  it('the service refuses a call that does not come through the gateway', async () => {
    const direct = await fetch(`${h().probeUrl}/trpc/probe.whoami`);
    expect(direct.status).toBe(401);
    const forged = await fetch(`${h().probeUrl}/trpc/probe.whoami`, {
      headers: { 'x-hebing-token': 'a.b.c' },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a missing permission with FORBIDDEN and audits it', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['finance_officer']); // divisions.read, not divisions.write
    const b = h().browser('10.1.0.2');
    await b.login(u.username, PASSWORD);
    const e = await b
      .probe()
      .probe.rename.mutate({ unitCode: '330102001', name: 'x' })
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN', httpStatus: 403 });
    await expect
      .poll(async () => (await h().audit({ action: 'access.denied', actor: u.id })).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const [rec] = await h().audit({ action: 'access.denied', actor: u.id });
    expect(rec?.entity).toEqual({ type: 'procedure', id: 'probe.rename' });
  });

  it("refuses another township's data with OUT_OF_JURISDICTION and audits it", async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['hr_officer'], { scope: 'township', codes: ['330102001'] });
    const b = h().browser('10.1.0.3');
    await b.login(u.username, PASSWORD);
    expect(await b.probe().probe.unit.query({ unitCode: '330102001005' })).toMatchObject({
      unitCode: '330102001005',
    });
    const e = await b
      .probe()
      .probe.unit.query({ unitCode: '330102002005' })
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'FORBIDDEN', appCode: 'OUT_OF_JURISDICTION' });
    await expect
      .poll(async () => (await h().audit({ action: 'access.denied', actor: u.id })).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const [rec] = await h().audit({ action: 'access.denied', actor: u.id });
    expect(rec?.after).toMatchObject({ appCode: 'OUT_OF_JURISDICTION', service: 'probe' });
  });

  it('answers 401 in tRPC shape without a session', async () => {
    const e = await h()
      .browser()
      .probe()
      .probe.ping.query()
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('refuses a batch that mixes services with 400 and a clear message; unknown service 404', async () => {
    const admin = await h().admin();
    const mixed = await fetch(
      `${h().gwUrl}/trpc/probe.ping,gateway.users.list?batch=1&input=${encodeURIComponent('{}')}`,
      { headers: admin.headers() },
    );
    expect(mixed.status).toBe(400);
    const body = (await mixed.json()) as Array<{ error: { message: string } }>;
    expect(body).toHaveLength(2);
    expect(body[0]?.error.message).toMatch(/one service.*probe, gateway/);
    // Raw paths (fetch would normalise the dot segments away before sending).
    for (const bad of [
      'probe.ping/../../metrics',
      'probe..ping',
      'probe.ping%2F..%2F..%2Fmetrics',
      'probe',
    ]) {
      expect(await rawGet(`${h().gwUrl}/trpc/${bad}`, admin.headers()), bad).toBe(400);
    }
    const unknown = await fetch(`${h().gwUrl}/trpc/nowhere.thing`, { headers: admin.headers() });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
      'NOT_FOUND',
    );
  });

  it('batches calls to one service into one request and streams the answers back', async () => {
    const admin = await h().admin();
    const p = admin.probe();
    const [a, b2, c] = await Promise.all([
      p.probe.ping.query(),
      p.probe.unit.query({ unitCode: '330102001' }),
      p.probe.whoami.query(),
    ]);
    expect(a).toBe('pong');
    expect(b2.unitCode).toBe('330102001');
    expect(c.username).toBe('admin');
  });

  it('relays a streamed batch (httpBatchStreamLink, JSON lines) as the service sends it', async () => {
    const admin = await h().admin();
    const client = createTRPCClient<ProbeRouter>({
      links: [httpBatchStreamLink({ url: `${h().gwUrl}/trpc`, headers: () => admin.headers() })],
    });
    const [pong, unit] = await Promise.all([
      client.probe.ping.query(),
      client.probe.unit.query({ unitCode: '330102001' }),
    ]);
    expect(pong).toBe('pong');
    expect(unit.unitCode).toBe('330102001');
    const raw = await fetch(`${h().gwUrl}/trpc/probe.ping?batch=1&input=%7B%7D`, {
      headers: { ...admin.headers(), 'trpc-accept': 'application/jsonl' },
    });
    // tRPC's JSON-lines framing: a head line, then one line per settled call.
    const lines = (await raw.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(JSON.parse(lines[0] ?? '')).toHaveProperty('0');
  });

  it('a service that is down gives BAD_GATEWAY, not a hang', async () => {
    const { createApp } = await import('../src/app');
    const gw = createApp({
      conn: h().conn,
      redis: h().redis,
      clock: h().clock,
      config: {
        publicOrigin: 'http://gateway.test',
        serviceUrls: { probe: new URL('http://127.0.0.1:1') },
        internalTokenSecret: SECRET,
        queuePrefix: 'x',
        redisPrefix: h().redisPrefix,
      },
    });
    const { createServer } = await import('node:http');
    const server = createServer(gw.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const admin = await h().admin();
    const r = await fetch(`http://127.0.0.1:${port}/trpc/probe.ping`, { headers: admin.headers() });
    expect(r.status).toBe(502);
    server.closeAllConnections();
    await new Promise((res) => server.close(res));
    await gw.close();
  });
});

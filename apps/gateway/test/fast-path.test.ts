/**
 * What the fast path (forwarding outside express, src/proxy/fast-path.ts) must keep equal to the
 * express chain: request ids, client IP, security headers, metrics, token freshness after user
 * changes, upstream timeouts and draining. Refusals, CSRF and session expiry are in
 * auth.test.ts and proxy.test.ts, which go through the same handler.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger, runService } from '@hebing/service-kit';
import { createApp } from '../src/app';
import { ORIGIN, SECRET, useHarness } from './harness';
import { errorData, makeUser, PASSWORD } from './fixtures';

const h = useHarness();

const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function otherGateway(serviceUrl: string, upstreamTimeoutMs?: number) {
  return createApp({
    conn: h().conn,
    redis: h().redis,
    clock: h().clock,
    log: createLogger('gateway', { level: 'silent' }),
    config: {
      publicOrigin: ORIGIN,
      serviceUrls: { probe: new URL(serviceUrl) },
      internalTokenSecret: SECRET,
      queuePrefix: h().queuePrefix,
      redisPrefix: h().redisPrefix,
      ...(upstreamTimeoutMs ? { upstreamTimeoutMs } : {}),
    },
  });
}

async function counter(route: string, status: number): Promise<number> {
  const text = await (await fetch(`${h().gwUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_requests_total{') &&
        l.includes(`route="${route}"`) &&
        l.includes(`status="${status}"`) &&
        l.includes('method="GET"'),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('forwarding outside express keeps what express did', () => {
  it('keeps a well-formed incoming request id, replaces a bad one, echoes it and passes it on', async () => {
    const admin = await h().admin();
    const url = `${h().gwUrl}/trpc/probe.whoami`;
    const kept = await fetch(url, { headers: admin.headers({ 'x-request-id': 'lb-req-12345678' }) });
    expect(kept.headers.get('x-request-id')).toBe('lb-req-12345678');
    expect(((await kept.json()) as { result: { data: { requestId: string } } }).result.data.requestId).toBe(
      'lb-req-12345678',
    );
    const bad = await fetch(url, { headers: admin.headers({ 'x-request-id': 'no spaces allowed here' }) });
    const id = bad.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await bad.json()) as { result: { data: { requestId: string } } }).result.data.requestId).toBe(
      id,
    );
  });

  it('sets the same security headers as the express routes (helmet)', async () => {
    const admin = await h().admin();
    const viaExpress = await fetch(`${h().gwUrl}/healthz`);
    const forwarded = await fetch(`${h().gwUrl}/trpc/probe.ping`, { headers: admin.headers() });
    expect(forwarded.status).toBe(200);
    const skip = new Set([...HOP_HEADERS, 'content-type', 'etag', 'x-request-id', 'vary']);
    const names = [...viaExpress.headers.keys()].filter((k) => !skip.has(k));
    expect(names).toContain('content-security-policy');
    for (const name of names) expect(forwarded.headers.get(name), name).toBe(viaExpress.headers.get(name));
  });

  it('counts forwarded requests in http_requests_total under route /trpc', async () => {
    const admin = await h().admin();
    const before = await counter('/trpc', 200);
    for (let i = 0; i < 3; i++) await admin.probe().probe.ping.query();
    expect(await counter('/trpc', 200)).toBe(before + 3);
  });

  it('audits a relayed refusal with the client IP from X-Forwarded-For (trusted loopback proxy)', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['finance_officer']);
    const b = h().browser('10.7.0.9');
    await b.login(u.username, PASSWORD);
    await expect(b.probe().probe.rename.mutate({ unitCode: '330102001', name: 'x' })).rejects.toThrow();
    await expect
      .poll(async () => (await h().audit({ action: 'access.denied', actor: u.id })).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const [rec] = await h().audit({ action: 'access.denied', actor: u.id });
    expect(rec?.after).toMatchObject({ ip: '10.7.0.9', service: 'probe', code: 'FORBIDDEN' });
  });

  it('reuses a token for a few seconds, but not after a role change, and never after disabling', async () => {
    const admin = await h().admin();
    const u = await makeUser(admin, ['auditor']);
    const b = h().browser('10.7.0.10');
    await b.login(u.username, PASSWORD);
    const first = await b.probe().probe.whoami.query();
    const second = await b.probe().probe.whoami.query();
    expect(second.iat).toBe(first.iat); // the same token, reused
    expect(second.requestId).not.toBe(first.requestId); // each request keeps its own id
    await admin.client().gateway.users.update.mutate({ id: u.id, roles: ['leader'] });
    expect((await b.probe().probe.whoami.query()).roles).toEqual(['leader']);
    await admin.client().gateway.users.disable.mutate({ id: u.id, reason: 'moved away' });
    const e = await b
      .probe()
      .probe.whoami.query()
      .catch((x: unknown) => x);
    expect(errorData(e)).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('answers GATEWAY_TIMEOUT in tRPC shape when a service is too slow', async () => {
    const gw = otherGateway(h().probeUrl, 200);
    const server = createServer(gw.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const admin = await h().admin();
      const input = encodeURIComponent(JSON.stringify({ ms: 2_000 }));
      const port = (server.address() as AddressInfo).port;
      const r = await fetch(`http://127.0.0.1:${port}/trpc/probe.slow?input=${input}`, {
        headers: admin.headers(),
      });
      expect(r.status).toBe(504);
      const body = (await r.json()) as { error: { data: Record<string, unknown> } };
      expect(body.error.data).toMatchObject({ code: 'GATEWAY_TIMEOUT', appCode: 'UNAVAILABLE' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await gw.close();
    }
  });

  it('drains: a forwarded call in flight at shutdown still gets its answer', async () => {
    const gw = otherGateway(h().probeUrl);
    const running = await runService({
      app: gw.app,
      handler: gw.handler,
      port: 0,
      host: '127.0.0.1',
      signals: [],
      exit: () => undefined,
      log: createLogger('gateway', { level: 'silent' }),
    });
    const admin = await h().admin();
    const input = encodeURIComponent(JSON.stringify({ ms: 500 }));
    const inFlight = fetch(`http://127.0.0.1:${running.port}/trpc/probe.slow?input=${input}`, {
      headers: admin.headers(),
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = running.shutdown();
    expect(gw.app.draining).toBe(true);
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(((await r.json()) as { result: { data: string } }).result.data).toBe('done');
    await stopped;
    await gw.close();
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
  });
});

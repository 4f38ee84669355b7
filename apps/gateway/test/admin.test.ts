import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createApp } from '../src/app';
import { ORIGIN, SECRET, useHarness } from './harness';
import { makeUser, PASSWORD } from './fixtures';

const h = useHarness();

describe('admin job monitor (/admin/queues)', () => {
  it('shows the BullMQ queues found in Redis to admins only', async () => {
    const queue = new Queue('divisions-imports', { connection: h().redis, prefix: h().queuePrefix });
    await queue.add('import', { file: 'x.xlsx' });
    try {
      const admin = await h().admin();
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const api = await admin.get(
        '/admin/queues/api/queues?activeQueue=divisions-imports&page=1&jobsPerPage=10',
      );
      expect(api.status).toBe(200);
      const body = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
      const q = body.queues.find((x) => x.name === 'divisions-imports');
      expect(q?.counts.waiting).toBe(1);

      const leader = await makeUser(admin, ['leader']);
      const b = h().browser('10.3.0.1');
      await b.login(leader.username, PASSWORD);
      expect((await b.get('/admin/queues')).status).toBe(403);
      expect((await h().browser().get('/admin/queues/api/queues')).status).toBe(401);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${h().gwUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h().gwUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { mongo: 'ok', redis: 'ok' } });
  });
});

describe('CONSOLE_DIST', () => {
  it('serves the console build with index.html for client routes, leaving API routes alone', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'console-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Hebing</title>');
    await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const gw = createApp({
      conn: h().conn,
      redis: h().redis,
      config: {
        publicOrigin: ORIGIN,
        // A known service, so the fast path's failing session lookup is what hands over to express.
        serviceUrls: { probe: new URL(h().probeUrl) },
        internalTokenSecret: SECRET,
        queuePrefix: h().queuePrefix,
        redisPrefix: h().redisPrefix,
        consoleDist: dist,
      },
    });
    const server = createServer(gw.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const root = await fetch(`${base}/`);
      expect(await root.text()).toContain('<title>Hebing</title>');
      const deep = await fetch(`${base}/divisions/plans/42`, { headers: { accept: 'text/html' } });
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('<title>Hebing</title>');
      const asset = await fetch(`${base}/assets/app-1a2b.js`);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${base}/auth/me`, { headers: { accept: 'text/html' } })).status).toBe(401);
      expect(
        (await fetch(`${base}/trpc/gateway.users.list`, { headers: { accept: 'text/html' } })).status,
      ).toBe(401);
      expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await gw.close();
    }
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 (tRPC-shaped on /trpc) and /readyz says not ready', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    dead.on('error', () => {});
    const gw = createApp({
      conn: h().conn,
      redis: dead,
      config: {
        publicOrigin: ORIGIN,
        // A known service, so the fast path's failing session lookup is what hands over to express.
        serviceUrls: { probe: new URL(h().probeUrl) },
        internalTokenSecret: SECRET,
        queuePrefix: h().queuePrefix,
      },
    });
    const server = createServer(gw.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookie = `hebing_sid=${'a'.repeat(43)}`;
    try {
      const r = await fetch(`${base}/trpc/probe.ping?batch=1&input=%7B%7D`, { headers: { cookie } });
      expect(r.status).toBe(503);
      expect(
        ((await r.json()) as Array<{ error: { data: { appCode: string } } }>)[0]?.error.data.appCode,
      ).toBe('UNAVAILABLE');
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
    } finally {
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
      await gw.close();
      dead.disconnect();
    }
  });
});

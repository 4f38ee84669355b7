import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createTRPCClient } from '@trpc/client';
import { createHebingClient, serviceSplitLink, serviceOf } from '../src/index';

// Two "services" behind one endpoint, like the gateway: the server records each HTTP request.
const t = initTRPC.create();
const appRouter = t.router({
  alpha: t.router({ one: t.procedure.query(() => 1), two: t.procedure.query(() => 2) }),
  beta: t.router({ three: t.procedure.query(() => 3) }),
});
type AppRouter = typeof appRouter;

const seen: Array<{ url: string; headers: Record<string, unknown> }> = [];
let server: Server;
let url: string;
beforeAll(async () => {
  const handler = createHTTPHandler({ router: appRouter, basePath: '/trpc/' });
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('serviceSplitLink', () => {
  it('batches per service: concurrent calls to two services make two requests, never a mixed one', async () => {
    seen.length = 0;
    const client = createTRPCClient<AppRouter>({
      links: [serviceSplitLink<AppRouter>({ url, headers: { origin: 'http://x.test' } })],
    });
    const results = await Promise.all([
      client.alpha.one.query(),
      client.beta.three.query(),
      client.alpha.two.query(),
    ]);
    expect(results).toEqual([1, 3, 2]);
    expect(seen).toHaveLength(2);
    const paths = seen.map((s) =>
      decodeURIComponent(s.url.split('?')[0] ?? '')
        .replace('/trpc/', '')
        .split(','),
    );
    for (const p of paths) expect(new Set(p.map(serviceOf)).size).toBe(1);
    expect(paths.flat().sort()).toEqual(['alpha.one', 'alpha.two', 'beta.three']);
    expect(seen[0]?.headers.origin).toBe('http://x.test');
  });

  it('createHebingClient sends through the custom fetch and headers it is given', async () => {
    let calls = 0;
    const client = createHebingClient({
      url,
      headers: () => ({ 'x-test': 'yes' }),
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    seen.length = 0;
    // An untyped path on purpose: this server is not the gateway, only the transport is under test.
    const untyped = client as unknown as { alpha: { one: { query(): Promise<number> } } };
    expect(await untyped.alpha.one.query()).toBe(1);
    expect(calls).toBe(1);
    expect(seen[0]?.headers['x-test']).toBe('yes');
  });
});

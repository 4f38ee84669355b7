import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchStreamLink, httpLink } from '@trpc/client';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '@hebing/contracts';
import { connectDb } from '@hebing/db';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createLogger, createServiceApp, procedure, router, runService, type RunningService } from '../src';
import { lazyChild } from '../src/logger';
import { SECRET, tokenFor } from './helpers';
import { helmetReference } from './helmet-reference';

// The request path's fast parts: the hand-rolled tRPC handler and the lazily built request logger.
const lines: Array<Record<string, unknown>> = [];
const log = createLogger('path-test', {
  destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
});

const pathRouter = router({
  path: router({
    echo: procedure('divisions.read')
      .input(z.object({ n: z.number() }))
      .query(({ input }) => ({ n: input.n, text: '县'.repeat(input.n) })),
    logged: procedure('divisions.read').query(({ ctx }) => {
      ctx.log.info({ token: 'leaked-token', petitioner: { phone: '13800000000' } }, 'from procedure');
      return ctx.requestId;
    }),
  }),
});

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let redisServer: Awaited<ReturnType<typeof startTestRedis>>;
let conn: Connection;
let redis: Redis;
let running: RunningService;
let base: string;

beforeAll(async () => {
  [mongo, redisServer] = await Promise.all([startTestMongo(), startTestRedis()]);
  conn = await connectDb(mongo.uri, uniqueName('kit_path').replace(/-/g, '_'));
  redis = new Redis(redisServer.url);
  const app = createServiceApp({
    name: 'path-test',
    router: pathRouter,
    secret: SECRET,
    mongo: conn,
    redis,
    log,
  });
  running = await runService({ app, port: 0, host: '127.0.0.1', signals: [], exit: () => undefined });
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running.shutdown();
  redis.disconnect();
  await conn.close();
  await Promise.all([redisServer.stop(), mongo.stop()]);
});

const headers = () => ({ [INTERNAL_TOKEN_HEADER]: tokenFor(['admin']) });

describe('tRPC handler', () => {
  it('answers a plain call as one JSON body with its length', async () => {
    const input = encodeURIComponent(JSON.stringify({ n: 3 }));
    const res = await fetch(`${base}/trpc/path.echo?input=${input}`, { headers: headers() });
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(JSON.parse(body.toString('utf8'))).toEqual({ result: { data: { n: 3, text: '县县县' } } });
  });

  it('still streams a batch to httpBatchStreamLink, and errors keep their status', async () => {
    const streaming = createTRPCClient<typeof pathRouter>({
      links: [httpBatchStreamLink({ url: `${base}/trpc`, headers })],
    });
    const [a, b] = await Promise.all([
      streaming.path.echo.query({ n: 1 }),
      streaming.path.echo.query({ n: 2 }),
    ]);
    expect([a.text, b.text]).toEqual(['县', '县县']);
    const res = await fetch(`${base}/trpc/path.echo?input=${encodeURIComponent('{"n":"x"}')}`, {
      headers: headers(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe(
      'BAD_INPUT',
    );
  });

  it("logs a procedure's lines with the request id and user, redacted", async () => {
    const plain = createTRPCClient<typeof pathRouter>({
      links: [
        httpLink({
          url: `${base}/trpc`,
          headers: () => ({ ...headers(), [REQUEST_ID_HEADER]: 'req-path-1' }),
        }),
      ],
    });
    expect(await plain.path.logged.query()).toBe('req-path-1');
    const line = lines.find((l) => l.msg === 'from procedure');
    expect(line).toMatchObject({
      requestId: 'req-path-1',
      user: 'admin',
      token: '[redacted]',
      petitioner: { phone: '[redacted]' },
    });
    expect(JSON.stringify(lines)).not.toContain('leaked-token');
  });
});

describe('/trpc without express (app.listener, which runService serves)', () => {
  it("answers with helmet's headers and the request id the procedure saw", async () => {
    const res = await fetch(`${base}/trpc/path.logged`, { headers: headers() });
    expect(res.status).toBe(200);
    const id = res.headers.get(REQUEST_ID_HEADER) ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/); // none came in: a new one, the same for both
    expect(((await res.json()) as { result: { data: string } }).result.data).toBe(id);
    for (const [name, value] of Object.entries(await helmetReference()))
      expect(res.headers.get(name), name).toBe(value);
  });

  it('leaves /trpc to express when extraRoutes may claim part of it', async () => {
    const app = createServiceApp({
      name: 'extra-test',
      router: pathRouter,
      secret: SECRET,
      mongo: conn,
      redis,
      log,
      extraRoutes: (a) =>
        a.use('/trpc', (req, res, next) => {
          if (req.path === '/path.special') return void res.json({ special: true });
          next();
        }),
    });
    expect(app.listener).toBeUndefined();
    const extra = await runService({ app, port: 0, host: '127.0.0.1', signals: [], exit: () => undefined });
    try {
      const url = `http://127.0.0.1:${extra.port}/trpc`;
      expect(await (await fetch(`${url}/path.special`)).json()).toEqual({ special: true });
      const input = encodeURIComponent(JSON.stringify({ n: 1 }));
      expect((await fetch(`${url}/path.echo?input=${input}`, { headers: headers() })).status).toBe(200);
    } finally {
      await extra.shutdown();
    }
  });
});

describe('lazyChild', () => {
  it('behaves like log.child: bindings redacted, children nest, levels stay its own', () => {
    const out: Array<Record<string, unknown>> = [];
    const parent = createLogger('lazy', {
      destination: { write: (s: string) => void out.push(JSON.parse(s) as Record<string, unknown>) },
    });
    const child = lazyChild(parent, { requestId: 'r-9', secret: 'hide-me' });
    child.info({ password: 'pw' }, 'one');
    child.child({ step: 'inner' }).warn('two');
    child.level = 'error';
    child.info('dropped');
    parent.info('parent still logs');
    expect(out.map((l) => l.msg)).toEqual(['one', 'two', 'parent still logs']);
    expect(out[0]).toMatchObject({ requestId: 'r-9', secret: '[redacted]', password: '[redacted]' });
    expect(out[1]).toMatchObject({ requestId: 'r-9', step: 'inner' });
    expect(out[2]?.requestId).toBeUndefined();
    expect(parent.level).toBe('info');
  });
});

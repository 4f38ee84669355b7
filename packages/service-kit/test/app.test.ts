import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '@hebing/contracts';
import { connectDb, withTransaction, writeAudit } from '@hebing/db';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createLogger, createServiceApp, runService, signInternalToken, type RunningService } from '../src';
import { createTestRouter, type TestRouter } from './fixtures/test-router';
import { claims, SECRET, tokenFor } from './helpers';
import { helmetReference } from './helmet-reference';

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let redisServer: Awaited<ReturnType<typeof startTestRedis>>;
let conn: Connection;
let redis: Redis;
let queue: Queue;
let queueRedis: Redis;
let running: RunningService;
let base: string;

beforeAll(async () => {
  [mongo, redisServer] = await Promise.all([startTestMongo(), startTestRedis()]);
  conn = await connectDb(mongo.uri, uniqueName('kit').replace(/-/g, '_'));
  redis = new Redis(redisServer.url);
  redis.on('error', () => undefined);
  queueRedis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  queue = new Queue(uniqueName('kit-q'), { connection: queueRedis });
  const app = createServiceApp({
    name: 'kit-test',
    router: createTestRouter(conn),
    secret: SECRET,
    mongo: conn,
    redis,
    queues: [queue],
    log: createLogger('kit-test', { level: 'silent' }),
  });
  running = await runService({ app, port: 0, host: '127.0.0.1', signals: [], exit: () => undefined });
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running.shutdown();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  queueRedis.disconnect();
  redis.disconnect();
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await Promise.all([redisServer.stop(), mongo.stop()]);
});

function client(token?: string) {
  return createTRPCClient<TestRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        headers: () => (token ? { [INTERNAL_TOKEN_HEADER]: token } : {}),
      }),
    ],
  });
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) return e as TRPCClientError<TestRouter>;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('auth', () => {
  it('lets a public procedure through without a token', async () => {
    expect(await client().test.ping.query()).toBe('pong');
  });

  it('refuses a missing token with UNAUTHORIZED', async () => {
    const e = await failure(client().test.whoami.query());
    expect(e.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, appCode: 'UNAUTHENTICATED' });
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = signInternalToken({ ...claims(['admin']), iat: now - 120, exp: now - 60 }, SECRET);
    const e = await failure(client(expired).test.whoami.query());
    expect(e.data).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    expect(e.message).toMatch(/expired/);
  });

  it('refuses a token signed with another key', async () => {
    const forged = tokenFor(['admin'], { scope: 'all' }, 'another-secret-which-is-also-long-enough');
    const e = await failure(client(forged).test.whoami.query());
    expect(e.data?.code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/signature/);
  });

  it('refuses a token whose claims were edited after signing', async () => {
    const [h, body, sig] = tokenFor(['auditor']).split('.');
    const edited = JSON.parse(Buffer.from(String(body), 'base64url').toString()) as Record<string, unknown>;
    edited.roles = ['admin'];
    const tampered = `${h}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${sig}`;
    const e = await failure(client(tampered).test.conflict.mutate());
    expect(e.data?.code).toBe('UNAUTHORIZED');
  });

  it('passes a valid token and exposes the actor and request id', async () => {
    const res = await fetch(`${base}/trpc/test.whoami`, {
      headers: { [INTERNAL_TOKEN_HEADER]: tokenFor(['leader']), [REQUEST_ID_HEADER]: 'req-abc' },
    });
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe('req-abc');
    expect(await res.json()).toMatchObject({ result: { data: { user: 'leader', requestId: 'req-abc' } } });
  });

  it('refuses a missing permission with FORBIDDEN and appCode', async () => {
    const e = await failure(client(tokenFor(['auditor'])).test.conflict.mutate());
    expect(e.data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
      appCode: 'FORBIDDEN',
      details: { permission: 'divisions.write' },
    });
  });
});

describe('jurisdiction', () => {
  const township = tokenFor(['leader'], { scope: 'township', codes: ['421022100'] });

  it("refuses another township's unit with OUT_OF_JURISDICTION", async () => {
    const e = await failure(client(township).test.unit.query({ code: '421022101001' }));
    expect(e.data).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'OUT_OF_JURISDICTION',
      details: { unitCode: '421022101001' },
    });
  });

  it('allows a unit inside the township', async () => {
    expect(await client(township).test.unit.query({ code: '421022100007' })).toEqual({
      code: '421022100007',
    });
  });

  it('builds a prefix filter for limited callers and none for county-wide ones', async () => {
    expect(await client(township).test.filter.query()).toEqual({ unitCode: { $regex: '^(?:421022100)' } });
    expect(await client(tokenFor(['admin'])).test.filter.query()).toEqual({});
  });
});

describe('errors', () => {
  it('maps a domain error to its tRPC code with appCode and details', async () => {
    const e = await failure(client(tokenFor(['admin'])).test.conflict.mutate());
    expect(e.data).toMatchObject({
      code: 'CONFLICT',
      httpStatus: 409,
      appCode: 'CONFLICT',
      details: { version: 3 },
    });
    expect(e.message).toBe('stale version');
  });

  it('turns zod input errors into BAD_REQUEST with field issues', async () => {
    const e = await failure(client(tokenFor(['admin'])).test.unit.query({ code: 'abc' }));
    expect(e.data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'BAD_INPUT' });
    expect(e.data?.details).toEqual({ issues: [{ path: 'code', message: 'must be a 9 or 12 digit code' }] });
  });

  it('hides internal error messages and stacks', async () => {
    const e = await failure(client().test.boom.query());
    expect(e.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', appCode: 'INTERNAL' });
    expect(e.message).toBe('internal error');
    expect(JSON.stringify(e.shape)).not.toMatch(/secret internal detail|stack/);
  });
});

describe('transport limits', () => {
  it('serves a batch of 20 and refuses 21 with a 400', async () => {
    const c = client();
    const ok = await Promise.all(Array.from({ length: 20 }, () => c.test.ping.query()));
    expect(ok).toHaveLength(20);
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => c.test.ping.query()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const first = results[0];
    const err = first?.status === 'rejected' ? (first.reason as TRPCClientError<TestRouter>) : undefined;
    expect(err?.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(err?.message).toMatch(/batch/i);

    const paths = Array.from({ length: 21 }, () => 'test.ping').join(',');
    const res = await fetch(`${base}/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(res.status).toBe(400);
  });

  it('refuses a body over 1 MB', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await fetch(`${base}/trpc/test.conflict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: tokenFor(['admin']) },
      body: big,
    });
    expect(res.status).toBe(413);

    // Without a content-length (chunked), tRPC's own limit cuts the body off while reading it.
    const chunks = [new TextEncoder().encode(big)];
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    const chunked = await fetch(`${base}/trpc/test.echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: tokenFor(['admin']) },
      body: stream,
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
  });
});

describe('probes and metrics', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { mongo: 'ok', redis: 'ok' } });
  });

  it("sets helmet's security headers, as helmet() itself would", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const expected = await helmetReference();
    expect(Object.keys(expected).length).toBeGreaterThan(8);
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), name).toBe(value);
  });

  it('counts calls per procedure and reports queue figures', async () => {
    await client().test.ping.query();
    await failure(client().test.whoami.query());
    await queue.add('job', { n: 1 });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/trpc_calls_total\{[^}]*path="test\.ping",type="query",code="OK"[^}]*\} \d+/);
    expect(text).toMatch(
      /trpc_calls_total\{[^}]*path="test\.whoami",type="query",code="UNAUTHORIZED"[^}]*\} \d+/,
    );
    expect(text).toMatch(/trpc_call_duration_seconds_bucket\{[^}]*path="test\.ping"/);
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/trpc"/);
    expect(text).toContain(`queue_jobs{queue="${queue.name}",state="waiting",service="kit-test"} 1`);
  });
});

describe('audit router', () => {
  beforeAll(async () => {
    for (const id of ['A', 'B', 'A']) {
      await withTransaction(conn, (s) =>
        writeAudit(conn, s, {
          actor: { userId: 'u9', username: 'zhang' },
          action: 'unit.renamed',
          entity: { type: 'unit', id },
          after: { name: id },
          requestId: 'r',
        }),
      );
    }
  });

  it('lists with filters and paging, and verifies the chain, for audit.read holders', async () => {
    const c = client(tokenFor(['auditor']));
    const page = await c.audit.list.query({ entityId: 'A', page: 1, pageSize: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      seq: 3,
      entity: { type: 'unit', id: 'A' },
      actor: { username: 'zhang' },
    });
    expect(typeof page.items[0]?.at).toBe('string');
    expect(await c.audit.verify.query()).toEqual({ ok: true, count: 3 });
  });

  it('refuses callers without audit.read', async () => {
    const e = await failure(client(tokenFor(['hr_officer'])).audit.verify.query());
    expect(e.data).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
  });
});

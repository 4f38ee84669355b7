import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { createTRPCClient, type TRPCClient } from '@trpc/client';
import { connectDb, listAudit } from '@hebing/db';
import { assertCovers, createServiceApp, procedure, publicProcedure, router } from '@hebing/service-kit';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import type { AuditRecord } from '@hebing/contracts';
import { createHebingClient, serviceSplitLink, type HebingClient } from '@hebing/api-client';
import { createApp, type GatewayApp } from '../src/app';
import { ManualClock } from '../src/clock';
import { SessionStore } from '../src/auth/session.store';
import { ensureFirstAdmin } from '../src/users/bootstrap';

export const SECRET = 'test-internal-token-secret-0123456789abcdef';
export const ORIGIN = 'http://gateway.test';
export const ADMIN_PASSWORD = 'admin-pass-2026';

/** A tiny service built with service-kit, as a real one would be: the gateway forwards `probe.*` to it. */
export function probeRouter() {
  return router({
    probe: router({
      ping: publicProcedure.query(() => 'pong' as const),
      // For upstream timeouts and draining: answers after `ms`.
      slow: publicProcedure.input(z.object({ ms: z.number().int().max(5_000) })).query(async ({ input }) => {
        await new Promise((r) => setTimeout(r, input.ms));
        return 'done' as const;
      }),
      whoami: procedure('divisions.read').query(({ ctx }) => ({
        sub: ctx.auth.sub,
        username: ctx.auth.username,
        roles: ctx.auth.roles,
        requestId: ctx.requestId,
        exp: ctx.auth.exp,
        iat: ctx.auth.iat,
      })),
      unit: procedure('divisions.read')
        .input(z.object({ unitCode: z.string() }))
        .query(({ ctx, input }) => {
          assertCovers(ctx, input.unitCode);
          return { unitCode: input.unitCode, name: `unit ${input.unitCode}` };
        }),
      rename: procedure('divisions.write')
        .input(z.object({ unitCode: z.string(), name: z.string() }))
        .mutation(({ input }) => ({ ok: true as const, ...input })),
    }),
  });
}
export type ProbeRouter = ReturnType<typeof probeRouter>;

async function listen(app: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Cookie jar + Origin for one browser-like user. */
export class Browser {
  cookie = '';
  constructor(
    readonly gwUrl: string,
    readonly ip?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      origin: ORIGIN,
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.ip ? { 'x-forwarded-for': this.ip } : {}),
      ...extra,
    };
  }

  async login(
    username: string,
    password: string,
  ): Promise<{
    status: number;
    body: { code?: string; message?: string; details?: unknown } & Record<string, unknown>;
  }> {
    const res = await fetch(`${this.gwUrl}/auth/login`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ username, password }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    return { status: res.status, body: (await res.json()) as never };
  }

  async get(path: string): Promise<Response> {
    return fetch(`${this.gwUrl}${path}`, { headers: this.headers() });
  }

  client(): HebingClient {
    return createHebingClient({ url: `${this.gwUrl}/trpc`, headers: () => this.headers() });
  }

  probe(): TRPCClient<ProbeRouter> {
    return createTRPCClient<ProbeRouter>({
      links: [serviceSplitLink<ProbeRouter>({ url: `${this.gwUrl}/trpc`, headers: () => this.headers() })],
    });
  }
}

export interface Harness {
  conn: Connection;
  redis: Redis;
  clock: ManualClock;
  gateway: GatewayApp;
  gwUrl: string;
  probeUrl: string;
  redisPrefix: string;
  queuePrefix: string;
  browser(ip?: string): Browser;
  admin(): Promise<Browser>;
  audit(filter: { action?: string; actor?: string; entityId?: string }): Promise<AuditRecord[]>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const mongo = await startTestMongo();
  const redisSrv = await startTestRedis();
  const conn = await connectDb(mongo.uri, uniqueName('hebing_gateway_test').replace(/-/g, '_'));
  const redis = new Redis(redisSrv.url);
  const clock = new ManualClock();
  const redisPrefix = uniqueName('gw');
  const queuePrefix = uniqueName('q');
  const probeApp = createServiceApp({
    name: 'probe',
    router: probeRouter(),
    secret: SECRET,
    mongo: conn,
    redis,
  });
  const probe = await listen(probeApp.listener ?? probeApp); // as runService serves it
  const gateway = createApp({
    conn,
    redis,
    clock,
    config: {
      publicOrigin: ORIGIN,
      serviceUrls: { probe: new URL(probe.url) },
      internalTokenSecret: SECRET,
      queuePrefix,
      redisPrefix,
    },
  });
  const gw = await listen(gateway.handler);
  await ensureFirstAdmin({ conn, clock, sessions: new SessionStore(redis, clock) }, ADMIN_PASSWORD);
  return {
    conn,
    redis,
    clock,
    gateway,
    gwUrl: gw.url,
    probeUrl: probe.url,
    redisPrefix,
    queuePrefix,
    browser: (ip) => new Browser(gw.url, ip),
    admin: async () => {
      const b = new Browser(gw.url, '10.9.9.9');
      const r = await b.login('admin', ADMIN_PASSWORD);
      if (r.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(r.body)}`);
      return b;
    },
    audit: async (filter) => (await listAudit(conn, filter, { pageSize: 200 })).items,
    stop: async () => {
      gw.server.closeAllConnections();
      probe.server.closeAllConnections();
      await new Promise((r) => gw.server.close(r));
      await new Promise((r) => probe.server.close(r));
      await gateway.close();
      redis.disconnect();
      await conn.close();
      await redisSrv.stop();
      await mongo.stop();
    },
  };
}

/** One harness per test file (started before its tests, stopped after); returns its getter. */
export function useHarness(): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });
  return () => {
    if (!h) throw new Error('the gateway harness did not start');
    return h;
  };
}

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { inferRouterInputs } from '@trpc/server';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { Connection } from 'mongoose';
import { createBus, type Bus } from '@hebing/bus';
import type { Jurisdiction, Role } from '@hebing/contracts';
import { connectDb } from '@hebing/db';
import { createLogger, signInternalToken } from '@hebing/service-kit';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { createApp } from '../src/app';
import { createDeps, type Deps } from '../src/lib/deps';
import { initModels } from '../src/lib/models';
import type { AppRouter } from '../src/router';
import { runImportJob } from '../src/features/imports/imports.service';
import { enqueueImportVia, startImportWorker } from '../src/workers/import.worker';
import { startReadinessSubscriber } from '../src/workers/readiness.worker';

export const SECRET = 'test-secret-test-secret-test-secret-0123';

export interface User {
  roles: Role[];
  jurisdiction: Jurisdiction;
  username?: string;
}

export const ADMIN: User = { roles: ['admin'], jurisdiction: { scope: 'all' }, username: 'admin' };

/**
 * The real service in-process: emulator + real Redis + bus (workers, relay) + createApp() on a
 * free port; clients are real tRPC clients over HTTP with signed internal tokens.
 */
export interface Stack {
  conn: Connection;
  deps: Deps;
  bus: Bus;
  busPrefix: string;
  redisUrl: string;
  mongoUri: string;
  dbName: string;
  url: string;
  client(user?: User): ReturnType<typeof createTRPCClient<AppRouter>>;
  stop(): Promise<void>;
}

export async function startStack(opts: { today?: string; busWorkers?: boolean } = {}): Promise<Stack> {
  const mongo = await startTestMongo();
  const redis = await startTestRedis();
  const dbName = uniqueName('hebing_divisions').replace(/-/g, '_');
  const conn = await connectDb(mongo.uri, dbName);
  await initModels(conn);
  const today = opts.today;
  const deps = createDeps(conn, today ? () => today : undefined);
  const busPrefix = uniqueName('t');
  const bus = await createBus({
    redisUrl: redis.url,
    service: 'divisions',
    conn,
    prefix: busPrefix,
    retry: { attempts: 2, backoffMs: 50 },
  });
  const ping = new Redis(redis.url);
  ping.on('error', () => undefined); // the readiness probe reports it; no unhandled-event noise at shutdown
  // Without bus workers, imports run inline through the same function the worker calls.
  const enqueueImport =
    opts.busWorkers === false
      ? (id: string) => runImportJob(deps, id).then(() => undefined)
      : enqueueImportVia(bus);
  if (opts.busWorkers !== false) {
    startImportWorker(bus, deps);
    await startReadinessSubscriber(bus, deps);
  }
  const app = createApp({
    conn,
    redis: ping,
    secret: SECRET,
    enqueueImport,
    bus,
    deps,
    log: createLogger('divisions-test'),
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  let n = 0;
  return {
    conn,
    deps,
    bus,
    busPrefix,
    redisUrl: redis.url,
    mongoUri: mongo.uri,
    dbName,
    url,
    client(user = ADMIN) {
      const username = user.username ?? `u${++n}`;
      return createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url,
            headers: () => ({
              'x-hebing-token': signInternalToken(
                {
                  sub: username,
                  username,
                  displayName: username,
                  roles: user.roles,
                  jurisdiction: user.jurisdiction,
                  requestId: uniqueName('req'),
                },
                SECRET,
              ),
            }),
          }),
        ],
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await bus.close();
      ping.disconnect();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
      await redis.stop();
      await mongo.stop();
    },
  };
}

/** The app-level error code a tRPC call failed with (AppError code in `data.appCode`, else the tRPC code). */
export async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; appCode?: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { message: string; data?: { code?: string; appCode?: string; details?: unknown } };
    return {
      code: err.data?.code ?? 'UNKNOWN',
      appCode: err.data?.appCode,
      message: err.message,
      details: err.data?.details,
    };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Asserts a call is refused with `appCode` and a message naming `messagePart`. */
export async function refusedWith(p: Promise<unknown>, appCode: string, messagePart: string) {
  const f = await failure(p);
  expect(f.appCode).toBe(appCode);
  expect(f.message).toContain(messagePart);
  return f;
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** A small county: 513201 with two towns, a township and a few villages and groups. */
export const SMALL_COUNTY_CSV = [
  '代码,名称,人口,户数,面积(平方公里),统计日期,驻地,标签,设立日期',
  '513201000000,马尔康市,9000,2700,900,2019-12-31,,,1983-08-01',
  '513201100000,马尔康镇,4000,1200,300,2019-12-31,马江街65号,central,1983-08-01',
  '513201101000,卓克基镇,3000,900,300,2019-12-31,卓克基,historic,1983-08-01',
  '513201200000,梭磨乡,2000,600,300,2019-12-31,,,1983-08-01',
  '513201100001,团结街社区,2000,600,3,2019-12-31,,,1983-08-01',
  '513201100200,西索村,1000,300,100,2019-12-31,,,1983-08-01',
  '513201100201,查米村,1000,300,100,2019-12-31,,,1983-08-01',
  '513201101200,莫拉村,1500,450,150,2019-12-31,,,1983-08-01',
  '513201101201,大坝口村,1500,450,150,2019-12-31,,,1983-08-01',
  '513201101200001,莫拉一组,700,210,70,2019-12-31,,,1983-08-01',
  '513201101200002,莫拉二组,800,240,80,2019-12-31,,,1983-08-01',
  '513201200200,马塘村,2000,600,300,2019-12-31,,,1983-08-01',
].join('\n');

/** The stack with SMALL_COUNTY_CSV imported through the API and the import job finished. */
export async function startCountyStack(): Promise<Stack> {
  const stack = await startStack({ today: '2026-11-21' });
  const job = await stack.client().divisions.imports.start.mutate({
    county: '513201',
    format: 'csv',
    fileName: 'c.csv',
    contentBase64: b64(SMALL_COUNTY_CSV),
    reason: '初始导入',
  });
  await waitFor(
    async () => (await stack.client().divisions.imports.get.query({ id: job.id })).status === 'done',
    'import',
  );
  return stack;
}

type Client = ReturnType<Stack['client']>;
type PlanInputs = inferRouterInputs<AppRouter>['divisions']['plans'];
type Consultation = Omit<PlanInputs['addConsultation'], 'id'>;

/** Creates a plan and walks it to the vote step with one recorded consultation. */
export async function planToVote(c: Client, plan: PlanInputs['create'], consultation: Consultation) {
  const p = await c.divisions.plans.create.mutate(plan);
  await c.divisions.plans.advance.mutate({ id: p.id, to: 'consultation', reason: '征求意见' });
  await c.divisions.plans.addConsultation.mutate({ id: p.id, ...consultation });
  return c.divisions.plans.advance.mutate({ id: p.id, to: 'vote', reason: '表决' });
}

/** Walks a plan to approved: the vote recorded by `c`, the approval given by `approver`. */
export async function planToApproved(
  c: Client,
  plan: PlanInputs['create'],
  consultation: Consultation,
  vote: PlanInputs['recordVote']['vote'],
  approver: Client = c,
) {
  const p = await planToVote(c, plan, consultation);
  await c.divisions.plans.recordVote.mutate({ id: p.id, vote, reason: '通过' });
  return approver.divisions.plans.approve.mutate({ id: p.id, reason: '批复' });
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Environment for a child process of the test (its own variables on top of ours). */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...vars };
}

/**
 * Gateway benchmark: a trivial tRPC query at 50 connections through the gateway, compared in the
 * same run with plain Express and with the same tRPC service called directly (no gateway).
 * Every server runs in its own process, as deployed; the load generator runs here, on loopback.
 * Targets (issue 3): gateway ≥ 40 % of direct tRPC throughput, gateway p99 ≤ 50 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signInternalToken } from '@hebing/service-kit';
import { startTestMongo, startTestRedis, uniqueName } from '@hebing/testing';
import { connectDb } from '@hebing/db';
import { Redis } from 'ioredis';
import { SessionStore } from '../src/auth/session.store';
import { systemClock } from '../src/clock';
import { ensureFirstAdmin } from '../src/users/bootstrap';
import { runLoad, type LoadResult } from './load';
import type { BenchServerConfig } from './server';

const CONNECTIONS = 50;
const DURATION_MS = 8_000;
const WARMUP_MS = 2_000;
const MAX_REQUESTS = 400_000;
const SECRET = 'bench-internal-token-secret-0123456789abcdef';
const ORIGIN = 'http://bench.local';
const PASSWORD = 'bench-admin-pass-1';

function startServer(cfg: BenchServerConfig): Promise<{ child: ChildProcess; url: string }> {
  const file = fileURLToPath(new URL('./server.ts', import.meta.url));
  const child = fork(file, [JSON.stringify(cfg)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`${cfg.role} server exited with ${code}`)));
  });
}

async function measure(name: string, url: string, headers: () => Record<string, string>): Promise<LoadResult> {
  await runLoad({ url, headers, connections: CONNECTIONS, durationMs: WARMUP_MS, maxRequests: MAX_REQUESTS });
  const r = await runLoad({ url, headers, connections: CONNECTIONS, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS });
  process.stdout.write(`  measured ${name}: ${Math.round(r.rps)} req/s\n`);
  if (r.errors) throw new Error(`${name}: ${r.errors} of ${r.requests} requests failed`);
  return r;
}

async function login(gwUrl: string): Promise<string> {
  const res = await fetch(`${gwUrl}/auth/login`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function fmt(n: number, digits = 0): string {
  return n.toFixed(digits);
}

async function main(): Promise<void> {
  const mongo = await startTestMongo();
  const redisSrv = await startTestRedis();
  const base = { mongoUrl: mongo.uri, redisUrl: redisSrv.url, secret: SECRET, origin: ORIGIN, redisPrefix: uniqueName('bench-gw') };
  const conn = await connectDb(mongo.uri, 'hebing_bench_gateway');
  const redis = new Redis(redisSrv.url);
  await ensureFirstAdmin({ conn, clock: systemClock, sessions: new SessionStore(redis, systemClock) }, PASSWORD);
  const children: ChildProcess[] = [];
  try {
    const plain = await startServer({ ...base, role: 'express' });
    const service = await startServer({ ...base, role: 'service' });
    const gateway = await startServer({ ...base, role: 'gateway', serviceUrl: service.url });
    children.push(plain.child, service.child, gateway.child);
    const cookie = await login(gateway.url);
    const claims = { sub: 'bench', username: 'bench', displayName: 'bench', roles: ['admin' as const], jurisdiction: { scope: 'all' as const }, requestId: 'bench-request' };
    let token = signInternalToken(claims, SECRET);
    const refresh = setInterval(() => (token = signInternalToken(claims, SECRET)), 5_000);

    process.stdout.write(`gateway benchmark: ${CONNECTIONS} connections, ${DURATION_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up\n`);
    const express = await measure('plain express', `${plain.url}/ping`, () => ({}));
    const direct = await measure('direct tRPC', `${service.url}/trpc/bench.ping`, () => ({ 'x-hebing-token': token }));
    const viaGw = await measure('via gateway', `${gateway.url}/trpc/bench.ping`, () => ({ cookie }));
    clearInterval(refresh);

    const ratioDirect = viaGw.rps / direct.rps;
    const rows: Array<[string, LoadResult]> = [['plain express', express], ['direct tRPC', direct], ['tRPC via gateway', viaGw]];
    process.stdout.write(`\n| path | req/s | p50 ms | p99 ms | requests |\n|---|---:|---:|---:|---:|\n`);
    for (const [name, r] of rows) process.stdout.write(`| ${name} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.requests} |\n`);
    process.stdout.write(`\n| check | value | target | result |\n|---|---:|---:|---|\n`);
    process.stdout.write(`| gateway / direct tRPC throughput | ${fmt(ratioDirect * 100, 1)} % | ≥ 40 % | ${ratioDirect >= 0.4 ? 'PASS' : 'MISS'} |\n`);
    process.stdout.write(`| gateway p99 | ${fmt(viaGw.p99, 1)} ms | ≤ 50 ms | ${viaGw.p99 <= 50 ? 'PASS' : 'MISS'} |\n`);
    process.stdout.write(`| gateway / plain express throughput | ${fmt((viaGw.rps / express.rps) * 100, 1)} % | (info) | |\n`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    redis.disconnect();
    await conn.close();
    await redisSrv.stop();
    await mongo.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);

/**
 * The benchmark's servers: `express` (plain), `service` (a service-kit app with one trivial
 * procedure) or `gateway` (the real gateway's handler, fast path included, forwarding to it).
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import express from 'express';
import { Redis } from 'ioredis';
import { connectDb } from '@hebing/db';
import { createLogger, createServiceApp, procedure, router } from '@hebing/service-kit';
import { createApp } from '../src/app';

export interface BenchServerConfig {
  role: 'express' | 'service' | 'gateway';
  mongoUrl: string;
  redisUrl: string;
  secret: string;
  origin: string;
  serviceUrl?: string;
  redisPrefix: string;
}

export const benchRouter = router({
  bench: router({ ping: procedure('divisions.read').query(() => ({ pong: true })) }),
});

export async function build(cfg: BenchServerConfig) {
  const log = createLogger(cfg.role, { level: 'warn' });
  if (cfg.role === 'express') {
    const app = express();
    app.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
    return app;
  }
  const conn = await connectDb(cfg.mongoUrl, `hebing_bench_${cfg.role}`);
  const redis = new Redis(cfg.redisUrl);
  if (cfg.role === 'service') {
    const app = createServiceApp({
      name: 'bench',
      router: benchRouter,
      secret: cfg.secret,
      mongo: conn,
      redis,
      log,
    });
    return app.listener ?? app; // as runService serves it
  }
  return createApp({
    conn,
    redis,
    log,
    config: {
      publicOrigin: cfg.origin,
      serviceUrls: { bench: new URL(cfg.serviceUrl ?? '') },
      internalTokenSecret: cfg.secret,
      queuePrefix: 'bench',
      redisPrefix: cfg.redisPrefix,
    },
  }).handler;
}

/** Listens on a free loopback port; returns the base URL and a close function. */
export async function listenOn(cfg: BenchServerConfig): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(await build(cfg));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

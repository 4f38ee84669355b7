import http, { type RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import {
  createLogger,
  createMetrics,
  helmetHeaders,
  signInternalToken,
  type Logger,
  type ServiceApp,
} from '@hebing/service-kit';
import { systemClock, type Clock } from './clock';
import { authRoutes } from './auth/auth.routes';
import { csrfGuard } from './auth/csrf.middleware';
import { IpLimiter } from './auth/ip-limiter';
import { sessionMiddleware } from './auth/session.middleware';
import { SessionStore } from './auth/session.store';
import { queueBoard, QUEUES_PATH } from './admin/queues';
import { requestContext, TRUST_PROXY } from './http/request-context';
import { addProbes } from './http/probes';
import { sendJsonError, sendTrpcError, toFailure } from './http/errors';
import { serveConsole } from './http/static';
import { createFastPath } from './proxy/fast-path';
import { TokenCache } from './proxy/token-cache';
import { peekPaths } from './proxy/trpc-request';
import { trpcRoutes } from './proxy/trpc.routes';
import { gatewayTrpcHandler } from './proxy/gateway-trpc';

export interface GatewayConfig {
  publicOrigin: string; // the only Origin accepted on mutations; https here makes the cookie Secure
  serviceUrls: Record<string, URL>;
  internalTokenSecret: string;
  consoleDist?: string | undefined;
  queuePrefix: string; // BullMQ key prefix the services use, for the job monitor
  upstreamTimeoutMs?: number;
  redisPrefix?: string; // gateway keys (sessions, rate limits); tests make it unique
}

export interface GatewayDeps {
  conn: Connection;
  redis: Redis;
  config: GatewayConfig;
  clock?: Clock;
  log?: Logger;
}

export interface GatewayApp {
  app: ServiceApp; // an express app with metrics and a drain flag, so runService can run it
  /** What the HTTP server must call: forwards `/trpc/<service>.*` itself, the rest goes to `app`. */
  handler: RequestListener;
  sessions: SessionStore;
  /** Releases what the app holds (upstream sockets, dashboard queues); not the db or Redis. */
  close(): Promise<void>;
}

/** Builds the gateway without listening (tests and main both use it). */
export function createApp(deps: GatewayDeps): GatewayApp {
  const { conn, redis, config } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? createLogger('gateway');
  const prefix = config.redisPrefix ?? 'hebing:gw';
  const onAuditError = (e: unknown) => log.error({ err: e }, 'audit write failed');
  const sessions = new SessionStore(redis, clock, prefix);
  const ipLimiter = new IpLimiter(redis, clock, { prefix });
  const cookie = { secure: config.publicOrigin.startsWith('https:') };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  const board = queueBoard(redis, config.queuePrefix);
  const tokens = new TokenCache((c) => signInternalToken(c, config.internalTokenSecret));
  const forwardDeps = {
    conn,
    agent,
    timeoutMs: config.upstreamTimeoutMs ?? 30_000,
    onAuditError,
  };

  const gatewayTrpc = gatewayTrpcHandler({ conn, clock, sessions, log, onAuditError });

  const app = Object.assign(express(), {
    metrics: createMetrics('gateway', () => []),
    draining: false,
    log,
  }) as ServiceApp;
  app.disable('x-powered-by');
  app.set('trust proxy', TRUST_PROXY);
  app.use((req, res, next) => app.metrics.httpMiddleware(req, res, next));
  app.use(helmet());
  addProbes(app, conn, redis);
  app.use(requestContext());
  app.use(['/auth', '/trpc', '/admin'], sessionMiddleware({ conn, sessions, cookie, onAuditError }));
  app.use(
    csrfGuard({ conn, publicOrigin: config.publicOrigin, onAuditError }, (req, res, e) => {
      if (req.originalUrl.startsWith('/trpc/')) {
        const { paths, isBatch } = peekPaths(req);
        sendTrpcError(res, toFailure(e), paths, isBatch);
      } else sendJsonError(res, toFailure(e));
    }),
  );
  app.use('/auth', authRoutes({ conn, clock, sessions, ipLimiter, cookie }));
  app.use(
    '/trpc',
    trpcRoutes({ serviceUrls: config.serviceUrls, tokens, gatewayTrpc, forward: forwardDeps }),
  );
  app.use(QUEUES_PATH, board.middleware);
  if (config.consoleDist) serveConsole(app, config.consoleDist);
  app.use((_req: Request, res: Response) => {
    sendJsonError(res, { code: 'NOT_FOUND', message: 'not found' });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error({ err, path: req.path }, 'unhandled gateway error');
    if (res.headersSent) return void res.destroy();
    // Most likely Redis or Mongo is unreachable (session lookup, audit write).
    const failure = { code: 'UNAVAILABLE' as const, message: 'gateway temporarily unavailable' };
    if (req.originalUrl.startsWith('/trpc/')) {
      const { paths, isBatch } = peekPaths(req);
      sendTrpcError(res, failure, paths, isBatch);
    } else sendJsonError(res, failure);
  });

  const handler = createFastPath(
    {
      serviceUrls: config.serviceUrls,
      publicOrigin: config.publicOrigin,
      sessions,
      cookie,
      tokens,
      metrics: app.metrics,
      securityHeaders: helmetHeaders(),
      forward: forwardDeps,
      log,
    },
    app,
  );

  return {
    app,
    handler,
    sessions,
    close: async () => {
      agent.destroy();
      await board.close();
    },
  };
}

import type { RequestListener } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { REQUEST_ID_HEADER } from '@hebing/contracts';
import { createContextFactory, requestIdFrom } from './context';
import { checkMongo, checkRedis, type RedisLike } from './health';
import { createLogger, type Logger } from './logger';
import { createMetrics, type QueueLike, type ServiceMetrics } from './metrics';
import { helmetHeaders, setHeaders } from './security-headers';
import { createTrpcFastPath, refuseOversized } from './trpc-fast-path';
import { createTrpcHandler } from './trpc-handler';

export const MAX_BATCH_SIZE = 20;
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServiceAppOptions {
  name: string;
  router: AnyRouter;
  /** INTERNAL_TOKEN_SECRET: the HMAC key the gateway signs tokens with. */
  secret: string;
  mongo: Connection;
  redis: RedisLike;
  /** The service's bus; its queues appear in /metrics. */
  bus?: { queues(): QueueLike[] };
  queues?: QueueLike[];
  /** Mounted before /trpc (webhooks, dashboards). */
  extraRoutes?: (app: Express) => void;
  log?: Logger;
  maxBatchSize?: number;
}

export interface ServiceApp extends Express {
  metrics: ServiceMetrics;
  /** Set by runService on SIGTERM: /readyz answers 503 so load balancers stop sending work. */
  draining: boolean;
  log: Logger;
  /**
   * What an HTTP server should call for this app, when it is not the app itself (runService uses
   * it): createServiceApp serves `/trpc/*` in front of express when it can (see trpc-fast-path).
   */
  listener?: RequestListener;
}

/**
 * Request id, metrics and helmet's headers in one middleware: each express layer costs a match
 * and a `next()` on every call, and helmet's headers never change (see helmetHeaders).
 */
function perRequest(app: ServiceApp) {
  const security = helmetHeaders();
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    setHeaders(res, security);
    app.metrics.httpMiddleware(req, res, next);
  };
}

/** See refuseOversized (shared with the fast path). */
function bodyLimit(limit: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!refuseOversized(req, res, limit)) next();
  };
}

function addProbes(app: ServiceApp, opts: ServiceAppOptions): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.name });
  });
  app.get('/readyz', async (_req, res) => {
    const [mongo, redis] = await Promise.all([checkMongo(opts.mongo), checkRedis(opts.redis)]);
    const ready = !app.draining && mongo === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : app.draining ? 'draining' : 'not ready',
      service: opts.name,
      checks: { mongo, redis },
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', app.metrics.registry.contentType);
    res.send(await app.metrics.registry.metrics());
  });
}

/** JSON for everything that is not a procedure: unknown routes, oversized or broken bodies. */
function addFallbacks(app: ServiceApp): void {
  app.use((req, res) => {
    res.status(404).json({ error: { message: `no route ${req.method} ${req.path}` } });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
    if (status >= 500) app.log.error({ err }, 'request failed');
    res.status(status >= 400 && status < 600 ? status : 500).json({
      error: {
        message: status >= 500 ? 'internal error' : err instanceof Error ? err.message : 'bad request',
      },
    });
  });
}

/**
 * Express 5 app for one service: helmet, request ids, probes, metrics, and the tRPC router at
 * /trpc with a 1 MB body limit and at most `maxBatchSize` (20) calls per batch. Does not listen.
 */
export function createServiceApp(opts: ServiceAppOptions): ServiceApp {
  if (opts.secret.length < 32) throw new Error('internal token secret must be at least 32 characters');
  const log = opts.log ?? createLogger(opts.name);
  const queues = () => [...(opts.bus?.queues() ?? []), ...(opts.queues ?? [])];
  const app = Object.assign(express(), {
    metrics: createMetrics(opts.name, queues),
    draining: false,
    log,
  }) as ServiceApp;
  app.disable('x-powered-by');
  app.use(perRequest(app));
  addProbes(app, opts);
  opts.extraRoutes?.(app);
  const trpc = {
    router: opts.router,
    createContext: createContextFactory({ secret: opts.secret, log, metrics: app.metrics }),
    maxBatchSize: opts.maxBatchSize ?? MAX_BATCH_SIZE,
    maxBodySize: MAX_BODY_BYTES,
    onError: ({ error, path }: { error: TRPCError; path: string | undefined }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log.error({ err: error.cause ?? error, path }, 'trpc error');
    },
  };
  app.use('/trpc', bodyLimit(MAX_BODY_BYTES), createTrpcHandler(trpc));
  addFallbacks(app);
  // extraRoutes may claim paths under /trpc (a larger body limit for one procedure): express decides.
  if (!opts.extraRoutes) {
    const security = helmetHeaders();
    const fast = { trpc, metrics: app.metrics, securityHeaders: security, maxBodySize: MAX_BODY_BYTES };
    app.listener = createTrpcFastPath(fast, app);
  }
  return app;
}

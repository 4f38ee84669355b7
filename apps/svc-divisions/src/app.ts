import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Bus } from '@hebing/bus';
import { MAX_IMPORT_BYTES } from '@hebing/contracts';
import {
  createContextFactory,
  createLogger,
  createServiceApp,
  type Logger,
  type RedisLike,
} from '@hebing/service-kit';
import { createDeps, type Deps } from './lib/deps';
import { createAppRouter, type AppRouter } from './router';
import type { EnqueueImport } from './routers/imports.router';

export interface AppOptions {
  conn: Connection;
  redis: RedisLike;
  secret: string;
  enqueueImport: EnqueueImport;
  bus?: Bus;
  deps?: Deps;
  log?: Logger;
}

/** base64 of the largest accepted file, plus room for the JSON around it. */
const IMPORT_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024;
const IMPORT_PATH = '/divisions.imports.start';

/**
 * Only the import route takes large bodies: a second tRPC handler for that one path, with the
 * same router and context, mounted ahead of the general one (1 MB limit).
 */
function largeImportRoute(appRouter: AppRouter, secret: string, log: Logger) {
  const big = createExpressMiddleware({
    router: appRouter,
    createContext: createContextFactory({ secret, log }),
    maxBodySize: IMPORT_BODY_BYTES,
    maxBatchSize: 1,
  });
  return (app: Express) => {
    app.use('/trpc', (req, res, next) => {
      if (req.path === IMPORT_PATH) return big(req, res, next);
      next();
    });
  };
}

/** Express + tRPC for svc-divisions, not listening (tests and main.ts both call it). */
export function createApp(opts: AppOptions) {
  const log = opts.log ?? createLogger('divisions');
  const deps = opts.deps ?? createDeps(opts.conn);
  const appRouter = createAppRouter(deps, opts.enqueueImport);
  return createServiceApp({
    name: 'divisions',
    router: appRouter,
    secret: opts.secret,
    mongo: opts.conn,
    redis: opts.redis,
    ...(opts.bus ? { bus: opts.bus } : {}),
    log,
    extraRoutes: largeImportRoute(appRouter, opts.secret, log),
  });
}

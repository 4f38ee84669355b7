export { loadEnv, EnvError, ZServiceEnv, type ServiceEnv } from './env';
export { createLogger, REDACTED_KEYS, type Logger } from './logger';
export {
  signInternalToken,
  verifyInternalToken,
  createTokenVerifier,
  TOKEN_TTL_SECONDS,
  CLOCK_SKEW_SECONDS,
  type ClaimsToSign,
} from './token';
export { toTRPCError, errorFormatter, APP_TO_TRPC, type ErrorData, type FieldIssue } from './errors';
export {
  createContextFactory,
  requestIdFrom,
  type ServiceContext,
  type AuthedContext,
  type ProcedureObserver,
} from './context';
export { router, middleware, mergeRouters, createCallerFactory, publicProcedure, procedure } from './trpc';
export { assertCovers, jurisdictionFilter } from './jurisdiction';
export { createMetrics, type QueueLike, type ServiceMetrics } from './metrics';
export { checkMongo, checkRedis, type RedisLike } from './health';
export {
  createServiceApp,
  MAX_BATCH_SIZE,
  MAX_BODY_BYTES,
  type ServiceApp,
  type ServiceAppOptions,
} from './app';
export { helmetHeaders, setHeaders, type HeaderList } from './security-headers';
export { createTrpcHandler, type TrpcHandlerOptions } from './trpc-handler';
export { runService, type RunServiceOptions, type RunningService } from './run';
export { SERVICE_NODE_FLAGS } from './node-flags';
export { createAuditRouter } from './audit.router';

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER, type Actor, type AuthClaims } from '@hebing/contracts';
import { lazyChild, type Logger } from './logger';
import { createTokenVerifier } from './token';

/** Per-procedure figures; the app's metrics implement it (absent in contexts built by hand). */
export interface ProcedureObserver {
  observe(path: string, type: string, code: string, seconds: number): void;
}

export interface ServiceContext {
  /** Verified claims from the gateway's token; null when the header is missing or invalid. */
  auth: AuthClaims | null;
  requestId: string;
  log: Logger;
  /** Why a presented token was refused (expired, forged); reported by `procedure()`. */
  authError?: string;
  metrics?: ProcedureObserver;
}

export interface AuthedContext extends ServiceContext {
  auth: AuthClaims;
  actor: Actor;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps the gateway's id (for tracing one click across services) when it is well-formed. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Ids chosen for requests served without express (no res.locals), by response. */
const requestIds = new WeakMap<ServerResponse, string>();

export function rememberRequestId(res: ServerResponse, id: string): void {
  requestIds.set(res, id);
}

/** The id the app already chose for this request (and sent back), else one from the header. */
export function requestIdOf(
  req: IncomingMessage,
  res: ServerResponse & { locals?: Record<string, unknown> },
): string {
  const known: unknown = res.locals?.requestId ?? requestIds.get(res);
  return typeof known === 'string' ? known : requestIdFrom(req.headers[REQUEST_ID_HEADER]);
}

export interface ContextFactoryOptions {
  secret: string;
  log: Logger;
  metrics?: ProcedureObserver;
}

/** tRPC `createContext` (express adapter or plain node): trusts nothing but a valid signed token. */
export function createContextFactory(opts: ContextFactoryOptions) {
  const verify = createTokenVerifier(opts.secret);
  return ({ req, res }: { req: IncomingMessage; res: ServerResponse }): ServiceContext => {
    const requestId = requestIdOf(req, res);
    const header = req.headers[INTERNAL_TOKEN_HEADER];
    let auth: AuthClaims | null = null;
    let authError: string | undefined;
    if (typeof header === 'string' && header.length > 0) {
      try {
        auth = verify(header);
      } catch (e) {
        authError = e instanceof Error ? e.message : 'invalid internal token';
      }
    }
    const log = lazyChild(opts.log, auth ? { requestId, user: auth.username } : { requestId });
    const ctx: ServiceContext = { auth, requestId, log };
    if (authError !== undefined) ctx.authError = authError;
    if (opts.metrics) ctx.metrics = opts.metrics;
    return ctx;
  };
}

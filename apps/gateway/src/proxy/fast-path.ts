import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@hebing/contracts';
import { setHeaders, type HeaderList, type Logger, type ServiceMetrics } from '@hebing/service-kit';
import { readSessionCookie, type CookieConfig } from '../auth/cookie';
import { handOverLookup } from '../auth/session.middleware';
import type { Session, SessionStore } from '../auth/session.store';
import { sendTrpcError } from '../http/errors';
import { clientIp, requestIdOf, type GatewayLocals } from '../http/request-context';
import { forward, type ForwardDeps } from './forward';
import type { TokenCache } from './token-cache';
import { parseTrpcCall, type TrpcCall } from './trpc-request';
import { GATEWAY_SERVICE } from './trpc.routes';

export interface FastPathDeps {
  serviceUrls: Record<string, URL>;
  publicOrigin: string;
  sessions: SessionStore;
  cookie: CookieConfig;
  tokens: TokenCache;
  metrics: ServiceMetrics;
  /** What helmet sets, computed once (helmetHeaders). */
  securityHeaders: HeaderList;
  forward: ForwardDeps;
  log: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MOUNT = '/trpc';

interface Forwardable {
  call: TrpcCall;
  base: URL;
  url: string; // relative to /trpc
  sessionId: string;
}

/**
 * The forwarding call as express would see it, or null when express must answer: anything not
 * a well-formed `/trpc/<service>.*` call to a known service, `gateway.*` (runs tRPC here), a
 * mutation whose Origin the CSRF guard would refuse, and requests without a session cookie. All
 * of those are refusals or rare; express keeps their behaviour (and audit records) in one place.
 */
function forwardable(req: IncomingMessage, deps: FastPathDeps): Forwardable | null {
  const raw = req.url ?? '';
  if (!raw.startsWith(`${MOUNT}/`) || raw.includes('#')) return null;
  const url = raw.slice(MOUNT.length);
  const q = url.indexOf('?');
  let call: TrpcCall;
  try {
    call = parseTrpcCall(q < 0 ? url : url.slice(0, q), url);
  } catch {
    return null;
  }
  const base = deps.serviceUrls[call.service];
  if (call.service === GATEWAY_SERVICE || !base) return null;
  if (!SAFE_METHODS.has(req.method ?? '') && req.headers.origin !== deps.publicOrigin) return null;
  const sessionId = readSessionCookie(req, deps.cookie);
  return sessionId ? { call, base, url, sessionId } : null;
}

/** What the express chain does before trpc.routes forwards: metrics, helmet, request id, context. */
function serve(
  deps: FastPathDeps,
  req: IncomingMessage,
  res: ServerResponse,
  f: Forwardable,
  session: Session,
) {
  const started = performance.now();
  res.on('finish', () => {
    deps.metrics.observeHttp(req.method ?? '', MOUNT, res.statusCode, (performance.now() - started) / 1000);
  });
  setHeaders(res, deps.securityHeaders);
  const ctx: GatewayLocals = {
    requestId: requestIdOf(req),
    ip: clientIp(req),
    sessionId: f.sessionId,
    session,
  };
  res.setHeader(REQUEST_ID_HEADER, ctx.requestId);
  const token = deps.tokens.tokenFor(session, ctx.requestId);
  forward(deps.forward, { req, res, url: f.url }, f.base, f.call, ctx, token);
}

/**
 * The gateway's HTTP entry: forwards signed-in `/trpc/<service>.*` calls without going through
 * express (its router, req/res decoration and a dozen middlewares cost more than the forwarding
 * itself), with the same observable behaviour; every other request goes to `app`. A session
 * lookup that finds no live session is handed to express with its answer, which refuses and
 * audits it as before; a failing lookup (Redis down) lets express try again and answer 503.
 */
export function createFastPath(deps: FastPathDeps, app: RequestListener): RequestListener {
  return (req, res) => {
    const f = forwardable(req, deps);
    if (!f) return void app(req, res);
    deps.sessions
      .lookup(f.sessionId)
      .then(
        (found) => {
          if (found.status === 'active') return serve(deps, req, res, f, found.session);
          handOverLookup(req, found);
          app(req, res);
        },
        () => app(req, res),
      )
      .catch((err: unknown) => {
        // A bug, not a refusal: answer as express's error handler would rather than hang.
        deps.log.error({ err, path: req.url }, 'unhandled gateway error');
        if (res.headersSent) return void res.destroy();
        const failure = { code: 'INTERNAL' as const, message: 'internal error' };
        sendTrpcError(res, failure, f.call.paths, f.call.isBatch);
      });
  };
}

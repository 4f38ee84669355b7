import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, type AuthClaims, type SessionUser } from '@hebing/contracts';
import { gw, type GatewayLocals } from '../http/request-context';
import { sendTrpcError, toFailure } from '../http/errors';
import { forward, type ForwardDeps } from './forward';
import type { TokenCache } from './token-cache';
import { parseTrpcCall, peekPaths, type TrpcCall } from './trpc-request';

export const TOKEN_TTL_S = 60;
export const GATEWAY_SERVICE = 'gateway';

export interface TrpcRoutesDeps {
  serviceUrls: Record<string, URL>;
  tokens: TokenCache;
  /** tRPC's express middleware for the gateway's own router. */
  gatewayTrpc: RequestHandler;
  forward: ForwardDeps;
}

/**
 * The session user as token claims: what services (and the gateway's own router) trust. Token
 * times are wall-clock on purpose: the service checks them against its own clock, whereas the
 * injectable clock only drives session and lockout windows.
 */
export function claimsOf(ctx: GatewayLocals): AuthClaims | null {
  const u = ctx.session?.user;
  return u ? claimsFor(u, ctx.requestId) : null;
}

export function claimsFor(u: SessionUser, requestId: string): AuthClaims {
  const iat = Math.floor(Date.now() / 1000);
  return {
    sub: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    requestId,
    iat,
    exp: iat + TOKEN_TTL_S,
  };
}

/**
 * `/trpc/<service>.<rest>`: one service per request; `gateway.*` runs here, everything else is
 * forwarded with the session's token. Most forwarded calls never get here: the fast path
 * (fast-path.ts) takes them before express; this handles what it hands over. Errors come back
 * in tRPC's shape so the client reads them as usual.
 */
export function trpcRoutes(deps: TrpcRoutesDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = gw(res);
    let call: TrpcCall | undefined;
    try {
      call = parseTrpcCall(req.path, req.url);
      const session = ctx.session;
      if (!session) throw new AppError('UNAUTHENTICATED', 'not signed in or session ended');
      if (call.service === GATEWAY_SERVICE) return deps.gatewayTrpc(req, res, next);
      const base = deps.serviceUrls[call.service];
      if (!base) throw new AppError('NOT_FOUND', `no service named ${call.service}`);
      const token = deps.tokens.tokenFor(session, ctx.requestId);
      forward(deps.forward, { req, res, url: req.url }, base, call, ctx, token);
    } catch (e) {
      const { paths, isBatch } = call ?? peekPaths(req);
      sendTrpcError(res, toFailure(e), paths, isBatch);
    }
  };
}

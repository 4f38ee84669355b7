import type http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { AppError, type AuthClaims } from '@hebing/contracts';
import { gw, type GatewayLocals } from '../http/request-context';
import { sendTrpcError, toFailure } from '../http/errors';
import { forward } from './forward';
import { parseTrpcCall, peekPaths, type TrpcCall } from './trpc-request';

export const TOKEN_TTL_S = 60;
export const GATEWAY_SERVICE = 'gateway';

export interface TrpcRoutesDeps {
  conn: Connection;
  serviceUrls: Record<string, URL>;
  signToken: (claims: AuthClaims) => string;
  /** tRPC's express middleware for the gateway's own router. */
  gatewayTrpc: RequestHandler;
  agent: http.Agent; // keep-alive sockets to the services, closed by the app at shutdown
  timeoutMs?: number;
  onAuditError: (e: unknown) => void;
}

/**
 * The session user as token claims: what services (and the gateway's own router) trust. Token
 * times are wall-clock on purpose: the service checks them against its own clock, whereas the
 * injectable clock only drives session and lockout windows.
 */
export function claimsOf(ctx: GatewayLocals): AuthClaims | null {
  const u = ctx.session?.user;
  if (!u) return null;
  const iat = Math.floor(Date.now() / 1000);
  return {
    sub: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    requestId: ctx.requestId,
    iat,
    exp: iat + TOKEN_TTL_S,
  };
}

/**
 * `/trpc/<service>.<rest>`: one service per request; `gateway.*` runs here, everything else is
 * forwarded with a fresh token. Errors come back in tRPC's shape so the client reads them as usual.
 */
export function trpcRoutes(deps: TrpcRoutesDeps): RequestHandler {
  const forwardDeps = {
    conn: deps.conn,
    agent: deps.agent,
    timeoutMs: deps.timeoutMs ?? 30_000,
    onAuditError: deps.onAuditError,
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = gw(res);
    let call: TrpcCall | undefined;
    try {
      call = parseTrpcCall(req);
      const claims = claimsOf(ctx);
      if (!claims) throw new AppError('UNAUTHENTICATED', 'not signed in or session ended');
      if (call.service === GATEWAY_SERVICE) return deps.gatewayTrpc(req, res, next);
      const base = deps.serviceUrls[call.service];
      if (!base) throw new AppError('NOT_FOUND', `no service named ${call.service}`);
      forward(forwardDeps, req, res, base, call, ctx, deps.signToken(claims));
    } catch (e) {
      const { paths, isBatch } = call ?? peekPaths(req);
      sendTrpcError(res, toFailure(e), paths, isBatch);
    }
  };
}

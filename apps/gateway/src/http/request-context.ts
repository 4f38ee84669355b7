import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import proxyaddr from 'proxy-addr';
import { REQUEST_ID_HEADER } from '@hebing/contracts';
import type { Session } from '../auth/session.store';

/** Per-request state the gateway's middlewares share (kept in res.locals under one typed key). */
export interface GatewayLocals {
  requestId: string;
  ip: string;
  sessionId?: string; // the cookie value, only when it named a live session
  session?: Session;
}

export function gw(res: Response): GatewayLocals {
  const l = (res.locals as { gw?: GatewayLocals }).gw;
  if (!l) throw new Error('request context middleware did not run');
  return l;
}

/**
 * X-Forwarded-For is believed only from a proxy on a private network (ingress, load balancer).
 * Express gets it as `trust proxy`; the fast path compiles it with proxy-addr as express does.
 */
export const TRUST_PROXY = ['loopback', 'linklocal', 'uniquelocal'];
const trusted = proxyaddr.compile(TRUST_PROXY);

/** The client address by the same rule as express's `req.ip` under TRUST_PROXY. */
export function clientIp(req: IncomingMessage): string {
  return proxyaddr(req, trusted) || req.socket.remoteAddress || 'unknown';
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Keeps a well-formed incoming request id (a load balancer's), else makes one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestContext() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = requestIdOf(req);
    (res.locals as { gw?: GatewayLocals }).gw = { requestId, ip: req.ip ?? clientIp(req) };
    res.setHeader(REQUEST_ID_HEADER, requestId);
    next();
  };
}

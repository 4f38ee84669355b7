import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Keeps a well-formed incoming request id (a load balancer's), else makes one. */
export function requestContext() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (res.locals as { gw?: GatewayLocals }).gw = {
      requestId,
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    };
    res.setHeader(REQUEST_ID_HEADER, requestId);
    next();
  };
}

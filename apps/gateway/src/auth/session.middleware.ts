import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Connection } from 'mongoose';
import { recordAudit } from '../audit';
import { gw } from '../http/request-context';
import { readSessionCookie, clearSessionCookie, type CookieConfig } from './cookie';
import type { SessionLookup, SessionStore } from './session.store';

export interface SessionMiddlewareDeps {
  conn: Connection;
  sessions: SessionStore;
  cookie: CookieConfig;
  onAuditError: (e: unknown) => void;
}

/**
 * Lookups the fast path made before handing a request to express. A lookup that finds a dead
 * session deletes it, so the middleware must reuse the answer (to audit it and clear the cookie)
 * rather than ask Redis again and find nothing.
 */
const handedOver = new WeakMap<IncomingMessage, SessionLookup>();

export function handOverLookup(req: IncomingMessage, found: SessionLookup): void {
  handedOver.set(req, found);
}

/**
 * Resolves the session cookie into res.locals.gw.session. A session that ended (idle, absolute,
 * revoked because the user was disabled) is audited here, on the request that finds it dead.
 * Never refuses by itself: each route decides whether it needs a user.
 */
export function sessionMiddleware(deps: SessionMiddlewareDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const id = readSessionCookie(req, deps.cookie);
    if (!id) return next();
    const ctx = gw(res);
    const found = handedOver.get(req) ?? (await deps.sessions.lookup(id));
    if (found.status === 'active') {
      ctx.sessionId = id;
      ctx.session = found.session;
      return next();
    }
    if (found.status !== 'none') {
      clearSessionCookie(res, deps.cookie);
      await recordAudit(deps.conn, {
        actor: { userId: found.user.id, username: found.user.username },
        action: found.status === 'expired' ? 'auth.session.expired' : 'auth.session.revoked',
        entity: { type: 'user', id: found.user.id },
        after: { ip: ctx.ip, path: req.originalUrl.split('?')[0] },
        reason: found.reason,
        requestId: ctx.requestId,
      }).catch(deps.onAuditError);
    }
    next();
  };
}

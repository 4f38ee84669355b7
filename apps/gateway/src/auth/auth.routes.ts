import express, { Router, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import { AppError } from '@hebing/contracts';
import type { Clock } from '../clock';
import { recordAudit } from '../audit';
import { gw } from '../http/request-context';
import { sendJsonError, toFailure } from '../http/errors';
import { clearSessionCookie, setSessionCookie, type CookieConfig } from './cookie';
import { login } from './login.service';
import type { IpLimiter } from './ip-limiter';
import type { SessionStore } from './session.store';

export interface AuthRoutesDeps {
  conn: Connection;
  clock: Clock;
  sessions: SessionStore;
  ipLimiter: IpLimiter;
  cookie: CookieConfig;
}

function meBody(res: Response) {
  const s = gw(res).session;
  if (!s) throw new AppError('UNAUTHENTICATED', 'not signed in');
  // `user` plus roles/jurisdiction at the top level: the shape the console reads.
  return {
    user: s.user,
    roles: s.user.roles,
    jurisdiction: s.user.jurisdiction,
    session: {
      createdAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    },
  };
}

/** `/auth/login`, `/auth/logout`, `/auth/me` (JSON, not tRPC: the cookie is set here). */
export function authRoutes(deps: AuthRoutesDeps): Router {
  const r = Router();
  const wrap =
    (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
      try {
        await fn(req, res);
      } catch (e) {
        sendJsonError(res, toFailure(e));
      }
    };

  r.post(
    '/login',
    express.json({ limit: '8kb' }),
    wrap(async (req, res) => {
      const ctx = gw(res);
      const user = await login(deps, { body: req.body, ip: ctx.ip, requestId: ctx.requestId });
      // The old session (if any) ends: a login always starts a new session id.
      if (ctx.sessionId) await deps.sessions.destroy(ctx.sessionId);
      const { id, session } = await deps.sessions.create(user);
      ctx.sessionId = id;
      ctx.session = session;
      setSessionCookie(res, deps.cookie, id);
      res.setHeader('cache-control', 'no-store');
      res.json(meBody(res));
    }),
  );

  r.post(
    '/logout',
    wrap(async (_req, res) => {
      const ctx = gw(res);
      clearSessionCookie(res, deps.cookie);
      if (ctx.sessionId && ctx.session) {
        await deps.sessions.destroy(ctx.sessionId);
        const u = ctx.session.user;
        await recordAudit(deps.conn, {
          actor: { userId: u.id, username: u.username },
          action: 'auth.logout',
          entity: { type: 'user', id: u.id },
          after: { ip: ctx.ip },
          requestId: ctx.requestId,
        });
      }
      res.status(204).end();
    }),
  );

  r.get(
    '/me',
    wrap(async (_req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.json(meBody(res));
    }),
  );

  return r;
}

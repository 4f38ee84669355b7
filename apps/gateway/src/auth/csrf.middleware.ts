import type { NextFunction, Request, Response } from 'express';
import type { Connection } from 'mongoose';
import { AppError } from '@hebing/contracts';
import { anonymousActor, recordAudit } from '../audit';
import { gw } from '../http/request-context';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfDeps {
  conn: Connection;
  publicOrigin: string;
  onAuditError: (e: unknown) => void;
}

/**
 * Every state-changing request (login included: login CSRF plants the attacker's session) must
 * carry an Origin header equal to PUBLIC_ORIGIN. Browsers always send Origin on POST, and a page
 * cannot forge it; SameSite=Strict on the cookie is the second layer. Audited when refused.
 */
export function csrfGuard(deps: CsrfDeps, refuse: (req: Request, res: Response, e: AppError) => void) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    if (origin === deps.publicOrigin) return next();
    const ctx = gw(res);
    const user = ctx.session?.user;
    await recordAudit(deps.conn, {
      actor: user ? { userId: user.id, username: user.username } : anonymousActor(),
      action: 'security.csrf.refused',
      entity: { type: 'request', id: req.originalUrl.split('?')[0] ?? '' },
      after: { ip: ctx.ip, method: req.method, origin: origin ?? null },
      reason: origin ? 'foreign_origin' : 'missing_origin',
      requestId: ctx.requestId,
    }).catch(deps.onAuditError);
    refuse(
      req,
      res,
      new AppError(
        'FORBIDDEN',
        origin ? `cross-origin request refused (Origin ${origin})` : 'request refused: missing Origin header',
      ),
    );
  };
}

import type { Connection } from 'mongoose';
import {
  createTrpcHandler,
  MAX_BATCH_SIZE,
  MAX_BODY_BYTES,
  type Logger,
  type ServiceContext,
} from '@hebing/service-kit';
import type { Clock } from '../clock';
import { recordAudit } from '../audit';
import type { SessionStore } from '../auth/session.store';
import { gw } from '../http/request-context';
import { createGatewayRouter } from '../router';
import { claimsOf } from './trpc.routes';

export interface GatewayTrpcDeps {
  conn: Connection;
  clock: Clock;
  sessions: SessionStore;
  log: Logger;
  onAuditError: (e: unknown) => void;
}

/** tRPC's express handler for `gateway.*`, with the session user as the context's claims. */
export function gatewayTrpcHandler(deps: GatewayTrpcDeps) {
  const { conn, log } = deps;
  return createTrpcHandler({
    router: createGatewayRouter({ conn, clock: deps.clock, sessions: deps.sessions }),
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ res }): ServiceContext => {
      const ctx = gw(res);
      return { auth: claimsOf(ctx), requestId: ctx.requestId, log };
    },
    // Refusals by the gateway's own procedures are audited like those relayed from services.
    onError: ({ error, path, ctx }) => {
      if ((error.code !== 'FORBIDDEN' && error.code !== 'UNAUTHORIZED') || !ctx?.auth) return;
      const appCode = (error.cause as { code?: unknown } | undefined)?.code;
      void recordAudit(conn, {
        actor: { userId: ctx.auth.sub, username: ctx.auth.username },
        action: 'access.denied',
        entity: { type: 'procedure', id: path ?? 'gateway' },
        after: {
          service: 'gateway',
          code: error.code,
          appCode: typeof appCode === 'string' ? appCode : error.code,
        },
        reason: error.message,
        requestId: ctx.requestId,
      }).catch(deps.onAuditError);
    },
  });
}

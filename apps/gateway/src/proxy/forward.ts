import http from 'node:http';
import type { Connection } from 'mongoose';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '@hebing/contracts';
import { recordAudit } from '../audit';
import type { GatewayLocals } from '../http/request-context';
import { sendTrpcError } from '../http/errors';
import type { TrpcCall } from './trpc-request';

export interface ForwardDeps {
  conn: Connection;
  agent: http.Agent; // keep-alive sockets to the services, closed by the app at shutdown
  timeoutMs: number;
  onAuditError: (e: unknown) => void;
}

const PASS_REQUEST = ['content-type', 'content-length', 'accept', 'trpc-accept'] as const;
const PASS_RESPONSE = [
  'content-type',
  'content-length',
  'cache-control',
  'vary',
  'content-encoding',
] as const;
/** Statuses whose body may carry refusals to audit (207 = a batch with mixed outcomes). */
const WATCH = new Set([401, 403, 207]);
const WATCH_LIMIT = 256 * 1024;

/** The client's exchange; `url` is relative to `/trpc` (`/probe.ping?batch=1`). */
export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: string;
}

/**
 * Streams the call to `<base>/trpc/<paths>` with the internal token, and the answer back as it
 * arrives. Cookies and any client-sent token never pass: the service trusts the token only.
 * Plain node objects: express (trpc.routes) and the fast path (outside express) both call it.
 */
export function forward(
  deps: ForwardDeps,
  { req, res, url }: Exchange,
  base: URL,
  call: TrpcCall,
  ctx: GatewayLocals,
  token: string,
): void {
  const headers: http.OutgoingHttpHeaders = {
    [INTERNAL_TOKEN_HEADER]: token,
    [REQUEST_ID_HEADER]: ctx.requestId,
  };
  for (const h of PASS_REQUEST) {
    const v = req.headers[h];
    if (v !== undefined) headers[h] = Array.isArray(v) ? v.join(', ') : v;
  }
  const prefix = base.pathname.replace(/\/$/, '');
  const up = http.request({
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port,
    path: `${prefix}/trpc${url}`,
    method: req.method,
    headers,
    agent: deps.agent,
  });
  let timedOut = false;
  up.setTimeout(deps.timeoutMs, () => {
    timedOut = true;
    up.destroy(new Error('upstream timeout'));
  });
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  up.on('response', (ur) => {
    const status = ur.statusCode ?? 502;
    res.statusCode = status;
    for (const h of PASS_RESPONSE) {
      const v = ur.headers[h];
      if (v !== undefined) res.setHeader(h, v);
    }
    if (WATCH.has(status) && !ur.headers['content-encoding']) {
      const chunks: Buffer[] = [];
      let size = 0;
      ur.on('data', (c: Buffer) => {
        if (size < WATCH_LIMIT) chunks.push(c);
        size += c.length;
      });
      ur.on('end', () => {
        if (size <= WATCH_LIMIT) void auditRefusals(deps, ctx, call, Buffer.concat(chunks));
      });
    }
    ur.pipe(res);
  });
  up.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendTrpcError(
      res,
      {
        code: 'UNAVAILABLE',
        trpcCode: timedOut ? 'GATEWAY_TIMEOUT' : 'BAD_GATEWAY',
        message: `service ${call.service} did not answer`,
      },
      call.paths,
      call.isBatch,
    );
  });
  if (req.method === 'GET' || req.method === 'HEAD') up.end();
  else req.pipe(up);
}

interface ErrorItem {
  error?: { message?: unknown; data?: { code?: unknown; appCode?: unknown; httpStatus?: unknown } };
}

/** Services refuse (permission, jurisdiction); the gateway records each refusal it relays. */
async function auditRefusals(
  deps: ForwardDeps,
  ctx: GatewayLocals,
  call: TrpcCall,
  body: Buffer,
): Promise<void> {
  const user = ctx.session?.user;
  if (!user) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return;
  }
  const items = (call.isBatch && Array.isArray(parsed) ? parsed : [parsed]) as ErrorItem[];
  for (const [i, item] of items.entries()) {
    const data = item?.error?.data;
    if (data?.code !== 'FORBIDDEN' && data?.code !== 'UNAUTHORIZED') continue;
    await recordAudit(deps.conn, {
      actor: { userId: user.id, username: user.username },
      action: 'access.denied',
      entity: { type: 'procedure', id: call.paths[i] ?? call.service },
      after: { ip: ctx.ip, service: call.service, code: data.code, appCode: data.appCode ?? null },
      reason: typeof item.error?.message === 'string' ? item.error.message : String(data.code),
      requestId: ctx.requestId,
    }).catch(deps.onAuditError);
  }
}

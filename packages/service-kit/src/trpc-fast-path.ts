import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AnyRouter } from '@trpc/server';
import { REQUEST_ID_HEADER } from '@hebing/contracts';
import { rememberRequestId, requestIdFrom } from './context';
import type { ServiceMetrics } from './metrics';
import { setHeaders, type HeaderList } from './security-headers';
import { handleTrpc, procedurePath, type TrpcHandlerOptions } from './trpc-handler';

const MOUNT = '/trpc';

/**
 * Refuses a declared oversized body before any procedure runs (tRPC only enforces its limit
 * when it reads an input, so an input-less procedure would otherwise run). Chunked bodies are
 * cut off by tRPC's own maxBodySize when read. True when it answered.
 */
export function refuseOversized(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared <= limit) return false;
  const body = JSON.stringify({
    error: {
      message: `request body of ${declared} bytes exceeds the limit of ${limit}`,
      code: -32013,
      data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'BAD_INPUT', details: { limit } },
    },
  });
  res.statusCode = 413;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
  return true;
}

export interface TrpcFastPathOptions<TRouter extends AnyRouter> {
  trpc: TrpcHandlerOptions<TRouter, IncomingMessage, ServerResponse>;
  metrics: ServiceMetrics;
  securityHeaders: HeaderList;
  maxBodySize: number;
}

/**
 * `/trpc/*` without express, everything else to `app`. Express's per-request work (prototype
 * swaps, the router walk, a closure per layer) costs about as much as node's own HTTP handling;
 * here a call gets the same request id, headers, metrics, body limit and tRPC handling as the
 * express chain in createServiceApp gives it. Only for apps whose routes under `/trpc` are all
 * tRPC's (no extraRoutes), since express would otherwise have to see the request first.
 */
export function createTrpcFastPath<TRouter extends AnyRouter>(
  opts: TrpcFastPathOptions<TRouter>,
  app: RequestListener,
): RequestListener {
  return (req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith(`${MOUNT}/`)) return void app(req, res);
    const started = performance.now();
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    rememberRequestId(res, id);
    res.setHeader(REQUEST_ID_HEADER, id);
    setHeaders(res, opts.securityHeaders);
    res.on('finish', () => {
      opts.metrics.observeHttp(req.method ?? '', MOUNT, res.statusCode, (performance.now() - started) / 1000);
    });
    if (refuseOversized(req, res, opts.maxBodySize)) return;
    handleTrpc(opts.trpc, req, res, procedurePath(url.slice(MOUNT.length)));
  };
}

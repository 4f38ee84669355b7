import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { AnyRouter, inferRouterContext } from '@trpc/server';
import { resolveResponse, type HTTPErrorHandler } from '@trpc/server/http';
import { incomingMessageToRequest, internal_exceptionHandler } from '@trpc/server/adapters/node-http';

export interface TrpcHandlerOptions<
  TRouter extends AnyRouter,
  TReq extends IncomingMessage = Request,
  TRes extends ServerResponse = Response,
> {
  router: TRouter;
  createContext: (opts: { req: TReq; res: TRes }) => inferRouterContext<TRouter>;
  maxBatchSize: number;
  maxBodySize: number;
  onError?: HTTPErrorHandler<TRouter, TReq>;
}

/** Streamed answers (httpBatchStreamLink's JSON lines, SSE subscriptions) are written as they come. */
function isStreamed(response: globalThis.Response): boolean {
  return (
    response.headers.has('transfer-encoding') ||
    (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
  );
}

/** Waits for the socket to take more (or to close), leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function writeStream(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.off('close', onClose);
    res.end();
  }
}

async function writeResponse(res: ServerResponse, response: globalThis.Response): Promise<void> {
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) return void res.end();
  if (isStreamed(response)) return writeStream(res, response.body);
  // A plain JSON answer: one write with a length, not a chunked body piped through web streams.
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader('content-length', body.length);
  res.end(body);
}

/**
 * One tRPC call, as `createExpressMiddleware` does it (same Request conversion, same
 * `resolveResponse`, same limits and error answers) minus its per-call option spreading and its
 * WritableStream pipe for answers that are one JSON document. `path` is the procedure path
 * (`test.ping` or `a,b` for a batch). Plain node objects: service apps call it without express.
 */
export function handleTrpc<
  TRouter extends AnyRouter,
  TReq extends IncomingMessage,
  TRes extends ServerResponse,
>(opts: TrpcHandlerOptions<TRouter, TReq, TRes>, req: TReq, res: TRes, path: string): void {
  const handle = async () => {
    const request = incomingMessageToRequest(req, res, { maxBodySize: opts.maxBodySize });
    const response = await resolveResponse<TRouter>({
      router: opts.router,
      req: request,
      path,
      error: null,
      maxBatchSize: opts.maxBatchSize,
      createContext: async () => opts.createContext({ req, res }),
      onError: (o) => opts.onError?.({ ...o, req }),
    });
    await writeResponse(res, response);
  };
  const { router, createContext, onError } = opts;
  handle().catch(internal_exceptionHandler({ req, res, path, router, createContext, onError }));
}

/** Procedure path of a url below the tRPC mount, as express's `req.path` gives it: `/a.b?x` → `a.b`. */
export function procedurePath(url: string): string {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  return pathname.slice(pathname.lastIndexOf('/') + 1);
}

/** tRPC as an express handler (mounted at `/trpc`). */
export function createTrpcHandler<TRouter extends AnyRouter>(opts: TrpcHandlerOptions<TRouter>) {
  return (req: Request, res: Response): void => {
    handleTrpc(opts, req, res, req.path.slice(req.path.lastIndexOf('/') + 1));
  };
}

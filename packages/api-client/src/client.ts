import {
  createTRPCClient,
  httpBatchLink,
  type HTTPHeaders,
  type OperationLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import type { HebingRouter } from './routers';

/** The gateway accepts at most this many calls in one batch. */
export const MAX_BATCH_ITEMS = 20;

export interface HebingClientOptions {
  /** The gateway's tRPC endpoint, e.g. `http://localhost:8080/trpc` (or `/trpc` in the browser). */
  url: string;
  fetch?: typeof globalThis.fetch;
  /** Extra headers on every request (Node callers send `origin` and `cookie` here). */
  headers?: HTTPHeaders | (() => HTTPHeaders | Promise<HTTPHeaders>);
}

/** The service a procedure path belongs to: its first segment (`divisions.units.list` → `divisions`). */
export function serviceOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/**
 * A terminating link that splits operations by service: one httpBatchLink per path prefix, all
 * to the same gateway URL, so a batch never mixes services (the gateway refuses mixed batches).
 * Links are made on first use, so a new service needs no entry here, only in the router type.
 */
export function serviceSplitLink<TRouter extends AnyRouter>(opts: HebingClientOptions): TRPCLink<TRouter> {
  return (runtime) => {
    // AnyRouter: the link only moves bytes; types come from the client's TRouter.
    const perService = new Map<string, OperationLink<AnyRouter>>();
    return (ctx) => {
      const service = serviceOf(ctx.op.path);
      let link = perService.get(service);
      if (!link) {
        link = httpBatchLink<AnyRouter>({
          url: opts.url,
          maxItems: MAX_BATCH_ITEMS,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.headers ? { headers: opts.headers } : {}),
        })(runtime);
        perService.set(service, link);
      }
      return link(ctx);
    };
  };
}

export type HebingClient = TRPCClient<HebingRouter>;

/** A typed client for every service behind the gateway. */
export function createHebingClient(opts: HebingClientOptions): HebingClient {
  return createTRPCClient<HebingRouter>({ links: [serviceSplitLink<HebingRouter>(opts)] });
}

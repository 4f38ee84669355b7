import { createTRPCUntypedClient, httpBatchLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import type { OperationLink } from '@trpc/client';

/**
 * One batch per service: the gateway refuses a batch that mixes `gateway.*` and `divisions.*`,
 * so each path prefix gets its own batching link (the same rule `@hebing/api-client` applies).
 */
function perServiceBatchLink(url: string): TRPCLink<AnyRouter> {
  return (runtime) => {
    const links = new Map<string, OperationLink<AnyRouter>>();
    return (opts) => {
      const service = opts.op.path.split('.')[0] ?? '';
      let link = links.get(service);
      if (!link) {
        link = httpBatchLink({ url, maxItems: 20 })(runtime);
        links.set(service, link);
      }
      return link(opts);
    };
  };
}

const rpc = createTRPCUntypedClient<AnyRouter>({ links: [perServiceBatchLink('/trpc')] });

/** Error shown to the user: the domain code (from the service's error formatter) and its message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface ErrorData {
  appCode?: unknown;
  code?: unknown;
  httpStatus?: unknown;
  details?: unknown;
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as ErrorData;
    const code = typeof data.appCode === 'string' ? data.appCode : typeof data.code === 'string' ? data.code : 'INTERNAL';
    const status = typeof data.httpStatus === 'number' ? data.httpStatus : 500;
    return new ApiError(code, e.message, status, data.details);
  }
  return new ApiError('UNAVAILABLE', e instanceof Error ? e.message : String(e), 0);
}

// The one place an untyped path meets a view-model type; when `@hebing/api-client` exposes the
// merged router types, these two functions become its typed proxy.
export async function query<T>(path: string, input?: unknown): Promise<T> {
  try {
    return (await rpc.query(path, input)) as T;
  } catch (e) {
    throw toApiError(e);
  }
}

export async function mutate<T>(path: string, input?: unknown): Promise<T> {
  try {
    return (await rpc.mutation(path, input)) as T;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Plain JSON calls for the gateway's `/auth/*` routes (not tRPC). */
export async function authFetch<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init?.method ?? 'GET',
    credentials: 'same-origin',
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? null : JSON.stringify(init.body),
  });
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const err = (body ?? {}) as { code?: unknown; error?: unknown; message?: unknown };
    const code = typeof err.code === 'string' ? err.code : typeof err.error === 'string' ? err.error : `HTTP_${res.status}`;
    const message = typeof err.message === 'string' ? err.message : res.statusText;
    throw new ApiError(code, message, res.status);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

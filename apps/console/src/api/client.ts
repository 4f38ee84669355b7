import { createHebingClient } from '@hebing/api-client';
import { TRPCClientError } from '@trpc/client';

/**
 * The typed client over every service behind the gateway (one batch per service). Same origin:
 * the session cookie rides along and the gateway's Origin check passes.
 */
export const api = createHebingClient({ url: '/trpc' });

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
    const code =
      typeof data.appCode === 'string'
        ? data.appCode
        : typeof data.code === 'string'
          ? data.code
          : 'INTERNAL';
    const status = typeof data.httpStatus === 'number' ? data.httpStatus : 500;
    return new ApiError(code, e.message, status, data.details);
  }
  return new ApiError('UNAVAILABLE', e instanceof Error ? e.message : String(e), 0);
}

const unauthorizedListeners = new Set<() => void>();

/**
 * A session that ended (idle timeout, disabled user, sign-out elsewhere) shows up as a 401 on
 * whatever call runs next; the auth provider listens here and sends the user to the login page.
 */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Awaits a call and turns any failure into an ApiError the pages know how to show. */
export async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    const error = toApiError(e);
    if (error.status === 401) for (const listener of unauthorizedListeners) listener();
    throw error;
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
    const code =
      typeof err.code === 'string'
        ? err.code
        : typeof err.error === 'string'
          ? err.error
          : `HTTP_${res.status}`;
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

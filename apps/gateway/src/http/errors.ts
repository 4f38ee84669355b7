import type { ServerResponse } from 'node:http';
import type { Response } from 'express';
import { isAppError, type ErrorCode } from '@hebing/contracts';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { APP_TO_TRPC } from '@hebing/service-kit';

// One vocabulary everywhere: the gateway's own refusals use service-kit's domain → tRPC mapping.
const TRPC_CODE = APP_TO_TRPC;

const HTTP_STATUS: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
  INTERNAL_SERVER_ERROR: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[TRPC_CODE[code]] ?? 500;
}

/** An error raised by the gateway itself, before or instead of reaching a procedure. */
export interface GatewayFailure {
  code: ErrorCode;
  trpcCode?: TRPC_ERROR_CODE_KEY; // when no domain code fits (BAD_GATEWAY, GATEWAY_TIMEOUT)
  message: string;
  details?: unknown;
}

export function toFailure(e: unknown): GatewayFailure {
  if (isAppError(e)) return { code: e.code, message: e.message, details: e.details };
  return { code: 'INTERNAL', message: 'internal error' };
}

/** JSON errors for the plain `/auth/*` routes: `{ code, message, details? }`. */
export function sendJsonError(res: Response, f: GatewayFailure): void {
  res
    .status(httpStatusOf(f.code))
    .json({ code: f.code, message: f.message, ...(f.details === undefined ? {} : { details: f.details }) });
}

/**
 * An error in tRPC's own response shape (one element per path for a batch), so the tRPC client
 * raises a TRPCClientError with `data.code`, `data.httpStatus` and `data.appCode` as it would for
 * an error thrown inside a procedure. Plain node response: the fast path (outside express) uses it too.
 */
export function sendTrpcError(
  res: ServerResponse,
  f: GatewayFailure,
  paths: string[],
  isBatch: boolean,
): void {
  const key = f.trpcCode ?? TRPC_CODE[f.code];
  const httpStatus = HTTP_STATUS[key] ?? 500;
  const one = (path: string | undefined) => ({
    error: {
      message: f.message,
      code: TRPC_ERROR_CODES_BY_KEY[key],
      data: {
        code: key,
        httpStatus,
        ...(path ? { path } : {}),
        appCode: f.code,
        ...(f.details === undefined ? {} : { details: f.details }),
      },
    },
  });
  const body = isBatch ? (paths.length ? paths : ['']).map((p) => one(p || undefined)) : one(paths[0]);
  const json = JSON.stringify(body);
  res.statusCode = httpStatus;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}

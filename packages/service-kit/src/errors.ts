import {
  TRPCError,
  type TRPCDefaultErrorShape as DefaultErrorShape,
  type TRPCErrorShape,
} from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError, isAppError, type ErrorCode } from '@hebing/contracts';

/**
 * Domain code → transport code. INVALID_TRANSITION, PRECONDITION_FAILED and QUOTA_EXCEEDED all
 * become PRECONDITION_FAILED (412): the request was well-formed but a business rule refuses it
 * now; clients tell them apart by `data.appCode`.
 */
export const APP_TO_TRPC: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  OUT_OF_JURISDICTION: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'PRECONDITION_FAILED',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  QUOTA_EXCEEDED: 'PRECONDITION_FAILED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** For errors that did not start as AppError (input parsing, batch limit, unknown procedure). */
const TRPC_TO_APP: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: 'BAD_INPUT',
  PARSE_ERROR: 'BAD_INPUT',
  PAYLOAD_TOO_LARGE: 'BAD_INPUT',
  UNPROCESSABLE_CONTENT: 'BAD_INPUT',
  METHOD_NOT_SUPPORTED: 'BAD_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

function fromAppError(e: AppError): TRPCError {
  return new TRPCError({ code: APP_TO_TRPC[e.code], message: e.message, cause: e });
}

/** Storage-level failures that are really domain outcomes (a duplicate, a stale version). */
function fromStorageError(e: unknown): AppError | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, name } = e as { code?: unknown; name?: unknown };
  if (code === 11000) return new AppError('CONFLICT', 'a record with the same key already exists');
  if (name === 'VersionError')
    return new AppError('CONFLICT', 'the record was changed by someone else; reload and retry');
  return null;
}

/** Maps anything thrown in a procedure to a TRPCError; unknown errors become opaque INTERNAL ones. */
export function toTRPCError(e: unknown): TRPCError {
  const cause = e instanceof TRPCError && e.cause !== undefined ? e.cause : e;
  if (isAppError(cause)) return fromAppError(cause);
  const storage = fromStorageError(cause);
  if (storage) return fromAppError(storage);
  if (e instanceof TRPCError) return e;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: e });
}

export interface FieldIssue {
  path: string;
  message: string;
}

function issuesOf(cause: unknown): FieldIssue[] | null {
  if (typeof cause !== 'object' || cause === null) return null;
  const issues = (cause as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return null;
  return issues.map((i: { path?: readonly PropertyKey[]; message?: string }) => ({
    path: (i.path ?? [])
      .map((p) =>
        typeof p === 'object' && p !== null && 'key' in p ? String((p as { key: unknown }).key) : String(p),
      )
      .join('.'),
    message: String(i.message ?? 'invalid'),
  }));
}

export interface ErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path?: string;
  appCode: ErrorCode;
  details?: unknown;
}

interface FormatterInput {
  shape: DefaultErrorShape;
  error: TRPCError;
}

/** tRPC error formatter: `data` carries `appCode` and `details`, never a stack or an internal message. */
export function errorFormatter({ shape, error }: FormatterInput): TRPCErrorShape<ErrorData> {
  const cause = error.cause;
  const issues = error.code === 'BAD_REQUEST' ? issuesOf(cause) : null;
  const appCode: ErrorCode = isAppError(cause) ? cause.code : (TRPC_TO_APP[error.code] ?? 'INTERNAL');
  const details = isAppError(cause) ? cause.details : issues ? { issues } : undefined;
  const message =
    error.code === 'INTERNAL_SERVER_ERROR' && !isAppError(cause)
      ? 'internal error'
      : issues
        ? `invalid input: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}`
        : shape.message;
  const data: ErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus, appCode };
  if (shape.data.path !== undefined) data.path = shape.data.path;
  if (details !== undefined) data.details = details;
  return { message, code: shape.code, data };
}

import { z } from 'zod';

/** Domain error codes. Only the transport (service-kit) maps them to tRPC/HTTP codes. */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN', // missing permission
  'OUT_OF_JURISDICTION',
  'NOT_FOUND',
  'CONFLICT', // duplicate, stale version
  'INVALID_TRANSITION', // state machine step not allowed from the current state
  'PRECONDITION_FAILED', // a rule refuses it (quorum, readiness, lock)
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'ACCOUNT_LOCKED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const ZErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ZErrorCode>;

/** Thrown by domain logic; carries a code and machine-readable details (e.g. per-row errors). */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === 'AppError' && 'code' in e;
}

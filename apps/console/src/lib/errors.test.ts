import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../api/client';
import { errorText, rowErrorsOf } from './errors';
import type { TFunction } from 'i18next';

describe('errors', () => {
  it("keeps the service's domain code and details from a tRPC error", () => {
    const e = TRPCClientError.from({
      error: {
        message: 'quorum not met: 5 of 10 present',
        code: -32012,
        data: {
          code: 'PRECONDITION_FAILED',
          httpStatus: 412,
          appCode: 'PRECONDITION_FAILED',
          details: { rule: 'quorum' },
        },
      },
    });
    const api = toApiError(e);
    expect(api).toBeInstanceOf(ApiError);
    expect(api.code).toBe('PRECONDITION_FAILED');
    expect(api.status).toBe(412);
    expect(api.details).toEqual({ rule: 'quorum' });
  });

  it('shows the translated headline and the server reason together', () => {
    const t = ((k: string) =>
      k === 'errors.PRECONDITION_FAILED' ? '不满足办理条件' : k) as unknown as TFunction;
    expect(errorText(new ApiError('PRECONDITION_FAILED', 'quorum not met', 412), t)).toBe(
      '不满足办理条件：quorum not met',
    );
  });

  it('reads per-row import errors from either a list or { errors }', () => {
    const rows = [{ line: 3, column: 'code', reason: 'not 12 digits' }];
    expect(rowErrorsOf(rows)).toEqual(rows);
    expect(rowErrorsOf({ errors: rows })).toEqual(rows);
    expect(rowErrorsOf({ rule: 'x' })).toEqual([]);
  });
});

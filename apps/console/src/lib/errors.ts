import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

type T = TFunction;

/** One line for the user: a translated headline for the domain code, then the server's reason. */
export function errorText(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    const headline = t(`errors.${e.code}`, { defaultValue: t('errors.generic') });
    return e.message && e.message !== headline ? `${headline}：${e.message}` : headline;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Per-row problems a service puts in `details` (import validation). */
export interface RowError {
  line: number;
  column: string;
  reason: string;
}

export function rowErrorsOf(details: unknown): RowError[] {
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { errors?: unknown }).errors)
      ? (details as { errors: unknown[] }).errors
      : [];
  return list.flatMap((r) => {
    if (!r || typeof r !== 'object') return [];
    const row = r as {
      line?: unknown;
      row?: unknown;
      column?: unknown;
      field?: unknown;
      reason?: unknown;
      message?: unknown;
    };
    const line = typeof row.line === 'number' ? row.line : typeof row.row === 'number' ? row.row : 0;
    const column =
      typeof row.column === 'string' ? row.column : typeof row.field === 'string' ? row.field : '';
    const reason =
      typeof row.reason === 'string' ? row.reason : typeof row.message === 'string' ? row.message : '';
    return [{ line, column, reason }];
  });
}

import type { CreateUserInput, UpdateUserInput, UserDto } from '@hebing/contracts';
import { mutate, query } from './client';
import type { AuditFilter, AuditRow, AuditVerifyResult, Page } from './types';

export const users = {
  list: (input: { q?: string | undefined; page: number; pageSize: number }) =>
    query<Page<UserDto>>('gateway.users.list', { ...input, includeDisabled: true }),
  create: (input: CreateUserInput) => mutate<UserDto>('gateway.users.create', input),
  update: (input: UpdateUserInput) => mutate<UserDto>('gateway.users.update', input),
  disable: (id: string, reason: string) => mutate<UserDto>('gateway.users.disable', { id, reason }),
  enable: (id: string) => mutate<UserDto>('gateway.users.enable', { id }),
  resetPassword: (id: string, password: string) => mutate<unknown>('gateway.users.resetPassword', { id, password }),
};

export const account = {
  changePassword: (currentPassword: string, newPassword: string) =>
    mutate<{ ok: true }>('gateway.account.changePassword', { currentPassword, newPassword }),
};

/** Each service keeps its own hash-chained log; the viewer picks which one to read. */
export const AUDIT_SOURCES = ['gateway', 'divisions'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

export const audit = {
  list: (source: AuditSource, filter: AuditFilter, page: number, pageSize: number) =>
    query<Page<AuditRow>>(`${source}.audit.list`, { ...stripEmpty(filter), page, pageSize }),
  verify: (source: AuditSource) => query<AuditVerifyResult>(`${source}.audit.verify`),
};

function stripEmpty(filter: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as AuditFilter;
}

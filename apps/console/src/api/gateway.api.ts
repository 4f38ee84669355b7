import type { AuditListInput, CreateUserInput, UpdateUserInput } from '@hebing/contracts';
import { api, call } from './client';
import type { AuditFilter } from './types';

const g = api.gateway;

export const users = {
  list: (input: { q?: string | undefined; page: number; pageSize: number }) =>
    call(g.users.list.query({ ...input, includeDisabled: true })),
  create: (input: CreateUserInput) => call(g.users.create.mutate(input)),
  update: (input: UpdateUserInput) => call(g.users.update.mutate(input)),
  disable: (id: string, reason: string) => call(g.users.disable.mutate({ id, reason })),
  enable: (id: string) => call(g.users.enable.mutate({ id })),
  resetPassword: (id: string, password: string) => call(g.users.resetPassword.mutate({ id, password })),
};

export const account = {
  changePassword: (currentPassword: string, newPassword: string) =>
    call(g.account.changePassword.mutate({ currentPassword, newPassword })),
};

/** Each service keeps its own hash-chained log; the viewer picks which one to read. */
export const AUDIT_SOURCES = ['gateway', 'divisions'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

function listInput(filter: AuditFilter, page: number, pageSize: number): AuditListInput {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
  return { ...clean, page, pageSize };
}

export const audit = {
  list: (source: AuditSource, filter: AuditFilter, page: number, pageSize: number) =>
    call(
      source === 'gateway'
        ? g.audit.list.query(listInput(filter, page, pageSize))
        : api.divisions.audit.list.query(listInput(filter, page, pageSize)),
    ),
  verify: (source: AuditSource) =>
    call(source === 'gateway' ? g.audit.verify.query() : api.divisions.audit.verify.query()),
};

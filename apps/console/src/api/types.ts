import type { Jurisdiction, Role } from '@hebing/contracts';

/**
 * View models the pages render. They mirror the service outputs; keeping them here means a
 * contract change touches `src/api/` only, never the pages.
 */
export interface Session {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: Jurisdiction;
  mustChangePassword: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageInput {
  page: number; // 1-based
  pageSize: number;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: Jurisdiction;
  disabled: boolean;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: { userId: string; username: string } | null;
  action: string;
  entity: { type: string; id: string };
  reason?: string | undefined;
  before?: unknown;
  after?: unknown;
}

export interface AuditFilter {
  actor?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditVerifyResult = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

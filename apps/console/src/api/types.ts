import type {
  AuditRecord,
  AuditVerifyResult as ContractVerifyResult,
  Jurisdiction,
  Role,
} from '@hebing/contracts';

/** The signed-in user as the console uses it (from `/auth/me`). */
export interface Session {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: Jurisdiction;
  mustChangePassword: boolean;
}

/** An audit record as it travels: times are ISO strings on the wire. */
export type AuditRow = Omit<AuditRecord, 'at'> & { at: string };

export interface AuditFilter {
  actor?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditVerifyResult = ContractVerifyResult;

import type { Connection, ClientSession } from 'mongoose';
import type { Actor } from '@hebing/contracts';
import { withTransaction, writeAudit } from '@hebing/db';

export interface AuditEntry {
  actor: Actor;
  action: string; // `<noun>.<verb>`: auth.login.failed, user.disabled, access.denied …
  entity: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  reason?: string;
  requestId: string;
}

/** Someone who has not proved who they are (failed logins, CSRF refusals). */
export function anonymousActor(claimedUsername?: string): Actor {
  return { userId: 'anonymous', username: claimedUsername ?? '-' };
}

/** An audit record in its own transaction, for events that change nothing else (refusals, logins). */
export async function recordAudit(conn: Connection, entry: AuditEntry): Promise<void> {
  await withTransaction(conn, (session: ClientSession) => writeAudit(conn, session, entry));
}

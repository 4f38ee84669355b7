import type { Connection } from 'mongoose';
import type { Actor, AuditRecord } from '@hebing/contracts';
import { canonicalJson, sha256Hex, type Plain } from './canonical';

export const AUDIT_LOG = 'audit_log';
export const AUDIT_HEAD = 'audit_head';
export const AUDIT_HEAD_ID = 'audit';
/** prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored form: `_id` is the sequence number, so gaps and duplicates are visible. */
export interface StoredAuditRecord {
  _id: number;
  seq: number;
  at: Date;
  actor: Actor;
  action: string;
  entity: { type: string; id: string };
  before?: Plain;
  after?: Plain;
  reason?: string;
  requestId: string;
  prevHash: string;
  hash: string;
}

export interface AuditHead {
  _id: string;
  seq: number;
  hash?: string;
}

export function logCollection(conn: Connection) {
  const db = conn.db;
  if (!db) throw new Error('mongo connection is not open (audit_log)');
  return db.collection<StoredAuditRecord>(AUDIT_LOG);
}

export function headCollection(conn: Connection) {
  const db = conn.db;
  if (!db) throw new Error('mongo connection is not open (audit_head)');
  return db.collection<AuditHead>(AUDIT_HEAD);
}

/** The hashed content of a record: everything except `_id` (= seq) and the hash itself. */
export function recordHash(r: Omit<StoredAuditRecord, '_id' | 'hash'>): string {
  const content: Record<string, unknown> = {
    seq: r.seq,
    at: r.at,
    actor: { userId: r.actor.userId, username: r.actor.username },
    action: r.action,
    entity: { type: r.entity.type, id: r.entity.id },
    requestId: r.requestId,
    prevHash: r.prevHash,
  };
  if ('before' in r && r.before !== undefined) content.before = r.before;
  if ('after' in r && r.after !== undefined) content.after = r.after;
  if ('reason' in r && r.reason !== undefined) content.reason = r.reason;
  return sha256Hex(canonicalJson(content));
}

export function toAuditRecord(d: StoredAuditRecord): AuditRecord {
  const { _id: _ignored, ...rest } = d;
  return rest;
}

const ensured = new WeakMap<Connection, Promise<void>>();

/** Indexes for the audit queries; created once per connection, outside any transaction. */
export function ensureAuditIndexes(conn: Connection): Promise<void> {
  let p = ensured.get(conn);
  if (!p) {
    p = (async () => {
      await logCollection(conn).createIndexes([
        { key: { at: -1 }, name: 'at' },
        { key: { 'entity.type': 1, 'entity.id': 1, _id: -1 }, name: 'entity' },
        { key: { 'actor.userId': 1, _id: -1 }, name: 'actor_id' },
        { key: { 'actor.username': 1, _id: -1 }, name: 'actor_name' },
      ]);
    })();
    p.catch(() => ensured.delete(conn));
    ensured.set(conn, p);
  }
  return p;
}

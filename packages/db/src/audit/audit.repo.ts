import type { Connection, mongo } from 'mongoose';
import type { AuditFilter, AuditRecord, PageInput } from '@hebing/contracts';
import { ensureAuditIndexes, logCollection, toAuditRecord, type StoredAuditRecord } from './audit-store';

type Filter<T> = mongo.Filter<T>;

export interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

function toQuery(f: AuditFilter): Filter<StoredAuditRecord> {
  const q: Filter<StoredAuditRecord> = {};
  if (f.actor) q.$or = [{ 'actor.userId': f.actor }, { 'actor.username': f.actor }];
  if (f.action) q.action = f.action;
  if (f.entityType) q['entity.type'] = f.entityType;
  if (f.entityId) q['entity.id'] = f.entityId;
  if (f.from || f.to) {
    q.at = {};
    if (f.from) q.at.$gte = f.from;
    if (f.to) q.at.$lte = f.to;
  }
  return q;
}

/** Newest first, filtered, paged (page is 1-based, pageSize at most 200). */
export async function listAudit(
  conn: Connection,
  filter: AuditFilter = {},
  page: Partial<PageInput> = {},
): Promise<AuditPage> {
  await ensureAuditIndexes(conn);
  const pageNo = Math.max(1, Math.floor(page.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(page.pageSize ?? 50)));
  const q = toQuery(filter);
  const col = logCollection(conn);
  const [docs, total] = await Promise.all([
    col
      .find(q)
      .sort({ _id: -1 })
      .skip((pageNo - 1) * pageSize)
      .limit(pageSize)
      .toArray(),
    col.countDocuments(q),
  ]);
  return { items: docs.map(toAuditRecord), total, page: pageNo, pageSize };
}

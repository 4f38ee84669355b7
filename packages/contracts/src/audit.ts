import { z } from 'zod';
import { ZActor } from './auth';

/** One append-only, hash-chained audit record (what `audit.list` returns per row). */
export const ZAuditRecord = z.object({
  seq: z.number().int().positive(),
  at: z.date(),
  actor: ZActor,
  action: z.string(), // `<noun>.<verb>`, e.g. `unit.renamed`, `auth.login.failed`
  entity: z.object({ type: z.string(), id: z.string() }),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  reason: z.string().optional(),
  requestId: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof ZAuditRecord>;

export const ZAuditFilter = z.object({
  actor: z.string().min(1).optional(), // user id or username
  action: z.string().min(1).optional(),
  entityType: z.string().min(1).optional(),
  entityId: z.string().min(1).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type AuditFilter = z.infer<typeof ZAuditFilter>;

export const ZPageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type PageInput = z.infer<typeof ZPageInput>;

export const ZAuditListInput = ZAuditFilter.extend(ZPageInput.shape);
export type AuditListInput = z.input<typeof ZAuditListInput>;

export const ZAuditVerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({ ok: z.literal(false), brokenAt: z.number().int(), reason: z.string() }),
]);
export type AuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;

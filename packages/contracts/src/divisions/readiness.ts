import { z } from 'zod';
import { ZReadinessReport } from '../events';

export const READINESS_ITEMS = ZReadinessReport.shape.item.options;
export const ZReadinessItem = ZReadinessReport.shape.item;
export type ReadinessItem = z.infer<typeof ZReadinessItem>;

export const ZReadinessView = z.object({
  planId: z.string(),
  county: z.string(),
  items: z.array(
    z.object({
      item: ZReadinessItem,
      required: z.boolean(),
      status: z.enum(['open', 'done', 'unreported']),
      detail: z.string().nullable(),
      updatedAt: z.string().nullable(),
    }),
  ),
  blocking: z.array(ZReadinessItem), // required and not done: `effective` is refused
});
export type ReadinessView = z.infer<typeof ZReadinessView>;

export const ZReadinessPolicyInput = z.object({ county: z.string().regex(/^\d{6}$/) });
export const ZReadinessPolicy = z.object({ county: z.string(), required: z.array(ZReadinessItem) });
export const ZReadinessPolicySetInput = ZReadinessPolicy.extend({
  reason: z.string().trim().min(2).max(2000),
});

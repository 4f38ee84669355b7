import { z } from 'zod';

/** An event or job is declared once: a name `<service>.<noun>.<past-verb>` and a zod payload. */
export interface MessageDef<N extends string, S extends z.ZodType> {
  readonly name: N;
  readonly schema: S;
}
export function defineMessage<N extends string, S extends z.ZodType>(name: N, schema: S): MessageDef<N, S> {
  return { name, schema };
}
export type PayloadOf<M> = M extends MessageDef<string, infer S> ? z.infer<S> : never;

const ZMergerEventPayload = z.object({
  planId: z.string(),
  level: z.enum(['township', 'village', 'group']),
  sourceCodes: z.array(z.string()).min(1),
  targetCode: z.string(),
  targetName: z.string(),
  effectiveDate: z.string(), // YYYY-MM-DD
});

export const DivisionsEvents = {
  mergerApproved: defineMessage('divisions.merger.approved', ZMergerEventPayload),
  mergerEffective: defineMessage('divisions.merger.effective', ZMergerEventPayload),
} as const;

/** Readiness items other services report for a merger plan (fed into svc-divisions' read model). */
export const ZReadinessReport = z.object({
  planId: z.string(),
  item: z.enum(['placement', 'assets', 'continuity', 'petitions']),
  status: z.enum(['open', 'done']),
  detail: z.string().optional(),
});
export const ReadinessEvents = {
  reported: defineMessage('divisions.readiness.reported', ZReadinessReport),
} as const;

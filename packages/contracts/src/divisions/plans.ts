import { z } from 'zod';
import { ZPageInput } from '../audit';
import { ZDay, ZMergeLevel, ZReason, ZUnitCode, zPaged } from './common';

/** draft → consultation → vote → approved → effective; withdrawn from any step before effective. */
export const PLAN_STATUSES = ['draft', 'consultation', 'vote', 'approved', 'effective', 'withdrawn'] as const;
export const ZPlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof ZPlanStatus>;

/** The target keeps one source's code, or gets a new one (both happen). */
export const ZPlanTarget = z.object({
  codeMode: z.enum(['keep', 'new']),
  code: ZUnitCode,
  name: z.string().trim().min(1).max(100),
  // 新名称须取原名之一 (seed 002); another name needs a recorded reason.
  nameOverrideReason: z.string().trim().min(2).max(2000).nullable().default(null),
  seatAddress: z.string().trim().max(300).nullable().default(null),
});
export type PlanTarget = z.infer<typeof ZPlanTarget>;

export const ZConsultationKind = z.enum(['meeting', 'visit', 'notice']); // 座谈会 入户走访 公示
export const ZConsultation = z.object({
  kind: ZConsultationKind,
  date: ZDay,
  note: z.string().trim().min(1).max(2000),
  actor: z.string(),
  at: z.string(),
});

export const ZVoteInput = z.object({
  body: z.string().trim().min(1).max(100), // 户主代表大会 / 村民会议
  date: ZDay,
  members: z.number().int().min(1),
  present: z.number().int().min(0),
  for: z.number().int().min(0),
  against: z.number().int().min(0),
});
export type VoteInput = z.infer<typeof ZVoteInput>;
export const ZVote = ZVoteInput.extend({ passed: z.boolean(), actor: z.string(), at: z.string() });

export const ZTransition = z.object({
  from: ZPlanStatus.nullable(),
  to: ZPlanStatus,
  actor: z.string(),
  at: z.string(),
  reason: z.string(),
});

export const ZPlan = z.object({
  id: z.string(),
  title: z.string(),
  level: ZMergeLevel,
  parentCode: z.string(), // the unit the sources belong to (scope of the plan)
  sourceCodes: z.array(ZUnitCode),
  sourceNames: z.array(z.string()),
  target: ZPlanTarget,
  effectiveDate: ZDay,
  status: ZPlanStatus,
  consultations: z.array(ZConsultation),
  votes: z.array(ZVote),
  transitions: z.array(ZTransition),
  targetUnitId: z.string().nullable(),
  version: z.number().int(),
});
export type PlanDto = z.infer<typeof ZPlan>;

export const ZPlanCreateInput = z.object({
  title: z.string().trim().min(1).max(200),
  level: ZMergeLevel,
  sourceCodes: z.array(ZUnitCode).min(2).max(50),
  target: ZPlanTarget,
  effectiveDate: ZDay,
  reason: ZReason,
});
export type PlanCreateInput = z.infer<typeof ZPlanCreateInput>;

export const ZPlanListInput = ZPageInput.extend({
  q: z.string().trim().max(100).optional(),
  level: ZMergeLevel.optional(),
  status: ZPlanStatus.optional(),
  parentCode: ZUnitCode.optional(),
});
export const ZPlanListOutput = zPaged(ZPlan);

export const ZPlanIdInput = z.object({ id: z.string().min(1) });
const ZStep = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().optional(),
  reason: ZReason,
});
export const ZPlanAdvanceInput = ZStep.extend({ to: z.enum(['consultation', 'vote']) });
export const ZPlanStepInput = ZStep;
export const ZPlanConsultationInput = ZStep.extend({
  kind: ZConsultationKind,
  date: ZDay,
  note: z.string().trim().min(1).max(2000),
});
export const ZPlanVoteInput = ZStep.extend({ vote: ZVoteInput });

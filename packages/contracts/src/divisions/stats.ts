import { z } from 'zod';
import { ZDay, ZScopePrefix, ZUnitKind, ZUnitLevel } from './common';
import { ZPlanStatus } from './plans';

export const ZStatsInput = z.object({
  scope: ZScopePrefix, // 6 digits: a county; 2: a province; 9: a township
  asOf: ZDay.optional(), // default: today
  baseline: ZDay.optional(), // default: the day before the scope's first effective merger
});
export type StatsInput = z.infer<typeof ZStatsInput>;

export const ZStatsRow = z.object({
  level: ZUnitLevel,
  kind: ZUnitKind.nullable(), // null: every kind of the level
  before: z.number().int(),
  after: z.number().int(),
  planned: z.number().int(), // after, if every open plan took effect
  reduction: z.number().int(),
  ratio: z.number(), // (before − after) / before, 0 when before is 0
  avgPopulationBefore: z.number(),
  avgPopulationAfter: z.number(),
  avgAreaBefore: z.number(),
  avgAreaAfter: z.number(),
  doubled: z.boolean(), // 双倍增: both averages at least doubled
});
export type StatsRow = z.infer<typeof ZStatsRow>;

export const ZStatsBreakdown = z.object({ code: z.string(), name: z.string(), rows: z.array(ZStatsRow) });

export const ZStatsOutput = z.object({
  scope: z.string(),
  asOf: ZDay,
  baseline: ZDay,
  rows: z.array(ZStatsRow),
  breakdown: z.array(ZStatsBreakdown), // per township (county scope), per county (wider scopes)
  plans: z.record(ZPlanStatus, z.number().int()),
});
export type StatsOutput = z.infer<typeof ZStatsOutput>;

/** A computed statistic stored with its as-of date (DOMAIN.md §0: every figure carries its date). */
export const ZStatsSnapshotInput = ZStatsInput.extend({ reason: z.string().trim().min(2).max(2000) });
export const ZStatsSnapshot = z.object({
  id: z.string(),
  takenAt: z.string(),
  takenBy: z.string(),
  reason: z.string(),
  stats: ZStatsOutput,
});
export type StatsSnapshotDto = z.infer<typeof ZStatsSnapshot>;
export const ZStatsSnapshotListInput = z.object({
  scope: ZScopePrefix.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export const ZStatsSnapshotListOutput = z.object({
  items: z.array(ZStatsSnapshot),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

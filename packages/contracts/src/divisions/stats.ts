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

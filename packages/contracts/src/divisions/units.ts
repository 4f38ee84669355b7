import { z } from 'zod';
import { ZPageInput } from '../audit';
import { ZDay, ZReason, ZUnitCode, ZUnitKind, ZUnitLevel, ZUnitStatus, zPaged } from './common';

/** Facts hold at a date (统计日期); a unit keeps every dated version. */
export const ZUnitFacts = z.object({
  asOf: ZDay,
  population: z.number().int().min(0),
  households: z.number().int().min(0),
  areaKm2: z.number().min(0),
});
export type UnitFacts = z.infer<typeof ZUnitFacts>;

export const UNIT_TAGS = ['border', 'historic', 'central', 'three-border', 'pasture'] as const; // 沿边 历史文化 中心 三边 牧区
export const ZUnitTag = z.string().min(1).max(40);

export const ZUnit = z.object({
  id: z.string(),
  code: ZUnitCode,
  name: z.string(),
  level: ZUnitLevel,
  kind: ZUnitKind,
  parentCode: z.string().nullable(),
  status: ZUnitStatus,
  validFrom: ZDay,
  validTo: ZDay.nullable(), // exclusive: the day the successor starts
  predecessorIds: z.array(z.string()),
  successorIds: z.array(z.string()),
  seatAddress: z.string().nullable(),
  tags: z.array(z.string()),
  facts: z.array(ZUnitFacts),
  version: z.number().int(),
});
export type UnitDto = z.infer<typeof ZUnit>;

export const ZUnitListInput = ZPageInput.extend({
  q: z.string().trim().max(100).optional(),
  level: ZUnitLevel.optional(),
  kind: ZUnitKind.optional(),
  status: ZUnitStatus.optional(),
  parentCode: ZUnitCode.optional(),
  asOf: ZDay.optional(),
});
export type UnitListInput = z.infer<typeof ZUnitListInput>;
export const ZUnitListOutput = zPaged(ZUnit);

export const ZUnitGetInput = z.object({ code: ZUnitCode, asOf: ZDay.optional() });
export const ZUnitGetOutput = z.object({
  unit: ZUnit,
  childCount: z.number().int(),
  predecessors: z.array(ZUnit),
  successors: z.array(ZUnit),
});

export const ZUnitChildrenInput = z.object({ parentCode: ZUnitCode.nullable(), asOf: ZDay.optional() });
export const ZUnitChildrenOutput = z.array(ZUnit.extend({ childCount: z.number().int() }));

export const ZUnitCreateInput = z.object({
  code: ZUnitCode,
  name: z.string().trim().min(1).max(100),
  validFrom: ZDay,
  seatAddress: z.string().max(300).optional(),
  tags: z.array(ZUnitTag).max(20).default([]),
  facts: ZUnitFacts.optional(),
  reason: ZReason,
});
export type UnitCreateInput = z.infer<typeof ZUnitCreateInput>;

export const ZUnitUpdateInput = z.object({
  code: ZUnitCode,
  expectedVersion: z.number().int(),
  seatAddress: z.string().max(300).nullable().optional(),
  tags: z.array(ZUnitTag).max(20).optional(),
  facts: ZUnitFacts.optional(), // adds (or replaces) the facts dated facts.asOf
  reason: ZReason,
});
export type UnitUpdateInput = z.infer<typeof ZUnitUpdateInput>;

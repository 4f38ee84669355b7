import type { z } from 'zod';
import type {
  ZUnitGetOutput,
  HistoryLookupOutput,
  ImportJobDto,
  PlanDto,
  PlanStatus,
  StatsOutput,
  StatsRow,
  UnitDto,
} from '@hebing/contracts';

/** Divisions view models: the contract's own output types, so pages and service cannot drift. */
export type Unit = UnitDto;
export type Plan = PlanDto;
export type PlanStep = PlanStatus;
export type Stats = StatsOutput;
export type LevelStats = StatsRow;
export type ImportJob = ImportJobDto;
export type HistoryLookup = HistoryLookupOutput;
export type UnitLevel = UnitDto['level'];
export type MergeLevel = PlanDto['level'];

/** The main line of the state machine (withdrawn is a side exit, shown as a status only). */
export const PLAN_STEPS: readonly PlanStep[] = ['draft', 'consultation', 'vote', 'approved', 'effective'];

export interface UnitListInput {
  q?: string | undefined;
  level?: UnitLevel | undefined;
  status?: 'active' | 'abolished' | undefined;
  parentCode?: string | undefined;
  page: number;
  pageSize: number;
}

/** `divisions.units.get`: the unit with its predecessors and successors. */
export type UnitDetail = z.infer<typeof ZUnitGetOutput>;

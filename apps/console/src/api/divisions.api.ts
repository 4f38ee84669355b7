import type { FilePayload, ImportStartInput, PlanCreateInput, VoteInput } from '@hebing/contracts';
import { mutate, query } from './client';
import type { HistoryLookup, ImportJob, Plan, PlanStep, Stats, Unit, UnitDetail, UnitListInput } from './divisions.types';
import type { Page } from './types';

export type { FilePayload, PlanCreateInput };

export const units = {
  list: (input: UnitListInput) => query<Page<Unit>>('divisions.units.list', input),
  get: (code: string) => query<UnitDetail>('divisions.units.get', { code }),
  children: (parentCode: string | null) => query<(Unit & { childCount: number })[]>('divisions.units.children', { parentCode }),
};

export const history = {
  lookup: (code: string, date: string) => query<HistoryLookup>('divisions.history.lookup', { code, date }),
};

export const imports = {
  start: (input: ImportStartInput) => mutate<ImportJob>('divisions.imports.start', input),
  get: (id: string) => query<ImportJob>('divisions.imports.get', { id }),
  export: (county: string, format: 'csv' | 'xlsx') => query<FilePayload>('divisions.imports.export', { county, format }),
};

export interface PlanListInput {
  status?: PlanStep | undefined;
  level?: Plan['level'] | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

type Step = { id: string; reason: string; expectedVersion?: number };

export const plans = {
  list: (input: PlanListInput) => query<Page<Plan>>('divisions.plans.list', input),
  get: (id: string) => query<Plan>('divisions.plans.get', { id }),
  create: (input: PlanCreateInput) => mutate<Plan>('divisions.plans.create', input),
  advance: (s: Step & { to: 'consultation' | 'vote' }) => mutate<Plan>('divisions.plans.advance', s),
  addConsultation: (s: Step & { kind: 'meeting' | 'visit' | 'notice'; date: string; note: string }) =>
    mutate<Plan>('divisions.plans.addConsultation', s),
  vote: (s: Step & { vote: VoteInput }) => mutate<Plan>('divisions.plans.vote', s),
  approve: (s: Step) => mutate<Plan>('divisions.plans.approve', s),
  makeEffective: (s: Step) => mutate<Plan>('divisions.plans.makeEffective', s),
  withdraw: (s: Step) => mutate<Plan>('divisions.plans.withdraw', s),
};

export const stats = {
  summary: (scope: string, asOf?: string) => query<Stats>('divisions.stats.summary', asOf ? { scope, asOf } : { scope }),
  export: (scope: string, asOf?: string) => query<FilePayload>('divisions.stats.export', asOf ? { scope, asOf } : { scope }),
};

import type {
  FilePayload,
  ImportStartInput,
  PlanCreateInput,
  ReadinessItem,
  VoteInput,
} from '@hebing/contracts';
import { api, call } from './client';
import type { MergeLevel, PlanStep, UnitListInput } from './divisions.types';

export type { FilePayload, PlanCreateInput };

const d = api.divisions;

export const units = {
  list: (input: UnitListInput) => call(d.units.list.query(input)),
  get: (code: string) => call(d.units.get.query({ code })),
  children: (parentCode: string | null) => call(d.units.children.query({ parentCode })),
};

export const history = {
  lookup: (code: string, date: string) => call(d.history.lookup.query({ code, date })),
};

export const imports = {
  start: (input: ImportStartInput) => call(d.imports.start.mutate(input)),
  get: (id: string) => call(d.imports.get.query({ id })),
  export: (county: string, format: 'csv' | 'xlsx') => call(d.imports.export.mutate({ county, format })),
};

export interface PlanListInput {
  status?: PlanStep | undefined;
  level?: MergeLevel | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

type Step = { id: string; reason: string; expectedVersion?: number };

export const plans = {
  list: (input: PlanListInput) => call(d.plans.list.query(input)),
  get: (id: string) => call(d.plans.get.query({ id })),
  create: (input: PlanCreateInput) => call(d.plans.create.mutate(input)),
  advance: (s: Step & { to: 'consultation' | 'vote' }) => call(d.plans.advance.mutate(s)),
  addConsultation: (s: Step & { kind: 'meeting' | 'visit' | 'notice'; date: string; note: string }) =>
    call(d.plans.addConsultation.mutate(s)),
  vote: (s: Step & { vote: VoteInput }) => call(d.plans.recordVote.mutate(s)),
  approve: (s: Step) => call(d.plans.approve.mutate(s)),
  makeEffective: (s: Step) => call(d.plans.makeEffective.mutate(s)),
  withdraw: (s: Step) => call(d.plans.withdraw.mutate(s)),
  readiness: (id: string) => call(d.readiness.get.query({ id })),
};

export const readinessPolicy = {
  get: (county: string) => call(d.readiness.policy.query({ county })),
  set: (input: { county: string; required: ReadinessItem[]; reason: string }) =>
    call(d.readiness.setPolicy.mutate(input)),
};

export const stats = {
  summary: (scope: string, asOf?: string) => call(d.stats.get.query(asOf ? { scope, asOf } : { scope })),
  export: (scope: string, asOf?: string) => call(d.stats.export.mutate(asOf ? { scope, asOf } : { scope })),
};

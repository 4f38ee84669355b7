import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { publish } from '@hebing/bus';
import { withTransaction, writeAudit } from '@hebing/db';
import {
  AppError,
  DivisionsEvents,
  type PlanCreateInput,
  type PlanStatus,
  type VoteInput,
} from '@hebing/contracts';
import { assertCallerCovers, jurisdictionMatch, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { loadReadiness } from '../readiness/readiness.model';
import { assertReady } from '../readiness/readiness.service';
import { refreshPlanDigest } from '../stats/stats-digest.model';
import { parseCode } from '../units/code.service';
import { unitsRepo } from '../units/units.repo';
import { applyMerger } from './merger.service';
import type { PlanRecord } from './plan.model';
import {
  assertDistinct,
  assertTargetCode,
  assertTargetName,
  assertTransition,
  assertVotePasses,
} from './plan-rules.service';
import { plansRepo, toPlanDto } from './plans.repo';

export interface PlanListQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
  level?: PlanRecord['level'] | undefined;
  status?: PlanStatus | undefined;
  parentCode?: string | undefined;
}

export async function listPlans(deps: Deps, caller: Caller, input: PlanListQuery) {
  const f: Record<string, unknown>[] = [jurisdictionMatch(caller, 'parentCode')];
  if (input.level) f.push({ level: input.level });
  if (input.status) f.push({ status: input.status });
  if (input.parentCode) f.push({ parentCode: input.parentCode });
  if (input.q) {
    const rx = input.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    f.push({ $or: [{ title: { $regex: rx } }, { 'target.name': { $regex: rx } }, { sourceCodes: input.q }] });
  }
  const { items, total } = await plansRepo(deps.conn).page({ $and: f }, input.page, input.pageSize);
  return { items: items.map(toPlanDto), total, page: input.page, pageSize: input.pageSize };
}

export async function getPlan(deps: Deps, caller: Caller, id: string) {
  const p = await plansRepo(deps.conn).byId(id);
  if (!p) throw new AppError('NOT_FOUND', `no plan ${id}`, { id });
  assertCallerCovers(caller, p.parentCode);
  return toPlanDto(p);
}

async function checkSources(deps: Deps, session: ClientSession, input: PlanCreateInput) {
  const sources = await unitsRepo(deps.conn).activeByCodes(input.sourceCodes, session);
  const missing = input.sourceCodes.filter((c) => !sources.some((s) => s.code === c));
  if (missing.length)
    throw new AppError('BAD_INPUT', `not active units: ${missing.join(', ')}`, {
      field: 'sourceCodes',
      missing,
    });
  const wrong = sources.filter((s) => s.level !== input.level);
  if (wrong.length)
    throw new AppError('BAD_INPUT', `not ${input.level} units: ${wrong.map((s) => s.code).join(', ')}`, {
      field: 'sourceCodes',
    });
  const late = sources.filter((s) => s.validFrom >= input.effectiveDate);
  if (late.length) {
    throw new AppError(
      'BAD_INPUT',
      `effective date must be after the sources' start (${late.map((s) => `${s.code} ${s.validFrom}`).join(', ')})`,
      { field: 'effectiveDate' },
    );
  }
  const parents = new Set(sources.map((s) => s.parentCode));
  if (parents.size > 1)
    throw new AppError('BAD_INPUT', 'sources must share one parent unit', { field: 'sourceCodes' });
  const busy = await plansRepo(deps.conn).openWithSources(input.sourceCodes, session);
  if (busy.length) {
    throw new AppError('CONFLICT', `sources already in open plan "${busy[0]?.title}"`, {
      field: 'sourceCodes',
      planIds: busy.map((b) => b._id),
    });
  }
  const ordered = input.sourceCodes
    .map((c) => sources.find((s) => s.code === c))
    .filter((s) => s !== undefined);
  return { sources: ordered, parentCode: ordered[0]?.parentCode ?? '' };
}

async function checkNewCode(deps: Deps, session: ClientSession, input: PlanCreateInput, parentCode: string) {
  if (input.target.codeMode !== 'new') return;
  const parsed = parseCode(input.target.code);
  if (!parsed.ok) throw new AppError('BAD_INPUT', parsed.reason, { field: 'target.code' });
  if (parsed.value.level !== input.level || parsed.value.parentCode !== parentCode) {
    throw new AppError(
      'BAD_INPUT',
      `new code ${input.target.code} must be a ${input.level} code under ${parentCode}`,
      { field: 'target.code' },
    );
  }
  if (await unitsRepo(deps.conn).model.exists({ code: input.target.code }).session(session)) {
    throw new AppError('CONFLICT', `code ${input.target.code} is or was in use; codes are not reused`, {
      field: 'target.code',
    });
  }
}

export async function createPlan(deps: Deps, caller: Caller, input: PlanCreateInput) {
  assertDistinct(input.sourceCodes);
  for (const c of input.sourceCodes) assertCallerCovers(caller, c);
  assertTargetCode(input.target, input.sourceCodes);
  return withTransaction(deps.conn, async (session) => {
    const { sources, parentCode } = await checkSources(deps, session, input);
    assertTargetName(
      input.target,
      sources.map((s) => s.name),
    );
    await checkNewCode(deps, session, input, parentCode);
    const at = new Date().toISOString();
    const plan: PlanRecord = {
      _id: randomUUID(),
      title: input.title,
      level: input.level,
      parentCode,
      county: parentCode.slice(0, 6),
      sourceCodes: input.sourceCodes,
      sourceNames: sources.map((s) => s.name),
      target: input.target,
      effectiveDate: input.effectiveDate,
      status: 'draft',
      consultations: [],
      votes: [],
      transitions: [{ from: null, to: 'draft', actor: caller.actor.username, at, reason: input.reason }],
      targetUnitId: null,
      version: 0,
    };
    await unitsRepo(deps.conn)
      .model.updateMany(
        { _id: { $in: sources.map((s) => s._id) } },
        { $set: { planClaimedAt: new Date() } },
        { session },
      )
      .exec();
    await plansRepo(deps.conn).insert(plan, session);
    await refreshPlanDigest(deps.conn, session, plan.county);
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'plan.created',
      entity: { type: 'plan', id: plan._id },
      after: toPlanDto(plan),
      reason: input.reason,
      requestId: caller.requestId,
    });
    return toPlanDto(plan);
  });
}

interface StepArgs {
  id: string;
  expectedVersion?: number | undefined;
  reason: string;
  to: PlanStatus | null; // null: a record added without a state change
  action: string; // audit action
  apply: (p: PlanRecord, session: ClientSession) => Promise<PlanRecord> | PlanRecord;
}

/** One audited change to a plan: load, check, mutate, save (optimistically), audit — in one transaction. */
async function step(deps: Deps, caller: Caller, a: StepArgs) {
  return withTransaction(deps.conn, async (session) => {
    const repo = plansRepo(deps.conn);
    const before = await repo.byId(a.id, session);
    if (!before) throw new AppError('NOT_FOUND', `no plan ${a.id}`, { id: a.id });
    assertCallerCovers(caller, before.parentCode);
    if (a.expectedVersion !== undefined && a.expectedVersion !== before.version) {
      throw new AppError('CONFLICT', 'the plan was changed by someone else; reload and try again', {
        id: a.id,
      });
    }
    if (a.to) assertTransition(before.status, a.to);
    let next = await a.apply({ ...before }, session);
    if (a.to) {
      const t = {
        from: before.status,
        to: a.to,
        actor: caller.actor.username,
        at: new Date().toISOString(),
        reason: a.reason,
      };
      next = { ...next, status: a.to, transitions: [...before.transitions, t] };
    }
    const saved = await repo.save(next, session);
    await refreshPlanDigest(deps.conn, session, saved.county);
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: a.action,
      entity: { type: 'plan', id: saved._id },
      before: { status: before.status, version: before.version },
      after: toPlanDto(saved),
      reason: a.reason,
      requestId: caller.requestId,
    });
    return toPlanDto(saved);
  });
}

export function advancePlan(
  deps: Deps,
  caller: Caller,
  i: { id: string; to: 'consultation' | 'vote'; reason: string; expectedVersion?: number | undefined },
) {
  return step(deps, caller, {
    ...i,
    action: `plan.${i.to === 'vote' ? 'vote-opened' : 'consultation-opened'}`,
    apply: (p) => {
      if (i.to === 'vote' && p.consultations.length === 0) {
        throw new AppError(
          'PRECONDITION_FAILED',
          'record at least one consultation (meeting, visit or notice) before the vote',
          { rule: 'consultation' },
        );
      }
      return p;
    },
  });
}

export function addConsultation(
  deps: Deps,
  caller: Caller,
  i: {
    id: string;
    kind: 'meeting' | 'visit' | 'notice';
    date: string;
    note: string;
    reason: string;
    expectedVersion?: number | undefined;
  },
) {
  return step(deps, caller, {
    ...i,
    to: null,
    action: 'plan.consultation-recorded',
    apply: (p) => {
      if (p.status !== 'consultation')
        throw new AppError(
          'INVALID_TRANSITION',
          `consultations are recorded in "consultation", the plan is in "${p.status}"`,
          { status: p.status },
        );
      const c = {
        kind: i.kind,
        date: i.date,
        note: i.note,
        actor: caller.actor.username,
        at: new Date().toISOString(),
      };
      return { ...p, consultations: [...p.consultations, c] };
    },
  });
}

export function recordVote(
  deps: Deps,
  caller: Caller,
  i: { id: string; vote: VoteInput; reason: string; expectedVersion?: number | undefined },
) {
  return step(deps, caller, {
    ...i,
    to: null,
    action: 'plan.vote-recorded',
    apply: (p) => {
      if (p.status !== 'vote')
        throw new AppError(
          'INVALID_TRANSITION',
          `votes are recorded in "vote", the plan is in "${p.status}"`,
          { status: p.status },
        );
      assertVotePasses(i.vote);
      return {
        ...p,
        votes: [
          ...p.votes,
          { ...i.vote, passed: true, actor: caller.actor.username, at: new Date().toISOString() },
        ],
      };
    },
  });
}

function eventPayload(p: PlanRecord) {
  return {
    planId: p._id,
    level: p.level,
    sourceCodes: p.sourceCodes,
    targetCode: p.target.code,
    targetName: p.target.name,
    effectiveDate: p.effectiveDate,
  };
}

export function approvePlan(
  deps: Deps,
  caller: Caller,
  i: { id: string; reason: string; expectedVersion?: number | undefined },
) {
  return step(deps, caller, {
    ...i,
    to: 'approved',
    action: 'plan.approved',
    apply: async (p, session) => {
      if (!p.votes.some((v) => v.passed))
        throw new AppError('PRECONDITION_FAILED', 'no passing vote is recorded', { rule: 'vote' });
      await publish(session, DivisionsEvents.mergerApproved, eventPayload(p), {
        aggregateId: p._id,
        conn: deps.conn,
      });
      return p;
    },
  });
}

export function makeEffective(
  deps: Deps,
  caller: Caller,
  i: { id: string; reason: string; expectedVersion?: number | undefined },
) {
  return step(deps, caller, {
    ...i,
    to: 'effective',
    action: 'plan.effective',
    apply: async (p, session) => {
      assertReady(await loadReadiness(deps.conn, p._id, p.county, session));
      const target = await applyMerger(deps.conn, session, p);
      await publish(session, DivisionsEvents.mergerEffective, eventPayload(p), {
        aggregateId: p._id,
        conn: deps.conn,
      });
      return { ...p, targetUnitId: target._id };
    },
  });
}

export function withdrawPlan(
  deps: Deps,
  caller: Caller,
  i: { id: string; reason: string; expectedVersion?: number | undefined },
) {
  return step(deps, caller, { ...i, to: 'withdrawn', action: 'plan.withdrawn', apply: (p) => p });
}

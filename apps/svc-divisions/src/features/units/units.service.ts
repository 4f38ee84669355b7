import { randomUUID } from 'node:crypto';
import { writeAudit, withTransaction } from '@hebing/db';
import { AppError, type UnitCreateInput, type UnitListInput, type UnitUpdateInput } from '@hebing/contracts';
import { assertCallerCovers, jurisdictionMatch, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { appendCodeEvents } from '../history/code-event.model';
import { refreshUnitDigests } from '../stats/stats-digest.model';
import { nameKindMismatch, parseCode } from './code.service';
import { toUnitDto, unitQueryFilter, unitsRepo } from './units.repo';
import type { UnitRecord } from './unit.types';

export async function listUnits(deps: Deps, caller: Caller, input: UnitListInput) {
  const filter = { $and: [unitQueryFilter(input), jurisdictionMatch(caller, 'code')] };
  const { items, total } = await unitsRepo(deps.conn).page(filter, input.page, input.pageSize);
  return { items: items.map(toUnitDto), total, page: input.page, pageSize: input.pageSize };
}

const byCode = (a: UnitRecord, b: UnitRecord) =>
  a.code.localeCompare(b.code) || a.validFrom.localeCompare(b.validFrom);

/** The record of `code` valid on `asOf` (default: the active one, else the latest). */
async function recordOf(deps: Deps, code: string, asOf: string | undefined): Promise<UnitRecord> {
  const records = await unitsRepo(deps.conn).recordsOfCode(code);
  const day = asOf ?? deps.today();
  const hit =
    records.find((r) => r.validFrom <= day && (r.validTo === null || day < r.validTo)) ??
    (asOf ? undefined : (records.find((r) => r.status === 'active') ?? records.at(-1)));
  if (!hit)
    throw new AppError('NOT_FOUND', `no unit with code ${code}${asOf ? ` on ${asOf}` : ''}`, { code });
  return hit;
}

export async function getUnit(
  deps: Deps,
  caller: Caller,
  input: { code: string; asOf?: string | undefined },
) {
  assertCallerCovers(caller, input.code);
  const repo = unitsRepo(deps.conn);
  const unit = await recordOf(deps, input.code, input.asOf);
  const [counts, predecessors, successors] = await Promise.all([
    repo.childCounts([unit.code], input.asOf ?? null),
    repo.byIds(unit.predecessorIds),
    repo.byIds(unit.successorIds),
  ]);
  return {
    unit: toUnitDto(unit),
    childCount: counts.get(unit.code) ?? 0,
    predecessors: predecessors.sort(byCode).map(toUnitDto),
    successors: successors.sort(byCode).map(toUnitDto),
  };
}

/** One tree level. Top level: counties (or, for a township officer, their townships). */
export async function childrenOf(
  deps: Deps,
  caller: Caller,
  input: { parentCode: string | null; asOf?: string | undefined },
) {
  const repo = unitsRepo(deps.conn);
  const day = input.asOf ?? deps.today();
  let filter: Record<string, unknown>;
  if (input.parentCode) {
    assertCallerCovers(caller, input.parentCode);
    filter = { parentCode: input.parentCode };
  } else {
    filter = { level: caller.jurisdiction.scope === 'township' ? 'township' : 'county' };
  }
  const items = await repo.find({
    $and: [filter, unitQueryFilter({ asOf: day }), jurisdictionMatch(caller, 'code')],
  });
  const counts = await repo.childCounts(
    items.map((u) => u.code),
    day,
  );
  return items.map((u) => ({ ...toUnitDto(u), childCount: counts.get(u.code) ?? 0 }));
}

export function newUnitRecord(p: {
  code: string;
  name: string;
  validFrom: string;
  seatAddress?: string | null;
  tags?: string[];
  facts?: UnitRecord['facts'];
  predecessorIds?: string[];
}): UnitRecord {
  const parsed = parseCode(p.code);
  if (!parsed.ok) throw new AppError('BAD_INPUT', parsed.reason, { field: 'code' });
  const v = parsed.value;
  return {
    _id: randomUUID(),
    code: v.code,
    name: p.name,
    level: v.level,
    kind: v.kind,
    parentCode: v.parentCode,
    province: v.code.slice(0, 2),
    county: v.county,
    township: v.township,
    status: 'active',
    validFrom: p.validFrom,
    validTo: null,
    predecessorIds: p.predecessorIds ?? [],
    successorIds: [],
    seatAddress: p.seatAddress ?? null,
    tags: p.tags ?? [],
    facts: p.facts ?? [],
    version: 0,
  };
}

export async function createUnit(deps: Deps, caller: Caller, input: UnitCreateInput) {
  assertCallerCovers(caller, input.code);
  const unit = newUnitRecord({ ...input, facts: input.facts ? [input.facts] : [] });
  const mismatch = nameKindMismatch(unit.name, unit.kind);
  if (mismatch) throw new AppError('BAD_INPUT', mismatch, { field: 'name' });
  return withTransaction(deps.conn, async (session) => {
    const repo = unitsRepo(deps.conn);
    if (unit.parentCode && !(await repo.activeByCode(unit.parentCode, session))) {
      throw new AppError('PRECONDITION_FAILED', `parent ${unit.parentCode} is not an active unit`, {
        field: 'code',
      });
    }
    if (await repo.model.exists({ code: unit.code }).session(session))
      throw new AppError('CONFLICT', `code ${unit.code} is or was in use; codes are not reused`, {
        field: 'code',
      });
    await repo.insert([unit], session);
    await refreshUnitDigests(deps.conn, session, [unit.county]);
    await appendCodeEvents(
      deps.conn,
      [
        {
          code: unit.code,
          unitId: unit._id,
          event: 'created',
          date: unit.validFrom,
          planId: null,
          relatedCodes: [],
          note: input.reason,
        },
      ],
      session,
    );
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'unit.created',
      entity: { type: 'unit', id: unit._id },
      after: toUnitDto(unit),
      reason: input.reason,
      requestId: caller.requestId,
    });
    return toUnitDto(unit);
  });
}

export async function updateUnit(deps: Deps, caller: Caller, input: UnitUpdateInput) {
  assertCallerCovers(caller, input.code);
  return withTransaction(deps.conn, async (session) => {
    const repo = unitsRepo(deps.conn);
    const unit = await repo.activeByCode(input.code, session);
    if (!unit)
      throw new AppError('NOT_FOUND', `no active unit with code ${input.code}`, { code: input.code });
    const set: Partial<UnitRecord> = {};
    if (input.seatAddress !== undefined) set.seatAddress = input.seatAddress;
    if (input.tags !== undefined) set.tags = [...new Set(input.tags)].sort();
    if (input.facts) {
      const asOf = input.facts.asOf;
      set.facts = [...unit.facts.filter((f) => f.asOf !== asOf), input.facts].sort((a, b) =>
        a.asOf.localeCompare(b.asOf),
      );
    }
    await repo.update(unit._id, input.expectedVersion, set, session);
    // of what an update may change, only facts are in the statistics digest
    if (set.facts) await refreshUnitDigests(deps.conn, session, [unit.county]);
    const after = { ...unit, ...set, version: unit.version + 1 };
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'unit.updated',
      entity: { type: 'unit', id: unit._id },
      before: toUnitDto(unit),
      after: toUnitDto(after),
      reason: input.reason,
      requestId: caller.requestId,
    });
    return toUnitDto(after);
  });
}

import type { ClientSession, Connection } from 'mongoose';
import { AppError } from '@hebing/contracts';
import { appendCodeEvents, type CodeEventRecord } from '../history/code-event.model';
import { refreshUnitDigests } from '../stats/stats-digest.model';
import { nextFreeChildCode } from '../units/code.service';
import { newUnitRecord } from '../units/units.service';
import { unitsRepo } from '../units/units.repo';
import { factsOn, type UnitRecord } from '../units/unit.types';
import type { PlanRecord } from './plan.model';

type CodeEvent = Omit<CodeEventRecord, '_id'>;

interface Change {
  inserts: UnitRecord[];
  retire: { unit: UnitRecord; successorId: string }[];
  events: CodeEvent[];
}

/** The target's facts on the day it starts: the sources' figures summed. */
function summedFacts(sources: readonly UnitRecord[], day: string): UnitRecord['facts'] {
  const facts = sources.map((s) => factsOn(s.facts, day)).filter((f) => f !== null);
  if (facts.length === 0) return [];
  const sum = (k: 'population' | 'households' | 'areaKm2') => facts.reduce((a, f) => a + f[k], 0);
  return [
    {
      asOf: day,
      population: sum('population'),
      households: sum('households'),
      areaKm2: Math.round(sum('areaKm2') * 100) / 100,
    },
  ];
}

/**
 * Children of a source that did not give the target its code move under the target with a new
 * code in the same range (codes carry the hierarchy, and jurisdiction is a code prefix);
 * their own children follow them.
 */
async function recodeChildren(
  conn: Connection,
  session: ClientSession,
  fromCodes: string[],
  toCode: string,
  day: string,
  planId: string,
  used: Set<string>,
  change: Change,
): Promise<void> {
  if (fromCodes.length === 0) return;
  const children = await unitsRepo(conn).activeChildren(fromCodes, session);
  const moves = new Map<string, string>();
  for (const child of children.sort((a, b) => a.code.localeCompare(b.code))) {
    const code = nextFreeChildCode(toCode, child.code, used);
    used.add(code);
    const moved = newUnitRecord({
      code,
      name: child.name,
      validFrom: day,
      seatAddress: child.seatAddress,
      tags: child.tags,
      facts: child.facts,
      predecessorIds: [child._id],
    });
    change.inserts.push(moved);
    change.retire.push({ unit: child, successorId: moved._id });
    change.events.push(
      {
        code: child.code,
        unitId: child._id,
        event: 'recoded',
        date: day,
        planId,
        relatedCodes: [code],
        note: `moved under ${toCode}`,
      },
      {
        code,
        unitId: moved._id,
        event: 'recoded',
        date: day,
        planId,
        relatedCodes: [child.code],
        note: `was ${child.code}`,
      },
    );
    moves.set(child.code, code);
  }
  for (const [from, to] of moves) await recodeChildren(conn, session, [from], to, day, planId, used, change);
}

/**
 * The `effective` step: sources abolished on the effective date, the target created with
 * predecessor/successor links, children recoded, code history written — all in the caller's
 * transaction (the plan update and its event ride in the same one).
 */
export async function applyMerger(
  conn: Connection,
  session: ClientSession,
  plan: PlanRecord,
): Promise<UnitRecord> {
  const repo = unitsRepo(conn);
  const day = plan.effectiveDate;
  const sources = await repo.activeByCodes(plan.sourceCodes, session);
  const missing = plan.sourceCodes.filter((c) => !sources.some((s) => s.code === c));
  if (missing.length) {
    throw new AppError('PRECONDITION_FAILED', `sources no longer active: ${missing.join(', ')}`, {
      rule: 'sources-active',
      missing,
    });
  }
  const late = sources.filter((s) => s.validFrom >= day);
  if (late.length) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `effective date ${day} must be after every source's start (${late.map((s) => `${s.code} ${s.validFrom}`).join(', ')})`,
      { rule: 'effective-date' },
    );
  }
  const keptCode = plan.target.codeMode === 'keep' ? plan.target.code : null;
  const target = newUnitRecord({
    code: plan.target.code,
    name: plan.target.name,
    validFrom: day,
    seatAddress: plan.target.seatAddress ?? sources.find((s) => s.code === keptCode)?.seatAddress ?? null,
    tags: [...new Set(sources.flatMap((s) => s.tags))].sort(),
    facts: summedFacts(sources, day),
    predecessorIds: sources.map((s) => s._id),
  });
  const change: Change = { inserts: [target], retire: [], events: [] };
  for (const s of sources) {
    change.retire.push({ unit: s, successorId: target._id });
    change.events.push({
      code: s.code,
      unitId: s._id,
      event: 'merged-into',
      date: day,
      planId: plan._id,
      relatedCodes: [target.code],
      note: plan.title,
    });
  }
  change.events.push({
    code: target.code,
    unitId: target._id,
    event: 'formed-by-merger',
    date: day,
    planId: plan._id,
    relatedCodes: plan.sourceCodes,
    note: plan.title,
  });
  const used = await repo.codesUnder(target.code.replace(/(000)+$/, ''), session);
  const movers = sources.filter((s) => s.code !== keptCode).map((s) => s.code);
  await recodeChildren(conn, session, movers, target.code, day, plan._id, used, change);
  await repo.insert(change.inserts, session);
  const res = await repo.model.bulkWrite(
    change.retire.map(({ unit, successorId }) => ({
      updateOne: {
        filter: { _id: unit._id, version: unit.version },
        update: {
          $set: { status: 'abolished', validTo: day, successorIds: [successorId] },
          $inc: { version: 1 },
        },
      },
    })),
    { session },
  );
  if (res.matchedCount !== change.retire.length) {
    throw new AppError('CONFLICT', 'units changed while the merger was applied; try again', {
      rule: 'concurrent-change',
    });
  }
  await appendCodeEvents(conn, change.events, session);
  await refreshUnitDigests(conn, session, [target.county]);
  return target;
}

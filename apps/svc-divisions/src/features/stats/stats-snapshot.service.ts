import { randomUUID } from 'node:crypto';
import { withTransaction, writeAudit } from '@hebing/db';
import type { StatsInput, StatsSnapshotDto } from '@hebing/contracts';
import { jurisdictionMatch, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { getStats } from './stats-query.service';
import { snapshotModel, type StatsSnapshotRecord } from './stats-snapshot.model';

function toDto(s: StatsSnapshotRecord): StatsSnapshotDto {
  return {
    id: s._id,
    takenAt: new Date(s.takenAt).toISOString(),
    takenBy: s.takenBy,
    reason: s.reason,
    stats: s.stats,
  };
}

/** Computes the statistics and stores them with their as-of date, audited (a report's figures stay fixed). */
export async function takeSnapshot(
  deps: Deps,
  caller: Caller,
  input: StatsInput & { reason: string },
): Promise<StatsSnapshotDto> {
  const stats = await getStats(deps, caller, input);
  const snap: StatsSnapshotRecord = {
    _id: randomUUID(),
    scope: input.scope,
    scopeCode: input.scope.padEnd(12, '0'),
    asOf: stats.asOf,
    stats,
    reason: input.reason,
    takenBy: caller.actor.username,
    takenAt: new Date(),
  };
  await withTransaction(deps.conn, async (session) => {
    await snapshotModel(deps.conn).create([snap], { session });
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'stats.snapshot-taken',
      entity: { type: 'stats-snapshot', id: snap._id },
      after: { scope: snap.scope, asOf: snap.asOf, baseline: stats.baseline },
      reason: input.reason,
      requestId: caller.requestId,
    });
  });
  return toDto(snap);
}

export async function listSnapshots(
  deps: Deps,
  caller: Caller,
  input: { scope?: string | undefined; page: number; pageSize: number },
) {
  const filter = {
    $and: [jurisdictionMatch(caller, 'scopeCode'), input.scope ? { scope: input.scope } : {}],
  };
  const M = snapshotModel(deps.conn);
  const [items, total] = await Promise.all([
    M.find(filter)
      .sort({ takenAt: -1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean<StatsSnapshotRecord[]>()
      .exec(),
    M.countDocuments(filter).exec(),
  ]);
  return { items: items.map(toDto), total, page: input.page, pageSize: input.pageSize };
}

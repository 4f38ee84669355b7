import {
  ZFilePayload,
  ZStatsInput,
  ZStatsOutput,
  ZStatsSnapshot,
  ZStatsSnapshotInput,
  ZStatsSnapshotListInput,
  ZStatsSnapshotListOutput,
} from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { exportStats, getStats } from '../features/stats/stats-query.service';
import { listSnapshots, takeSnapshot } from '../features/stats/stats-snapshot.service';
import { callerOf } from './caller';

export function statsRouter(deps: Deps) {
  return router({
    get: procedure('divisions.read')
      .input(ZStatsInput)
      .output(ZStatsOutput)
      .query(({ ctx, input }) => getStats(deps, callerOf(ctx), input)),
    export: procedure('divisions.read')
      .input(ZStatsInput)
      .output(ZFilePayload)
      .mutation(({ ctx, input }) => exportStats(deps, callerOf(ctx), input)),
    snapshot: procedure('divisions.write')
      .input(ZStatsSnapshotInput)
      .output(ZStatsSnapshot)
      .mutation(({ ctx, input }) => takeSnapshot(deps, callerOf(ctx), input)),
    snapshots: procedure('divisions.read')
      .input(ZStatsSnapshotListInput)
      .output(ZStatsSnapshotListOutput)
      .query(({ ctx, input }) => listSnapshots(deps, callerOf(ctx), input)),
  });
}

import { ZFilePayload, ZStatsInput, ZStatsOutput } from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { exportStats, getStats } from '../features/stats/stats-query.service';
import { callerOf } from './caller';

export function statsRouter(deps: Deps) {
  return router({
    get: procedure('divisions.read').input(ZStatsInput).output(ZStatsOutput)
      .query(({ ctx, input }) => getStats(deps, callerOf(ctx), input)),
    export: procedure('divisions.read').input(ZStatsInput).output(ZFilePayload)
      .mutation(({ ctx, input }) => exportStats(deps, callerOf(ctx), input)),
  });
}

import { ZHistoryLookupInput, ZHistoryLookupOutput } from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { lookupHistory } from '../features/history/history-query.service';
import { callerOf } from './caller';

export function historyRouter(deps: Deps) {
  return router({
    lookup: procedure('divisions.read')
      .input(ZHistoryLookupInput)
      .output(ZHistoryLookupOutput)
      .query(({ ctx, input }) => lookupHistory(deps, callerOf(ctx), input)),
  });
}

import { createAuditRouter, router } from '@hebing/service-kit';
import type { Deps } from './lib/deps';
import { historyRouter } from './routers/history.router';
import { importsRouter, type EnqueueImport } from './routers/imports.router';
import { plansRouter } from './routers/plans.router';
import { readinessRouter } from './routers/readiness.router';
import { statsRouter } from './routers/stats.router';
import { unitsRouter } from './routers/units.router';

/** Paths are `divisions.<feature>.<procedure>` end to end (the gateway routes on the first part). */
export function createAppRouter(deps: Deps, enqueueImport: EnqueueImport) {
  return router({
    divisions: router({
      units: unitsRouter(deps),
      plans: plansRouter(deps),
      stats: statsRouter(deps),
      history: historyRouter(deps),
      imports: importsRouter(deps, enqueueImport),
      readiness: readinessRouter(deps),
      audit: createAuditRouter(deps.conn),
    }),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
export type Router = AppRouter;

import {
  ZPlanIdInput,
  ZReadinessPolicy,
  ZReadinessPolicyInput,
  ZReadinessPolicySetInput,
  ZReadinessView,
} from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { getPolicy, getReadiness, setPolicy } from '../features/readiness/readiness-query.service';
import { callerOf } from './caller';

export function readinessRouter(deps: Deps) {
  return router({
    get: procedure('divisions.read')
      .input(ZPlanIdInput)
      .output(ZReadinessView)
      .query(({ ctx, input }) => getReadiness(deps, callerOf(ctx), input.id)),
    policy: procedure('divisions.read')
      .input(ZReadinessPolicyInput)
      .output(ZReadinessPolicy)
      .query(({ ctx, input }) => getPolicy(deps, callerOf(ctx), input.county)),
    setPolicy: procedure('divisions.approve')
      .input(ZReadinessPolicySetInput)
      .output(ZReadinessPolicy)
      .mutation(({ ctx, input }) => setPolicy(deps, callerOf(ctx), input)),
  });
}

import {
  ZPlan,
  ZPlanAdvanceInput,
  ZPlanConsultationInput,
  ZPlanCreateInput,
  ZPlanIdInput,
  ZPlanListInput,
  ZPlanListOutput,
  ZPlanStepInput,
  ZPlanVoteInput,
} from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import {
  addConsultation,
  advancePlan,
  approvePlan,
  createPlan,
  getPlan,
  listPlans,
  makeEffective,
  recordVote,
  withdrawPlan,
} from '../features/plans/plans.service';
import { callerOf } from './caller';

/** Each step is its own procedure so that approval and `effective` can demand `divisions.approve`. */
export function plansRouter(deps: Deps) {
  return router({
    list: procedure('divisions.read')
      .input(ZPlanListInput)
      .output(ZPlanListOutput)
      .query(({ ctx, input }) => listPlans(deps, callerOf(ctx), input)),
    get: procedure('divisions.read')
      .input(ZPlanIdInput)
      .output(ZPlan)
      .query(({ ctx, input }) => getPlan(deps, callerOf(ctx), input.id)),
    create: procedure('divisions.write')
      .input(ZPlanCreateInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => createPlan(deps, callerOf(ctx), input)),
    advance: procedure('divisions.write')
      .input(ZPlanAdvanceInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => advancePlan(deps, callerOf(ctx), input)),
    addConsultation: procedure('divisions.write')
      .input(ZPlanConsultationInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => addConsultation(deps, callerOf(ctx), input)),
    recordVote: procedure('divisions.write')
      .input(ZPlanVoteInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => recordVote(deps, callerOf(ctx), input)),
    approve: procedure('divisions.approve')
      .input(ZPlanStepInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => approvePlan(deps, callerOf(ctx), input)),
    makeEffective: procedure('divisions.approve')
      .input(ZPlanStepInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => makeEffective(deps, callerOf(ctx), input)),
    withdraw: procedure('divisions.write')
      .input(ZPlanStepInput)
      .output(ZPlan)
      .mutation(({ ctx, input }) => withdrawPlan(deps, callerOf(ctx), input)),
  });
}

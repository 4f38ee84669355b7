import {
  ZUnit,
  ZUnitChildrenInput,
  ZUnitChildrenOutput,
  ZUnitCreateInput,
  ZUnitGetInput,
  ZUnitGetOutput,
  ZUnitListInput,
  ZUnitListOutput,
  ZUnitUpdateInput,
} from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { childrenOf, createUnit, getUnit, listUnits, updateUnit } from '../features/units/units.service';
import { callerOf } from './caller';

export function unitsRouter(deps: Deps) {
  return router({
    list: procedure('divisions.read')
      .input(ZUnitListInput)
      .output(ZUnitListOutput)
      .query(({ ctx, input }) => listUnits(deps, callerOf(ctx), input)),
    get: procedure('divisions.read')
      .input(ZUnitGetInput)
      .output(ZUnitGetOutput)
      .query(({ ctx, input }) => getUnit(deps, callerOf(ctx), input)),
    children: procedure('divisions.read')
      .input(ZUnitChildrenInput)
      .output(ZUnitChildrenOutput)
      .query(({ ctx, input }) => childrenOf(deps, callerOf(ctx), input)),
    create: procedure('divisions.write')
      .input(ZUnitCreateInput)
      .output(ZUnit)
      .mutation(({ ctx, input }) => createUnit(deps, callerOf(ctx), input)),
    update: procedure('divisions.write')
      .input(ZUnitUpdateInput)
      .output(ZUnit)
      .mutation(({ ctx, input }) => updateUnit(deps, callerOf(ctx), input)),
  });
}

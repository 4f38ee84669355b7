import type { Connection } from 'mongoose';
import type { PlanStatus } from '@hebing/contracts';
import { planModel } from '../plans/plan.model';
import { OPEN_STATUSES } from '../plans/plans.repo';
import { unitModel } from '../units/unit.model';
import type { UnitStatsView } from '../units/unit.types';
import type { OpenPlanView } from './stats.service';

const STATS_FIELDS = { code: 1, name: 1, level: 1, kind: 1, validFrom: 1, validTo: 1, successorIds: 1, facts: 1, township: 1, county: 1 };

/** Units of a scope by its indexed prefix field (province 2, county 6, township 9; 4 by regex). */
export function unitScopeFilter(scope: string): Record<string, unknown> {
  if (scope.length === 2) return { province: scope };
  if (scope.length === 6) return { county: scope };
  if (scope.length === 9) return { township: scope };
  return { county: { $regex: `^${scope}` } };
}

function planScopeFilter(scope: string): Record<string, unknown> {
  return scope.length === 6 ? { county: scope } : { parentCode: { $regex: `^${scope}` } };
}

export function statsRepo(conn: Connection) {
  return {
    units: (scope: string) => unitModel(conn).find(unitScopeFilter(scope), STATS_FIELDS).lean<UnitStatsView[]>().exec(),
    async plans(scope: string): Promise<{ open: OpenPlanView[]; counts: Partial<Record<PlanStatus, number>>; firstEffective: string | null }> {
      const docs = await planModel(conn)
        .find(planScopeFilter(scope), { level: 1, sourceCodes: 1, 'target.code': 1, status: 1, effectiveDate: 1 })
        .lean<{ level: OpenPlanView['level']; sourceCodes: string[]; target: { code: string }; status: PlanStatus; effectiveDate: string }[]>()
        .exec();
      const counts: Partial<Record<PlanStatus, number>> = {};
      const open: OpenPlanView[] = [];
      let firstEffective: string | null = null;
      for (const p of docs) {
        counts[p.status] = (counts[p.status] ?? 0) + 1;
        if (OPEN_STATUSES.includes(p.status)) open.push({ level: p.level, sourceCodes: p.sourceCodes, targetCode: p.target.code });
        if (p.status === 'effective' && (firstEffective === null || p.effectiveDate < firstEffective)) firstEffective = p.effectiveDate;
      }
      return { open, counts, firstEffective };
    },
  };
}

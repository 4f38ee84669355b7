import type { ClientSession, Connection } from 'mongoose';
import type { PlanStatus } from '@hebing/contracts';
import { withTransaction } from '@hebing/db';
import { OPEN_STATUSES } from '../plans/plans.repo';
import { unitModel } from '../units/unit.model';
import type { UnitStatsView } from '../units/unit.types';
import {
  digestModel,
  refreshPlanDigest,
  refreshUnitDigests,
  type StatsDigestRecord,
} from './stats-digest.model';
import { decodePlans, decodeUnits } from './stats-digest.service';
import type { OpenPlanView } from './stats.service';

/** The counties' digests a scope needs (province 2, prefecture 4, county 6, township 9). */
export function digestFilter(scope: string): Record<string, unknown> {
  if (scope.length === 2) return { province: scope };
  if (scope.length === 4) return { _id: { $regex: `^${scope}` } };
  return { _id: scope.slice(0, 6) };
}

export interface ScopeData {
  units: UnitStatsView[];
  open: OpenPlanView[];
  counts: Partial<Record<PlanStatus, number>>;
  firstEffective: string | null;
}

export function statsRepo(conn: Connection) {
  return {
    /** The raw read: the digest documents, nothing decoded (the benchmark's baseline). */
    readDigests: (scope: string) =>
      digestModel(conn).find(digestFilter(scope)).lean<StatsDigestRecord[]>().exec(),
    async load(scope: string): Promise<ScopeData> {
      const docs = await this.readDigests(scope);
      const inScope = (code: string) => scope.length <= 6 || code.startsWith(scope);
      const data: ScopeData = { units: [], open: [], counts: {}, firstEffective: null };
      for (const d of docs) {
        for (const u of decodeUnits(d.units)) if (inScope(u.code)) data.units.push(u);
        for (const p of decodePlans(d.plans)) {
          if (!inScope(p.parentCode)) continue;
          data.counts[p.status] = (data.counts[p.status] ?? 0) + 1;
          if (OPEN_STATUSES.includes(p.status))
            data.open.push({ level: p.level, sourceCodes: p.sourceCodes, targetCode: p.targetCode });
          if (
            p.status === 'effective' &&
            (data.firstEffective === null || p.effectiveDate < data.firstEffective)
          )
            data.firstEffective = p.effectiveDate;
        }
      }
      return data;
    },
  };
}

/** Builds digests for counties that have units but no digest yet (data loaded by other means). */
export async function ensureDigests(conn: Connection): Promise<number> {
  const counties = await unitModel(conn).distinct('county').exec();
  const have = new Set(
    (await digestModel(conn).find({}, { _id: 1 }).lean<{ _id: string }[]>().exec()).map((d) => d._id),
  );
  const missing = counties.filter((c) => !have.has(c));
  for (const county of missing) {
    await withTransaction(conn, async (session: ClientSession) => {
      await refreshUnitDigests(conn, session, [county]);
      await refreshPlanDigest(conn, session, county);
    });
  }
  return missing.length;
}

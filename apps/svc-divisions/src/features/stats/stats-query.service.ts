import { AppError, type StatsInput, type StatsOutput } from '@hebing/contracts';
import { assertCallerCovers, type Caller } from '../../lib/caller';
import { addDays } from '../../lib/clock';
import type { Deps } from '../../lib/deps';
import { tableToXlsx } from '../imports/export.service';
import { statsRepo } from './stats.repo';
import { computeStats } from './stats.service';

/** Reads the scope's county digests once and computes everything in one pass. */
export async function getStats(deps: Deps, caller: Caller, input: StatsInput): Promise<StatsOutput> {
  assertCallerCovers(caller, input.scope.padEnd(12, '0'));
  const asOf = input.asOf ?? deps.today();
  const repo = statsRepo(deps.conn);
  const { units, ...plans } = await repo.load(input.scope);
  if (units.length === 0)
    throw new AppError('NOT_FOUND', `no units under ${input.scope}`, { scope: input.scope });
  // Before = the day before the first merger took effect, unless the caller names a baseline.
  const baseline = input.baseline ?? (plans.firstEffective ? addDays(plans.firstEffective, -1) : asOf);
  return computeStats({
    scope: input.scope,
    asOf,
    baseline,
    units,
    openPlans: plans.open,
    planCounts: plans.counts,
  });
}

const LEVEL_ZH: Record<string, string> = { township: '乡镇', village: '村(社区)', group: '村民小组' };
const KIND_ZH: Record<string, string> = {
  subdistrict: '街道',
  town: '镇',
  township: '乡',
  other: '其他',
  community: '社区',
  village: '村',
  group: '村民小组',
};

export async function exportStats(deps: Deps, caller: Caller, input: StatsInput) {
  const s = await getStats(deps, caller, input);
  const header = [
    '范围',
    '层级',
    '类别',
    `调整前(${s.baseline})`,
    `调整后(${s.asOf})`,
    '计划后',
    '减少',
    '撤减比例',
    '平均人口(前)',
    '平均人口(后)',
    '平均面积(前)',
    '平均面积(后)',
    '双倍增',
  ];
  const rows = [{ code: s.scope, name: '合计', rows: s.rows }, ...s.breakdown].flatMap((b) =>
    b.rows.map((r) => [
      `${b.name} ${b.code}`,
      LEVEL_ZH[r.level] ?? r.level,
      r.kind ? (KIND_ZH[r.kind] ?? r.kind) : '合计',
      String(r.before),
      String(r.after),
      String(r.planned),
      String(r.reduction),
      `${(r.ratio * 100).toFixed(2)}%`,
      String(r.avgPopulationBefore),
      String(r.avgPopulationAfter),
      String(r.avgAreaBefore),
      String(r.avgAreaAfter),
      r.doubled ? '是' : '否',
    ]),
  );
  return tableToXlsx([header, ...rows], `stats-${s.scope}-${s.asOf}.xlsx`, 'statistics');
}

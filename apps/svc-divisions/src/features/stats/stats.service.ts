import type { PlanStatus, StatsOutput, StatsRow, UnitKind, UnitLevel } from '@hebing/contracts';
import { PLAN_STATUSES } from '@hebing/contracts';
import { activeOn, factsOn, type UnitStatsView } from '../units/unit.types';
import { requireCode } from '../units/code.service';

export interface OpenPlanView {
  level: UnitLevel;
  sourceCodes: string[];
  targetCode: string;
}

export interface StatsSource {
  scope: string;
  asOf: string;
  baseline: string;
  units: readonly UnitStatsView[];
  openPlans: readonly OpenPlanView[]; // draft … approved
  planCounts: Partial<Record<PlanStatus, number>>;
}

interface Acc {
  before: number;
  after: number;
  planned: number;
  popBefore: number;
  popAfter: number;
  areaBefore: number;
  areaAfter: number;
}

const LEVEL_KINDS: [UnitLevel, UnitKind[]][] = [
  ['township', ['subdistrict', 'town', 'township', 'other']],
  ['village', ['community', 'village', 'other']],
  ['group', ['group']],
];

const newAcc = (): Acc => ({ before: 0, after: 0, planned: 0, popBefore: 0, popAfter: 0, areaBefore: 0, areaAfter: 0 });

/** Buckets: `${level}:${kind}` and `${level}:*`, per breakdown key ('' = the whole scope). */
class Buckets {
  readonly map = new Map<string, Map<string, Acc>>();
  get(key: string, level: UnitLevel, kind: UnitKind | '*'): Acc {
    let m = this.map.get(key);
    if (!m) this.map.set(key, (m = new Map()));
    const k = `${level}:${kind}`;
    let a = m.get(k);
    if (!a) m.set(k, (a = newAcc()));
    return a;
  }
}

const avg = (sum: number, n: number) => (n === 0 ? 0 : Math.round((sum / n) * 100) / 100);

function toRow(level: UnitLevel, kind: UnitKind | null, a: Acc): StatsRow {
  const avgPopulationBefore = avg(a.popBefore, a.before);
  const avgPopulationAfter = avg(a.popAfter, a.after);
  const avgAreaBefore = avg(a.areaBefore, a.before);
  const avgAreaAfter = avg(a.areaAfter, a.after);
  return {
    level, kind, before: a.before, after: a.after, planned: a.planned,
    reduction: a.before - a.after,
    ratio: a.before === 0 ? 0 : Math.round(((a.before - a.after) / a.before) * 10000) / 10000,
    avgPopulationBefore, avgPopulationAfter, avgAreaBefore, avgAreaAfter,
    doubled: a.before > 0 && a.after > 0 && avgPopulationAfter >= 2 * avgPopulationBefore && avgAreaAfter >= 2 * avgAreaBefore,
  };
}

function rowsOf(m: Map<string, Acc> | undefined, levels: readonly UnitLevel[]): StatsRow[] {
  const rows: StatsRow[] = [];
  for (const [level, kinds] of LEVEL_KINDS) {
    if (!levels.includes(level)) continue;
    rows.push(toRow(level, null, m?.get(`${level}:*`) ?? newAcc()));
    if (kinds.length > 1) for (const k of kinds) rows.push(toRow(level, k, m?.get(`${level}:${k}`) ?? newAcc()));
  }
  return rows;
}

/** Resolves a township prefix to the township it belongs to at asOf (following merger successors). */
function townshipResolver(units: readonly UnitStatsView[], asOf: string) {
  const byId = new Map<string, UnitStatsView>();
  const latestByPrefix = new Map<string, UnitStatsView>();
  for (const u of units) {
    if (u.level !== 'township') continue;
    byId.set(u._id, u);
    const p = u.code.slice(0, 9);
    const cur = latestByPrefix.get(p);
    if (!cur || activeOn(u, asOf) || (!activeOn(cur, asOf) && u.validFrom > cur.validFrom)) latestByPrefix.set(p, u);
  }
  const cache = new Map<string, UnitStatsView | null>();
  return (prefix: string): UnitStatsView | null => {
    if (cache.has(prefix)) return cache.get(prefix) ?? null;
    let u = latestByPrefix.get(prefix) ?? null;
    for (let hops = 0; u && !activeOn(u, asOf) && hops < 20; hops++) {
      const next = u.successorIds[0];
      u = next ? (byId.get(next) ?? null) : null;
    }
    cache.set(prefix, u);
    return u;
  };
}

/**
 * Reform statistics for a scope: units per level and kind before (at baseline) and after (at
 * asOf), reduction and ratio, average population and area, the 双倍增 check, and the same per
 * township (county scope) or per county (wider scopes). One pass over the units.
 */
export function computeStats(src: StatsSource): StatsOutput {
  const { asOf, baseline, scope } = src;
  const perCounty = scope.length < 6;
  const breakdownLevels: UnitLevel[] = perCounty ? ['township', 'village', 'group'] : ['village', 'group'];
  const resolveTownship = townshipResolver(src.units, asOf);
  const names = new Map<string, string>();
  const b = new Buckets();
  const kindOf = new Map<string, UnitKind>();
  for (const u of src.units) {
    if (u.level === 'county') {
      if (activeOn(u, asOf)) names.set(u.county, u.name);
      continue;
    }
    const before = activeOn(u, baseline);
    const after = activeOn(u, asOf);
    if (!before && !after) continue;
    if (after) kindOf.set(u.code, u.kind);
    let key: string | null = null;
    if (perCounty) key = u.county;
    else if (scope.length === 6 && u.level !== 'township' && u.township) {
      const t = resolveTownship(u.township);
      key = t ? t.code.slice(0, 9) : u.township;
      if (t) names.set(key, t.name);
    }
    const keys = key === null ? [''] : ['', key];
    for (const k of keys) {
      for (const a of [b.get(k, u.level, u.kind), b.get(k, u.level, '*')]) {
        if (before) {
          const f = factsOn(u.facts, baseline);
          a.before++;
          a.popBefore += f?.population ?? 0;
          a.areaBefore += f?.areaKm2 ?? 0;
        }
        if (after) {
          const f = factsOn(u.facts, asOf);
          a.after++;
          a.planned++;
          a.popAfter += f?.population ?? 0;
          a.areaAfter += f?.areaKm2 ?? 0;
        }
      }
    }
  }
  applyOpenPlans(src, b, kindOf, perCounty, resolveTownship);
  const breakdown = [...b.map.keys()]
    .filter((k) => k !== '')
    .sort()
    .map((k) => ({ code: k, name: names.get(k) ?? k, rows: rowsOf(b.map.get(k), breakdownLevels) }));
  const plans = Object.fromEntries(PLAN_STATUSES.map((s) => [s, src.planCounts[s] ?? 0])) as Record<PlanStatus, number>;
  return { scope, asOf, baseline, rows: rowsOf(b.map.get(''), ['township', 'village', 'group']), breakdown, plans };
}

/** `planned` = after − active sources + the target, per kind, for every open plan. */
function applyOpenPlans(
  src: StatsSource,
  b: Buckets,
  kindOf: Map<string, UnitKind>,
  perCounty: boolean,
  resolveTownship: (p: string) => UnitStatsView | null,
): void {
  for (const p of src.openPlans) {
    const active = p.sourceCodes.filter((c) => kindOf.has(c));
    if (active.length === 0) continue;
    const target = requireCode(p.targetCode);
    const first = requireCode(active[0] ?? p.targetCode);
    let key: string | null = null;
    if (perCounty) key = first.county;
    else if (src.scope.length === 6 && p.level !== 'township' && first.township) {
      key = resolveTownship(first.township)?.code.slice(0, 9) ?? first.township;
    }
    const keys = key === null ? [''] : ['', key];
    for (const k of keys) {
      for (const c of active) {
        const kind = kindOf.get(c);
        if (kind) b.get(k, p.level, kind).planned--;
        b.get(k, p.level, '*').planned--;
      }
      b.get(k, p.level, target.kind).planned++;
      b.get(k, p.level, '*').planned++;
    }
  }
}

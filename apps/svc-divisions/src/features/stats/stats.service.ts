import type { PlanStatus, StatsOutput, StatsRow, UnitFacts, UnitKind, UnitLevel } from '@hebing/contracts';
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

const newAcc = (): Acc => ({
  before: 0,
  after: 0,
  planned: 0,
  popBefore: 0,
  popAfter: 0,
  areaBefore: 0,
  areaAfter: 0,
});

/** Buckets: `${level}:${kind}` and `${level}:*`, per breakdown key ('' = the whole scope). */
class Buckets {
  readonly map = new Map<string, Map<string, Acc>>();
  group(key: string): Map<string, Acc> {
    let m = this.map.get(key);
    if (!m) this.map.set(key, (m = new Map<string, Acc>()));
    return m;
  }
  get(key: string, level: UnitLevel, kind: UnitKind | '*'): Acc {
    return slot(this.group(key), `${level}:${kind}`);
  }
}

function slot(m: Map<string, Acc>, k: string): Acc {
  let a = m.get(k);
  if (!a) m.set(k, (a = newAcc()));
  return a;
}

// Precomputed slot names: the hot loop runs once per unit record (58,000 for a province).
const KIND_SLOT = new Map<string, string>();
const kindSlot = (level: UnitLevel, kind: UnitKind) => {
  const id = level + kind;
  let k = KIND_SLOT.get(id);
  if (k === undefined) KIND_SLOT.set(id, (k = `${level}:${kind}`));
  return k;
};
const LEVEL_SLOT: Record<UnitLevel, string> = {
  county: 'county:*',
  township: 'township:*',
  village: 'village:*',
  group: 'group:*',
};

function addTo(
  a: Acc,
  n: number,
  fb: UnitFacts | null | undefined,
  fa: UnitFacts | null | undefined,
  before: boolean,
  after: boolean,
): void {
  if (before) {
    a.before += n;
    a.popBefore += fb?.population ?? 0;
    a.areaBefore += fb?.areaKm2 ?? 0;
  }
  if (after) {
    a.after += n;
    a.planned += n;
    a.popAfter += fa?.population ?? 0;
    a.areaAfter += fa?.areaKm2 ?? 0;
  }
}

const avg = (sum: number, n: number) => (n === 0 ? 0 : Math.round((sum / n) * 100) / 100);

function toRow(level: UnitLevel, kind: UnitKind | null, a: Acc): StatsRow {
  const avgPopulationBefore = avg(a.popBefore, a.before);
  const avgPopulationAfter = avg(a.popAfter, a.after);
  const avgAreaBefore = avg(a.areaBefore, a.before);
  const avgAreaAfter = avg(a.areaAfter, a.after);
  return {
    level,
    kind,
    before: a.before,
    after: a.after,
    planned: a.planned,
    reduction: a.before - a.after,
    ratio: a.before === 0 ? 0 : Math.round(((a.before - a.after) / a.before) * 10000) / 10000,
    avgPopulationBefore,
    avgPopulationAfter,
    avgAreaBefore,
    avgAreaAfter,
    doubled:
      a.before > 0 &&
      a.after > 0 &&
      avgPopulationAfter >= 2 * avgPopulationBefore &&
      avgAreaAfter >= 2 * avgAreaBefore,
  };
}

function rowsOf(m: Map<string, Acc> | undefined, levels: readonly UnitLevel[]): StatsRow[] {
  const rows: StatsRow[] = [];
  for (const [level, kinds] of LEVEL_KINDS) {
    if (!levels.includes(level)) continue;
    rows.push(toRow(level, null, m?.get(`${level}:*`) ?? newAcc()));
    if (kinds.length > 1)
      for (const k of kinds) rows.push(toRow(level, k, m?.get(`${level}:${k}`) ?? newAcc()));
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
    if (!cur || activeOn(u, asOf) || (!activeOn(cur, asOf) && u.validFrom > cur.validFrom))
      latestByPrefix.set(p, u);
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
  const all = b.group('');
  for (const u of src.units) {
    if (u.level === 'county') {
      if (activeOn(u, asOf)) names.set(u.county, u.name);
      continue;
    }
    const before = activeOn(u, baseline);
    const after = activeOn(u, asOf);
    if (!before && !after) continue;
    let key: string | null = null;
    if (perCounty) key = u.county;
    else if (scope.length === 6 && u.level !== 'township' && u.township) {
      const t = resolveTownship(u.township);
      key = t ? t.code.slice(0, 9) : u.township;
      if (t) names.set(key, t.name);
    }
    const fb = before ? factsOn(u.facts, baseline) : null;
    const fa = after ? factsOn(u.facts, asOf) : null;
    const ks = kindSlot(u.level, u.kind);
    const ls = LEVEL_SLOT[u.level];
    const n = u.n ?? 1;
    addTo(slot(all, ks), n, fb, fa, before, after);
    addTo(slot(all, ls), n, fb, fa, before, after);
    if (key !== null) {
      const g = b.group(key);
      addTo(slot(g, ks), n, fb, fa, before, after);
      addTo(slot(g, ls), n, fb, fa, before, after);
    }
  }
  applyOpenPlans(src, b, perCounty, resolveTownship);
  const breakdown = [...b.map.keys()]
    .filter((k) => k !== '')
    .sort()
    .map((k) => ({ code: k, name: names.get(k) ?? k, rows: rowsOf(b.map.get(k), breakdownLevels) }));
  const plans = Object.fromEntries(PLAN_STATUSES.map((s) => [s, src.planCounts[s] ?? 0])) as Record<
    PlanStatus,
    number
  >;
  return {
    scope,
    asOf,
    baseline,
    rows: rowsOf(b.map.get(''), ['township', 'village', 'group']),
    breakdown,
    plans,
  };
}

/** `planned` = after − active sources + the target, per kind, for every open plan. */
function applyOpenPlans(
  src: StatsSource,
  b: Buckets,
  perCounty: boolean,
  resolveTownship: (p: string) => UnitStatsView | null,
): void {
  for (const p of src.openPlans) {
    // Open plans hold active units only (a unit is in at most one open plan): kinds come from the codes.
    const active = p.sourceCodes;
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
        b.get(k, p.level, requireCode(c).kind).planned--;
        b.get(k, p.level, '*').planned--;
      }
      b.get(k, p.level, target.kind).planned++;
      b.get(k, p.level, '*').planned++;
    }
  }
}

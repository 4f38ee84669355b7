import { randomUUID } from 'node:crypto';
import type { PlanStatus } from '@hebing/contracts';
import type { PlanRecord } from '../src/features/plans/plan.model';
import { parseCode } from '../src/features/units/code.service';
import type { UnitRecord } from '../src/features/units/unit.types';

/**
 * A Sichuan-size registry (province 51): ~180 counties, 4,000 townships, 50,000 villages and
 * 5,000 merger plans — 1,000 township and 3,000 village mergers in effect (sources abolished,
 * targets created), 1,000 village plans still open.
 */
export const COUNTIES = 180;
export const TOWNSHIPS = 4000;
export const VILLAGES = 50_000;

function unit(code: string, name: string, validFrom: string, pop: number, area: number): UnitRecord {
  const p = parseCode(code);
  if (!p.ok) throw new Error(`${code}: ${p.reason}`);
  return {
    _id: randomUUID(),
    code,
    name,
    level: p.value.level,
    kind: p.value.kind,
    parentCode: p.value.parentCode,
    province: code.slice(0, 2),
    county: p.value.county,
    township: p.value.township,
    status: 'active',
    validFrom,
    validTo: null,
    predecessorIds: [],
    successorIds: [],
    seatAddress: null,
    tags: [],
    facts: [{ asOf: '2019-12-31', population: pop, households: Math.round(pop / 3.4), areaKm2: area }],
    version: 0,
  };
}

function plan(
  level: PlanRecord['level'],
  sources: UnitRecord[],
  status: PlanStatus,
  day: string,
): PlanRecord {
  const first = sources[0];
  if (!first) throw new Error('plan without sources');
  return {
    _id: randomUUID(),
    title: `${first.name}等合并`,
    level,
    parentCode: first.parentCode ?? '',
    county: first.county,
    sourceCodes: sources.map((s) => s.code),
    sourceNames: sources.map((s) => s.name),
    target: {
      codeMode: 'keep',
      code: first.code,
      name: first.name,
      nameOverrideReason: null,
      seatAddress: null,
    },
    effectiveDate: day,
    status,
    consultations: [],
    votes: [],
    transitions: [],
    targetUnitId: null,
    version: 0,
  };
}

/** Abolishes the sources on `day` and adds the target record (keeping the first source's code). */
function merge(sources: UnitRecord[], day: string): UnitRecord {
  const first = sources[0];
  if (!first) throw new Error('merge without sources');
  const target = unit(
    first.code,
    first.name,
    day,
    sources.reduce((n, s) => n + (s.facts[0]?.population ?? 0), 0),
    sources.reduce((n, s) => n + (s.facts[0]?.areaKm2 ?? 0), 0),
  );
  target.predecessorIds = sources.map((s) => s._id);
  for (const s of sources)
    Object.assign(s, { status: 'abolished', validTo: day, successorIds: [target._id] });
  return target;
}

export function buildProvince(): { units: UnitRecord[]; plans: PlanRecord[] } {
  const units: UnitRecord[] = [];
  const plans: PlanRecord[] = [];
  const townships: UnitRecord[] = [];
  const villagesByTownship: UnitRecord[][] = [];
  for (let c = 0; c < COUNTIES; c++) {
    const county = `51${String(1 + Math.floor(c / 20)).padStart(2, '0')}${String(1 + (c % 20)).padStart(2, '0')}`;
    units.push(unit(`${county}000000`, `县${c}`, '1983-01-01', 0, 0));
    const tCount = Math.floor(TOWNSHIPS / COUNTIES) + (c < TOWNSHIPS % COUNTIES ? 1 : 0);
    for (let t = 0; t < tCount; t++) {
      const ts = unit(`${county}${String(100 + t)}000`, `镇${c}-${t}`, '1983-01-01', 20_000, 200);
      townships.push(ts);
      villagesByTownship.push([]);
    }
  }
  townships.forEach((ts, i) => {
    const vCount = Math.floor(VILLAGES / TOWNSHIPS) + (i < VILLAGES % TOWNSHIPS ? 1 : 0);
    for (let v = 0; v < vCount; v++)
      villagesByTownship[i]?.push(
        unit(`${ts.code.slice(0, 9)}${200 + v}`, `村${i}-${v}`, '1983-01-01', 1500, 15),
      );
  });
  units.push(...townships, ...villagesByTownship.flat());
  // 1,000 township mergers (pairs) in effect since 2020-01-01.
  for (let i = 0; i + 1 < townships.length && plans.length < 1000; i += 4) {
    const pair = [townships[i], townships[i + 1]].filter((u): u is UnitRecord => u !== undefined);
    plans.push(plan('township', pair, 'effective', '2020-01-01'));
    units.push(merge(pair, '2020-01-01'));
  }
  // 3,000 village mergers in effect, then 1,000 open ones (draft … approved).
  const open: PlanStatus[] = ['draft', 'consultation', 'vote', 'approved'];
  for (let i = 0; plans.length < 5000; i++) {
    const vs = villagesByTownship[i % TOWNSHIPS] ?? [];
    const k = Math.floor(i / TOWNSHIPS) * 2;
    const pair = [vs[k], vs[k + 1]].filter((u): u is UnitRecord => u !== undefined && u.status === 'active');
    if (pair.length < 2) continue;
    const effective = plans.length < 4000;
    plans.push(plan('village', pair, effective ? 'effective' : (open[i % 4] ?? 'draft'), '2020-08-01'));
    if (effective) units.push(merge(pair, '2020-08-01'));
  }
  return { units, plans };
}

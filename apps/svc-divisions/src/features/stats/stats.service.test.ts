import { describe, expect, it } from 'vitest';
import type { UnitKind, UnitLevel } from '@hebing/contracts';
import type { UnitStatsView } from '../units/unit.types';
import { computeStats } from './stats.service';
import { decodeUnits, encodeUnits } from './stats-digest.service';

let n = 0;
function unit(
  code: string,
  level: UnitLevel,
  kind: UnitKind,
  from: string,
  to: string | null,
  pop: number,
  area: number,
  successorIds: string[] = [],
): UnitStatsView {
  return {
    _id: `u${++n}`,
    code,
    name: `n${code}`,
    level,
    kind,
    validFrom: from,
    validTo: to,
    successorIds,
    facts: [{ asOf: from, population: pop, households: Math.round(pop / 3), areaKm2: area }],
    county: code.slice(0, 6),
    township: level === 'county' ? null : code.slice(0, 9),
  };
}

describe('computeStats', () => {
  // Two towns merged on 2020-01-01 (T2's village recoded under T1); two villages merged on 2020-06-01.
  const t1new = unit('513201100000', 'township', 'town', '2020-01-01', null, 3000, 300);
  const units = [
    unit('513201000000', 'county', 'county', '2000-01-01', null, 0, 0),
    unit('513201100000', 'township', 'town', '2000-01-01', '2020-01-01', 2000, 200, [t1new._id]),
    unit('513201101000', 'township', 'town', '2000-01-01', '2020-01-01', 1000, 100, [t1new._id]),
    t1new,
    unit('513201100200', 'village', 'village', '2000-01-01', '2020-06-01', 1000, 100),
    unit('513201100201', 'village', 'village', '2000-01-01', '2020-06-01', 1000, 100),
    unit('513201100200', 'village', 'village', '2020-06-01', null, 2000, 200),
    unit('513201101200', 'village', 'village', '2000-01-01', '2020-01-01', 1000, 100),
    unit('513201100202', 'village', 'village', '2020-01-01', null, 1000, 100),
    unit('513201100202001', 'group', 'group', '2020-01-01', null, 500, 50),
    unit('513201100202002', 'group', 'group', '2020-01-01', null, 500, 50),
  ];
  const stats = computeStats({
    scope: '513201',
    asOf: '2021-01-01',
    baseline: '2019-12-31',
    units,
    openPlans: [
      { level: 'group', sourceCodes: ['513201100202001', '513201100202002'], targetCode: '513201100202001' },
    ],
    planCounts: { effective: 2, draft: 1 },
  });
  const row = (level: string, kind: string | null) =>
    stats.rows.find((r) => r.level === level && r.kind === kind);

  it('counts units per level before and after with reduction and ratio', () => {
    expect(row('township', null)).toMatchObject({ before: 2, after: 1, reduction: 1, ratio: 0.5 });
    expect(row('village', 'village')).toMatchObject({ before: 3, after: 2, reduction: 1, ratio: 0.3333 });
    expect(row('village', 'community')).toMatchObject({ before: 0, after: 0, ratio: 0 });
  });

  it('averages population and area and checks 双倍增', () => {
    expect(row('township', null)).toMatchObject({
      avgPopulationBefore: 1500,
      avgPopulationAfter: 3000,
      avgAreaBefore: 150,
      avgAreaAfter: 300,
      doubled: true,
    });
    expect(row('village', null)).toMatchObject({
      avgPopulationBefore: 1000,
      avgPopulationAfter: 1500,
      doubled: false,
    });
  });

  it('projects open plans into planned counts', () => {
    expect(row('group', null)).toMatchObject({ before: 0, after: 2, planned: 1 });
    expect(stats.plans).toMatchObject({ effective: 2, draft: 1, approved: 0 });
  });

  it('breaks down per township, attributing an abolished township to its successor', () => {
    expect(stats.breakdown.map((b) => b.code)).toEqual(['513201100']);
    const t = stats.breakdown[0];
    expect(t?.rows.find((r) => r.level === 'village' && r.kind === null)).toMatchObject({
      before: 3,
      after: 2,
    });
  });

  it('gives the same figures from the folded county digest as from the unit records', () => {
    const records = units.map((u) => ({ ...u, status: 'active' as const }));
    const digest = decodeUnits(encodeUnits(records));
    expect(digest.length).toBeLessThan(units.length);
    for (const scope of ['513201', '51']) {
      const args = { scope, asOf: '2021-01-01', baseline: '2019-12-31', openPlans: [], planCounts: {} };
      expect(computeStats({ ...args, units: digest })).toEqual(computeStats({ ...args, units }));
    }
  });

  it('breaks down per county for a province scope', () => {
    const p = computeStats({
      scope: '51',
      asOf: '2021-01-01',
      baseline: '2019-12-31',
      units,
      openPlans: [],
      planCounts: {},
    });
    expect(p.breakdown.map((b) => b.code)).toEqual(['513201']);
    expect(p.breakdown[0]?.rows.find((r) => r.level === 'township' && r.kind === null)).toMatchObject({
      before: 2,
      after: 1,
    });
  });
});

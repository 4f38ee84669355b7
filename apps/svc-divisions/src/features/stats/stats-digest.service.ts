import type { MergeLevel, PlanStatus, UnitFacts, UnitKind, UnitLevel } from '@hebing/contracts';
import type { UnitRecord, UnitStatsView } from '../units/unit.types';

/**
 * Statistics read one compact digest per county instead of every unit record: reading 58,000
 * documents one by one costs seconds, one JSON string per county costs milliseconds. The digest
 * is rewritten in the same transaction as every change to the county's units or plans.
 */
const KINDS: [UnitLevel, UnitKind][] = [
  ['county', 'county'],
  ['township', 'subdistrict'],
  ['township', 'town'],
  ['township', 'township'],
  ['township', 'other'],
  ['village', 'community'],
  ['village', 'village'],
  ['village', 'other'],
  ['group', 'group'],
];
const kindIndex = new Map(KINDS.map(([l, k], i) => [`${l}:${k}`, i]));

/**
 * [code, kind index, validFrom, validTo, facts as [asOf, population, area]…, n, name, id, successorIds].
 * Counties and townships are kept one by one (names, successor links). Villages and groups are
 * folded into cells — same township, kind, validity and fact dates — with n and summed facts:
 * every figure statistics derive is a count or a sum, so a cell answers like its n units.
 */
type UnitTuple = [
  string,
  number,
  string,
  string | null,
  (string | number)[],
  number,
  string?,
  string?,
  string[]?,
];

type Encodable = Pick<
  UnitRecord,
  '_id' | 'code' | 'name' | 'level' | 'kind' | 'validFrom' | 'validTo' | 'facts' | 'successorIds'
>;

export function encodeUnits(units: readonly Encodable[]): string {
  const rows: UnitTuple[] = [];
  const cells = new Map<string, UnitTuple>();
  const rowOfId = new Map<string, number>();
  for (const u of units) {
    const k = kindIndex.get(`${u.level}:${u.kind}`) ?? 0;
    const facts = [...u.facts].sort((a, b) => a.asOf.localeCompare(b.asOf));
    if (u.level === 'county' || u.level === 'township') {
      rowOfId.set(u._id, rows.length);
      rows.push([
        u.code,
        k,
        u.validFrom,
        u.validTo ?? null,
        facts.flatMap((f) => [f.asOf, f.population, f.areaKm2]),
        1,
        u.name,
        u._id,
        u.successorIds,
      ]);
      continue;
    }
    const key = `${u.code.slice(0, 9)}|${k}|${u.validFrom}|${u.validTo ?? ''}|${facts.map((f) => f.asOf).join(',')}`;
    const cell = cells.get(key);
    if (!cell) {
      const t: UnitTuple = [
        u.code.slice(0, 9),
        k,
        u.validFrom,
        u.validTo ?? null,
        facts.flatMap((f) => [f.asOf, f.population, f.areaKm2]),
        1,
      ];
      cells.set(key, t);
      rows.push(t);
      continue;
    }
    cell[5]++;
    facts.forEach((f, i) => {
      cell[4][i * 3 + 1] = Number(cell[4][i * 3 + 1]) + f.population;
      cell[4][i * 3 + 2] = Math.round((Number(cell[4][i * 3 + 2]) + f.areaKm2) * 100) / 100;
    });
  }
  // Ids become row numbers: a township's successor is in the same county (plans share a parent).
  for (const r of rows) {
    if (r[7] === undefined) continue;
    r[8] = (r[8] ?? []).map((id) => String(rowOfId.get(id) ?? -1));
    r[7] = '';
  }
  return JSON.stringify(rows);
}

export function decodeUnits(json: string): UnitStatsView[] {
  const rows = JSON.parse(json) as UnitTuple[];
  return rows.map(([code, k, validFrom, validTo, flat, n, name, , successors], row) => {
    const county = code.slice(0, 6);
    const [level, kind] = KINDS[k] ?? ['village', 'village'];
    const facts: UnitFacts[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      facts.push({
        asOf: String(flat[i]),
        population: Number(flat[i + 1]),
        households: 0,
        areaKm2: Number(flat[i + 2]),
      });
    }
    return {
      _id: `${county}#${row}`,
      code,
      name: name ?? '',
      level,
      kind,
      validFrom,
      validTo,
      successorIds: (successors ?? []).map((i) => `${county}#${i}`),
      facts,
      n,
      county,
      township: level === 'county' ? null : code.slice(0, 9),
    };
  });
}

export interface PlanDigestRow {
  parentCode: string;
  level: MergeLevel;
  status: PlanStatus;
  sourceCodes: string[];
  targetCode: string;
  effectiveDate: string;
}

type PlanTuple = [string, MergeLevel, PlanStatus, string[], string, string];

export function encodePlans(plans: readonly PlanDigestRow[]): string {
  return JSON.stringify(
    plans.map((p): PlanTuple => [
      p.parentCode,
      p.level,
      p.status,
      p.sourceCodes,
      p.targetCode,
      p.effectiveDate,
    ]),
  );
}

export function decodePlans(json: string): PlanDigestRow[] {
  return (JSON.parse(json) as PlanTuple[]).map(
    ([parentCode, level, status, sourceCodes, targetCode, effectiveDate]) => ({
      parentCode,
      level,
      status,
      sourceCodes,
      targetCode,
      effectiveDate,
    }),
  );
}

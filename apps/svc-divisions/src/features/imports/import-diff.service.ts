import type { UnitFacts } from '@hebing/contracts';
import type { UnitRecord } from '../units/unit.types';
import type { ImportRow } from './import-validate.service';

export interface UnitPatch {
  name?: string;
  seatAddress?: string | null;
  tags?: string[];
  facts?: UnitFacts; // added or replacing the entry with the same asOf
}

export interface ImportDiff {
  creates: ImportRow[]; // parents before children
  updates: { row: ImportRow; unit: UnitRecord; patch: UnitPatch }[];
  unchanged: number;
}

const LEVEL_ORDER = { county: 0, township: 1, village: 2, group: 3 } as const;

function sameFacts(a: UnitFacts | undefined, b: UnitFacts): boolean {
  return !!a && a.population === b.population && a.households === b.households && a.areaKm2 === b.areaKm2;
}

/**
 * What importing `rows` would change. A row equal to the registry is unchanged, so importing
 * the same file twice changes nothing the second time. An import never rewrites history
 * (validFrom of an existing unit stays as it is).
 */
export function diffImport(rows: readonly ImportRow[], active: ReadonlyMap<string, UnitRecord>): ImportDiff {
  const creates: ImportRow[] = [];
  const updates: ImportDiff['updates'] = [];
  let unchanged = 0;
  for (const row of rows) {
    const unit = active.get(row.code);
    if (!unit) {
      creates.push(row);
      continue;
    }
    const patch: UnitPatch = {};
    if (unit.name !== row.name) patch.name = row.name;
    if ((unit.seatAddress ?? null) !== row.seatAddress && row.seatAddress !== null)
      patch.seatAddress = row.seatAddress;
    if ([...unit.tags].sort().join('|') !== row.tags.join('|')) patch.tags = row.tags;
    if (
      row.facts &&
      !sameFacts(
        unit.facts.find((f) => f.asOf === row.facts?.asOf),
        row.facts,
      )
    )
      patch.facts = row.facts;
    if (Object.keys(patch).length === 0) unchanged++;
    else updates.push({ row, unit, patch });
  }
  creates.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
  return { creates, updates, unchanged };
}

/** Applies a patch to a unit's fields (pure; the repo persists the result). */
export function applyPatch(
  unit: UnitRecord,
  patch: UnitPatch,
): Pick<UnitRecord, 'name' | 'seatAddress' | 'tags' | 'facts'> {
  const facts = patch.facts
    ? [...unit.facts.filter((f) => f.asOf !== patch.facts?.asOf), patch.facts].sort((a, b) =>
        a.asOf.localeCompare(b.asOf),
      )
    : unit.facts;
  return {
    name: patch.name ?? unit.name,
    seatAddress: patch.seatAddress !== undefined ? patch.seatAddress : unit.seatAddress,
    tags: patch.tags ?? unit.tags,
    facts,
  };
}

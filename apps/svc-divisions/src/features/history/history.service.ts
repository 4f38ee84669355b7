import type { UnitRecord } from '../units/unit.types';
import { activeOn } from '../units/unit.types';

/** The record that carried `code` on `day` (records of one code never overlap). */
export function recordAt(records: readonly UnitRecord[], day: string): UnitRecord | null {
  return records.find((r) => activeOn(r, day)) ?? null;
}

/**
 * Follows successor links from `start` until active records are reached. Returns the walked
 * records in order and the active ends (several when a unit was split, one after a merger).
 */
export async function walkToNow(
  start: UnitRecord,
  today: string,
  load: (ids: string[]) => Promise<UnitRecord[]>,
): Promise<{ chain: UnitRecord[]; now: UnitRecord[] }> {
  const chain: UnitRecord[] = [start];
  const now: UnitRecord[] = [];
  const seen = new Set<string>([start._id]);
  let frontier = [start];
  for (let depth = 0; frontier.length > 0 && depth < 50; depth++) {
    const next: string[] = [];
    for (const r of frontier) {
      if (r.status === 'active' && activeOn(r, today)) now.push(r);
      else if (r.successorIds.length === 0 && r.status === 'active')
        now.push(r); // not yet valid: still the answer
      else {
        for (const id of r.successorIds) {
          if (seen.has(id)) continue;
          seen.add(id);
          next.push(id);
        }
      }
    }
    frontier = next.length ? await load(next) : [];
    chain.push(...frontier);
  }
  return { chain, now };
}

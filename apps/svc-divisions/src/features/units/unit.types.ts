import type { UnitFacts, UnitKind, UnitLevel, UnitStatus } from '@hebing/contracts';

/** A unit record as stored (one per code validity period). */
export interface UnitRecord {
  _id: string;
  code: string;
  name: string;
  level: UnitLevel;
  kind: UnitKind;
  parentCode: string | null;
  province: string; // 2-digit prefix, for wide-scope statistics
  county: string; // 6-digit prefix
  township: string | null; // 9-digit prefix
  status: UnitStatus;
  validFrom: string;
  validTo: string | null; // exclusive
  predecessorIds: string[];
  successorIds: string[];
  seatAddress: string | null;
  tags: string[];
  facts: UnitFacts[];
  version: number;
  planClaimedAt?: Date | null;
}

/** What statistics need of a unit (a narrow projection keeps the read cheap). */
export type UnitStatsView = Pick<
  UnitRecord,
  | '_id'
  | 'code'
  | 'name'
  | 'level'
  | 'kind'
  | 'validFrom'
  | 'validTo'
  | 'successorIds'
  | 'facts'
  | 'township'
  | 'county'
> & {
  /** How many units this stands for (a digest cell: same township, kind, validity and fact dates; facts summed). Default 1. */
  n?: number;
};

/** Valid on `day`: validFrom ≤ day < validTo. */
export function activeOn(u: Pick<UnitRecord, 'validFrom' | 'validTo'>, day: string): boolean {
  return u.validFrom <= day && (u.validTo === null || day < u.validTo);
}

/** The facts that held on `day`: the latest dated on or before it, else the earliest known. */
export function factsOn(facts: readonly UnitFacts[], day: string): UnitFacts | null {
  let best: UnitFacts | null = null;
  let earliest: UnitFacts | null = null;
  for (const f of facts) {
    if (!earliest || f.asOf < earliest.asOf) earliest = f;
    if (f.asOf <= day && (!best || f.asOf > best.asOf)) best = f;
  }
  return best ?? earliest;
}

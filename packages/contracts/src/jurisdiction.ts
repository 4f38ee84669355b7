import { z } from 'zod';

/**
 * Where a user may act. Division codes are hierarchical prefixes (county 6 digits, township 9,
 * village 12, group = village code + local suffix), so "covers" is a prefix test and a
 * jurisdiction filter is a prefix match on the unit code a record carries.
 */
export const ZJurisdiction = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('all') }),
  z.object({ scope: z.literal('county'), codes: z.array(z.string().regex(/^\d{6}$/)).min(1) }),
  z.object({ scope: z.literal('township'), codes: z.array(z.string().regex(/^\d{9}$/)).min(1) }),
]);
export type Jurisdiction = z.infer<typeof ZJurisdiction>;

export function jurisdictionCovers(j: Jurisdiction, unitCode: string): boolean {
  if (j.scope === 'all') return true;
  // A county-level record (6-digit code) is never covered by a township jurisdiction: a township
  // officer must not see county-wide records.
  return j.codes.some((c) => unitCode.startsWith(c));
}

/** Code prefixes a query must be limited to; null means unrestricted. */
export function jurisdictionPrefixes(j: Jurisdiction): string[] | null {
  return j.scope === 'all' ? null : [...j.codes];
}

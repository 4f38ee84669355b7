import { z } from 'zod';

/** Calendar day, as `YYYY-MM-DD` (string compare is date order; no time zones involved). */
export const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** 12-digit 统计用区划代码, or a villager group's code (village code + 3-digit local suffix). */
export const ZUnitCode = z.string().regex(/^\d{12}(\d{3})?$/, 'expected a 12-digit code (15 for a group)');

/** A code prefix: province 2, prefecture 4, county 6, township 9 digits. */
export const ZScopePrefix = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/);

export const UNIT_LEVELS = ['county', 'township', 'village', 'group'] as const;
export const ZUnitLevel = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof ZUnitLevel>;

/** Merger plans exist for these levels (a county is never merged here). */
export const ZMergeLevel = z.enum(['township', 'village', 'group']);
export type MergeLevel = z.infer<typeof ZMergeLevel>;

/**
 * Kind by code range (DOMAIN.md §0): township 001–099 街道, 100–199 镇, 200–399 乡, 400–599 other;
 * village 001–199 居委会 (community), 200–399 村委会 (village), 400–599 other (牧场/农场 and the like,
 * the national scheme's 类似居委会/村委会 ranges).
 */
export const UNIT_KINDS = [
  'county',
  'subdistrict',
  'town',
  'township',
  'community',
  'village',
  'other',
  'group',
] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof ZUnitKind>;

export const ZUnitStatus = z.enum(['active', 'abolished']);
export type UnitStatus = z.infer<typeof ZUnitStatus>;

export const ZReason = z.string().trim().min(2, 'a reason is required').max(2000);

export function zPaged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A file crossing the API: base64 content (≤ ~5 MB decoded). */
export const ZFileFormat = z.enum(['csv', 'xlsx']);
export const ZFilePayload = z.object({
  fileName: z.string().min(1).max(200),
  mimeType: z.string(),
  contentBase64: z.string(),
});
export type FilePayload = z.infer<typeof ZFilePayload>;

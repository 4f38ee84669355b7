import { canonicalJson, toPlain, type Plain } from './canonical';

export interface FieldDiff {
  before: Record<string, Plain>;
  after: Record<string, Plain>;
}

/** Fields that never say anything about the change itself. */
const NOISE = new Set(['updatedAt', 'updatedBy', '__v']);

/**
 * The minimal before/after pair for an audit record: only top-level fields whose value changed
 * (a field that appears or disappears is reported with `null` on the missing side).
 */
export function diffFields(before: unknown, after: unknown): FieldDiff {
  const b = asObject(toPlain(before));
  const a = asObject(toPlain(after));
  const out: FieldDiff = { before: {}, after: {} };
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (NOISE.has(key)) continue;
    const bv = b[key] ?? null;
    const av = a[key] ?? null;
    if (canonicalJson(bv) !== canonicalJson(av)) {
      out.before[key] = bv;
      out.after[key] = av;
    }
  }
  return out;
}

function asObject(p: Plain | undefined): Record<string, Plain> {
  return p !== null && p !== undefined && typeof p === 'object' && !Array.isArray(p) ? p : {};
}

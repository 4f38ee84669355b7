import { READINESS_ITEMS, type ReadinessItem } from '@hebing/contracts';
import type { Unit } from '../../api/divisions.types';

export interface PolicyCounty {
  code: string; // 6-digit county prefix, what `readiness.policy` takes
  name: string;
}

/**
 * The counties whose policy a user may open: the county-level roots of their jurisdiction. A
 * township officer gets none, since a policy is county-wide and the service refuses them.
 */
export function policyCounties(roots: readonly Pick<Unit, 'code' | 'name' | 'level'>[]): PolicyCounty[] {
  return roots.filter((u) => u.level === 'county').map((u) => ({ code: u.code.slice(0, 6), name: u.name }));
}

/** The required set in the contract's order, so the same set always compares and displays alike. */
export function normalizeRequired(items: Iterable<ReadinessItem>): ReadinessItem[] {
  const set = new Set(items);
  return READINESS_ITEMS.filter((i) => set.has(i));
}

/** What saving the draft would change; nothing to save when both lists are empty. */
export function policyChange(
  saved: readonly ReadinessItem[],
  draft: readonly ReadinessItem[],
): { added: ReadinessItem[]; removed: ReadinessItem[] } {
  return {
    added: normalizeRequired(draft.filter((i) => !saved.includes(i))),
    removed: normalizeRequired(saved.filter((i) => !draft.includes(i))),
  };
}

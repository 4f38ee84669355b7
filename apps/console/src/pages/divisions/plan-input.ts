import type { MergeLevel } from '../../api/divisions.types';
import { normalizeEmpty } from '../../lib/zod-rules';

export interface PlanFormValues {
  title: string;
  level: MergeLevel;
  sourceCodes: string[];
  targetName: string;
  codeMode: 'keep' | 'new';
  keepCodeOf?: string;
  newCode?: string;
  nameOverrideReason?: string;
  seatAddress?: string;
  effectiveDate: string;
  reason: string;
}

/** Builds the contract input from the form; the contract's schema then validates all of it. */
export function toCreateInput(v: PlanFormValues, sourceNames: string[]) {
  const name = v.targetName.trim();
  return {
    title: v.title,
    level: v.level,
    sourceCodes: v.sourceCodes,
    target: {
      codeMode: v.codeMode,
      code: (v.codeMode === 'keep' ? v.keepCodeOf : v.newCode) ?? '',
      name,
      nameOverrideReason: sourceNames.includes(name)
        ? null
        : ((normalizeEmpty(v.nameOverrideReason) as string | undefined) ?? null),
      seatAddress: (normalizeEmpty(v.seatAddress) as string | undefined) ?? null,
    },
    effectiveDate: v.effectiveDate,
    reason: v.reason,
  };
}

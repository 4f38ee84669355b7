import { READINESS_ITEMS, type ReadinessItem, type ReadinessView } from '@hebing/contracts';
import { AppError } from '@hebing/contracts';

export interface ReadinessEntry {
  item: ReadinessItem;
  status: 'open' | 'done';
  detail: string | null;
  updatedAt: Date;
}

/** The read model view: every known item, whether the county requires it, and what blocks `effective`. */
export function readinessView(
  planId: string,
  county: string,
  entries: readonly ReadinessEntry[],
  required: readonly ReadinessItem[],
): ReadinessView {
  const byItem = new Map(entries.map((e) => [e.item, e]));
  const items = READINESS_ITEMS.map((item) => {
    const e = byItem.get(item);
    return {
      item,
      required: required.includes(item),
      status: e ? e.status : ('unreported' as const),
      detail: e?.detail ?? null,
      updatedAt: e ? e.updatedAt.toISOString() : null,
    };
  });
  const blocking = items.filter((i) => i.required && i.status !== 'done').map((i) => i.item);
  return { planId, county, items, blocking };
}

export function assertReady(view: ReadinessView): void {
  if (view.blocking.length === 0) return;
  throw new AppError(
    'PRECONDITION_FAILED',
    `required readiness items still open: ${view.blocking.join(', ')}`,
    {
      rule: 'readiness',
      blocking: view.blocking,
    },
  );
}

import { AppError, jurisdictionCovers, type Jurisdiction } from '@hebing/contracts';

/**
 * An admin limited to some townships may only see and manage users whose whole jurisdiction lies
 * inside theirs; a county-wide admin manages everyone.
 */
export function jurisdictionWithin(inner: Jurisdiction, outer: Jurisdiction): boolean {
  if (outer.scope === 'all') return true;
  if (inner.scope === 'all') return false;
  return inner.codes.every((c) => jurisdictionCovers(outer, c));
}

export function assertManages(caller: Jurisdiction, target: Jurisdiction): void {
  if (!jurisdictionWithin(target, caller)) {
    throw new AppError('OUT_OF_JURISDICTION', 'this user lies outside your jurisdiction');
  }
}

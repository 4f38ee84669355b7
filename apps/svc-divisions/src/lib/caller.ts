import {
  AppError,
  jurisdictionCovers,
  jurisdictionPrefixes,
  type Actor,
  type Jurisdiction,
} from '@hebing/contracts';

/** Who is asking, as domain functions need it (built by the router from the verified token). */
export interface Caller {
  actor: Actor;
  requestId: string;
  jurisdiction: Jurisdiction;
}

export function assertCallerCovers(caller: Caller, code: string): void {
  if (!jurisdictionCovers(caller.jurisdiction, code)) {
    throw new AppError('OUT_OF_JURISDICTION', `unit ${code} is outside your jurisdiction`, { code });
  }
}

/** A Mongo filter limiting `field` (a unit code) to the caller's jurisdiction. */
export function jurisdictionMatch(caller: Caller, field: string): Record<string, unknown> {
  const prefixes = jurisdictionPrefixes(caller.jurisdiction);
  if (prefixes === null) return {};
  return { [field]: { $regex: `^(${prefixes.map((p) => p.replace(/\D/g, '')).join('|')})` } };
}

import { AppError, jurisdictionCovers, jurisdictionPrefixes, type AuthClaims } from '@hebing/contracts';

interface WithAuth {
  auth: AuthClaims | null;
}

function claimsOf(ctx: WithAuth): AuthClaims {
  if (!ctx.auth) throw new AppError('UNAUTHENTICATED', 'missing internal token');
  return ctx.auth;
}

/** Throws OUT_OF_JURISDICTION unless the caller's jurisdiction covers the unit (prefix test). */
export function assertCovers(ctx: WithAuth, unitCode: string): void {
  const auth = claimsOf(ctx);
  if (!jurisdictionCovers(auth.jurisdiction, unitCode)) {
    throw new AppError('OUT_OF_JURISDICTION', `unit ${unitCode} is outside your jurisdiction`, { unitCode });
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A Mongo filter limiting a query to the caller's units: an anchored prefix regex on `field`
 * (which an index on `field` serves), or `{}` for county-wide callers.
 */
export function jurisdictionFilter(ctx: WithAuth, field: string): Record<string, { $regex: string }> {
  const prefixes = jurisdictionPrefixes(claimsOf(ctx).jurisdiction);
  if (prefixes === null) return {};
  return { [field]: { $regex: `^(?:${prefixes.map(escapeRegex).join('|')})` } };
}

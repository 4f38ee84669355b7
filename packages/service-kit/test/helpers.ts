import type { AuthClaims, Jurisdiction, Role } from '@hebing/contracts';
import { signInternalToken } from '../src';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

export function claims(
  roles: Role[],
  jurisdiction: Jurisdiction = { scope: 'all' },
): Omit<AuthClaims, 'iat' | 'exp'> {
  return {
    sub: `id-${roles.join('-')}`,
    username: roles.join('+') || 'nobody',
    displayName: 'Test',
    roles,
    jurisdiction,
    requestId: 'r-1',
  };
}

export function tokenFor(roles: Role[], jurisdiction?: Jurisdiction, secret = SECRET): string {
  return signInternalToken(claims(roles, jurisdiction), secret);
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { ZJurisdiction, ZRole, type Role } from '@hebing/contracts';
import { z } from 'zod';
import { ApiError, authFetch } from './client';
import type { Session } from './types';

// `/auth/me` answers `{ user: {...}, roles, jurisdiction }`; older gateway builds put the user
// fields at the top level. Both are accepted so the console does not break on that detail.
const ZUserFields = z.object({
  id: z.string().optional(),
  _id: z.string().optional(),
  sub: z.string().optional(),
  username: z.string(),
  displayName: z.string().optional(),
  mustChangePassword: z.boolean().optional(),
});
const ZMe = z
  .object({
    user: ZUserFields.optional(),
    roles: z.array(z.string()).optional(),
    jurisdiction: ZJurisdiction.optional(),
  })
  .passthrough();

export function parseMe(body: unknown): Session {
  const me = ZMe.parse(body);
  const flat = ZUserFields.safeParse(body);
  const user = me.user ?? (flat.success ? flat.data : undefined);
  if (!user) throw new ApiError('INTERNAL', 'unexpected /auth/me response', 500);
  const nested = me.user as { roles?: unknown; jurisdiction?: unknown } | undefined;
  const rawRoles = me.roles ?? (Array.isArray(nested?.roles) ? (nested.roles as string[]) : []);
  const roles: Role[] = rawRoles.flatMap((r) => {
    const parsed = ZRole.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
  const jurisdiction = me.jurisdiction ?? ZJurisdiction.parse(nested?.jurisdiction ?? { scope: 'all' });
  return {
    userId: user.id ?? user._id ?? user.sub ?? user.username,
    username: user.username,
    displayName: user.displayName ?? user.username,
    roles,
    jurisdiction,
    mustChangePassword: user.mustChangePassword ?? false,
  };
}

export async function fetchSession(): Promise<Session | null> {
  try {
    return parseMe(await authFetch<unknown>('/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

export async function login(username: string, password: string): Promise<Session> {
  await authFetch<unknown>('/auth/login', { method: 'POST', body: { username, password } });
  const session = await fetchSession();
  if (!session) throw new ApiError('UNAUTHENTICATED', 'session not established', 401);
  return session;
}

export async function logout(): Promise<void> {
  await authFetch<unknown>('/auth/logout', { method: 'POST', body: {} });
}

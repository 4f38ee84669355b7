import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';
import type { Jurisdiction, Role } from '@hebing/contracts';
import { uniqueName } from '@hebing/testing';
import type { Browser } from './harness';

export const PASSWORD = 'correct-horse-42';

/** Creates a user through the real admin API (gateway.users.create) and returns its name and id. */
export async function makeUser(
  admin: Browser,
  roles: Role[],
  jurisdiction: Jurisdiction = { scope: 'all' },
): Promise<{ id: string; username: string }> {
  const username = uniqueName('u').replace(/-/g, '.').slice(0, 32);
  const u = await admin.client().gateway.users.create.mutate({
    username,
    displayName: `User ${username}`,
    roles,
    jurisdiction,
    password: PASSWORD,
  });
  return { id: u.id, username: u.username };
}

/** The tRPC error data of a refused call (fails the test if it was not a tRPC error). */
export function errorData(e: unknown): Record<string, unknown> {
  expect(e).toBeInstanceOf(TRPCClientError);
  return (e as { data?: unknown }).data as Record<string, unknown>;
}

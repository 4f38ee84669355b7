import { randomUUID } from 'node:crypto';
import { AppError, PASSWORD_MIN_LENGTH } from '@hebing/contracts';
import { generateOneTimePassword } from '../auth/password';
import { userModel } from './user.model';
import { createUser, type UsersDeps } from './users.service';

export const FIRST_ADMIN = 'admin';

/**
 * Creates `admin` on first start. With HEBING_ADMIN_PASSWORD it uses that; otherwise it makes a
 * one-time password (returned so main can print it once) that must be changed at first login.
 */
export async function ensureFirstAdmin(
  deps: UsersDeps,
  configured?: string,
): Promise<{ created: false } | { created: true; oneTimePassword?: string }> {
  if (await userModel(deps.conn).exists({ username: FIRST_ADMIN })) return { created: false };
  // Length only: the letter-and-digit rule is for people choosing passwords; a configured one is
  // often machine-generated (the local stack's random base64url may lack a digit).
  if (configured !== undefined && (configured.length < PASSWORD_MIN_LENGTH || configured.length > 128)) {
    throw new AppError('BAD_INPUT', `HEBING_ADMIN_PASSWORD must be ${PASSWORD_MIN_LENGTH}–128 characters`);
  }
  const password = configured ?? generateOneTimePassword();
  await createUser(
    deps,
    {
      actor: { userId: 'system', username: 'system' },
      requestId: randomUUID(),
      jurisdiction: { scope: 'all' },
    },
    {
      username: FIRST_ADMIN,
      displayName: '系统管理员',
      roles: ['admin'],
      jurisdiction: { scope: 'all' },
      password,
    },
    { mustChangePassword: configured === undefined },
  );
  return configured === undefined ? { created: true, oneTimePassword: password } : { created: true };
}

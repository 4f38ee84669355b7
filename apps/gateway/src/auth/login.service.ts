import type { Connection } from 'mongoose';
import { AppError, ZLoginInput, type SessionUser } from '@hebing/contracts';
import { withTransaction, writeAudit } from '@hebing/db';
import type { Clock } from '../clock';
import { anonymousActor, recordAudit } from '../audit';
import { userModel, type UserDoc } from '../users/user.model';
import { toSessionUser } from '../users/user.mapper';
import { dummyPasswordHash, verifyPassword } from './password';
import type { IpLimiter } from './ip-limiter';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;

export interface LoginDeps {
  conn: Connection;
  clock: Clock;
  ipLimiter: IpLimiter;
}

export interface LoginAttempt {
  body: unknown;
  ip: string;
  requestId: string;
}

const BAD_CREDENTIALS = 'invalid username or password';

/**
 * Checks a login attempt and audits it whatever the outcome. Unknown user, wrong password and
 * disabled account all answer the same UNAUTHENTICATED so the response does not tell them apart;
 * the audit record says which it was.
 */
export async function login(deps: LoginDeps, attempt: LoginAttempt): Promise<SessionUser> {
  const parsed = ZLoginInput.safeParse(attempt.body);
  if (!parsed.success) throw new AppError('BAD_INPUT', 'username and password are required');
  const { password } = parsed.data;
  const username = parsed.data.username.trim().toLowerCase();
  const refuse = async (
    reason: string,
    code: 'UNAUTHENTICATED' | 'ACCOUNT_LOCKED' | 'RATE_LIMITED',
    user?: { id: string },
    details?: unknown,
  ) => {
    await recordAudit(deps.conn, {
      actor: user ? { userId: user.id, username } : anonymousActor(username),
      action: 'auth.login.failed',
      entity: { type: 'user', id: user?.id ?? username },
      after: { ip: attempt.ip },
      reason,
      requestId: attempt.requestId,
    });
    const message =
      code === 'UNAUTHENTICATED'
        ? BAD_CREDENTIALS
        : code === 'RATE_LIMITED'
          ? 'too many failed logins from this address; try again later'
          : 'account locked after repeated failed logins; try again later';
    return new AppError(code, message, details);
  };

  if (await deps.ipLimiter.isBlocked(attempt.ip)) throw await refuse('ip_rate_limited', 'RATE_LIMITED');
  const Users = userModel(deps.conn);
  const user = await Users.findOne({ username }).lean<UserDoc & { _id: { toString(): string } }>();
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    await deps.ipLimiter.recordFailure(attempt.ip);
    throw await refuse('unknown_user', 'UNAUTHENTICATED');
  }
  const id = user._id.toString();
  const now = deps.clock.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    throw await refuse('locked', 'ACCOUNT_LOCKED', { id }, { lockedUntil: user.lockedUntil.toISOString() });
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await deps.ipLimiter.recordFailure(attempt.ip);
    const lockedUntil = await countFailure(deps, id, username, attempt);
    if (lockedUntil)
      throw new AppError('ACCOUNT_LOCKED', 'account locked after repeated failed logins; try again later', {
        lockedUntil: lockedUntil.toISOString(),
      });
    throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  if (user.disabled) throw await refuse('disabled', 'UNAUTHENTICATED', { id });
  await withTransaction(deps.conn, async (session) => {
    await Users.updateOne(
      { _id: id },
      { $set: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date(now) } },
      { session },
    );
    await writeAudit(deps.conn, session, {
      actor: { userId: id, username },
      action: 'auth.login.succeeded',
      entity: { type: 'user', id },
      after: { ip: attempt.ip },
      requestId: attempt.requestId,
    });
  });
  return toSessionUser(id, user);
}

/** Counts a wrong password atomically; the fifth in a row locks the account. Returns the lock end. */
async function countFailure(
  deps: LoginDeps,
  id: string,
  username: string,
  attempt: LoginAttempt,
): Promise<Date | null> {
  const Users = userModel(deps.conn);
  return withTransaction(deps.conn, async (session) => {
    const after = await Users.findOneAndUpdate(
      { _id: id },
      { $inc: { failedLogins: 1 } },
      { returnDocument: 'after', session },
    ).lean<UserDoc>();
    const failures = after?.failedLogins ?? 1;
    let lockedUntil: Date | null = null;
    if (failures >= MAX_FAILED_LOGINS) {
      lockedUntil = new Date(deps.clock.now() + LOCK_MS);
      await Users.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil } }, { session });
    }
    await writeAudit(deps.conn, session, {
      actor: { userId: id, username },
      action: lockedUntil ? 'auth.account.locked' : 'auth.login.failed',
      entity: { type: 'user', id },
      after: { ip: attempt.ip, failures, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
      reason: 'wrong_password',
      requestId: attempt.requestId,
    });
    return lockedUntil;
  });
}

import type { Connection } from 'mongoose';
import {
  AppError,
  type Actor,
  type Jurisdiction,
  type SessionInfo,
  type CreateUserInput,
  type UpdateUserInput,
  type UserDto,
  type ZListUsersInput,
} from '@hebing/contracts';
import { withTransaction, writeAudit } from '@hebing/db';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { SessionStore } from '../auth/session.store';
import { hashPassword, verifyPassword } from '../auth/password';
import { userModel, type UserDoc } from './user.model';
import { toSessionUser, toUserDto } from './user.mapper';
import { assertManages, jurisdictionWithin } from './user-scope';

export interface UsersDeps {
  conn: Connection;
  clock: Clock;
  sessions: SessionStore;
}
export interface Caller {
  actor: Actor;
  requestId: string;
  jurisdiction: Jurisdiction; // limits which users the caller may see and manage
}
type Lean = UserDoc & { _id: { toString(): string } };

/** What the audit log keeps of a user: no hash, no counters. */
function snapshot(u: UserDoc): Record<string, unknown> {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    disabled: u.disabled,
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listUsers(
  deps: UsersDeps,
  caller: Caller,
  input: z.infer<typeof ZListUsersInput>,
): Promise<{ items: UserDto[]; total: number }> {
  const Users = userModel(deps.conn);
  const filter: Record<string, unknown> = {};
  if (!input.includeDisabled) filter.disabled = false;
  if (input.q) {
    const re = { $regex: escapeRegex(input.q), $options: 'i' };
    filter.$or = [{ username: re }, { displayName: re }];
  }
  const now = deps.clock.now();
  if (caller.jurisdiction.scope !== 'all') {
    // Few users per county: filter the caller's scope in memory rather than in a nested query.
    const all = await Users.find(filter).sort({ username: 1 }).lean<Lean[]>();
    const mine = all.filter((u) => jurisdictionWithin(u.jurisdiction, caller.jurisdiction));
    const start = (input.page - 1) * input.pageSize;
    return {
      items: mine.slice(start, start + input.pageSize).map((u) => toUserDto(u._id.toString(), u, now)),
      total: mine.length,
    };
  }
  const [rows, total] = await Promise.all([
    Users.find(filter)
      .sort({ username: 1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean<Lean[]>(),
    Users.countDocuments(filter),
  ]);
  return { items: rows.map((u) => toUserDto(u._id.toString(), u, now)), total };
}

export async function createUser(
  deps: UsersDeps,
  caller: Caller,
  input: CreateUserInput,
  opts: { mustChangePassword?: boolean } = {},
): Promise<UserDto> {
  assertManages(caller.jurisdiction, input.jurisdiction);
  const Users = userModel(deps.conn);
  const passwordHash = await hashPassword(input.password);
  if (await Users.exists({ username: input.username }))
    throw new AppError('CONFLICT', `username ${input.username} is taken`);
  const created = await withTransaction(deps.conn, async (session) => {
    const [doc] = await Users.create(
      [
        {
          username: input.username,
          displayName: input.displayName,
          roles: input.roles,
          jurisdiction: input.jurisdiction,
          passwordHash,
          mustChangePassword: opts.mustChangePassword ?? true,
        },
      ],
      { session },
    );
    if (!doc) throw new AppError('INTERNAL', 'user not created');
    const u = doc.toObject() as Lean;
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'user.created',
      entity: { type: 'user', id: u._id.toString() },
      after: snapshot(u),
      requestId: caller.requestId,
    });
    return u;
  });
  return toUserDto(created._id.toString(), created, deps.clock.now());
}

/** Loads, changes and audits one user in a transaction; `change` returns the $set and an audit action. */
async function changeUser(
  deps: UsersDeps,
  caller: Caller,
  id: string,
  change: (u: Lean) => { set: Partial<UserDoc>; action: string; reason?: string },
): Promise<Lean> {
  const Users = userModel(deps.conn);
  return withTransaction(deps.conn, async (session) => {
    const before = await Users.findById(id).session(session).lean<Lean>();
    if (!before) throw new AppError('NOT_FOUND', 'user not found', { id });
    assertManages(caller.jurisdiction, before.jurisdiction);
    const { set, action, reason } = change(before);
    const after = await Users.findOneAndUpdate(
      { _id: id },
      { $set: set, $inc: { __v: 1 } },
      { returnDocument: 'after', session },
    ).lean<Lean>();
    if (!after) throw new AppError('NOT_FOUND', 'user not found', { id });
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action,
      entity: { type: 'user', id },
      before: snapshot(before),
      after: snapshot(after),
      ...(reason ? { reason } : {}),
      requestId: caller.requestId,
    });
    return after;
  });
}

export async function updateUser(deps: UsersDeps, caller: Caller, input: UpdateUserInput): Promise<UserDto> {
  const { id, ...fields } = input;
  const set: Partial<UserDoc> = {};
  if (fields.displayName !== undefined) set.displayName = fields.displayName;
  if (fields.roles !== undefined) set.roles = [...new Set(fields.roles)];
  if (fields.jurisdiction !== undefined) set.jurisdiction = fields.jurisdiction;
  if (set.jurisdiction) assertManages(caller.jurisdiction, set.jurisdiction);
  const after = await changeUser(deps, caller, id, (u) => {
    if (
      u.username === caller.actor.username &&
      set.roles &&
      !set.roles.includes('admin') &&
      u.roles.includes('admin')
    ) {
      throw new AppError('PRECONDITION_FAILED', 'an admin cannot remove their own admin role');
    }
    return { set, action: 'user.updated' };
  });
  // Live sessions carry the user's roles and jurisdiction: update them so an edit bites at once.
  await deps.sessions.updateUser(toSessionUser(id, after));
  return toUserDto(id, after, deps.clock.now());
}

export async function disableUser(
  deps: UsersDeps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<UserDto> {
  const after = await changeUser(deps, caller, id, (u) => {
    if (u.username === caller.actor.username)
      throw new AppError('PRECONDITION_FAILED', 'you cannot disable your own account');
    return { set: { disabled: true }, action: 'user.disabled', reason };
  });
  await deps.sessions.revokeAll(id, 'user_disabled');
  return toUserDto(id, after, deps.clock.now());
}

export async function enableUser(deps: UsersDeps, caller: Caller, id: string): Promise<UserDto> {
  const after = await changeUser(deps, caller, id, () => ({
    set: { disabled: false, failedLogins: 0, lockedUntil: null },
    action: 'user.enabled',
  }));
  return toUserDto(id, after, deps.clock.now());
}

/** An admin sets a new password: the user must change it at next login, and their sessions end. */
export async function resetPassword(
  deps: UsersDeps,
  caller: Caller,
  id: string,
  password: string,
): Promise<UserDto> {
  const passwordHash = await hashPassword(password);
  const after = await changeUser(deps, caller, id, () => ({
    set: { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null },
    action: 'user.password.reset',
  }));
  await deps.sessions.revokeAll(id, 'password_reset');
  return toUserDto(id, after, deps.clock.now());
}

/** The signed-in user changes their own password (required after a reset or a one-time password). */
export async function changeOwnPassword(
  deps: UsersDeps,
  caller: Caller,
  current: string,
  next: string,
): Promise<void> {
  const Users = userModel(deps.conn);
  const user = await Users.findById(caller.actor.userId).lean<Lean>();
  if (!user || !(await verifyPassword(current, user.passwordHash)))
    throw new AppError('UNAUTHENTICATED', 'current password is wrong');
  if (current === next) throw new AppError('BAD_INPUT', 'the new password must differ from the current one');
  const passwordHash = await hashPassword(next);
  const after = await changeUser(deps, caller, caller.actor.userId, () => ({
    set: { passwordHash, mustChangePassword: false },
    action: 'user.password.changed',
  }));
  await deps.sessions.updateUser(toSessionUser(caller.actor.userId, after));
}

/** Ends all of a user's sessions without disabling them (a lost laptop, a suspected leak). */
export async function endSessions(
  deps: UsersDeps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<{ ended: number }> {
  const Users = userModel(deps.conn);
  const user = await Users.findById(id).lean<Lean>();
  if (!user) throw new AppError('NOT_FOUND', 'user not found', { id });
  assertManages(caller.jurisdiction, user.jurisdiction);
  const ended = await deps.sessions.revokeAll(id, 'ended_by_admin');
  await withTransaction(deps.conn, (session) =>
    writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'user.sessions.ended',
      entity: { type: 'user', id },
      after: { ended },
      reason,
      requestId: caller.requestId,
    }),
  );
  return { ended };
}

/** The caller's own live sessions, newest first, by a non-secret handle. */
export async function listOwnSessions(deps: UsersDeps, caller: Caller): Promise<SessionInfo[]> {
  const sessions = await deps.sessions.list(caller.actor.userId);
  return sessions
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((s) => ({
      id: s.key.slice(0, 12),
      createdAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    }));
}

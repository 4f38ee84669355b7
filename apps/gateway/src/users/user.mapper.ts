import type { SessionUser, UserDto } from '@hebing/contracts';
import type { UserDoc } from './user.model';

export function toSessionUser(id: string, u: UserDoc): SessionUser {
  return {
    id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    mustChangePassword: u.mustChangePassword,
  };
}

/** Never includes the password hash or failure counters. */
export function toUserDto(id: string, u: UserDoc, now: number): UserDto {
  return {
    id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > now ? u.lockedUntil.toISOString() : null,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

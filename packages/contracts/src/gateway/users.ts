import { z } from 'zod';
import { ZRole } from '../roles';
import { ZJurisdiction } from '../jurisdiction';

/** Login names: lower-case ASCII so "Admin" and "admin" can never be two accounts. */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'username: 3–32 of a-z 0-9 _ . -, starting with a letter');

/**
 * Minimum password policy: length does most of the work (NIST 800-63B); a letter and a digit
 * stop the worst all-digit choices. The upper bound keeps scrypt input bounded.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const ZPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password: at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(128, 'password: at most 128 characters')
  .refine((p) => /\p{L}/u.test(p) && /\d/.test(p), 'password: needs a letter and a digit');

export const ZUserId = z.string().regex(/^[0-9a-f]{24}$/, 'user id');

export const ZUserDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  jurisdiction: ZJurisdiction,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(), // ISO time, null when not locked
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof ZUserDto>;

export const ZListUsersInput = z.object({
  q: z.string().trim().max(64).optional(), // matches username or display name
  includeDisabled: z.boolean().default(true),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export const ZListUsersOutput = z.object({ items: z.array(ZUserDto), total: z.number().int() });

export const ZCreateUserInput = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1).max(64),
  roles: z.array(ZRole).min(1),
  jurisdiction: ZJurisdiction,
  password: ZPassword,
});
export type CreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZUpdateUserInput = z.object({
  id: ZUserId,
  displayName: z.string().trim().min(1).max(64).optional(),
  roles: z.array(ZRole).min(1).optional(),
  jurisdiction: ZJurisdiction.optional(),
});
export type UpdateUserInput = z.infer<typeof ZUpdateUserInput>;

export const ZDisableUserInput = z.object({ id: ZUserId, reason: z.string().trim().min(1).max(500) });
export const ZEnableUserInput = z.object({ id: ZUserId });
export const ZResetPasswordInput = z.object({ id: ZUserId, password: ZPassword });
export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: ZPassword,
});

/** `POST /auth/login` body. Loose on purpose: a malformed name is just a failed login. */
export const ZLoginInput = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type LoginInput = z.infer<typeof ZLoginInput>;

/** `GET /auth/me` and the login response. */
export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  jurisdiction: ZJurisdiction,
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof ZSessionUser>;

export const ZSessionInfo = z.object({
  id: z.string(), // a short, non-secret handle (hash prefix), never the cookie value
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
export type SessionInfo = z.infer<typeof ZSessionInfo>;
export const ZEndSessionsInput = z.object({ id: ZUserId, reason: z.string().trim().min(1).max(500) });

import { z } from 'zod';

/** Roles a gateway user can hold (DOMAIN.md: who uses each service). */
export const ROLES = [
  'admin',
  'hr_officer', // 组织部门 / 人社: cadre placement
  'service_manager', // 便民服务
  'finance_officer', // 经管站: three assets and debts
  'petition_officer', // 信访
  'leader', // reads everything in jurisdiction, approves
  'auditor', // read-only plus the audit log
] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

/**
 * Permissions are what procedures declare; roles are only bundles of them, so a county can
 * change a bundle without touching code.
 */
export const PERMISSIONS = [
  'users.manage',
  'audit.read',
  'jobs.admin',
  'pii.read', // unmasked ID numbers, phones, addresses (each read is audited)
  'divisions.read',
  'divisions.write',
  'divisions.approve',
  'placement.read',
  'placement.write',
  'placement.approve',
  'continuity.read',
  'continuity.write',
  'assets.read',
  'assets.write',
  'assets.approve',
  'petitions.read',
  'petitions.write',
  'petitions.supervise',
] as const;
export const ZPermission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof ZPermission>;

const READ_ALL: Permission[] = [
  'divisions.read',
  'placement.read',
  'continuity.read',
  'assets.read',
  'petitions.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  hr_officer: ['divisions.read', 'placement.read', 'placement.write', 'pii.read'],
  service_manager: ['divisions.read', 'continuity.read', 'continuity.write'],
  finance_officer: ['divisions.read', 'assets.read', 'assets.write'],
  petition_officer: ['divisions.read', 'petitions.read', 'petitions.write', 'pii.read'],
  leader: [...READ_ALL, 'divisions.approve', 'placement.approve', 'assets.approve', 'petitions.supervise'],
  auditor: [...READ_ALL, 'audit.read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

import { hasPermission, type Permission, type Role } from '@hebing/contracts';

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  permission: Permission | null; // null: every signed-in user
  group: 'home' | 'divisions' | 'admin';
}

/** Navigation and route permissions in one table, so the menu and the guard never disagree. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', path: '/dashboard', labelKey: 'nav.dashboard', permission: null, group: 'home' },
  {
    key: 'units',
    path: '/divisions/units',
    labelKey: 'nav.units',
    permission: 'divisions.read',
    group: 'divisions',
  },
  {
    key: 'plans',
    path: '/divisions/plans',
    labelKey: 'nav.plans',
    permission: 'divisions.read',
    group: 'divisions',
  },
  {
    key: 'readinessPolicy',
    path: '/divisions/readiness-policy',
    labelKey: 'nav.readinessPolicy',
    permission: 'divisions.read',
    group: 'divisions',
  },
  {
    key: 'stats',
    path: '/divisions/stats',
    labelKey: 'nav.stats',
    permission: 'divisions.read',
    group: 'divisions',
  },
  {
    key: 'import',
    path: '/divisions/import',
    labelKey: 'nav.import',
    permission: 'divisions.write',
    group: 'divisions',
  },
  { key: 'users', path: '/system/users', labelKey: 'nav.users', permission: 'users.manage', group: 'admin' },
  { key: 'roles', path: '/system/roles', labelKey: 'nav.roles', permission: 'users.manage', group: 'admin' },
  { key: 'audit', path: '/system/audit', labelKey: 'nav.audit', permission: 'audit.read', group: 'admin' },
];

export function canUse(roles: readonly Role[], permission: Permission | null): boolean {
  return permission === null || hasPermission(roles, permission);
}

export function visibleNav(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => canUse(roles, item.permission));
}

/** The nav entry a location belongs to (longest matching prefix), for highlighting and guarding. */
export function navItemFor(pathname: string): NavItem | undefined {
  return [...NAV_ITEMS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((item) => pathname === item.path || pathname.startsWith(`${item.path}/`));
}

/** Which dashboard a user sees; the first matching role wins. */
export function dashboardKind(roles: readonly Role[]): 'admin' | 'leader' | 'basic' {
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('leader')) return 'leader';
  return 'basic';
}

import { describe, expect, it } from 'vitest';
import { canUse, dashboardKind, navItemFor, visibleNav } from './nav';

describe('navigation by role', () => {
  it('shows a service_manager the divisions pages they may read and no admin pages', () => {
    const keys = visibleNav(['service_manager']).map((i) => i.key);
    expect(keys).toEqual(['dashboard', 'units', 'plans', 'readinessPolicy', 'stats']);
  });

  it('shows an admin every page', () => {
    expect(visibleNav(['admin']).map((i) => i.key)).toEqual([
      'dashboard',
      'units',
      'plans',
      'readinessPolicy',
      'stats',
      'import',
      'users',
      'roles',
      'audit',
    ]);
  });

  it('gives an auditor the audit log but not user management or import', () => {
    const keys = visibleNav(['auditor']).map((i) => i.key);
    expect(keys).toContain('audit');
    expect(keys).not.toContain('users');
    expect(keys).not.toContain('import');
  });

  it('guards nested paths by the entry they belong to', () => {
    expect(navItemFor('/system/users')?.permission).toBe('users.manage');
    expect(navItemFor('/divisions/units/510722109210')?.key).toBe('units');
    expect(navItemFor('/divisions/unitsx')).toBeUndefined();
    expect(navItemFor('/divisions/readiness-policy')?.permission).toBe('divisions.read');
    expect(canUse(['service_manager'], navItemFor('/system/users')?.permission ?? null)).toBe(false);
    expect(canUse(['leader'], navItemFor('/divisions/plans/abc')?.permission ?? null)).toBe(true);
  });

  it('picks the admin dashboard before the leader one', () => {
    expect(dashboardKind(['leader', 'admin'])).toBe('admin');
    expect(dashboardKind(['leader'])).toBe('leader');
    expect(dashboardKind(['hr_officer'])).toBe('basic');
  });
});

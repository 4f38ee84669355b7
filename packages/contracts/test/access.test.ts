import { describe, expect, it } from 'vitest';
import {
  AppError,
  DivisionsEvents,
  ROLES,
  ZJurisdiction,
  hasPermission,
  isAppError,
  jurisdictionCovers,
  jurisdictionPrefixes,
  permissionsOf,
} from '../src';

describe('role permissions', () => {
  it('gives admins every permission and auditors the audit log without write access', () => {
    expect(hasPermission(['admin'], 'users.manage')).toBe(true);
    expect(hasPermission(['auditor'], 'audit.read')).toBe(true);
    expect(hasPermission(['auditor'], 'divisions.write')).toBe(false);
  });

  it('keeps user management away from every role but admin', () => {
    const managers = ROLES.filter((r) => hasPermission([r], 'users.manage'));
    expect(managers).toEqual(['admin']);
  });

  it('unions the permissions of several roles', () => {
    const p = permissionsOf(['service_manager', 'finance_officer']);
    expect(p.has('continuity.write')).toBe(true);
    expect(p.has('assets.write')).toBe(true);
    expect(p.has('placement.write')).toBe(false);
  });
});

describe('jurisdiction', () => {
  const township = ZJurisdiction.parse({ scope: 'township', codes: ['510722109'] });

  it('covers units whose code starts with one of the township codes', () => {
    expect(jurisdictionCovers(township, '510722109210')).toBe(true);
    expect(jurisdictionCovers(township, '510722110201')).toBe(false);
  });

  it('never lets a township officer see a county-level record', () => {
    expect(jurisdictionCovers(township, '510722')).toBe(false);
  });

  it('is unrestricted only for scope all', () => {
    expect(jurisdictionPrefixes({ scope: 'all' })).toBeNull();
    expect(jurisdictionPrefixes(township)).toEqual(['510722109']);
  });

  it('refuses malformed codes', () => {
    expect(ZJurisdiction.safeParse({ scope: 'township', codes: ['5107221'] }).success).toBe(false);
    expect(ZJurisdiction.safeParse({ scope: 'county', codes: [] }).success).toBe(false);
  });
});

describe('AppError and messages', () => {
  it('carries its code and details and is recognised', () => {
    const e = new AppError('QUOTA_EXCEEDED', 'no posts left', { unit: 'x' });
    expect(isAppError(e)).toBe(true);
    expect(e.code).toBe('QUOTA_EXCEEDED');
    expect(e.details).toEqual({ unit: 'x' });
    expect(isAppError(new Error('plain'))).toBe(false);
  });

  it('validates event payloads with the declared schema', () => {
    const ok = DivisionsEvents.mergerEffective.schema.safeParse({
      planId: 'p1',
      level: 'village',
      sourceCodes: ['510722109210'],
      targetCode: '510722109210',
      targetName: '新村',
      effectiveDate: '2020-06-30',
    });
    expect(ok.success).toBe(true);
    const bad = DivisionsEvents.mergerEffective.schema.safeParse({ planId: 'p1', sourceCodes: [] });
    expect(bad.success).toBe(false);
  });
});

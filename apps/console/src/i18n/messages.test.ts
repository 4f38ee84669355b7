import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, PERMISSIONS, PLAN_STATUSES, ROLES, UNIT_KINDS, UNIT_LEVELS } from '@hebing/contracts';
import { describe, expect, it } from 'vitest';
import { PLAN_ACTIONS } from '../pages/divisions/plan-actions.table';
import { NAV_ITEMS } from '../layout/nav';
import { en } from './en';
import { zhCN } from './zh-cn';

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

const zhKeys = new Set(leaves(zhCN));
const enKeys = new Set(leaves(en));

describe('messages', () => {
  it('has the same keys in Chinese and English', () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has a message for every literal key the source uses', () => {
    const src = path.resolve(import.meta.dirname, '..');
    const used = sourceFiles(src).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)].map((m) => m[1] ?? ''),
    );
    expect(used.length).toBeGreaterThan(100);
    expect([...new Set(used)].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has a message for every key built from a contract enumeration', () => {
    const dynamic = [
      ...ROLES.map((r) => `roles.${r}`),
      ...PERMISSIONS.map((p) => `permissions.${p}`),
      ...PLAN_STATUSES.map((s) => `plan.step.${s}`),
      ...UNIT_LEVELS.map((l) => `unit.level.${l}`),
      ...UNIT_KINDS.map((k) => `unit.kind.${k}`),
      ...ERROR_CODES.map((c) => `errors.${c}`),
      ...PLAN_ACTIONS.flatMap((a) => [`plan.action.${a.key}`, `plan.confirm.${a.key}`]),
      ...NAV_ITEMS.map((i) => i.labelKey),
    ];
    expect(dynamic.filter((k) => !zhKeys.has(k))).toEqual([]);
  });
});

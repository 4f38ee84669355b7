import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@hebing/db';
import { digestModel } from '../src/features/stats/stats-digest.model';
import { ADMIN, failure, startCountyStack, type Stack } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startCountyStack();
}, 60_000);
afterAll(() => stack?.stop());

const township = {
  roles: ['hr_officer' as const],
  jurisdiction: { scope: 'township' as const, codes: ['513201101'] },
};

describe('units over HTTP', () => {
  it('lists server-side filtered pages', async () => {
    const c = stack.client();
    const villages = await c.divisions.units.list.query({ level: 'village', page: 1, pageSize: 2 });
    expect(villages.total).toBe(6);
    expect(villages.items.map((u) => u.code)).toEqual(['513201100001', '513201100200']);
    const page3 = await c.divisions.units.list.query({ level: 'village', page: 3, pageSize: 2 });
    expect(page3.items.map((u) => u.code)).toEqual(['513201101201', '513201200200']);
    const q = await c.divisions.units.list.query({ q: '莫拉', page: 1, pageSize: 10 });
    expect(q.items.map((u) => u.name)).toEqual(['莫拉村', '莫拉一组', '莫拉二组']);
    const kids = await c.divisions.units.list.query({ parentCode: '513201101000', page: 1, pageSize: 10 });
    expect(kids.total).toBe(2);
  });

  it("limits lists and reads to the caller's jurisdiction", async () => {
    const c = stack.client(township);
    const all = await c.divisions.units.list.query({ page: 1, pageSize: 50 });
    expect(all.items.every((u) => u.code.startsWith('513201101'))).toBe(true);
    expect(all.total).toBe(5);
    expect(await failure(c.divisions.units.get.query({ code: '513201100200' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'OUT_OF_JURISDICTION',
    });
    const tree = await c.divisions.units.children.query({ parentCode: null });
    expect(tree.map((u) => [u.code, u.childCount])).toEqual([['513201101000', 2]]);
  });

  it('refuses a write without divisions.write and a call without a token', async () => {
    const reader = stack.client({ roles: ['leader'], jurisdiction: { scope: 'all' } });
    const input = { code: '513201100202', name: '新村', validFrom: '2026-01-01', tags: [], reason: '新设' };
    expect(await failure(reader.divisions.units.create.mutate(input))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'FORBIDDEN',
    });
    const res = await fetch(`${stack.url}/divisions.units.list?input=${encodeURIComponent('{}')}`);
    expect(res.status).toBe(401);
  });

  it('creates and updates units with audit records, refusing stale versions', async () => {
    const c = stack.client({ ...ADMIN, username: 'clerk' });
    const u = await c.divisions.units.create.mutate({
      code: '513201100202',
      name: '新村',
      validFrom: '2026-01-01',
      tags: ['central'],
      reason: '新设行政村',
    });
    expect(u).toMatchObject({
      level: 'village',
      kind: 'village',
      parentCode: '513201100000',
      status: 'active',
      version: 0,
    });
    const facts = { asOf: '2026-06-30', population: 500, households: 150, areaKm2: 12.5 };
    const v1 = await c.divisions.units.update.mutate({
      code: u.code,
      expectedVersion: 0,
      facts,
      reason: '年报',
    });
    expect(v1.facts).toEqual([facts]);
    expect(
      await failure(
        c.divisions.units.update.mutate({ code: u.code, expectedVersion: 0, tags: [], reason: '旧版本' }),
      ),
    ).toMatchObject({ appCode: 'CONFLICT' });
    const audit = await listAudit(stack.conn, { entityId: u.id }, { page: 1, pageSize: 10 });
    expect(audit.items.map((a) => [a.action, a.actor.username, a.reason])).toEqual(
      expect.arrayContaining([
        ['unit.created', 'clerk', '新设行政村'],
        ['unit.updated', 'clerk', '年报'],
      ]),
    );
  });

  it('rewrites the statistics digest for a facts update, not for a tags or seat update', async () => {
    const c = stack.client();
    const u = await c.divisions.units.create.mutate({
      code: '513201100203',
      name: '统计村',
      validFrom: '2026-01-01',
      reason: '新设行政村',
    });
    const digest = () => digestModel(stack.conn).findById('513201').lean().exec();
    const before = await digest();
    const facts = { asOf: '2026-06-30', population: 321, households: 90, areaKm2: 4.5 };
    await c.divisions.units.update.mutate({ code: u.code, expectedVersion: 0, facts, reason: '年报' });
    const withFacts = await digest();
    expect(withFacts?.units).not.toBe(before?.units);
    await new Promise((r) => setTimeout(r, 5)); // a rewrite would get a later updatedAt
    await c.divisions.units.update.mutate({
      code: u.code,
      expectedVersion: 1,
      tags: ['remote'],
      seatAddress: '统计村村委会',
      reason: '补充标签和驻地',
    });
    expect(await digest()).toEqual(withFacts);
  });

  it('refuses a bad code, a reused code and a missing parent', async () => {
    const c = stack.client();
    const base = { name: '某村', validFrom: '2026-01-01', tags: [], reason: '测试' };
    expect(await failure(c.divisions.units.create.mutate({ ...base, code: '513201100700' }))).toMatchObject({
      appCode: 'BAD_INPUT',
    });
    expect(await failure(c.divisions.units.create.mutate({ ...base, code: '513201100200' }))).toMatchObject({
      appCode: 'CONFLICT',
    });
    expect(await failure(c.divisions.units.create.mutate({ ...base, code: '513201300200' }))).toMatchObject({
      appCode: 'PRECONDITION_FAILED',
    });
  });

  it('serves the audit log of this service to audit.read holders only', async () => {
    const auditor = stack.client({ roles: ['auditor'], jurisdiction: { scope: 'all' } });
    const page = await auditor.divisions.audit.list.query({ action: 'units.imported' });
    expect(page.items).toHaveLength(1);
    expect(await auditor.divisions.audit.verify.query()).toMatchObject({ ok: true });
    expect(await failure(stack.client(township).divisions.audit.list.query({}))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../src/features/demo/demo.service';
import { computeStats } from '../src/features/stats/stats.service';
import { planModel, type PlanRecord } from '../src/features/plans/plan.model';
import { OPEN_STATUSES } from '../src/features/plans/plans.repo';
import { unitModel } from '../src/features/units/unit.model';
import type { UnitRecord } from '../src/features/units/unit.types';
import { failure, startStack, type Stack } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ today: '2026-11-21', busWorkers: false });
  expect(await loadDemoIfEmpty(stack.deps)).toBe(true);
}, 120_000);
afterAll(() => stack?.stop());

describe('demo county (seed 000) and statistics', () => {
  it('loads once: a second start with data leaves it alone', async () => {
    expect(await loadDemoIfEmpty(stack.deps)).toBe(false);
  });

  it('shows the reduction of 11 of 105 villages, 14 → 13 townships and the planned group merges', async () => {
    const s = await stack.client().divisions.stats.get.query({ scope: '513201' });
    expect(s).toMatchObject({ asOf: '2026-11-21', baseline: '2019-12-31' });
    const row = (level: string, kind: string | null) =>
      s.rows.find((r) => r.level === level && r.kind === kind);
    expect(row('village', 'village')).toMatchObject({ before: 105, after: 94, reduction: 11, ratio: 0.1048 });
    expect(row('village', 'community')).toMatchObject({ before: 3, after: 3 });
    expect(row('village', 'other')).toMatchObject({ before: 1, after: 0 });
    expect(row('township', null)).toMatchObject({ before: 14, after: 13, reduction: 1 });
    expect(row('township', 'town')).toMatchObject({ before: 4, after: 3 });
    expect(row('group', null)).toMatchObject({ before: 237, after: 237, planned: 219 });
    expect(s.plans).toMatchObject({ effective: 12, draft: 5, consultation: 5, vote: 5, approved: 3 });
    const village = row('village', null);
    expect(village?.avgPopulationAfter).toBeGreaterThan(village?.avgPopulationBefore ?? Infinity);
    expect(village?.doubled).toBe(false);
    expect(s.breakdown).toHaveLength(13);
    const sum = s.breakdown.reduce(
      (n, b) => n + (b.rows.find((r) => r.level === 'village' && r.kind === 'village')?.reduction ?? 0),
      0,
    );
    expect(sum).toBe(11);
  });

  it('keeps the statistics digest equal to the unit records through imports and mergers', async () => {
    const units = await unitModel(stack.conn).find({ county: '513201' }).lean<UnitRecord[]>().exec();
    const plans = await planModel(stack.conn).find({ county: '513201' }).lean<PlanRecord[]>().exec();
    const planCounts: Record<string, number> = {};
    for (const p of plans) planCounts[p.status] = (planCounts[p.status] ?? 0) + 1;
    const openPlans = plans
      .filter((p) => OPEN_STATUSES.includes(p.status))
      .map((p) => ({ level: p.level, sourceCodes: p.sourceCodes, targetCode: p.target.code }));
    for (const asOf of ['2020-03-01', '2026-11-21']) {
      const fromRecords = computeStats({
        scope: '513201',
        asOf,
        baseline: '2019-12-31',
        units,
        openPlans,
        planCounts,
      });
      expect(await stack.client().divisions.stats.get.query({ scope: '513201', asOf })).toEqual(fromRecords);
    }
  });

  it('answers what a 卓克基镇 village code was in 2019 and what it is now', async () => {
    const h = await stack
      .client()
      .divisions.history.lookup.query({ code: '513201101203', date: '2019-06-30' });
    expect(h.atDate?.parentCode).toBe('513201101000');
    expect(h.now).toHaveLength(1);
    expect(h.now[0]?.code.startsWith('513201100')).toBe(true);
  });

  it('exports the statistics as XLSX', async () => {
    const file = await stack.client().divisions.stats.export.mutate({ scope: '513201' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const rows: string[] = [];
    wb.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1).join('|')));
    expect(rows[0]).toContain('调整前(2019-12-31)');
    expect(rows.find((r) => r.startsWith('合计 513201|村(社区)|村|'))).toMatch(
      /^合计 513201\|村\(社区\)\|村\|105\|94\|94\|11\|10\.48%\|/,
    );
    expect(rows.filter((r) => r.startsWith('马尔康镇 513201100|'))).toHaveLength(5); // village total, 3 kinds, groups
  });

  it('stores a snapshot with its as-of date, audited, visible within jurisdiction', async () => {
    const c = stack.client({ roles: ['admin'], jurisdiction: { scope: 'all' }, username: 'reporter' });
    const snap = await c.divisions.stats.snapshot.mutate({
      scope: '513201',
      asOf: '2020-12-31',
      reason: '年度总结',
    });
    expect(snap).toMatchObject({
      takenBy: 'reporter',
      stats: { asOf: '2020-12-31', baseline: '2019-12-31' },
    });
    expect((await c.divisions.stats.snapshots.query({ scope: '513201' })).items.map((s) => s.id)).toEqual([
      snap.id,
    ]);
    const officer = stack.client({
      roles: ['leader'],
      jurisdiction: { scope: 'township', codes: ['513201205'] },
    });
    expect((await officer.divisions.stats.snapshots.query({})).total).toBe(0);
    const audit = await c.divisions.audit.list.query({ action: 'stats.snapshot-taken' });
    expect(audit.items.map((a) => [a.entity.id, a.reason])).toEqual([[snap.id, '年度总结']]);
  });

  it('gives a township officer their township only', async () => {
    const officer = stack.client({
      roles: ['leader'],
      jurisdiction: { scope: 'township', codes: ['513201205'] },
    });
    const s = await officer.divisions.stats.get.query({ scope: '513201205' });
    expect(s.rows.find((r) => r.level === 'village' && r.kind === 'village')).toMatchObject({ reduction: 2 });
    expect(await failure(officer.divisions.stats.get.query({ scope: '513201' }))).toMatchObject({
      appCode: 'OUT_OF_JURISDICTION',
    });
  });
});

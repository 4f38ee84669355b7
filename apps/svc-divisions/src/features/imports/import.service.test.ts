import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { UnitRecord } from '../units/unit.types';
import { diffImport, applyPatch } from './import-diff.service';
import { parseCsv, parseXlsx } from './import-parse.service';
import { validateTable, type ValidateContext } from './import-validate.service';
import { tableToCsv, tableToXlsx, unitsToTable } from './export.service';

const ctx: ValidateContext = {
  county: '513201',
  today: '2026-11-21',
  activeCodes: new Set(['513201000000']),
  retiredCodes: new Set(['513201101000']),
};
const csv = (s: string) => Buffer.from(s, 'utf8');

describe('import validation', () => {
  it('reads a valid CSV with Chinese headers and derives level and parent', () => {
    const t = parseCsv(
      csv(
        '\uFEFF代码,名称,人口,户数,面积(平方公里),统计日期,标签\n513201100000,马尔康镇,12000,4000,300.5,2019-12-31,central;historic\n513201100201,西索村,800,260,12,2019-12-31,\n',
      ),
    );
    const { rows, errors } = validateTable(t, ctx);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      level: 'township',
      kind: 'town',
      parentCode: '513201000000',
      tags: ['central', 'historic'],
      facts: { population: 12000, areaKm2: 300.5 },
    });
    expect(rows[1]).toMatchObject({ level: 'village', parentCode: '513201100000', line: 3 });
  });

  it('reports every bad row with line, column and reason, and returns no rows', () => {
    const t = parseCsv(
      csv(
        [
          'code,name,population,households,area_km2,as_of',
          '513201100000,马尔康镇,,,,', // ok
          '51320110020,短码村,,,,', // line 3: bad code
          '513202100201,外县村,,,,', // line 4: other county
          '513201100202,,,,,', // line 5: empty name
          '513201100203,某村,-5,10,1,2020-01-01', // line 6: negative population
          '513201100000,马尔康镇,,,,', // line 7: duplicate
          '513201300201,孤村,,,,', // line 8: parent missing
          '513201101000,卓克基镇,,,,', // line 9: retired code
          '513201100204,某社区,,,,', // line 10: 社区 in the 村 range
        ].join('\n'),
      ),
    );
    const { rows, errors } = validateTable(t, ctx);
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, '代码'],
      [4, '代码'],
      [5, '名称'],
      [6, '人口'],
      [7, '代码'],
      [8, '代码'],
      [9, '代码'],
      [10, '名称'],
    ]);
    expect(errors.find((e) => e.line === 7)?.reason).toBe('duplicate of line 2');
  });

  it('refuses an unknown or missing column before reading rows', () => {
    const { errors } = validateTable(parseCsv(csv('代码,名字\n513201100000,马尔康镇\n')), ctx);
    expect(errors).toEqual([
      { line: 1, column: '名字', reason: 'unknown column' },
      { line: 1, column: '名称', reason: 'required column missing' },
    ]);
  });

  it('reads XLSX with the sheet row as the line', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['代码', '名称', '人口', '户数', '面积(平方公里)', '统计日期']);
    ws.addRow(['513201100000', '马尔康镇', 100, 30, 2.5, '2020-01-01']);
    ws.addRow(['513201100299x', '坏村', 1, 1, 1, '2020-01-01']);
    const t = await parseXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    const { errors } = validateTable(t, ctx);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[3, '代码']]);
    expect(errors[0]?.reason).toContain('12 digits');
  });
});

describe('diff and export round trip', () => {
  const unit: UnitRecord = {
    _id: 'a',
    code: '513201100000',
    name: '马尔康镇',
    level: 'township',
    kind: 'town',
    parentCode: '513201000000',
    province: '51',
    county: '513201',
    township: '513201100',
    status: 'active',
    validFrom: '2000-01-01',
    validTo: null,
    predecessorIds: [],
    successorIds: [],
    seatAddress: '马江街65号',
    tags: ['central'],
    version: 0,
    facts: [{ asOf: '2019-12-31', population: 12000, households: 4000, areaKm2: 300.5 }],
  };

  it('exports a table that re-imports as unchanged, in both formats', async () => {
    const table = unitsToTable([unit], '2020-01-01');
    const c = tableToCsv(table, 'u.csv');
    const x = await tableToXlsx(table, 'u.xlsx');
    for (const t of [
      parseCsv(Buffer.from(c.contentBase64, 'base64')),
      await parseXlsx(Buffer.from(x.contentBase64, 'base64')),
    ]) {
      const { rows, errors } = validateTable(t, ctx);
      expect(errors).toEqual([]);
      expect(diffImport(rows, new Map([[unit.code, unit]]))).toMatchObject({
        creates: [],
        updates: [],
        unchanged: 1,
      });
    }
  });

  it('detects a changed fact and adds it beside the older one', () => {
    const t = parseCsv(
      csv(
        '代码,名称,人口,户数,面积(平方公里),统计日期,驻地,标签\n513201100000,马尔康镇,13000,4100,300.5,2020-12-31,马江街65号,central\n',
      ),
    );
    const d = diffImport(validateTable(t, ctx).rows, new Map([[unit.code, unit]]));
    expect(d.updates).toHaveLength(1);
    const next = applyPatch(unit, d.updates[0]!.patch);
    expect(next.facts.map((f) => f.asOf)).toEqual(['2019-12-31', '2020-12-31']);
  });
});

import type { HebingClient } from '@hebing/api-client';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { adminClient, freeVillageCodes } from './api';
import { adminBrowserPerSuite, screenshot, stackUrl } from './browser';
import { importFile, type Upload } from './ui';

const HEADER = ['代码', '名称', '人口', '户数', '面积(平方公里)', '统计日期', '设立日期'];

/** A workbook built the way svc-divisions' own tests build one (exceljs), numbers as numbers. */
async function xlsx(rows: (string | number)[][]): Promise<Upload> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('区划');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return {
    name: `e2e-${Date.now()}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}

describe('divisions: XLSX import', () => {
  let api: HebingClient;
  let codes: [string, string];
  const names = ['表格甲村', '表格乙村'] as const;

  const session = adminBrowserPerSuite(async () => {
    api = await adminClient();
    ({ codes } = await freeVillageCodes(api));
  });

  it('refuses a workbook with a bad row, reporting its sheet row, column and reason, and imports nothing', async () => {
    const p = session().page;
    await importFile(
      p,
      await xlsx([
        [codes[0], names[0], 820, 260, 3.1, '2026-01-01', '2020-01-01'],
        ['12345', '坏代码村', 10, 5, 1, '2026-01-01', '2020-01-01'],
      ]),
      '按表格核对区划数据',
    );
    const errors = p.getByTestId('import-errors');
    await errors.waitFor();
    const rows = errors.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3'); // the sheet row: the header is row 1
    expect(cells[1]).toBe('代码');
    expect(cells[2]?.length ?? 0).toBeGreaterThan(0);
    expect(await p.getByTestId('import-failed').innerText()).toMatch(/文件未导入/);
    await screenshot(p, 'import-xlsx-errors');
    // The good row of the refused file did not go in either.
    await expect(api.divisions.units.get.query({ code: codes[0] })).rejects.toThrow();
  });

  it('imports a good workbook with progress to done, and the villages appear in the registry', async () => {
    const p = session().page;
    await importFile(
      p,
      await xlsx([
        [codes[0], names[0], 820, 260, 3.1, '2026-01-01', '2020-01-01'],
        [codes[1], names[1], 640, 190, 2.4, '2026-01-01', '2020-01-01'],
      ]),
      '按表格新增两个村',
    );
    const result = p.getByTestId('import-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/新增\s*2/);
    expect(await p.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await p.getByTestId('import-errors').count()).toBe(0);
    await screenshot(p, 'import-xlsx-done');

    await p.goto(stackUrl('/divisions/units'));
    for (const [i, name] of names.entries()) {
      await p.getByTestId('unit-search').locator('input').fill(name);
      await p.keyboard.press('Enter');
      await p
        .getByTestId('units-table')
        .getByText(codes[i] ?? '')
        .waitFor();
    }
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_COUNTY_CSV, b64, failure, startStack, waitFor, type Stack } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ today: '2026-11-21' });
}, 60_000);
afterAll(() => stack?.stop());

async function importFile(content: string | Buffer, format: 'csv' | 'xlsx' = 'csv', user = stack.client()) {
  const contentBase64 = typeof content === 'string' ? b64(content) : content.toString('base64');
  const job = await user.divisions.imports.start.mutate({
    county: '513201',
    format,
    fileName: `f.${format}`,
    contentBase64,
    reason: '导入',
  });
  expect(job.status).toBe('queued');
  const seen = new Set<number>();
  const done = await waitFor(async () => {
    const j = await user.divisions.imports.get.query({ id: job.id });
    seen.add(j.progress);
    return j.status === 'done' || j.status === 'failed' ? j : null;
  }, 'import job');
  return { done, seen };
}

const count = async () => (await stack.client().divisions.units.list.query({ page: 1, pageSize: 1 })).total;

describe('import and export over HTTP (bus worker)', () => {
  it('refuses a file with bad rows as a whole, reporting line, column and reason', async () => {
    const bad = `${SMALL_COUNTY_CSV}\n513201100299,坏社区,1,1,1,2019-12-31,,,\n513201100202,,1,1,1,2019-12-31,,,`;
    const { done } = await importFile(bad);
    expect(done.status).toBe('failed');
    expect(done.errors.map((e) => [e.line, e.column])).toEqual([
      [14, '名称'],
      [15, '名称'],
    ]);
    expect(done.errors[0]?.reason).toContain('社区');
    expect(done.errors[1]?.reason).toBe('name is empty');
    expect(await count()).toBe(0);
  });

  it('imports a file, reports progress, and a second import of it changes nothing', async () => {
    const first = await importFile(SMALL_COUNTY_CSV);
    expect(first.done).toMatchObject({
      status: 'done',
      progress: 100,
      rows: 12,
      summary: { created: 12, updated: 0, unchanged: 0 },
    });
    const auditBefore = (await stack.client().divisions.audit.list.query({})).total;
    const again = await importFile(SMALL_COUNTY_CSV);
    expect(again.done.summary).toEqual({ created: 0, updated: 0, unchanged: 12 });
    const stored = await stack.conn.collection('import_jobs').findOne({ _id: again.done.id as never });
    expect(stored?.sha256).toBe(first.done.sha256);
    expect(Buffer.from((stored?.content as { buffer: Uint8Array }).buffer).length).toBe(0);
    expect(await count()).toBe(12);
    expect((await stack.client().divisions.audit.list.query({})).total).toBe(auditBefore);
  });

  it('exports CSV and XLSX that re-import unchanged; an edited XLSX updates only what changed', async () => {
    const c = stack.client();
    const csv = await c.divisions.imports.export.mutate({ county: '513201', format: 'csv' });
    expect(Buffer.from(csv.contentBase64, 'base64').toString('utf8')).toContain(
      '513201101200002,莫拉二组,group',
    );
    expect((await importFile(Buffer.from(csv.contentBase64, 'base64'))).done.summary).toEqual({
      created: 0,
      updated: 0,
      unchanged: 12,
    });
    const xlsx = await c.divisions.imports.export.mutate({ county: '513201', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet in the export');
    ws.getRow(2).getCell(10).value = '马尔康市达萨街1号';
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const { done } = await importFile(edited, 'xlsx');
    expect(done.summary).toEqual({ created: 0, updated: 1, unchanged: 11 });
    expect((await c.divisions.units.get.query({ code: '513201000000' })).unit.seatAddress).toBe(
      '马尔康市达萨街1号',
    );
  });

  it('accepts a file above the general 1 MB body limit on the import route only', async () => {
    const filler = Array.from(
      { length: 40_000 },
      (_, i) => `513201100${String(200 + (i % 100)).padStart(3, '0')},重复村${i},1,1,1,2019-12-31,,,`,
    ).join('\n');
    const big = `${SMALL_COUNTY_CSV}\n${filler}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const { done } = await importFile(big);
    // Duplicates are reported per row (the file made it through the body limit and was read whole).
    expect(done.status).toBe('failed');
    expect(done.errors).toHaveLength(1000);
    expect(done.message).toMatch(/^\d{5} problem\(s\) \(first 1000 listed\); nothing was imported$/);
    const tooBigForOthers = await failure(
      stack.client().divisions.units.create.mutate({
        code: '513201100299',
        name: 'x'.repeat(1_100_000),
        validFrom: '2020-01-01',
        tags: [],
        reason: '大',
      }),
    );
    expect(tooBigForOthers.code).toBe('PAYLOAD_TOO_LARGE');
  }, 60_000);

  it("refuses rows outside an importing township officer's jurisdiction", async () => {
    const officer = stack.client({
      roles: ['admin'],
      jurisdiction: { scope: 'township', codes: ['513201200'] },
    });
    const rows = `代码,名称\n513201200201,新马塘村\n513201100204,外乡村`;
    const { done } = await importFile(rows, 'csv', officer);
    expect(done.errors).toEqual([{ line: 3, column: '代码', reason: 'outside your jurisdiction' }]);
    const other = stack.client({ roles: ['admin'], jurisdiction: { scope: 'county', codes: ['510722'] } });
    expect(await failure(importFile(rows, 'csv', other))).toMatchObject({ appCode: 'OUT_OF_JURISDICTION' });
  });
});

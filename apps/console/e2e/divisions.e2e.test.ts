import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminClient, freeVillageCodes, today } from './api';
import { adminBrowserPerSuite, screenshot, stackUrl } from './browser';
import { confirmDialog, dialog, importFile, pick, stepAction, waitForDialogToClose, type Upload } from './ui';

const HEADER = '代码,名称,人口,户数,面积(平方公里),统计日期,设立日期';

function csv(rows: string[]): Upload {
  return {
    name: `e2e-${Date.now()}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${[HEADER, ...rows].join('\n')}\n`, 'utf8'),
  };
}

/** "调整前 109 → 调整后 99" on the village card of the statistics page. */
async function villagesAfter(page: Page): Promise<number> {
  await page.goto(stackUrl('/divisions/stats'));
  const text = await page.getByTestId('reduction-village').innerText();
  const m = /调整后\s*(\d+)/.exec(text);
  if (!m?.[1]) throw new Error(`no "after" figure in ${text}`);
  return Number(m[1]);
}

describe('divisions: import, merger plan, statistics', () => {
  let codes: [string, string];
  const names = ['测试甲村', '测试乙村'] as const;
  let afterImport = 0;
  const session = adminBrowserPerSuite(async () => {
    ({ codes } = await freeVillageCodes(await adminClient()));
  });

  it('refuses a file with bad rows and lists each error with its line', async () => {
    await importFile(
      session().page,
      csv([
        `${codes[0]},${names[0]},820,260,3.1,2026-01-01,2020-01-01`,
        `12345,坏代码村,10,5,1,2026-01-01,2020-01-01`,
        `${codes[1]},${names[1]},-4,2,1,2026-01-01,2020-01-01`,
      ]),
      '年度区划数据核对',
    );
    const errors = session().page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('3'); // line of the bad code (header is line 1)
    expect(text).toContain('4'); // line of the negative population
    expect(await session().page.getByTestId('import-failed').innerText()).toMatch(/文件未导入/);
    await screenshot(session().page, 'import-errors');
  });

  it('imports new villages with a progress bar, and a re-import changes nothing', async () => {
    const file = csv([
      `${codes[0]},${names[0]},820,260,3.1,2026-01-01,2020-01-01`,
      `${codes[1]},${names[1]},640,190,2.4,2026-01-01,2020-01-01`,
    ]);
    await importFile(session().page, file, '新增两个村的区划数据');
    const result = session().page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/新增\s*2/);
    expect(await session().page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(session().page, 'import-done');

    await importFile(session().page, { ...file, name: `again-${file.name}` }, '重复导入核对');
    await session().page.getByTestId('import-result').waitFor();
    expect(await session().page.getByTestId('import-result').innerText()).toMatch(/未变\s*2/);

    await session().page.goto(stackUrl('/divisions/units'));
    await session().page.getByTestId('unit-search').locator('input').fill(names[0]);
    await session().page.keyboard.press('Enter');
    await session().page.getByTestId('units-table').getByText(codes[0]).waitFor();
    afterImport = await villagesAfter(session().page);
  });

  it('narrows the unit table to a branch of the tree', async () => {
    const p = session().page;
    await p.goto(stackUrl('/divisions/units'));
    const tree = p.getByTestId('unit-tree');
    await tree.locator('.ant-tree-switcher').first().click(); // open the county
    await tree.locator('.ant-tree-treenode').nth(1).locator('.ant-tree-title').click(); // its first township
    await p.locator('.ant-tag', { hasText: '下级：' }).waitFor();
    const rows = p.getByTestId('units-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const codes = await rows.locator('td:first-child').allInnerTexts();
    const tag = await p.locator('.ant-tag', { hasText: '下级：' }).innerText();
    const parent = /下级：(\d+)/.exec(tag)?.[1] ?? '';
    expect(parent).toMatch(/^\d{12}$/);
    expect(codes.every((c) => c.startsWith(parent.slice(0, 9)))).toBe(true);
    await screenshot(p, 'units-tree');
  });

  it('exports the registry as CSV with the imported villages in it', async () => {
    await session().page.goto(stackUrl('/divisions/units'));
    const [download] = await Promise.all([
      session().page.waitForEvent('download'),
      session()
        .page.getByRole('button', { name: /导出 CSV/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain(codes[0]);
    expect(text).toContain(names[1]);
  });

  it('creates a merger plan for the two villages', async () => {
    await session().page.goto(stackUrl('/divisions/plans'));
    await session().page.getByTestId('plan-create').click();
    const d = dialog(session().page);
    await d.locator('#plan-title').fill(`${names[0]}、${names[1]}合并`);
    await pick(session().page, 'plan-sources', codes[0], names[0]);
    await pick(session().page, 'plan-sources', codes[1], names[1]);
    await session().page.keyboard.press('Escape');
    await d.locator('#plan-target-name').fill(names[0]);
    await pick(session().page, 'plan-keep-code', codes[0]);
    await d.locator('#plan-effective-date').fill(today());
    await d.locator('#plan-reason').fill('两村规模过小，合并便于管理和服务');
    await screenshot(session().page, 'plan-create');
    await confirmDialog(session().page);
    await session().page.waitForURL(/\/divisions\/plans\/[^/]+$/);
    await session().page.getByTestId('plan-steps').waitFor();
    expect(await session().page.getByTestId('action-startConsultation').isVisible()).toBe(true);
  });

  it('walks the plan through consultation and vote, refusing a vote without quorum', async () => {
    const p = session().page;
    await stepAction(p, 'startConsultation', '方案已拟定，启动征求意见');
    await p.getByTestId('action-addConsultation').waitFor();
    await stepAction(p, 'addConsultation', '座谈会记录', async () => {
      await pick(p, 'consultation-kind', '座谈会');
      await dialog(p).locator('#consultation-date').fill(today());
      await dialog(p).locator('#consultation-note').fill('召开两村群众代表座谈会，无异议');
    });
    await waitForDialogToClose(p);
    await stepAction(p, 'openVote', '征求意见完成，提交村民会议表决');
    await p.getByTestId('action-recordVote').waitFor();

    const fillVote = (present: number, forVotes: number) => async () => {
      const d = dialog(p);
      await d.locator('#vote-members').fill('30');
      await d.locator('#vote-present').fill(String(present));
      await d.locator('#vote-for').fill(String(forVotes));
      await d.locator('#vote-against').fill('0');
      await d.locator('#vote-date').fill(today());
    };
    await stepAction(p, 'recordVote', '村民会议表决', fillVote(15, 15));
    const refusal = dialog(p).getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/不满足办理条件.*quorum/);
    await screenshot(p, 'vote-refused');

    await fillVote(25, 20)();
    await confirmDialog(p);
    await waitForDialogToClose(p);
    await p.getByTestId('vote-result').filter({ hasText: '25' }).waitFor();
  });

  it('approves the plan and makes it effective, and the statistics show one village fewer', async () => {
    const p = session().page;
    await stepAction(p, 'approve', '县人民政府批复同意');
    await p.getByTestId('action-makeEffective').waitFor();
    await stepAction(p, 'makeEffective', '批复已下达，宣布生效');
    await waitForDialogToClose(p);
    await p.locator('.ant-tag', { hasText: '已生效' }).first().waitFor();
    await screenshot(p, 'plan-effective');

    expect(await villagesAfter(p)).toBe(afterImport - 1);
    await p.getByTestId('chart-count').locator('canvas').waitFor();
    await screenshot(p, 'stats-after-merger');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('stats-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK'); // a zip, as XLSX is

    await p.goto(stackUrl(`/divisions/units/${codes[1]}`));
    await p.getByTestId('successor-chain').waitFor();
    expect(await p.getByText('已撤销').count()).toBeGreaterThan(0);
    await screenshot(p, 'unit-history');
  });
});

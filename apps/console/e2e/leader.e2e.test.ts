import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './api';
import { loginNewAccount, openBrowser, screenshot, screenshotAfter, stackUrl, type Session } from './browser';

describe('leader', () => {
  let s: Session;
  const username = `leader${Date.now().toString(36)}`;
  const password = 'Leader-pass-2026';

  beforeAll(async () => {
    const api = await adminClient();
    const [county] = await api.divisions.units.children.query({ parentCode: null });
    if (!county) throw new Error('no county loaded');
    await api.gateway.users.create.mutate({
      username,
      displayName: '县领导',
      password,
      roles: ['leader'],
      jurisdiction: { scope: 'county', codes: [county.code.slice(0, 6)] },
    });
    s = await openBrowser();
    await loginNewAccount(s.page, username, password);
  });
  afterEach(async (ctx) => {
    await screenshotAfter(s?.page, ctx.task);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sees the reform progress dashboard and only the pages a leader may use', async () => {
    const p = s.page;
    await p.goto(stackUrl('/dashboard'));
    await p.getByText('改革进度总览').waitFor();
    await p.getByTestId('reduction-village').waitFor();
    await p.getByTestId('chart-plans-by-step').locator('canvas').waitFor();
    const nav = p.getByTestId('nav');
    expect(await nav.getByText('合并方案', { exact: true }).count()).toBe(1);
    expect(await nav.getByText('区划导入', { exact: true }).count()).toBe(0);
    expect(await nav.getByText('用户管理', { exact: true }).count()).toBe(0);
    await screenshot(p, 'dashboard-leader');
  });

  it('may approve a voted plan but not record votes or withdraw it', async () => {
    const p = s.page;
    await p.goto(stackUrl('/divisions/plans'));
    await p.getByLabel('状态').click();
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '表决' }).click();
    await p.getByTestId('plans-table').locator('tbody a').first().click();
    await p.getByTestId('action-approve').waitFor();
    expect(await p.getByTestId('action-recordVote').count()).toBe(0);
    expect(await p.getByTestId('action-withdraw').count()).toBe(0);
    await screenshot(p, 'plan-leader');
  });
});

import { describe, expect, it } from 'vitest';
import { adminBrowserPerSuite, screenshot, stackUrl } from './browser';

describe('audit log', () => {
  const session = adminBrowserPerSuite();

  it('lists sign-ins, filters by actor and verifies the hash chain', async () => {
    const p = session().page;
    await p.goto(stackUrl('/system/audit'));
    const table = p.getByTestId('audit-table');
    await table.getByText('auth.login.succeeded').first().waitFor();
    await p.locator('#audit-actor').fill('nobody-by-this-name');
    await p.keyboard.press('Enter');
    await table.getByText('暂无数据').waitFor();
    await p.locator('#audit-actor').fill('admin');
    await p.keyboard.press('Enter');
    await table.getByText('auth.login.succeeded').first().waitFor();

    // Entity and time filters: every row is about a user; nothing is dated tomorrow.
    await p.locator('#audit-entity-type').fill('user');
    await p.keyboard.press('Enter');
    await table.getByText('auth.login.succeeded').first().waitFor();
    const entities = await table.locator('tbody tr.ant-table-row td:nth-child(6)').allInnerTexts();
    expect(entities.length).toBeGreaterThan(0);
    expect(entities.every((e) => e.startsWith('user '))).toBe(true);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await p.locator('#audit-from').fill(tomorrow);
    await p.keyboard.press('Enter');
    await table.getByText('暂无数据').waitFor();

    await p.getByTestId('audit-verify').click();
    const result = p.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/校验通过：\d+ 条记录完整/);
    await screenshot(p, 'audit');
  });

  it("reads and verifies the divisions service's own log", async () => {
    const p = session().page;
    await p.goto(stackUrl('/system/audit'));
    await p.getByText('区划服务', { exact: true }).click();
    await p.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    await p.getByTestId('audit-verify').click();
    expect(await p.getByTestId('audit-verify-result').innerText()).toMatch(/校验通过/);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  loginAsAdmin,
  loginNewAccount,
  openBrowser,
  screenshot,
  screenshotAfter,
  stackUrl,
  type Session,
} from './browser';
import { confirmDialog, dialog, pick, waitForDialogToClose } from './ui';

describe('permissions', () => {
  let admin: Session;
  let manager: Session | undefined;
  const username = `svc${Date.now().toString(36)}`;
  const password = 'Service-pass-2026';

  beforeAll(async () => {
    admin = await openBrowser();
    await loginAsAdmin(admin.page);
  });
  afterEach(async (ctx) => {
    await screenshotAfter(manager?.page ?? admin?.page, ctx.task);
  });
  afterAll(async () => {
    await manager?.close();
    await admin?.close();
  });

  it('lets an admin create a service_manager in user management', async () => {
    const p = admin.page;
    await p.goto(stackUrl('/system/users'));
    await p.getByTestId('user-create').click();
    const d = dialog(p);
    await d.locator('#user-username').fill(username);
    await d.locator('#user-display-name').fill('便民服务员');
    await d.locator('#user-password').fill('short');
    await pick(p, 'user-roles', '便民服务管理员');
    await p.keyboard.press('Escape');
    await confirmDialog(p);
    // The contract's password rule is enforced in the form before anything is sent.
    await d.getByText(/at least 10 characters/).waitFor();
    await d.locator('#user-password').fill(password);
    await confirmDialog(p);
    await waitForDialogToClose(p);
    await p.getByTestId('users-table').getByText(username).waitFor();
    await screenshot(p, 'users');
  });

  it('keeps user management out of a service_manager’s navigation and explains a direct visit', async () => {
    manager = await openBrowser();
    const p = manager.page;
    await loginNewAccount(p, username, password);
    const nav = p.getByTestId('nav');
    await nav.getByText('行政区划', { exact: true }).waitFor();
    expect(await nav.getByText('用户管理', { exact: true }).count()).toBe(0);
    expect(await nav.getByText('审计日志', { exact: true }).count()).toBe(0);
    expect(await nav.getByText('区划导入', { exact: true }).count()).toBe(0);

    await p.goto(stackUrl('/system/users'));
    const forbidden = p.locator('.ant-result-403');
    await forbidden.waitFor();
    const text = await forbidden.innerText();
    expect(text).toContain('无权访问');
    expect(text).toContain('用户管理');
    expect(await p.getByTestId('users-table').count()).toBe(0);
    await screenshot(p, 'forbidden-user-management');
  });

  it('does not offer plan actions to a service_manager', async () => {
    const p = manager?.page;
    if (!p) throw new Error('previous test did not sign the manager in');
    await p.goto(stackUrl('/divisions/plans'));
    await p.getByTestId('plans-table').locator('a').first().click();
    await p.getByTestId('plan-steps').waitFor();
    expect(await p.locator('[data-testid^="action-"]').count()).toBe(0);
    expect(await p.getByTestId('plan-create').count()).toBe(0);
  });
});

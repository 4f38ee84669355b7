import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  login,
  loginAsAdmin,
  openBrowser,
  screenshot,
  screenshotAfter,
  stackUrl,
  type Session,
} from './browser';

describe('login', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterEach(async (ctx) => {
    await screenshotAfter(s?.page, ctx.task);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a wrong password with a message on the login page', async () => {
    await login(s.page, 'admin', 'wrong-password-123');
    const error = s.page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/用户名或密码错误|未登录|错误/);
    expect(new URL(s.page.url()).pathname).toBe('/login');
    await screenshot(s.page, 'login-refused');
  });

  it('signs the admin in to the dashboard with every admin page in the navigation, by keyboard alone', async () => {
    await s.page.goto(stackUrl('/login'));
    await s.page.locator('#login-username:focus').waitFor(); // the form starts focused
    await s.page.keyboard.type('admin');
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.type(inject('adminPassword'));
    await s.page.keyboard.press('Enter');
    await s.page.getByTestId('current-user').waitFor();
    await s.page.waitForURL(/\/dashboard$/);
    const nav = s.page.getByTestId('nav');
    for (const label of [
      '工作台',
      '行政区划',
      '合并方案',
      '改革统计',
      '区划导入',
      '用户管理',
      '角色权限',
      '审计日志',
    ]) {
      await expect(nav.getByText(label, { exact: true }).count()).resolves.toBe(1);
    }
    await s.page.getByText('管理员工作台').waitFor();
    await s.page.getByTestId('reduction-village').waitFor();
    await s.page.getByTestId('chart-plans-by-step').locator('canvas').waitFor();
    await screenshot(s.page, 'dashboard-admin');
  });

  it('switches the whole console to English and keeps it after a reload', async () => {
    await s.page.getByTestId('lang-switch').click();
    await s.page.getByRole('menuitem', { name: 'English' }).click();
    await s.page.getByTestId('nav').getByText('Users', { exact: true }).waitFor();
    await s.page.reload();
    await s.page.getByTestId('nav').getByText('Audit log', { exact: true }).waitFor();
    expect(await s.page.getByTestId('reduction-village').innerText()).toMatch(/Before \d+ → after \d+/);
    await screenshot(s.page, 'dashboard-admin-en');
    await s.page.getByTestId('lang-switch').click();
    await s.page.getByRole('menuitem', { name: '简体中文' }).click();
    await s.page.getByTestId('nav').getByText('用户管理', { exact: true }).waitFor();
  });

  it('sends the user to the login page when the session ends under them', async () => {
    await s.page.goto(stackUrl('/dashboard'));
    await s.page.getByTestId('reduction-village').waitFor();
    await s.context.clearCookies(); // as if the session had timed out on the server
    await s.page.getByTestId('nav').getByText('合并方案', { exact: true }).click();
    await s.page.waitForURL(/\/login$/);
    await loginAsAdmin(s.page);
  });

  it('signs out and sends the next visit back to the login page', async () => {
    await s.page.getByRole('button', { name: /退\s*出\s*登\s*录/ }).click();
    await s.page.waitForURL(/\/login$/);
    await s.page.goto(stackUrl('/system/users'));
    await s.page.waitForURL(/\/login$/);
    expect(inject('stackUrl')).toMatch(/^http:\/\/localhost:\d+$/);
  });
});

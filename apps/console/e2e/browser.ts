import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const VIEWPORT = { width: 1366, height: 768 };

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile, at the laptop size the console must work at. */
export async function openBrowser(): Promise<Session> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'hebing-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: VIEWPORT,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(30_000); // generous: CI shares two cores with every other package's tests
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function stackUrl(p = '/'): string {
  return new URL(p, inject('stackUrl')).toString();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(inject('artifactsDir'), `${name}.png`) });
}

/** Signs in through the login form, as a person would. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(stackUrl('/login'));
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.keyboard.press('Enter');
}

export async function loginAsAdmin(page: Page): Promise<void> {
  await login(page, 'admin', inject('adminPassword'));
  await page.getByTestId('current-user').waitFor();
}

/**
 * One screenshot per test, taken after it ran (`failed-` in front when it failed), so the CI
 * artifacts show what the page looked like at the end of every test.
 */
export async function screenshotAfter(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (!page || page.isClosed()) return;
  const slug = task.name
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 70)
    .toLowerCase();
  const name = `${task.result?.state === 'fail' ? 'failed-' : 'after-'}${slug}`;
  await page.screenshot({ path: path.join(inject('artifactsDir'), `${name}.png`) }).catch(() => undefined);
}

/**
 * Signs in a freshly created account. The gateway may require a new account to set its own
 * password first; the console then shows a dialog that cannot be dismissed, which this fills.
 */
export async function loginNewAccount(page: Page, username: string, password: string): Promise<void> {
  await login(page, username, password);
  await page.getByTestId('current-user').waitFor();
  const current = page.locator('#account-current');
  if (await current.isVisible().catch(() => false)) {
    const next = `${password}-new1`;
    await current.fill(password);
    await page.locator('#account-new').fill(next);
    await page.locator('#account-confirm').fill(next);
    await page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();
    await current.waitFor({ state: 'detached' });
  }
}

/**
 * One browser signed in as admin for a describe block: opened before its tests (after `setup`),
 * a screenshot after each test, closed after all. Returns the session's getter.
 */
export function adminBrowserPerSuite(setup?: () => Promise<void>): () => Session {
  let s: Session | undefined;
  beforeAll(async () => {
    await setup?.();
    s = await openBrowser();
    await loginAsAdmin(s.page);
  });
  afterEach(async (ctx) => {
    await screenshotAfter(s?.page, ctx.task);
  });
  afterAll(async () => {
    await s?.close();
  });
  return () => {
    if (!s) throw new Error('the suite browser is not open (did beforeAll fail?)');
    return s;
  };
}

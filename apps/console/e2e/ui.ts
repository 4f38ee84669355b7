import type { Locator, Page } from 'playwright-core';

/** The dialog on top (antd keeps closed ones in the DOM, hidden). */
export function dialog(page: Page): Locator {
  return page.locator('.ant-modal-wrap:visible .ant-modal').last();
}

export async function confirmDialog(page: Page): Promise<void> {
  await dialog(page).locator('.ant-modal-footer .ant-btn-primary').click();
}

/** Opens an antd Select by its input id, optionally types to search, and picks an option. */
export async function pick(page: Page, inputId: string, optionText: string, search?: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  if (search) await page.locator(`#${inputId}`).fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText })
    .first()
    .click();
}

/** Runs a plan step action: opens its dialog, fills the reason (and whatever `fill` adds), confirms. */
export async function stepAction(
  page: Page,
  action: string,
  reason: string,
  fill?: () => Promise<void>,
): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await dialog(page).locator('#action-reason').waitFor();
  if (fill) await fill();
  await dialog(page).locator('#action-reason').fill(reason);
  await confirmDialog(page);
}

export async function waitForDialogToClose(page: Page): Promise<void> {
  await page
    .locator('.ant-modal-wrap:visible')
    .waitFor({ state: 'detached' })
    .catch(async () => {
      await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'hidden' });
    });
}

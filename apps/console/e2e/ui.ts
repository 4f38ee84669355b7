import type { Locator, Page } from 'playwright-core';
import { stackUrl } from './browser';

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

/** A file for the import page's upload input. */
export interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Starts an import on the import page: picks the file, waits for it to be listed, gives the reason. */
export async function importFile(page: Page, file: Upload, reason: string): Promise<void> {
  await page.goto(stackUrl('/divisions/import'));
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByText(file.name).waitFor();
  await page.locator('#import-reason').fill(reason);
  await page.getByTestId('import-start').click();
}

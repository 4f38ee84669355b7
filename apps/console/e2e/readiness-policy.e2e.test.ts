import type { HebingClient } from '@hebing/api-client';
import { READINESS_ITEMS, type ReadinessItem } from '@hebing/contracts';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './api';
import {
  loginAsAdmin,
  loginNewAccount,
  openBrowser,
  screenshot,
  screenshotAfter,
  stackUrl,
  type Session,
} from './browser';
import { confirmDialog, dialog, waitForDialogToClose } from './ui';

const LABELS: Record<ReadinessItem, string> = {
  placement: '干部安置',
  assets: '三资清理',
  continuity: '便民服务',
  petitions: '信访',
};

const REASON = '县委要求该项工作完成后方案方可生效';

function checkbox(page: Page, item: ReadinessItem) {
  return page
    .getByTestId('policy-table')
    .locator('tr', { hasText: LABELS[item] })
    .locator('input[type=checkbox]');
}

describe('readiness policy', () => {
  let api: HebingClient;
  let s: Session;
  let auditor: Session | undefined;
  let county = '';
  let original: ReadinessItem[] = [];
  let planId = '';
  let item: ReadinessItem = 'assets';
  const username = `aud${Date.now().toString(36)}`;
  const password = 'Auditor-pass-2026';

  beforeAll(async () => {
    api = await adminClient();
    const [root] = await api.divisions.units.children.query({ parentCode: null });
    if (!root) throw new Error('no county loaded');
    county = root.code.slice(0, 6);
    original = (await api.divisions.readiness.policy.query({ county })).required;
    // An open plan and an item it has not finished that the county does not yet require: making
    // that item required must make it block this plan.
    const list = await api.divisions.plans.list.query({ page: 1, pageSize: 50 });
    for (const plan of list.items.filter((p) => p.status !== 'effective' && p.status !== 'withdrawn')) {
      const view = await api.divisions.readiness.get.query({ id: plan.id });
      const open = view.items.find((i) => !i.required && i.status !== 'done');
      if (open) {
        planId = plan.id;
        item = open.item;
        break;
      }
    }
    if (!planId) throw new Error('no open plan with an unfinished, unrequired readiness item');
    s = await openBrowser();
    await loginAsAdmin(s.page);
  });
  afterEach(async (ctx) => {
    await screenshotAfter(auditor?.page ?? s?.page, ctx.task);
  });
  afterAll(async () => {
    // Other browser tests make plans effective against the demo county's policy: put it back.
    await api?.divisions.readiness.setPolicy.mutate({
      county,
      required: original,
      reason: '浏览器测试结束，恢复原就绪要求',
    });
    await auditor?.close();
    await s?.close();
  });

  it('lets an admin require an item with a reason, keeping the draft when the reason is missing', async () => {
    const p = s.page;
    await p.goto(stackUrl('/divisions/readiness-policy'));
    await p.getByTestId('policy-table').waitFor();
    for (const i of READINESS_ITEMS) expect(await checkbox(p, i).isChecked()).toBe(original.includes(i));
    expect(await p.getByTestId('policy-read-only').count()).toBe(0);

    await checkbox(p, item).check();
    await p.getByTestId('policy-save').click();
    await dialog(p).locator('#action-reason').waitFor();
    expect(await dialog(p).innerText()).toContain(LABELS[item]);
    await confirmDialog(p); // no reason yet
    await dialog(p).getByText('请填写原因（至少 2 个字）').waitFor();
    await dialog(p).locator('.ant-modal-footer .ant-btn:not(.ant-btn-primary)').click(); // cancel
    await waitForDialogToClose(p);
    expect(await checkbox(p, item).isChecked()).toBe(true); // nothing lost

    await p.getByTestId('policy-save').click();
    await dialog(p).locator('#action-reason').fill(REASON);
    await confirmDialog(p);
    await waitForDialogToClose(p);
    await p.locator('.ant-message', { hasText: '就绪要求已保存' }).waitFor();
    await screenshot(p, 'readiness-policy-saved');

    expect((await api.divisions.readiness.policy.query({ county })).required).toContain(item);
    await p.reload();
    await p.getByTestId('policy-table').waitFor();
    expect(await checkbox(p, item).isChecked()).toBe(true);
    expect(await p.getByTestId('policy-save').isDisabled()).toBe(true); // the saved set is the draft
  });

  it("records the change with its reason in the divisions service's audit log", async () => {
    const p = s.page;
    await p.goto(stackUrl('/system/audit'));
    await p.getByText('区划服务', { exact: true }).click();
    await p.locator('#audit-entity-type').fill('readiness-policy');
    await p.keyboard.press('Enter');
    const row = p.getByTestId('audit-table').locator('tbody tr.ant-table-row', { hasText: REASON }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('readiness-policy.changed');
    expect(await row.innerText()).toContain(`readiness-policy ${county}`);
  });

  it('shows the newly required item as blocking on the plan detail page', async () => {
    const p = s.page;
    await p.goto(stackUrl(`/divisions/plans/${planId}`));
    const tag = p.getByTestId('plan-readiness').locator('.ant-tag', { hasText: LABELS[item] });
    await tag.waitFor();
    expect(await tag.innerText()).toContain('生效前须完成');
    expect(await tag.innerText()).not.toContain('已完成');
    await screenshot(p, 'readiness-policy-plan');
  });

  it('shows an auditor the policy read-only', async () => {
    await api.gateway.users.create.mutate({
      username,
      displayName: '审计员',
      password,
      roles: ['auditor'],
      jurisdiction: { scope: 'county', codes: [county] },
    });
    auditor = await openBrowser();
    const p = auditor.page;
    await loginNewAccount(p, username, password);
    await p.getByTestId('nav').getByText('就绪要求', { exact: true }).click();
    await p.getByTestId('policy-read-only').waitFor();
    const row = p.getByTestId('policy-table').locator('tr', { hasText: LABELS[item] });
    expect(await row.innerText()).toContain('须完成');
    expect(await p.getByTestId('policy-table').locator('input[type=checkbox]').count()).toBe(0);
    expect(await p.getByTestId('policy-save').count()).toBe(0);
    await screenshot(p, 'readiness-policy-read-only');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startHarness, type Harness } from './harness';
import { makeUser, PASSWORD } from './fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('admin job monitor (/admin/queues)', () => {
  it('shows the BullMQ queues found in Redis to admins only', async () => {
    const queue = new Queue('divisions-imports', { connection: h.redis, prefix: h.queuePrefix });
    await queue.add('import', { file: 'x.xlsx' });
    try {
      const admin = await h.admin();
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const api = await admin.get('/admin/queues/api/queues?activeQueue=divisions-imports&page=1&jobsPerPage=10');
      expect(api.status).toBe(200);
      const body = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
      const q = body.queues.find((x) => x.name === 'divisions-imports');
      expect(q?.counts.waiting).toBe(1);

      const leader = await makeUser(admin, ['leader']);
      const b = h.browser('10.3.0.1');
      await b.login(leader.username, PASSWORD);
      expect((await b.get('/admin/queues')).status).toBe(403);
      expect((await h.browser().get('/admin/queues/api/queues')).status).toBe(401);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${h.gwUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.gwUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { mongo: 'ok', redis: 'ok' } });
  });
});

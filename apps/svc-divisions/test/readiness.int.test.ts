import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { createBus, type Bus } from '@hebing/bus';
import { ReadinessEvents, type PayloadOf } from '@hebing/contracts';
import { connectDb, withTransaction } from '@hebing/db';
import { uniqueName } from '@hebing/testing';
import { failure, planToApproved, startCountyStack, waitFor, type Stack } from './helpers';

let stack: Stack;
let assetsConn: Connection;
let assetsBus: Bus;

beforeAll(async () => {
  stack = await startCountyStack();
  // A stand-in for svc-assets: its own database, its own outbox and relay, the same bus.
  assetsConn = await connectDb(stack.mongoUri, uniqueName('hebing_assets').replace(/-/g, '_'));
  await assetsConn.createCollection('outbox');
  await assetsConn.createCollection('outbox_seq');
  assetsBus = await createBus({
    redisUrl: stack.redisUrl,
    service: 'assets',
    conn: assetsConn,
    prefix: stack.busPrefix,
  });
  assetsBus.startRelay({ pollMs: 50 });
}, 60_000);
afterAll(async () => {
  await assetsBus?.close();
  await assetsConn?.close();
  await stack?.stop();
});

async function report(r: PayloadOf<typeof ReadinessEvents.reported>) {
  await withTransaction(assetsConn, (session) =>
    assetsBus.publish(session, ReadinessEvents.reported, r, { aggregateId: r.planId }),
  );
}

describe('readiness read model', () => {
  it('refuses effective while a required item is open, and allows it once the service reports done', async () => {
    const leader = stack.client({ roles: ['leader'], jurisdiction: { scope: 'county', codes: ['513201'] } });
    expect(
      await failure(
        stack
          .client({ roles: ['hr_officer'], jurisdiction: { scope: 'all' } })
          .divisions.readiness.setPolicy.mutate({ county: '513201', required: ['assets'], reason: '越权' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await leader.divisions.readiness.setPolicy.mutate({
      county: '513201',
      required: ['assets', 'placement'],
      reason: '县改革办要求',
    });
    expect(await leader.divisions.readiness.policy.query({ county: '513201' })).toEqual({
      county: '513201',
      required: ['assets', 'placement'],
    });

    const c = stack.client();
    const p = await planToApproved(
      c,
      {
        title: '莫拉村、大坝口村合并',
        level: 'village',
        sourceCodes: ['513201101200', '513201101201'],
        effectiveDate: '2020-08-01',
        reason: '方案',
        target: {
          codeMode: 'keep',
          code: '513201101200',
          name: '莫拉村',
          nameOverrideReason: null,
          seatAddress: null,
        },
      },
      { kind: 'visit', date: '2020-05-01', note: '入户走访', reason: '记录' },
      { body: '户主代表大会', date: '2020-06-01', members: 60, present: 45, for: 40, against: 5 },
      leader,
    );

    await report({ planId: p.id, item: 'assets', status: 'open', detail: '清产核资进行中' });
    await report({ planId: p.id, item: 'placement', status: 'done' });
    await waitFor(
      async () =>
        (await c.divisions.readiness.get.query({ id: p.id })).items.find((i) => i.item === 'placement')
          ?.status === 'done',
      'placement report',
    );
    const view = await c.divisions.readiness.get.query({ id: p.id });
    expect(view.blocking).toEqual(['assets']);
    expect(view.items.find((i) => i.item === 'continuity')).toMatchObject({
      required: false,
      status: 'unreported',
    });
    const refused = await failure(leader.divisions.plans.makeEffective.mutate({ id: p.id, reason: '生效' }));
    expect(refused.appCode).toBe('PRECONDITION_FAILED');
    expect(refused.message).toContain('assets');
    expect((await c.divisions.plans.get.query({ id: p.id })).status).toBe('approved');

    await report({ planId: p.id, item: 'assets', status: 'done', detail: '已公示确认' });
    await waitFor(
      async () => (await c.divisions.readiness.get.query({ id: p.id })).blocking.length === 0,
      'assets report',
    );
    expect((await leader.divisions.plans.makeEffective.mutate({ id: p.id, reason: '生效' })).status).toBe(
      'effective',
    );
  }, 60_000);
});

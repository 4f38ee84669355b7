import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@hebing/db';
import { failure, planToApproved, planToVote, refusedWith, startCountyStack, type Stack } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startCountyStack();
}, 60_000);
afterAll(() => stack?.stop());

const clerk = {
  roles: ['admin' as const],
  jurisdiction: { scope: 'county' as const, codes: ['513201'] },
  username: 'clerk',
};
const vote = { body: '户主代表大会', date: '2019-11-20', members: 30, present: 20, for: 11, against: 9 };

function townMergerToVote() {
  return planToVote(
    stack.client(clerk),
    {
      title: '马尔康镇、卓克基镇合并',
      level: 'township',
      sourceCodes: ['513201100000', '513201101000'],
      effectiveDate: '2020-01-01',
      target: {
        codeMode: 'keep',
        code: '513201100000',
        name: '马尔康镇',
        nameOverrideReason: null,
        seatAddress: '马尔康市马江街65号',
      },
      reason: '乡镇行政区划调整方案',
    },
    { kind: 'notice', date: '2019-10-01', note: '公示7天', reason: '公示' },
  );
}

describe('merger plans over HTTP', () => {
  it('refuses a name that is none of the sources names unless a reason is given, and sources in another open plan', async () => {
    const c = stack.client(clerk);
    const input = {
      title: 't',
      level: 'village' as const,
      sourceCodes: ['513201100200', '513201100201'],
      effectiveDate: '2020-08-01',
      reason: '方案',
      target: {
        codeMode: 'keep' as const,
        code: '513201100200',
        name: '新星村',
        nameOverrideReason: null,
        seatAddress: null,
      },
    };
    await refusedWith(c.divisions.plans.create.mutate(input), 'BAD_INPUT', '新星村');
    const ok = await c.divisions.plans.create.mutate({
      ...input,
      target: { ...input.target, nameOverrideReason: '群众一致要求' },
    });
    expect(ok.status).toBe('draft');
    expect(
      await failure(
        c.divisions.plans.create.mutate({ ...input, target: { ...input.target, name: '西索村' } }),
      ),
    ).toMatchObject({ appCode: 'CONFLICT' });
    const w = await c.divisions.plans.withdraw.mutate({ id: ok.id, reason: '方案撤回' });
    expect(w.transitions.map((t) => t.to)).toEqual(['draft', 'withdrawn']);
    expect(
      await failure(c.divisions.plans.advance.mutate({ id: ok.id, to: 'consultation', reason: '再启动' })),
    ).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'INVALID_TRANSITION' });
  });

  it('lets only one of two simultaneous plans claim the same sources', async () => {
    const c = stack.client(clerk);
    const input = (title: string) => ({
      title,
      level: 'village' as const,
      sourceCodes: ['513201101200', '513201101201'],
      effectiveDate: '2020-08-01',
      reason: '方案',
      target: {
        codeMode: 'keep' as const,
        code: '513201101200',
        name: '莫拉村',
        nameOverrideReason: null,
        seatAddress: null,
      },
    });
    const results = await Promise.allSettled(
      ['甲', '乙', '丙', '丁', '戊', '己'].map((t) => c.divisions.plans.create.mutate(input(`${t}方案`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const open = await c.divisions.plans.list.query({
      q: '513201101201',
      status: 'draft',
      page: 1,
      pageSize: 10,
    });
    expect(open.total).toBe(1);
    for (const p of open.items) await c.divisions.plans.withdraw.mutate({ id: p.id, reason: '清理' });
  });

  it('refuses the vote step before any consultation and skipping steps', async () => {
    const c = stack.client(clerk);
    const p = await c.divisions.plans.create.mutate({
      title: '组合并',
      level: 'group',
      sourceCodes: ['513201101200001', '513201101200002'],
      effectiveDate: '2027-01-01',
      reason: '方案',
      target: {
        codeMode: 'keep',
        code: '513201101200001',
        name: '莫拉一组',
        nameOverrideReason: null,
        seatAddress: null,
      },
    });
    await refusedWith(
      c.divisions.plans.approve.mutate({ id: p.id, reason: '跳步' }),
      'INVALID_TRANSITION',
      'allowed: consultation, withdrawn',
    );
    await c.divisions.plans.advance.mutate({ id: p.id, to: 'consultation', reason: '征求意见' });
    expect(
      await failure(c.divisions.plans.advance.mutate({ id: p.id, to: 'vote', reason: '表决' })),
    ).toMatchObject({ appCode: 'PRECONDITION_FAILED' });
    await c.divisions.plans.withdraw.mutate({ id: p.id, reason: '清理' });
  });

  it('walks draft → consultation → vote → approved → effective, refusing a vote without quorum', async () => {
    const c = stack.client(clerk);
    const p = await townMergerToVote();
    const noQuorum = await failure(
      c.divisions.plans.recordVote.mutate({
        id: p.id,
        vote: { ...vote, present: 19, for: 15, against: 4 },
        reason: '表决',
      }),
    );
    expect(noQuorum.appCode).toBe('PRECONDITION_FAILED');
    expect(noQuorum.message).toContain('quorum not met: 19 of 30 present, 20 needed');
    expect(await failure(c.divisions.plans.approve.mutate({ id: p.id, reason: '批复' }))).toMatchObject({
      appCode: 'PRECONDITION_FAILED',
    });
    await c.divisions.plans.recordVote.mutate({ id: p.id, vote, reason: '表决通过' });
    const writer = stack.client({ roles: ['hr_officer'], jurisdiction: { scope: 'all' } });
    expect(await failure(writer.divisions.plans.approve.mutate({ id: p.id, reason: '越权' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const leader = stack.client({
      roles: ['leader'],
      jurisdiction: { scope: 'county', codes: ['513201'] },
      username: 'leader',
    });
    await leader.divisions.plans.approve.mutate({ id: p.id, reason: '市政府批复' });
    const done = await leader.divisions.plans.makeEffective.mutate({ id: p.id, reason: '按期生效' });
    expect(done.status).toBe('effective');
    expect(done.transitions.map((t) => [t.to, t.actor])).toEqual([
      ['draft', 'clerk'],
      ['consultation', 'clerk'],
      ['vote', 'clerk'],
      ['approved', 'leader'],
      ['effective', 'leader'],
    ]);
    const audit = await listAudit(stack.conn, { entityId: p.id }, { page: 1, pageSize: 20 });
    expect(audit.items.map((a) => a.action).sort()).toEqual(
      [
        'plan.approved',
        'plan.consultation-opened',
        'plan.consultation-recorded',
        'plan.created',
        'plan.effective',
        'plan.vote-opened',
        'plan.vote-recorded',
      ].sort(),
    );
  });

  it('abolished the sources, recoded the moved villages and groups, and answers code history in one call', async () => {
    const c = stack.client();
    const town = await c.divisions.units.get.query({ code: '513201100000' });
    expect(town.unit).toMatchObject({
      validFrom: '2020-01-01',
      status: 'active',
      facts: [{ population: 7000, areaKm2: 600 }],
    });
    expect(town.predecessors.map((u) => [u.code, u.status, u.validTo])).toEqual([
      ['513201100000', 'abolished', '2020-01-01'],
      ['513201101000', 'abolished', '2020-01-01'],
    ]);
    const kids = await c.divisions.units.list.query({
      parentCode: '513201100000',
      status: 'active',
      page: 1,
      pageSize: 20,
    });
    expect(kids.items.map((u) => [u.code, u.name])).toEqual([
      ['513201100001', '团结街社区'],
      ['513201100200', '西索村'],
      ['513201100201', '查米村'],
      ['513201100202', '莫拉村'],
      ['513201100203', '大坝口村'],
    ]);
    const h = await c.divisions.history.lookup.query({ code: '513201101200002', date: '2019-06-30' });
    expect(h.atDate).toMatchObject({ name: '莫拉二组', status: 'abolished' });
    expect(h.now.map((u) => [u.code, u.name])).toEqual([['513201100202002', '莫拉二组']]);
    expect(h.events.map((e) => e.event)).toContain('recoded');
    const later = await c.divisions.history.lookup.query({ code: '513201100203', date: '2019-06-30' });
    expect(later.atDate).toBeNull();
    expect(later.now.map((u) => u.name)).toEqual(['大坝口村']);
    const kept = await c.divisions.history.lookup.query({ code: '513201100000', date: '2019-06-30' });
    expect(kept.records).toHaveLength(2);
    expect(kept.now.map((u) => u.validFrom)).toEqual(['2020-01-01']);
  });

  it('applies a merger once when two people make it effective at the same moment', async () => {
    const c = stack.client(clerk);
    await c.divisions.units.create.mutate({
      code: '513201200201',
      name: '甲足村',
      validFrom: '1983-08-01',
      tags: [],
      reason: '补录',
    });
    const p = await planToApproved(
      c,
      {
        title: '马塘村并入',
        level: 'village',
        sourceCodes: ['513201200200', '513201200201'],
        effectiveDate: '2020-08-01',
        reason: '方案',
        target: {
          codeMode: 'keep',
          code: '513201200200',
          name: '马塘村',
          nameOverrideReason: null,
          seatAddress: null,
        },
      },
      { kind: 'notice', date: '2020-05-01', note: '公示', reason: '记录' },
      vote,
    );
    const results = await Promise.allSettled([
      c.divisions.plans.makeEffective.mutate({ id: p.id, reason: '生效A' }),
      c.divisions.plans.makeEffective.mutate({ id: p.id, reason: '生效B' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const records = await stack
      .client()
      .divisions.history.lookup.query({ code: '513201200200', date: '2026-01-01' });
    expect(records.records.map((r) => [r.validFrom, r.status])).toEqual([
      ['1983-08-01', 'abolished'],
      ['2020-08-01', 'active'],
    ]);
    const audit = await listAudit(
      stack.conn,
      { entityId: p.id, action: 'plan.effective' },
      { page: 1, pageSize: 5 },
    );
    expect(audit.total).toBe(1);
  });

  it('keeps a township officer out of county-level plans', async () => {
    const officer = stack.client({
      roles: ['admin'],
      jurisdiction: { scope: 'township', codes: ['513201200'] },
    });
    const list = await officer.divisions.plans.list.query({ page: 1, pageSize: 50 });
    expect(list.items.every((p) => p.parentCode.startsWith('513201200'))).toBe(true);
    expect(
      await failure(
        officer.divisions.plans.create.mutate({
          title: 'x',
          level: 'village',
          sourceCodes: ['513201100200', '513201100201'],
          effectiveDate: '2027-01-01',
          reason: '越界',
          target: {
            codeMode: 'keep',
            code: '513201100200',
            name: '西索村',
            nameOverrideReason: null,
            seatAddress: null,
          },
        }),
      ),
    ).toMatchObject({ appCode: 'OUT_OF_JURISDICTION' });
  });
});

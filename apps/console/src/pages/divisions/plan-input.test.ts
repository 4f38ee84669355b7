import { ZPlanCreateInput } from '@hebing/contracts';
import { describe, expect, it } from 'vitest';
import { actionsFor } from './plan-actions.table';
import { toCreateInput, type PlanFormValues } from './plan-input';

const base: PlanFormValues = {
  title: '红星村与光明村合并',
  level: 'village',
  sourceCodes: ['510722109210', '510722109211'],
  targetName: '红星村',
  codeMode: 'keep',
  keepCodeOf: '510722109210',
  effectiveDate: '2026-12-01',
  reason: '规模过小，合并后便于管理',
};

describe('plan form', () => {
  it("keeps a source's name without an override reason, and passes the contract", () => {
    const input = toCreateInput({ ...base, nameOverrideReason: 'left over' }, ['红星村', '光明村']);
    expect(input.target).toMatchObject({
      codeMode: 'keep',
      code: '510722109210',
      name: '红星村',
      nameOverrideReason: null,
    });
    expect(ZPlanCreateInput.safeParse(input).success).toBe(true);
  });

  it('carries the override reason when the name is new, and the new code', () => {
    const input = toCreateInput(
      {
        ...base,
        targetName: '红光村',
        nameOverrideReason: '两村各取一字',
        codeMode: 'new',
        newCode: '510722109299',
      },
      ['红星村', '光明村'],
    );
    expect(input.target).toMatchObject({
      code: '510722109299',
      name: '红光村',
      nameOverrideReason: '两村各取一字',
    });
  });

  it('is refused by the contract when only one source is given', () => {
    expect(
      ZPlanCreateInput.safeParse(toCreateInput({ ...base, sourceCodes: ['510722109210'] }, ['红星村']))
        .success,
    ).toBe(false);
  });
});

describe('plan actions', () => {
  it('offers approval to a leader but not the vote entry', () => {
    expect(actionsFor('vote', ['leader']).map((a) => a.key)).toEqual(['approve']);
  });

  it('offers a service_manager nothing', () => {
    expect(actionsFor('draft', ['service_manager'])).toEqual([]);
  });

  it('offers nothing on an effective plan, even to an admin', () => {
    expect(actionsFor('effective', ['admin'])).toEqual([]);
    expect(actionsFor('consultation', ['admin']).map((a) => a.key)).toEqual([
      'addConsultation',
      'openVote',
      'withdraw',
    ]);
  });
});

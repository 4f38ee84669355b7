import { describe, expect, it } from 'vitest';
import { isAppError } from '@hebing/contracts';
import {
  assertTargetCode,
  assertTargetName,
  assertTransition,
  assertVotePasses,
  evaluateVote,
} from './plan-rules.service';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('plan state machine', () => {
  it('allows only the documented steps', () => {
    expect(codeOf(() => assertTransition('draft', 'consultation'))).toBeUndefined();
    expect(codeOf(() => assertTransition('vote', 'approved'))).toBeUndefined();
    expect(codeOf(() => assertTransition('approved', 'effective'))).toBeUndefined();
    expect(codeOf(() => assertTransition('consultation', 'withdrawn'))).toBeUndefined();
    expect(codeOf(() => assertTransition('draft', 'approved'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertTransition('effective', 'withdrawn'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertTransition('withdrawn', 'draft'))).toBe('INVALID_TRANSITION');
  });

  it('names the allowed steps in the error', () => {
    expect(() => assertTransition('draft', 'vote')).toThrow(/allowed: consultation, withdrawn/);
  });
});

describe('vote rules', () => {
  const v = { body: '户主代表大会', date: '2020-06-01', members: 90, present: 60, for: 31, against: 29 };
  it('passes with exactly ⅔ present and a simple majority', () => {
    expect(evaluateVote(v)).toEqual({ passed: true, quorumMet: true, majority: true });
  });
  it('fails one short of quorum', () => {
    expect(evaluateVote({ ...v, present: 59, against: 28 })).toMatchObject({
      passed: false,
      quorumMet: false,
    });
    expect(() => assertVotePasses({ ...v, present: 59, against: 28 })).toThrow(
      /quorum not met: 59 of 90 present, 60 needed/,
    );
  });
  it('fails on a tie', () => {
    expect(evaluateVote({ ...v, for: 30, against: 30 })).toMatchObject({ passed: false, majority: false });
    expect(codeOf(() => assertVotePasses({ ...v, for: 30, against: 30 }))).toBe('PRECONDITION_FAILED');
  });
  it('refuses impossible figures as bad input', () => {
    expect(codeOf(() => evaluateVote({ ...v, present: 91 }))).toBe('BAD_INPUT');
    expect(codeOf(() => evaluateVote({ ...v, for: 40, against: 30 }))).toBe('BAD_INPUT');
  });
});

describe('target rules', () => {
  const t = {
    codeMode: 'keep' as const,
    code: '513201100000',
    name: '马尔康镇',
    nameOverrideReason: null,
    seatAddress: null,
  };
  it('requires one of the sources names unless a reason is recorded', () => {
    expect(codeOf(() => assertTargetName(t, ['马尔康镇', '卓克基镇']))).toBeUndefined();
    expect(codeOf(() => assertTargetName({ ...t, name: '嘉绒镇' }, ['马尔康镇', '卓克基镇']))).toBe(
      'BAD_INPUT',
    );
    expect(
      codeOf(() =>
        assertTargetName({ ...t, name: '嘉绒镇', nameOverrideReason: '县政府批复' }, ['马尔康镇']),
      ),
    ).toBeUndefined();
  });
  it('keep mode takes a source code, new mode must not', () => {
    expect(codeOf(() => assertTargetCode(t, ['513201100000', '513201101000']))).toBeUndefined();
    expect(codeOf(() => assertTargetCode({ ...t, code: '513201102000' }, ['513201100000']))).toBe(
      'BAD_INPUT',
    );
    expect(codeOf(() => assertTargetCode({ ...t, codeMode: 'new' }, ['513201100000']))).toBe('BAD_INPUT');
  });
});

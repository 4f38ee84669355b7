import { AppError, type PlanStatus, type PlanTarget, type VoteInput } from '@hebing/contracts';

/** The only moves a plan may make (DOMAIN.md §0). */
const NEXT: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['consultation', 'withdrawn'],
  consultation: ['vote', 'withdrawn'],
  vote: ['approved', 'withdrawn'],
  approved: ['effective', 'withdrawn'],
  effective: [],
  withdrawn: [],
};

export function allowedNext(from: PlanStatus): readonly PlanStatus[] {
  return NEXT[from];
}

export function assertTransition(from: PlanStatus, to: PlanStatus): void {
  if (NEXT[from].includes(to)) return;
  const allowed = NEXT[from].length ? NEXT[from].join(', ') : 'none (final state)';
  throw new AppError(
    'INVALID_TRANSITION',
    `a plan in "${from}" cannot move to "${to}"; allowed: ${allowed}`,
    {
      from,
      to,
      allowed: NEXT[from],
    },
  );
}

export interface VoteOutcome {
  passed: boolean;
  quorumMet: boolean; // at least ⅔ of members present
  majority: boolean; // more than half of those present voted for
}

/** 户主代表大会 / 村民会议: quorum ⅔ of members present, simple majority of those present. */
export function evaluateVote(v: VoteInput): VoteOutcome {
  if (v.present > v.members)
    throw new AppError('BAD_INPUT', 'more present than members', { field: 'present' });
  if (v.for + v.against > v.present) {
    throw new AppError('BAD_INPUT', 'for + against exceeds those present', { field: 'for' });
  }
  // Integer arithmetic: present/members ≥ 2/3 ⇔ 3·present ≥ 2·members.
  const quorumMet = v.present * 3 >= v.members * 2;
  const majority = v.for * 2 > v.present;
  return { passed: quorumMet && majority, quorumMet, majority };
}

/** Refuses a failing vote with the figures that made it fail. */
export function assertVotePasses(v: VoteInput): VoteOutcome {
  const o = evaluateVote(v);
  if (!o.quorumMet) {
    const needed = Math.ceil((v.members * 2) / 3);
    throw new AppError(
      'PRECONDITION_FAILED',
      `quorum not met: ${v.present} of ${v.members} present, ${needed} needed (⅔)`,
      {
        rule: 'quorum',
        present: v.present,
        needed,
      },
    );
  }
  if (!o.majority) {
    throw new AppError('PRECONDITION_FAILED', `no simple majority: ${v.for} for of ${v.present} present`, {
      rule: 'majority',
      for: v.for,
      needed: Math.floor(v.present / 2) + 1,
    });
  }
  return o;
}

/** 新名称以原名称之一命名 (seed 002) unless an override reason is recorded. */
export function assertTargetName(target: PlanTarget, sourceNames: readonly string[]): void {
  if (sourceNames.includes(target.name)) return;
  if (target.nameOverrideReason && target.nameOverrideReason.trim().length >= 2) return;
  throw new AppError(
    'BAD_INPUT',
    `the new name "${target.name}" must be one of the sources' names (${sourceNames.join('、')}) unless an override reason is given`,
    { field: 'target.name', allowed: sourceNames },
  );
}

/** Keeping a code means keeping one of the sources' codes; a new code must not be a source's. */
export function assertTargetCode(target: PlanTarget, sourceCodes: readonly string[]): void {
  const isSource = sourceCodes.includes(target.code);
  if (target.codeMode === 'keep' && !isSource) {
    throw new AppError('BAD_INPUT', `code mode "keep" needs one of the sources' codes, got ${target.code}`, {
      field: 'target.code',
    });
  }
  if (target.codeMode === 'new' && isSource) {
    throw new AppError('BAD_INPUT', `code mode "new" cannot reuse source code ${target.code}`, {
      field: 'target.code',
    });
  }
}

export function assertDistinct(codes: readonly string[]): void {
  const seen = new Set<string>();
  for (const c of codes) {
    if (seen.has(c)) throw new AppError('BAD_INPUT', `source ${c} listed twice`, { field: 'sourceCodes' });
    seen.add(c);
  }
}

import type { Permission, Role } from '@hebing/contracts';
import type { PlanStep } from '../../api/divisions.types';
import { canUse } from '../../layout/nav';

export type ActionKey =
  | 'startConsultation'
  | 'addConsultation'
  | 'openVote'
  | 'recordVote'
  | 'approve'
  | 'makeEffective'
  | 'withdraw';

interface ActionDef {
  key: ActionKey;
  from: readonly PlanStep[];
  permission: Permission;
  kind: 'primary' | 'default' | 'danger';
}

/** Which step actions a plan offers in each state; the service enforces the same machine. */
export const PLAN_ACTIONS: readonly ActionDef[] = [
  { key: 'startConsultation', from: ['draft'], permission: 'divisions.write', kind: 'primary' },
  { key: 'addConsultation', from: ['consultation'], permission: 'divisions.write', kind: 'default' },
  { key: 'openVote', from: ['consultation'], permission: 'divisions.write', kind: 'primary' },
  { key: 'recordVote', from: ['vote'], permission: 'divisions.write', kind: 'default' },
  { key: 'approve', from: ['vote'], permission: 'divisions.approve', kind: 'primary' },
  { key: 'makeEffective', from: ['approved'], permission: 'divisions.approve', kind: 'primary' },
  {
    key: 'withdraw',
    from: ['draft', 'consultation', 'vote', 'approved'],
    permission: 'divisions.write',
    kind: 'danger',
  },
];

/** The actions a user with these roles may take on a plan in this state. */
export function actionsFor(status: PlanStep, roles: readonly Role[]): ActionDef[] {
  return PLAN_ACTIONS.filter((a) => a.from.includes(status) && canUse(roles, a.permission));
}

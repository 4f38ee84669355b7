import type { ClientSession, Connection } from 'mongoose';
import { withTransaction, writeAudit } from '@hebing/db';
import { AppError, type PayloadOf, type ReadinessEvents, type ReadinessItem } from '@hebing/contracts';
import { assertCallerCovers, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { plansRepo } from '../plans/plans.repo';
import { loadReadiness, policyModel, readinessModel, requiredItems } from './readiness.model';

type Report = PayloadOf<typeof ReadinessEvents.reported>;

/** Feeds the read model from a `divisions.readiness.reported` event (called in the inbox transaction). */
export async function applyReadinessReport(
  conn: Connection,
  session: ClientSession,
  r: Report,
  eventId: string,
): Promise<void> {
  await readinessModel(conn)
    .updateOne(
      { _id: `${r.planId}:${r.item}` },
      {
        $set: {
          planId: r.planId,
          item: r.item,
          status: r.status,
          detail: r.detail ?? null,
          updatedAt: new Date(),
          lastEventId: eventId,
        },
      },
      { upsert: true, session },
    )
    .exec();
}

export async function getReadiness(deps: Deps, caller: Caller, planId: string) {
  const plan = await plansRepo(deps.conn).byId(planId);
  if (!plan) throw new AppError('NOT_FOUND', `no plan ${planId}`, { id: planId });
  assertCallerCovers(caller, plan.parentCode);
  return loadReadiness(deps.conn, planId, plan.county);
}

export async function getPolicy(deps: Deps, caller: Caller, county: string) {
  assertCallerCovers(caller, `${county}000000`);
  return { county, required: await requiredItems(deps.conn, county) };
}

/** Which items must be done before a plan of this county may take effect. */
export async function setPolicy(
  deps: Deps,
  caller: Caller,
  input: { county: string; required: ReadinessItem[]; reason: string },
) {
  assertCallerCovers(caller, `${input.county}000000`);
  const required = [...new Set(input.required)].sort();
  return withTransaction(deps.conn, async (session) => {
    const before = await requiredItems(deps.conn, input.county, session);
    await policyModel(deps.conn)
      .updateOne({ _id: input.county }, { $set: { required } }, { upsert: true, session })
      .exec();
    await writeAudit(deps.conn, session, {
      actor: caller.actor,
      action: 'readiness-policy.changed',
      entity: { type: 'readiness-policy', id: input.county },
      before: { required: before },
      after: { required },
      reason: input.reason,
      requestId: caller.requestId,
    });
    return { county: input.county, required };
  });
}

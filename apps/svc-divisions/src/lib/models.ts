import type { Connection } from 'mongoose';
import { codeEventModel } from '../features/history/code-event.model';
import { importJobModel } from '../features/imports/import-job.model';
import { planModel } from '../features/plans/plan.model';
import { policyModel, readinessModel } from '../features/readiness/readiness.model';
import { digestModel } from '../features/stats/stats-digest.model';
import { snapshotModel } from '../features/stats/stats-snapshot.model';
import { unitModel } from '../features/units/unit.model';

/** Creates collections and indexes up front: transactions must not be the first to touch a collection. */
export async function initModels(conn: Connection): Promise<void> {
  const models = [
    unitModel(conn),
    planModel(conn),
    codeEventModel(conn),
    importJobModel(conn),
    readinessModel(conn),
    policyModel(conn),
    digestModel(conn),
    snapshotModel(conn),
  ];
  for (const m of models) await m.init();
}

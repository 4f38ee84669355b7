import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import { planModel, type PlanRecord } from '../plans/plan.model';
import { unitModel } from '../units/unit.model';
import type { UnitRecord } from '../units/unit.types';
import { encodePlans, encodeUnits } from './stats-digest.service';

/** One per county: the statistics read model (see stats-digest.service.ts). */
export interface StatsDigestRecord {
  _id: string; // county code (6)
  province: string;
  units: string;
  plans: string;
}

const DigestSchema = new Schema<StatsDigestRecord>(
  {
    _id: String,
    province: { type: String, required: true },
    units: { type: String, default: '[]' },
    plans: { type: String, default: '[]' },
  },
  { collection: 'stats_digests', versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);
DigestSchema.index({ province: 1 });

export function digestModel(conn: Connection): Model<StatsDigestRecord> {
  return (
    (conn.models.StatsDigest as Model<StatsDigestRecord> | undefined) ??
    conn.model<StatsDigestRecord>('StatsDigest', DigestSchema)
  );
}

const UNIT_FIELDS = {
  code: 1,
  name: 1,
  level: 1,
  kind: 1,
  validFrom: 1,
  validTo: 1,
  facts: 1,
  successorIds: 1,
};

/** Rewrites the units part of the counties' digests inside the caller's transaction. */
export async function refreshUnitDigests(
  conn: Connection,
  session: ClientSession,
  counties: Iterable<string>,
): Promise<void> {
  for (const county of new Set(counties)) {
    const units = await unitModel(conn)
      .find({ county }, UNIT_FIELDS)
      .session(session)
      .lean<UnitRecord[]>()
      .exec();
    await digestModel(conn)
      .updateOne(
        { _id: county },
        { $set: { province: county.slice(0, 2), units: encodeUnits(units) } },
        { upsert: true, session },
      )
      .exec();
  }
}

export async function refreshPlanDigest(
  conn: Connection,
  session: ClientSession,
  county: string,
): Promise<void> {
  const plans = await planModel(conn)
    .find(
      { county },
      { parentCode: 1, level: 1, status: 1, sourceCodes: 1, 'target.code': 1, effectiveDate: 1 },
    )
    .session(session)
    .lean<PlanRecord[]>()
    .exec();
  const rows = plans.map((p) => ({
    parentCode: p.parentCode,
    level: p.level,
    status: p.status,
    sourceCodes: p.sourceCodes,
    targetCode: p.target.code,
    effectiveDate: p.effectiveDate,
  }));
  await digestModel(conn)
    .updateOne(
      { _id: county },
      { $set: { province: county.slice(0, 2), plans: encodePlans(rows) } },
      { upsert: true, session },
    )
    .exec();
}

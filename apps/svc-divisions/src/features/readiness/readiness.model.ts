import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import type { ReadinessItem } from '@hebing/contracts';
import { readinessView, type ReadinessEntry } from './readiness.service';

/** Read model fed by `divisions.readiness.reported` events: one row per (plan, item). */
export interface ReadinessRecord extends ReadinessEntry {
  _id: string; // `${planId}:${item}`
  planId: string;
  lastEventId: string;
}

export interface ReadinessPolicyRecord {
  _id: string; // county code
  required: ReadinessItem[];
}

const ReadinessSchema = new Schema<ReadinessRecord>(
  {
    _id: String,
    planId: { type: String, required: true },
    item: { type: String, required: true },
    status: { type: String, required: true },
    detail: { type: String, default: null },
    updatedAt: { type: Date, required: true },
    lastEventId: { type: String, required: true },
  },
  { collection: 'readiness', versionKey: false },
);
ReadinessSchema.index({ planId: 1 });

const PolicySchema = new Schema<ReadinessPolicyRecord>(
  { _id: String, required: { type: [String], default: [] } },
  { collection: 'readiness_policies', versionKey: false },
);

export function readinessModel(conn: Connection): Model<ReadinessRecord> {
  return (
    (conn.models.Readiness as Model<ReadinessRecord> | undefined) ??
    conn.model<ReadinessRecord>('Readiness', ReadinessSchema)
  );
}
export function policyModel(conn: Connection): Model<ReadinessPolicyRecord> {
  return (
    (conn.models.ReadinessPolicy as Model<ReadinessPolicyRecord> | undefined) ??
    conn.model<ReadinessPolicyRecord>('ReadinessPolicy', PolicySchema)
  );
}

export async function requiredItems(
  conn: Connection,
  county: string,
  session?: ClientSession,
): Promise<ReadinessItem[]> {
  const p = await policyModel(conn)
    .findById(county)
    .session(session ?? null)
    .lean<ReadinessPolicyRecord>()
    .exec();
  return p?.required ?? [];
}

export async function loadReadiness(
  conn: Connection,
  planId: string,
  county: string,
  session?: ClientSession,
) {
  const [entries, required] = await Promise.all([
    readinessModel(conn)
      .find({ planId })
      .session(session ?? null)
      .lean<ReadinessRecord[]>()
      .exec(),
    requiredItems(conn, county, session),
  ]);
  return readinessView(planId, county, entries, required);
}

import { Schema, type Connection, type Model } from 'mongoose';
import type { StatsOutput } from '@hebing/contracts';

export interface StatsSnapshotRecord {
  _id: string;
  scope: string;
  scopeCode: string; // the scope as a 12-digit code, for jurisdiction filters
  asOf: string;
  stats: StatsOutput;
  reason: string;
  takenBy: string;
  takenAt: Date;
}

const SnapshotSchema = new Schema<StatsSnapshotRecord>(
  {
    _id: String,
    scope: { type: String, required: true },
    scopeCode: { type: String, required: true },
    asOf: { type: String, required: true },
    stats: { type: Schema.Types.Mixed, required: true },
    reason: String,
    takenBy: String,
    takenAt: { type: Date, required: true },
  },
  { collection: 'stats_snapshots', versionKey: false },
);
SnapshotSchema.index({ scopeCode: 1, takenAt: -1 });

export function snapshotModel(conn: Connection): Model<StatsSnapshotRecord> {
  return (
    (conn.models.StatsSnapshot as Model<StatsSnapshotRecord> | undefined) ??
    conn.model<StatsSnapshotRecord>('StatsSnapshot', SnapshotSchema)
  );
}

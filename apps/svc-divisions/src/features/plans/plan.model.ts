import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { MergeLevel, PlanStatus, PlanTarget } from '@hebing/contracts';

export interface PlanRecord {
  _id: string;
  title: string;
  level: MergeLevel;
  parentCode: string; // the sources' parent: jurisdiction is checked on it
  county: string;
  sourceCodes: string[];
  sourceNames: string[];
  target: PlanTarget;
  effectiveDate: string;
  status: PlanStatus;
  consultations: {
    kind: 'meeting' | 'visit' | 'notice';
    date: string;
    note: string;
    actor: string;
    at: string;
  }[];
  votes: {
    body: string;
    date: string;
    members: number;
    present: number;
    for: number;
    against: number;
    passed: boolean;
    actor: string;
    at: string;
  }[];
  transitions: { from: PlanStatus | null; to: PlanStatus; actor: string; at: string; reason: string }[];
  targetUnitId: string | null;
  version: number;
}

const sub = (fields: Record<string, unknown>) => new Schema(fields, { _id: false });
const ConsultationSchema = sub({ kind: String, date: String, note: String, actor: String, at: String });
const VoteSchema = sub({
  body: String,
  date: String,
  members: Number,
  present: Number,
  for: Number,
  against: Number,
  passed: Boolean,
  actor: String,
  at: String,
});
const TransitionSchema = sub({
  from: { type: String, default: null },
  to: String,
  actor: String,
  at: String,
  reason: String,
});

const PlanSchema = new Schema<PlanRecord>(
  {
    _id: { type: String, default: () => randomUUID() },
    title: { type: String, required: true },
    level: { type: String, required: true },
    parentCode: { type: String, required: true },
    county: { type: String, required: true },
    sourceCodes: { type: [String], required: true },
    sourceNames: { type: [String], required: true },
    target: { type: Schema.Types.Mixed, required: true },
    effectiveDate: { type: String, required: true },
    status: { type: String, required: true },
    consultations: { type: [ConsultationSchema], default: [] },
    votes: { type: [VoteSchema], default: [] },
    transitions: { type: [TransitionSchema], default: [] },
    targetUnitId: { type: String, default: null },
    version: { type: Number, default: 0 },
  },
  { collection: 'plans', timestamps: true, versionKey: false },
);
PlanSchema.index({ parentCode: 1, status: 1 });
PlanSchema.index({ county: 1, status: 1 });
PlanSchema.index({ sourceCodes: 1, status: 1 });

export function planModel(conn: Connection): Model<PlanRecord> {
  return (conn.models.Plan as Model<PlanRecord> | undefined) ?? conn.model<PlanRecord>('Plan', PlanSchema);
}

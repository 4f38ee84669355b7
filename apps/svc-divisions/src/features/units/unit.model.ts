import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { UnitRecord } from './unit.types';

const FactsSchema = new Schema(
  { asOf: String, population: Number, households: Number, areaKm2: Number },
  { _id: false },
);

const UnitSchema = new Schema<UnitRecord>(
  {
    _id: { type: String, default: () => randomUUID() },
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true },
    kind: { type: String, required: true },
    parentCode: { type: String, default: null },
    province: { type: String, required: true },
    county: { type: String, required: true },
    township: { type: String, default: null },
    status: { type: String, required: true },
    validFrom: { type: String, required: true },
    validTo: { type: String, default: null },
    predecessorIds: { type: [String], default: [] },
    successorIds: { type: [String], default: [] },
    seatAddress: { type: String, default: null },
    tags: { type: [String], default: [] },
    facts: { type: [FactsSchema], default: [] },
    // Written when a plan takes the unit as a source: two plans claiming the same unit at once
    // conflict on this document and the retry sees the other plan. (Today the single audit head
    // also orders them; this keeps the rule from depending on how audit is stored.)
    planClaimedAt: { type: Date, default: null },
    // Our own optimistic-concurrency counter: updates go through updateOne({ _id, version }).
    version: { type: Number, default: 0 },
  },
  { collection: 'units', timestamps: true, versionKey: false },
);
// One record per code and validity start: the same code may be carried by several records over time.
UnitSchema.index({ code: 1, validFrom: 1 }, { unique: true });
UnitSchema.index({ parentCode: 1, status: 1 });
UnitSchema.index({ county: 1, level: 1 });
UnitSchema.index({ province: 1 });

export type UnitModel = Model<UnitRecord>;

export function unitModel(conn: Connection): UnitModel {
  return (conn.models.Unit as UnitModel | undefined) ?? conn.model<UnitRecord>('Unit', UnitSchema);
}

import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor, ImportJobDto, Jurisdiction, RowError } from '@hebing/contracts';

export interface ImportJobRecord {
  _id: string;
  county: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  sha256: string;
  content: Buffer;
  reason: string;
  actor: Actor;
  requestId: string;
  jurisdiction: Jurisdiction;
  status: ImportJobDto['status'];
  progress: number;
  rows: number;
  errors: RowError[];
  summary: ImportJobDto['summary'];
  message: string | null;
  createdAt: Date;
}

const ImportJobSchema = new Schema<ImportJobRecord>(
  {
    _id: String,
    county: String,
    fileName: String,
    format: String,
    sha256: String,
    content: Buffer,
    reason: String,
    actor: { type: Schema.Types.Mixed },
    requestId: String,
    jurisdiction: { type: Schema.Types.Mixed },
    status: String,
    progress: Number,
    rows: Number,
    errors: {
      type: [new Schema({ line: Number, column: String, reason: String }, { _id: false })],
      default: [],
    },
    summary: { type: Schema.Types.Mixed, default: null },
    message: { type: String, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  // `errors` is a real field here (the per-row report), not mongoose's validation errors.
  { collection: 'import_jobs', versionKey: false, suppressReservedKeysWarning: true },
);
ImportJobSchema.index({ county: 1, createdAt: -1 });

export function importJobModel(conn: Connection): Model<ImportJobRecord> {
  return (
    (conn.models.ImportJob as Model<ImportJobRecord> | undefined) ??
    conn.model<ImportJobRecord>('ImportJob', ImportJobSchema)
  );
}

export function toImportJobDto(j: ImportJobRecord): ImportJobDto {
  return {
    id: j._id,
    county: j.county,
    fileName: j.fileName,
    format: j.format,
    sha256: j.sha256,
    status: j.status,
    progress: j.progress,
    rows: j.rows,
    errors: j.errors ?? [],
    summary: j.summary ?? null,
    message: j.message ?? null,
    createdAt: new Date(j.createdAt).toISOString(),
  };
}

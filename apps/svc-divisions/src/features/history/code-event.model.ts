import { randomUUID } from 'node:crypto';
import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';

/** Append-only code history: what happened to a code, when, and through which plan. */
export interface CodeEventRecord {
  _id: string;
  code: string;
  unitId: string;
  event: 'created' | 'abolished' | 'merged-into' | 'recoded' | 'formed-by-merger';
  date: string;
  planId: string | null;
  relatedCodes: string[];
  note: string;
}

const CodeEventSchema = new Schema<CodeEventRecord>(
  {
    _id: { type: String, default: () => randomUUID() },
    code: { type: String, required: true },
    unitId: { type: String, required: true },
    event: { type: String, required: true },
    date: { type: String, required: true },
    planId: { type: String, default: null },
    relatedCodes: { type: [String], default: [] },
    note: { type: String, default: '' },
  },
  { collection: 'code_history', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
CodeEventSchema.index({ code: 1, date: 1 });
CodeEventSchema.index({ unitId: 1 });

export function codeEventModel(conn: Connection): Model<CodeEventRecord> {
  return (
    (conn.models.CodeEvent as Model<CodeEventRecord> | undefined) ??
    conn.model<CodeEventRecord>('CodeEvent', CodeEventSchema)
  );
}

export async function appendCodeEvents(
  conn: Connection,
  events: Omit<CodeEventRecord, '_id'>[],
  session: ClientSession,
): Promise<void> {
  if (events.length)
    await codeEventModel(conn).insertMany(
      events.map((e) => ({ _id: randomUUID(), ...e })),
      { session },
    );
}

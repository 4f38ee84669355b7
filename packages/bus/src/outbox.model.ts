import { Schema, type Connection, type Model } from 'mongoose';

/** An event waiting for (or done with) the relay; inserted in the publisher's transaction. */
export interface OutboxDoc {
  _id: string; // the event id (uuid); also the BullMQ jobId, which makes re-sends no-ops
  event: string;
  aggregateId: string;
  seq: number; // 1, 2, 3… per aggregate; the relay sends an aggregate's events in this order
  payload: unknown;
  createdAt: Date;
  dispatchedAt: Date | null;
}

/** Per-aggregate sequence counter; concurrent publishes for one aggregate conflict and retry. */
export interface OutboxSeqDoc {
  _id: string;
  seq: number;
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    event: { type: String, required: true },
    aggregateId: { type: String, required: true },
    seq: { type: Number, required: true },
    payload: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    dispatchedAt: { type: Date, default: null },
  },
  { versionKey: false, autoIndex: false },
);
outboxSchema.index({ aggregateId: 1, seq: 1 }, { unique: true });
outboxSchema.index({ dispatchedAt: 1, aggregateId: 1, seq: 1 });

const seqSchema = new Schema<OutboxSeqDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false, autoIndex: false },
);

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (
    (conn.models.HebingBusOutbox as Model<OutboxDoc> | undefined) ??
    conn.model<OutboxDoc>('HebingBusOutbox', outboxSchema, 'outbox')
  );
}

export function outboxSeqModel(conn: Connection): Model<OutboxSeqDoc> {
  return (
    (conn.models.HebingBusOutboxSeq as Model<OutboxSeqDoc> | undefined) ??
    conn.model<OutboxSeqDoc>('HebingBusOutboxSeq', seqSchema, 'outbox_seq')
  );
}

import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';

/** One row per (subscriber, event) a consumer has applied; written in the handler's transaction. */
export interface InboxDoc {
  _id: string;
  subscriber: string;
  eventId: string;
  message: string;
  processedAt: Date;
}

const inboxSchema = new Schema<InboxDoc>(
  {
    _id: { type: String, required: true },
    subscriber: { type: String, required: true },
    eventId: { type: String, required: true },
    message: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: false },
);
inboxSchema.index({ subscriber: 1, eventId: 1 }, { unique: true });

export function inboxModel(conn: Connection): Model<InboxDoc> {
  return (conn.models.HebingBusInbox as Model<InboxDoc> | undefined) ?? conn.model<InboxDoc>('HebingBusInbox', inboxSchema, 'inbox');
}

/**
 * Claims (subscriber, eventId) inside the caller's transaction. False means it was applied
 * before; two concurrent claims conflict on the unique key and the transaction retries into false.
 */
export async function claimInbox(
  conn: Connection,
  session: ClientSession,
  entry: { subscriber: string; eventId: string; message: string },
): Promise<boolean> {
  const Inbox = conn.collection<InboxDoc>('inbox');
  const _id = `${entry.subscriber}|${entry.eventId}`;
  const seen = await Inbox.findOne({ _id }, { session });
  if (seen) return false;
  await Inbox.insertOne({ _id, ...entry, processedAt: new Date() }, { session });
  return true;
}

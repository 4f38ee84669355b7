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
  return (
    (conn.models.HebingBusInbox as Model<InboxDoc> | undefined) ??
    conn.model<InboxDoc>('HebingBusInbox', inboxSchema, 'inbox')
  );
}

/** Thrown out of the transaction when the inbox already holds (subscriber, eventId). */
export class AlreadyProcessedError extends Error {
  override readonly name = 'AlreadyProcessedError';
}

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;
}

/** What a consumer records in its inbox for one applied event. */
export interface InboxEntry {
  subscriber: string;
  eventId: string;
  message: string;
}

function inboxRow(entry: InboxEntry, processedAt: Date): InboxDoc {
  return { _id: `${entry.subscriber}|${entry.eventId}`, ...entry, processedAt };
}

/**
 * Claims (subscriber, eventId) inside the caller's transaction, first thing, so a duplicate costs
 * one insert: the unique key refuses it (the transaction aborts with nothing else written) and
 * AlreadyProcessedError tells the caller to skip. Two concurrent claims conflict; the retry
 * lands on the duplicate key.
 */
export async function claimInbox(conn: Connection, session: ClientSession, entry: InboxEntry): Promise<void> {
  const Inbox = conn.collection<InboxDoc>('inbox');
  try {
    await Inbox.insertOne(inboxRow(entry, new Date()), { session });
  } catch (e) {
    if (isDuplicateKey(e))
      throw new AlreadyProcessedError(`${entry.subscriber} already applied ${entry.eventId}`);
    throw e;
  }
}

/**
 * Claims several events in one insert (group commit). Any duplicate fails the insert and, with it,
 * the caller's transaction: the caller then applies the events one by one with claimInbox.
 */
export async function claimInboxMany(
  conn: Connection,
  session: ClientSession,
  entries: InboxEntry[],
): Promise<void> {
  const now = new Date();
  await conn.collection<InboxDoc>('inbox').insertMany(
    entries.map((e) => inboxRow(e, now)),
    { session, ordered: true },
  );
}

/** Runs fn unless it was applied before; true when it ran now. */
export async function skipIfProcessed(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (e instanceof AlreadyProcessedError) return false;
    throw e;
  }
}

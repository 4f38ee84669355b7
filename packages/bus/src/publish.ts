import { randomUUID } from 'node:crypto';
import type { ClientSession, Connection } from 'mongoose';
import type { z } from 'zod';
import { AppError, type MessageDef } from '@hebing/contracts';
import type { OutboxDoc, OutboxSeqDoc } from './outbox.model';
import { afterCommit, type CommittedRowsListener } from './commit-hook';
import { parsePayload } from './validate';

/*
 * publish() only gets the caller's session, so each bus registers its connection under its Mongo
 * client; the session's client finds the service's database (and the relay to nudge).
 */
interface Registration {
  conn: Connection;
  /** Gets the rows of each committed transaction (the local relay's fast path). */
  nudge: CommittedRowsListener;
}
const registry = new Map<object, Registration[]>();

export function registerOutbox(conn: Connection, nudge: CommittedRowsListener): () => void {
  const client = conn.getClient();
  const reg = { conn, nudge };
  registry.set(client, [...(registry.get(client) ?? []), reg]);
  return () => {
    const rest = (registry.get(client) ?? []).filter((r) => r !== reg);
    if (rest.length) registry.set(client, rest);
    else registry.delete(client);
  };
}

function lookup(session: ClientSession, conn: Connection | undefined): Registration {
  // the driver hides `client` from its types; it is the MongoClient the session belongs to
  const client: unknown = Reflect.get(session, 'client');
  const regs = (typeof client === 'object' && client ? registry.get(client) : undefined) ?? [];
  const found = conn ? regs.find((r) => r.conn === conn) : regs[0];
  if (conn && !found) return { conn, nudge: () => undefined };
  if (!found) {
    throw new AppError(
      'INTERNAL',
      "publish(): no bus is registered for this session's Mongo client; call createBus({ conn }) first or pass { conn }",
    );
  }
  return found;
}

export interface PublishOptions {
  aggregateId: string;
  /** The service's connection, when several buses share one Mongo client. */
  conn?: Connection;
}

/**
 * Writes the event to the service's outbox in the caller's transaction; the relay delivers it
 * once the transaction commits. Returns the event id.
 */
export async function publish<S extends z.ZodType>(
  session: ClientSession,
  event: MessageDef<string, S>,
  payload: z.input<S>,
  opts: PublishOptions,
): Promise<string> {
  if (!session.inTransaction()) {
    throw new AppError(
      'INTERNAL',
      `publish("${event.name}") must run inside a transaction (withTransaction)`,
    );
  }
  const data = parsePayload(event, payload);
  const { conn, nudge } = lookup(session, opts.conn);
  const counter = await conn
    .collection<OutboxSeqDoc>('outbox_seq')
    .findOneAndUpdate(
      { _id: opts.aggregateId },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after', session },
    );
  const seq = counter?.seq ?? 1;
  const row: OutboxDoc = {
    _id: randomUUID(),
    event: event.name,
    aggregateId: opts.aggregateId,
    seq,
    payload: data,
    createdAt: new Date(),
    dispatchedAt: null,
  };
  // insertOne may add fields to the object it is given; the relay gets its own copy
  await conn.collection<OutboxDoc>('outbox').insertOne({ ...row }, { session });
  afterCommit(session, nudge, row);
  return row._id;
}

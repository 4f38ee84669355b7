import { randomUUID } from 'node:crypto';
import type { ClientSession, Connection } from 'mongoose';
import type { z } from 'zod';
import { AppError, type MessageDef } from '@hebing/contracts';
import type { OutboxDoc } from './outbox.model';
import { stageRow, type OutboxTarget } from './outbox-staging';
import { parsePayload } from './validate';

/*
 * publish() only gets the caller's session, so each bus registers its connection under its Mongo
 * client; the session's client finds the service's database (and the relay to nudge).
 */
type Registration = OutboxTarget;
const registry = new Map<object, Registration[]>();
const unrelayed = new WeakMap<Connection, Registration>();

export function registerOutbox(conn: Connection, nudge: OutboxTarget['nudge']): () => void {
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
  if (conn && !found) {
    // no local relay for this connection: another process's relay reads the rows from the outbox
    let target = unrelayed.get(conn);
    if (!target) unrelayed.set(conn, (target = { conn, nudge: () => undefined }));
    return target;
  }
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
 * Adds the event to the service's outbox in the caller's transaction (written with the
 * transaction's other events just before it commits, see outbox-staging.ts); the relay delivers
 * it once the transaction commits. Returns the event id.
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
  const row: OutboxDoc = {
    _id: randomUUID(),
    event: event.name,
    aggregateId: opts.aggregateId,
    seq: 0, // assigned when the transaction's rows are written, just before it commits
    payload: data,
    createdAt: new Date(),
    dispatchedAt: null,
  };
  stageRow(session, lookup(session, opts.conn), row);
  return row._id;
}

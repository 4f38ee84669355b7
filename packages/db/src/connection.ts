import mongoose, { type Connection } from 'mongoose';

export interface ConnectDbOptions {
  /** Max sockets per server; services are I/O bound, so a moderate pool serves many requests. */
  maxPoolSize?: number;
  /** How long to wait for a primary before an operation fails (fail fast at start-up and in /readyz). */
  serverSelectionTimeoutMS?: number;
}

/**
 * A dedicated connection for one service database. `createConnection` rather than the global
 * mongoose keeps models per connection, so tests and multi-db processes never share state.
 */
export async function connectDb(
  uri: string,
  dbName: string,
  opts: ConnectDbOptions = {},
): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    maxPoolSize: opts.maxPoolSize ?? 20,
    minPoolSize: 0,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5_000,
    // Changes must survive a primary failover: majority-acknowledged writes.
    writeConcern: { w: 'majority' },
    retryWrites: true,
    // Never queue operations forever while disconnected; fail and let the caller retry.
    bufferCommands: false,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

/** Raw driver collection on a connected connection (audit and outbox need exact control over documents). */
export function rawCollection(conn: Connection, name: string) {
  const db = conn.db;
  if (!db) throw new Error(`mongo connection is not open (collection ${name})`);
  return db.collection(name);
}

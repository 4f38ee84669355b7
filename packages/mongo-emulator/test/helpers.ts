import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Db, type Document, type ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { startMongoEmulator } from '../src/index';

/*
 * The test environment module: the one place the suite reads process.env. With MONGO_URL set
 * (a real MongoDB replica set) every conformance test runs against it instead of the emulator,
 * so the same assertions check the emulator's fidelity.
 */
// eslint-disable-next-line no-restricted-syntax -- this file is the test suite's env module
export const MONGO_URL: string | undefined = process.env.MONGO_URL;

/** True when the suite runs against the emulator; emulator-only suites register only then. */
export const ON_EMULATOR = !MONGO_URL;

export interface Target {
  uri: string;
  client: MongoClient;
  /** A database name no other test (or run) uses. */
  dbName(prefix: string): string;
  db(prefix: string): Db;
  /** A mongoose connection (createConnection, never the global) to a fresh database. */
  mongoose(prefix: string): Promise<mongoose.Connection>;
  stop(): Promise<void>;
}

export function uniqueDbName(prefix: string): string {
  // MongoDB database names are at most 63 bytes and may not contain '.', ' ', '$', '/', '\'.
  return `t_${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.slice(0, 60);
}

/** Starts the emulator (or uses MONGO_URL) and connects one driver client to it. */
export async function startTarget(): Promise<Target> {
  let uri = MONGO_URL ?? '';
  let stopServer = async (): Promise<void> => {};
  if (!MONGO_URL) {
    const emu = await startMongoEmulator({});
    uri = emu.uri;
    stopServer = () => emu.stop();
  }
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  const conns: mongoose.Connection[] = [];
  const usedDbs: string[] = [];
  const name = (prefix: string): string => {
    const n = uniqueDbName(prefix);
    usedDbs.push(n);
    return n;
  };
  return {
    uri,
    client,
    dbName: name,
    db: (prefix) => client.db(name(prefix)),
    async mongoose(prefix) {
      const conn = mongoose.createConnection(uri, { dbName: name(prefix), serverSelectionTimeoutMS: 5000 });
      conns.push(conn);
      await conn.asPromise();
      return conn;
    },
    async stop() {
      for (const c of conns) await c.close();
      // Leave a real server clean: drop what this run created.
      if (MONGO_URL)
        for (const d of usedDbs)
          await client
            .db(d)
            .dropDatabase()
            .catch(() => {});
      await client.close();
      await stopServer();
    },
  };
}

/** Runs `fn` and returns the error it throws; fails the test when it does not throw. */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A document whose _id may be any BSON value (the driver's default type insists on ObjectId). */
export interface Loose extends Document {
  _id?: string | number | ObjectId;
}

/** listIndexes as plain documents (the driver types its cursor as `any`). */
export async function indexSpecs(coll: Collection<Loose>): Promise<Document[]> {
  return (await coll.listIndexes().toArray()) as Document[];
}

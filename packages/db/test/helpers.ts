import type { Connection } from 'mongoose';
import { startTestMongo, uniqueName } from '@hebing/testing';
import { connectDb } from '../src';

export interface DbFixture {
  conn: Connection;
  uri: string;
  close(): Promise<void>;
}

/** A fresh database on the shared emulator (or MONGO_URL) for one test file. */
export async function openTestDb(prefix: string): Promise<DbFixture> {
  const mongo = await startTestMongo();
  const conn = await connectDb(mongo.uri, uniqueName(prefix).replace(/[^a-zA-Z0-9_]/g, '_'));
  return {
    conn,
    uri: mongo.uri,
    close: async () => {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
      await mongo.stop();
    },
  };
}

/** Resolves once `n` callers are waiting, so concurrent transactions overlap deterministically. */
export function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((res) => (release = res));
  return () => {
    waiting++;
    if (waiting >= n) release();
    return all;
  };
}

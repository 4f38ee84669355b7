import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { durableFigure, fsyncFloor } from './durable-figure';
import { journalFigure } from './journal-figure';
import { snapshotFigures } from './snapshot-figure';
import { insertFigures } from './insert-figures';
import { printTable, startServerProcess, type Row } from './measure';
import { queryFigures } from './query-figures';
import { txnFigures } from './txn-figure';

/*
 * `pnpm --filter @hebing/mongo-emulator bench`: the performance figures, each beside the
 * same work done by a plain in-process structure in this run, with the ratio and the target.
 * The emulator runs in its own process (as the services use it); results vary between runs.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const scratch = await mkdtemp(join(tmpdir(), 'hebing-bench-'));
  const rows: Row[] = [];
  const server = await startServerProcess();
  const client = await new MongoClient(server.uri).connect();
  const conn = await mongoose.createConnection(server.uri, { dbName: 'bench_inserts' }).asPromise();
  try {
    rows.push(...(await insertFigures(conn, client, 'bench_inserts')));
    console.log('insert figures done');
    rows.push(...(await queryFigures(client, 'bench_queries')));
    console.log('query figures done');
    rows.push(...(await txnFigures(server.uri)));
    console.log('transaction figures done');
  } finally {
    await conn.close();
    await client.close();
    await server.stop();
  }
  const floor = fsyncFloor(scratch);
  rows.push(await durableFigure(scratch, floor));
  rows.push(await journalFigure(scratch, floor));
  rows.push(...(await snapshotFigures(scratch)));
  await rm(scratch, { recursive: true, force: true });
  console.log(
    `\nhebing-mongo benchmark (${((Date.now() - started) / 1000).toFixed(0)} s, node ${process.version})\n`,
  );
  printTable(rows);
}

await main();

import type { MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import { makeDocs, type BenchDoc } from './docs';
import { timeIt, type Row } from './measure';

const N = 100_000;

/** The in-process baseline for an insert: a Map keyed by code holding a copy of each document. */
function mapInsert(docs: BenchDoc[], unique: boolean): number {
  const t0 = performance.now();
  const map = new Map<string, BenchDoc>();
  const seen = new Set<string>();
  for (const d of docs) {
    if (unique) {
      if (seen.has(d.code)) throw new Error('duplicate');
      seen.add(d.code);
    }
    map.set(`${d.n}`, { ...d });
  }
  return performance.now() - t0;
}

export async function insertFigures(conn: Connection, client: MongoClient, dbName: string): Promise<Row[]> {
  const rows: Row[] = [];
  const db = client.db(dbName);
  const Person = conn.model('BenchPerson', new Schema({}, { strict: false, collection: 'mongoose_insert' }));
  await Person.createCollection();

  const baseline = mapInsert(makeDocs(N), false);
  let docs = makeDocs(N);
  const viaMongoose = await timeIt(() => Person.insertMany(docs, { lean: true }));
  rows.push({
    figure: 'insertMany 100k × 0.5 KB, mongoose (lean)',
    emulator: viaMongoose,
    baseline,
    baselineName: 'Map.set',
    unit: 'ms',
    target: '≤ 3000 ms',
    pass: viaMongoose <= 3000,
  });

  docs = makeDocs(N);
  const viaDriver = await timeIt(() => db.collection('driver_insert').insertMany(docs));
  rows.push({
    figure: 'insertMany 100k × 0.5 KB, driver collection',
    emulator: viaDriver,
    baseline,
    baselineName: 'Map.set',
    unit: 'ms',
    target: '≤ 3000 ms',
    pass: viaDriver <= 3000,
  });
  await db.collection('mongoose_insert').drop();
  await db.collection('driver_insert').drop();

  // Same load into a fresh collection without and with a unique index; the figure is the ratio.
  await db.createCollection('plain');
  await db.collection('unique').createIndex({ code: 1 }, { unique: true });
  docs = makeDocs(N);
  const plain = await timeIt(() => db.collection('plain').insertMany(docs));
  docs = makeDocs(N);
  const unique = await timeIt(() => db.collection('unique').insertMany(docs));
  const baseUnique = mapInsert(makeDocs(N), true) / Math.max(mapInsert(makeDocs(N), false), 0.001);
  const ratio = unique / plain;
  rows.push({
    figure: `100k inserts, unique index vs none (${unique.toFixed(0)} / ${plain.toFixed(0)} ms)`,
    emulator: ratio,
    baseline: baseUnique,
    baselineName: 'Map+Set / Map',
    unit: '×',
    target: '≤ 2×',
    pass: ratio <= 2,
  });
  await db.dropDatabase();
  return rows;
}

import mongoose from 'mongoose';
import { nowMs, type Row } from './measure';

const TXNS = 2_000;
const CONCURRENT = 10;

interface OutboxDoc {
  key: string;
  n: number;
}

/**
 * Transactions through mongoose, shaped like a transactional outbox: startTransaction, one
 * business write and one outbox write, commitTransaction. Reported as transactions per second,
 * one client at a time and with 10 concurrent clients (informational: the issue sets no target).
 */
export async function txnFigures(uri: string): Promise<Row[]> {
  const conn = await mongoose.createConnection(uri, { dbName: 'bench_txn' }).asPromise();
  try {
    const schema = new mongoose.Schema<OutboxDoc>({ key: String, n: Number });
    const Business = conn.model<OutboxDoc>('Business', schema);
    const Outbox = conn.model<OutboxDoc>('Outbox', schema);
    await Business.createCollection();
    await Outbox.createCollection();
    const one = async (w: number, i: number): Promise<void> => {
      const session = await conn.startSession();
      try {
        session.startTransaction();
        await Business.create([{ key: `w${w}`, n: i }], { session });
        await Outbox.create([{ key: `w${w}`, n: i }], { session });
        await session.commitTransaction();
      } finally {
        await session.endSession();
      }
    };
    await run(1, 200, one); // warm-up
    const rows: Row[] = [];
    for (const workers of [1, CONCURRENT]) {
      const perSecond = await run(workers, TXNS / workers, one);
      rows.push({
        figure: `mongoose transactions (start + 2 writes + commit), ${workers} client${workers > 1 ? 's' : ''}`,
        emulator: perSecond,
        baseline: 0,
        baselineName: 'none',
        unit: 'tx/s',
        target: 'none set',
        pass: null,
      });
    }
    await conn.dropDatabase();
    return rows;
  } finally {
    await conn.close();
  }
}

async function run(
  workers: number,
  perWorker: number,
  one: (w: number, i: number) => Promise<void>,
): Promise<number> {
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await one(w, i);
    }),
  );
  return (workers * perWorker) / ((nowMs() - t0) / 1000);
}

import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { makeDocs } from './docs';
import { latencies, nowMs, percentile, startServerProcess, type Row } from './measure';

const WRITERS = 50;
const PER_WRITER = 200;

/**
 * Durable single writes: 50 concurrent writers, each inserting one document at a time into an
 * emulator with a data directory (fsync before the ack, group commit). The baseline is the floor
 * any durable store pays on this disk: one 0.5 KB write + fdatasync, measured alone (its p99).
 */
export async function durableFigure(scratch: string, fsyncFloorMs: number): Promise<Row> {
  const dataDir = await mkdtemp(join(scratch, 'durable-'));
  const server = await startServerProcess(dataDir);
  const client = await new MongoClient(server.uri, { maxPoolSize: WRITERS + 5 }).connect();
  try {
    const coll = client.db('bench_durable').collection('writes');
    await coll.insertOne({ warm: true });
    const all: number[] = [];
    const t0 = nowMs();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const docs = makeDocs(PER_WRITER, w * PER_WRITER);
        const lat = await latencies(PER_WRITER, (i) => coll.insertOne(docs[i] ?? {}));
        all.push(...lat);
      }),
    );
    const elapsed = nowMs() - t0;
    console.log(
      `durable: ${all.length} acknowledged writes in ${(elapsed / 1000).toFixed(1)} s (${Math.round(all.length / (elapsed / 1000))}/s)`,
    );
    const p99 = percentile(all, 99);
    return {
      figure: `durable insertOne, ${WRITERS} concurrent writers (p50 ${percentile(all, 50).toFixed(1)} ms)`,
      emulator: p99,
      baseline: fsyncFloorMs,
      baselineName: 'write+fdatasync',
      unit: 'ms p99',
      target: '≤ 10 ms',
      pass: p99 <= 10,
    };
  } finally {
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function fsyncFloor(scratch: string): number {
  const path = join(scratch, `fsync-floor-${process.pid}.bin`);
  const fd = openSync(path, 'w');
  const record = Buffer.alloc(512, 7);
  const lat: number[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      const t0 = nowMs();
      writeSync(fd, record);
      fdatasyncSync(fd);
      lat.push(nowMs() - t0);
    }
  } finally {
    closeSync(fd);
  }
  void rm(path, { force: true });
  return percentile(lat, 99);
}

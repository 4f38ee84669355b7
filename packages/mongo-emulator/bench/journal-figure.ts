import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileJournal } from '../src/persistence/file-journal';
import { makeDocs } from './docs';
import { latencies, nowMs, percentile, type Row } from './measure';

const WRITERS = 50;
const PER_WRITER = 200;

/**
 * The journal alone: 50 concurrent appenders of one 0.5 KB document each, in process. It shows
 * what group commit costs per durable write apart from the wire protocol and the engine.
 */
export async function journalFigure(scratch: string, fsyncFloorMs: number): Promise<Row> {
  const dir = await mkdtemp(join(scratch, 'journal-'));
  const journal = await openFileJournal(dir);
  await journal.recover();
  try {
    const all: number[] = [];
    const t0 = nowMs();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const docs = makeDocs(PER_WRITER, w * PER_WRITER);
        const lat = await latencies(PER_WRITER, (i) =>
          journal.append([{ op: 'put', db: 'b', coll: 'c', doc: { _id: w * PER_WRITER + i, ...docs[i] } }]),
        );
        all.push(...lat);
      }),
    );
    const elapsed = nowMs() - t0;
    console.log(
      `journal: ${all.length} appends in ${(elapsed / 1000).toFixed(1)} s, ${journal.groupCommits} fsyncs (${(all.length / journal.groupCommits).toFixed(1)} appends per fsync)`,
    );
    const p99 = percentile(all, 99);
    return {
      figure: `journal.append alone, ${WRITERS} concurrent appenders (p50 ${percentile(all, 50).toFixed(1)} ms)`,
      emulator: p99,
      baseline: fsyncFloorMs,
      baselineName: 'write+fdatasync',
      unit: 'ms p99',
      target: '≤ 10 ms',
      pass: p99 <= 10,
    };
  } finally {
    await journal.close();
    await rm(dir, { recursive: true, force: true });
  }
}

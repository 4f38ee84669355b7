import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import { openFileJournal } from '../src/persistence/file-journal';
import type { EngineImage } from '../src/persistence/journal-types';
import { makeDocs } from './docs';
import { timeIt, type Row } from './measure';

const N = 500_000;

/** Measures the longest gap between 5 ms timer ticks: how long the event loop was blocked. */
function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last - 5);
    },
  };
}

/**
 * Snapshot write (compact) and cold recovery of 500k documents: what a restart of a big data
 * directory costs. The baseline is plain BSON serialize / deserialize of the same documents.
 */
export async function snapshotFigures(scratch: string): Promise<Row[]> {
  const dir = await mkdtemp(join(scratch, 'snapshot-'));
  const docs = makeDocs(N, 0, 100).map((d, i) => ({ _id: i, ...d }));
  const image: EngineImage = {
    databases: [{ name: 'b', collections: [{ name: 'c', options: {}, indexes: [], docs }] }],
  };
  try {
    const journal = await openFileJournal(dir);
    await journal.recover();
    const stalls = watchEventLoop();
    const write = await timeIt(() => journal.compact(image));
    const stall = stalls.stop();
    await journal.close();
    let count = 0;
    const reopened = await openFileJournal(dir);
    const read = await timeIt(async () => {
      const { image: back } = await reopened.recover();
      count = back?.databases[0]?.collections[0]?.docs.length ?? 0;
    });
    await reopened.close();
    if (count !== N) throw new Error(`recovered ${count} documents, expected ${N}`);
    let bytes: Uint8Array[] = [];
    const ser = await timeIt(() => (bytes = docs.map((d) => serialize(d))));
    const de = await timeIt(() => bytes.map((b) => deserialize(b)));
    return [
      {
        figure: 'snapshot (compact) of 500k docs',
        emulator: write,
        baseline: ser,
        baselineName: 'bson serialize',
        unit: 'ms',
        target: 'none',
        pass: null,
      },
      {
        figure: 'slowest event-loop stall while writing that snapshot',
        emulator: stall,
        baseline: 0,
        baselineName: 'none',
        unit: 'ms',
        target: '≤ 100 ms',
        pass: stall <= 100,
      },
      {
        figure: 'recover 500k docs from a snapshot',
        emulator: read,
        baseline: de,
        baselineName: 'bson deserialize',
        unit: 'ms',
        target: 'none',
        pass: null,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

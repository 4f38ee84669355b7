import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ON_EMULATOR, type Loose } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const CYCLES = 6;

interface Child {
  proc: ChildProcess;
  uri: string;
}

/** Starts the emulator in its own process on `dataDir`; resolves once it prints READY. */
function startChild(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash', 'child-server.ts'), dataDir], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`child did not start in time: ${err}`)), 60_000);
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, uri: m[1] });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${String(code)} before READY: ${err}`));
    });
  });
}

function killHard(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/**
 * Asks the child to stop cleanly (it snapshots and compacts the journal) and SIGKILLs it a
 * random moment later: before, during or after the snapshot is written and renamed.
 */
async function killDuringCompaction(proc: ChildProcess): Promise<void> {
  proc.kill('SIGTERM');
  // Short delays land while the snapshot is written, longer ones after its rename or exit.
  await new Promise((r) => setTimeout(r, Math.random() * 300));
  await killHard(proc);
}

/** What the parent saw acknowledged; only these are promised to survive. */
interface Acked {
  singles: Set<string>;
  bulks: Set<string>;
  txns: Set<string>;
  counterIncs: number;
  counterAttempts: number;
}

/** Writers that keep going until `stop()`; each ack is recorded the moment it arrives. */
function runLoad(client: MongoClient, cycle: number, acked: Acked): () => void {
  let running = true;
  const db = client.db('crash');
  const singles = db.collection<Loose>('singles');
  const bulks = db.collection<Loose>('bulks');
  const txns = db.collection<Loose>('txns');
  const counter = db.collection<Loose>('counter');
  const loop = async (fn: (k: number) => Promise<void>): Promise<void> => {
    for (let k = 0; running; k++) await fn(k).catch(() => {});
  };
  for (let w = 0; w < 4; w++) {
    void loop(async (k) => {
      const id = `s-${cycle}-${w}-${k}`;
      await singles.insertOne({ _id: id, pad: 'x'.repeat(200) });
      acked.singles.add(id);
    });
  }
  void loop(async (k) => {
    const ids = Array.from({ length: 25 }, (_, i) => `b-${cycle}-${k}-${i}`);
    await bulks.insertMany(ids.map((_id) => ({ _id })));
    for (const id of ids) acked.bulks.add(id);
  });
  for (let w = 0; w < 2; w++) {
    void loop(async (k) => {
      const tag = `t-${cycle}-${w}-${k}`;
      await writeTxn(client, txns, tag);
      acked.txns.add(tag);
    });
  }
  void loop(async () => {
    acked.counterAttempts++;
    await counter.updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { upsert: true });
    acked.counterIncs++;
  });
  return () => {
    running = false;
  };
}

async function writeTxn(client: MongoClient, txns: Collection<Loose>, tag: string): Promise<void> {
  const session = client.startSession();
  try {
    session.startTransaction();
    for (let i = 0; i < 3; i++) await txns.insertOne({ _id: `${tag}-${i}`, tag }, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession().catch(() => {});
  }
}

async function verify(uri: string, acked: Acked): Promise<void> {
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 }).connect();
  try {
    const db = client.db('crash');
    const present = async (coll: string): Promise<Set<unknown>> =>
      new Set(
        (
          await db
            .collection(coll)
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id),
      );
    const singles = await present('singles');
    const bulks = await present('bulks');
    expect([...acked.singles].filter((id) => !singles.has(id))).toEqual([]);
    expect([...acked.bulks].filter((id) => !bulks.has(id))).toEqual([]);
    const groups = await db
      .collection('txns')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$tag', n: { $sum: 1 } } }])
      .toArray();
    const half = groups.filter((g) => g.n !== 3);
    expect(half).toEqual([]);
    const committed = new Set(groups.map((g) => g._id));
    expect([...acked.txns].filter((tag) => !committed.has(tag))).toEqual([]);
    const n = ((await db.collection<Loose>('counter').findOne({ _id: 'c' }))?.n as number | undefined) ?? 0;
    expect(n).toBeGreaterThanOrEqual(acked.counterIncs);
    expect(n).toBeLessThanOrEqual(acked.counterAttempts);
  } finally {
    await client.close();
  }
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) await killHard(c);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe.runIf(ON_EMULATOR)('crash recovery (emulator only: SIGKILLs a child emulator on a data dir)', () => {
  it(`keeps every acknowledged write and no half transaction across ${CYCLES} SIGKILLs`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hebing-crash-'));
    dirs.push(dataDir);
    const acked: Acked = {
      singles: new Set(),
      bulks: new Set(),
      txns: new Set(),
      counterIncs: 0,
      counterAttempts: 0,
    };
    // Each restarted child first proves the previous crash lost nothing, then takes the next load.
    let child = await startChild(dataDir);
    children.push(child.proc);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const client = await new MongoClient(child.uri, {
        retryWrites: false,
        serverSelectionTimeoutMS: 2000,
      }).connect();
      const stop = runLoad(client, cycle, acked);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      // Acks already received are recorded; in-flight ones may be lost. Odd cycles crash in the
      // middle of a clean stop's snapshot + journal compaction instead of under plain load.
      await (cycle % 2 === 1 ? killDuringCompaction(child.proc) : killHard(child.proc));
      stop();
      await client.close(true).catch(() => {});
      child = await startChild(dataDir);
      children.push(child.proc);
      await verify(child.uri, acked);
    }
    await killHard(child.proc);
    // The load must actually have produced acknowledged writes of every kind.
    expect(acked.singles.size).toBeGreaterThan(0);
    expect(acked.bulks.size).toBeGreaterThan(0);
    expect(acked.txns.size).toBeGreaterThan(0);
  }, 180_000);
});

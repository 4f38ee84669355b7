import {
  appendFile,
  copyFile,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal128, Long, ObjectId } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { openFileJournal } from '../../src/persistence/file-journal';
import type { EngineImage, Journal, JournalOp } from '../../src/persistence/journal-types';

const dirs: string[] = [];
const opened: Journal[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hebing-journal-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const put = (coll: string, doc: Record<string, unknown>): JournalOp => ({ op: 'put', db: 'app', coll, doc });
const idOf = (batch: JournalOp[]): unknown => (batch[0] as Extract<JournalOp, { op: 'put' }>).doc._id;
const segments = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((n) => n.endsWith('.wal')).sort();

async function reopen(dir: string) {
  const j = await openFileJournal(dir);
  opened.push(j);
  return { j, state: await j.recover() };
}

describe('file journal (unit)', () => {
  it('replays appended batches in order with BSON types intact', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    const id = new ObjectId();
    const when = new Date('2026-01-02T03:04:05Z');
    await j.append([{ op: 'createCollection', db: 'app', coll: 'people', options: {} }]);
    await j.append([
      put('people', {
        _id: id,
        at: when,
        big: Long.fromString('9007199254740993'),
        d: Decimal128.fromString('1.10'),
        nested: { a: [1, 'x'] },
      }),
      { op: 'delete', db: 'app', coll: 'people', id: 'gone' },
    ]);
    await j.close();

    const { state } = await reopen(dir);
    expect(state.image).toBeNull();
    expect(state.batches).toHaveLength(2);
    const doc = (state.batches[1]?.[0] as Extract<JournalOp, { op: 'put' }>).doc;
    expect((doc._id as ObjectId).equals(id)).toBe(true);
    expect(doc.at).toEqual(when);
    expect(String(doc.big)).toBe('9007199254740993');
    expect((doc.d as Decimal128).toString()).toBe('1.10');
    expect(doc.nested).toEqual({ a: [1, 'x'] });
    expect(state.batches[1]?.[1]).toEqual({ op: 'delete', db: 'app', coll: 'people', id: 'gone' });
  });

  it('shares one fsync between concurrent appends (group commit)', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => j.append([put('c', { _id: i })])));
    expect(j.groupCommits).toBeLessThan(200);
    expect(j.groupCommits).toBeGreaterThan(0);
    await j.close();
    const { state } = await reopen(dir);
    expect(state.batches.map((b) => idOf(b))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('stores a batch larger than one BSON document may be (48 MB insert)', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    const filler = 'x'.repeat(1000);
    const batch = Array.from({ length: 20_000 }, (_, i) => put('big', { _id: i, filler }));
    await j.append(batch);
    await j.close();
    const { state } = await reopen(dir);
    expect(state.batches[0]).toHaveLength(20_000);
  });

  it('compacts: recover returns the snapshot and only the batches after it', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await j.append([put('c', { _id: 1 })]);
    await j.append([put('c', { _id: 2 })]);
    expect(j.bytesSinceSnapshot).toBeGreaterThan(0);
    const image = imageOf([{ _id: 1 }, { _id: 2 }]);
    await j.compact(image);
    expect(j.bytesSinceSnapshot).toBe(0);
    await j.append([put('c', { _id: 3 })]);
    await j.close();
    expect(await segments(dir)).toHaveLength(1);

    const { state } = await reopen(dir);
    expect(state.image).toEqual(image);
    expect(state.batches).toEqual([[put('c', { _id: 3 })]]);
  });

  it('snapshots many documents and empty databases faithfully', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    const docs = Array.from({ length: 30_000 }, (_, i) => ({ _id: i, name: `n${i}`, pad: 'p'.repeat(100) }));
    const image: EngineImage = {
      databases: [
        {
          name: 'app',
          collections: [
            {
              name: 'c',
              options: { capped: false },
              indexes: [{ v: 2, key: { name: 1 }, name: 'name_1', unique: true }],
              docs,
            },
          ],
        },
        { name: 'empty', collections: [{ name: 'none', options: {}, indexes: [], docs: [] }] },
      ],
    };
    await j.compact(image);
    await j.close();
    const { state } = await reopen(dir);
    expect(state.image).toEqual(image);
  });

  it('survives a crash between the snapshot rename and the journal truncation', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await j.append([{ op: 'createCollection', db: 'app', coll: 'a', options: {} }]);
    await j.append([put('a', { _id: 1 })]);
    await j.append([{ op: 'renameCollection', db: 'app', coll: 'a', toDb: 'app', toColl: 'b' }]);
    const [oldSegment] = await segments(dir);
    if (!oldSegment) throw new Error('expected a journal segment');
    await copyFile(join(dir, oldSegment), join(dir, 'kept.bak'));
    const image: EngineImage = {
      databases: [
        { name: 'app', collections: [{ name: 'b', options: {}, indexes: [], docs: [{ _id: 1 }] }] },
      ],
    };
    await j.compact(image);
    await j.append([put('b', { _id: 2 })]);
    await j.close();
    // Put the truncated segment back, as if the process died right after the rename.
    await copyFile(join(dir, 'kept.bak'), join(dir, oldSegment));

    const { j: j2, state } = await reopen(dir);
    expect(state.image).toEqual(image);
    expect(state.batches).toEqual([[put('b', { _id: 2 })]]);
    expect(await segments(dir)).not.toContain(oldSegment);
    await j2.append([put('b', { _id: 3 })]);
    await j2.close();
    const { state: again } = await reopen(dir);
    expect(again.batches).toEqual([[put('b', { _id: 2 })], [put('b', { _id: 3 })]]);
  });

  it('ignores a snapshot temp file left by a crash mid-snapshot', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await j.append([put('c', { _id: 1 })]);
    await j.close();
    await writeFile(join(dir, 'snapshot.bin.tmp'), Buffer.from('half a snapshot'));
    const { state } = await reopen(dir);
    expect(state.image).toBeNull();
    expect(state.batches).toEqual([[put('c', { _id: 1 })]]);
  });

  it('discards a torn tail record, keeps the rest, and appends cleanly after it', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    for (let i = 1; i <= 3; i++) await j.append([put('c', { _id: i, text: 'abc'.repeat(50) })]);
    await j.close();
    const [seg] = await segments(dir);
    if (!seg) throw new Error('expected a journal segment');
    const file = join(dir, seg);
    await truncate(file, (await stat(file)).size - 7); // the crash cut the last record short

    const { j: j2, state } = await reopen(dir);
    expect(state.batches.map((b) => idOf(b))).toEqual([1, 2]);
    await j2.append([put('c', { _id: 4 })]);
    await j2.close();
    const { state: again } = await reopen(dir);
    expect(again.batches.map((b) => idOf(b))).toEqual([1, 2, 4]);
  });

  it('discards a zero-filled or garbage tail (length written, data not)', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await j.append([put('c', { _id: 1 })]);
    await j.close();
    const [seg] = await segments(dir);
    await appendFile(
      join(dir, seg ?? ''),
      Buffer.concat([Buffer.from([0x48, 0x42, 0x57, 0x4a, 50, 0, 0, 0]), Buffer.alloc(4096)]),
    );
    const { state } = await reopen(dir);
    expect(state.batches).toEqual([[put('c', { _id: 1 })]]);
  });

  it('refuses to start on a corrupt record in the middle of the journal', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    for (let i = 1; i <= 3; i++) await j.append([put('c', { _id: i, text: 'payload' })]);
    await j.close();
    const [seg] = await segments(dir);
    const file = join(dir, seg ?? '');
    const bytes = await readFile(file);
    bytes[20] = (bytes[20] ?? 0) ^ 0xff; // inside the first record's payload
    await writeFile(file, bytes);
    const j2 = await openFileJournal(dir);
    await expect(j2.recover()).rejects.toThrow(/corrupt at byte 0/);
  });

  it('keeps every batch appended while a compaction runs', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    const acked: number[] = [];
    const writes = Array.from({ length: 100 }, (_, i) =>
      j.append([put('c', { _id: i })]).then(() => acked.push(i)),
    );
    const compaction = j.compact(imageOf(Array.from({ length: 100 }, (_, i) => ({ _id: i }))));
    const later = Array.from({ length: 50 }, (_, i) =>
      j.append([put('c', { _id: 100 + i })]).then(() => acked.push(100 + i)),
    );
    await Promise.all([...writes, compaction, ...later]);
    await j.close();
    const { state } = await reopen(dir);
    const ids = new Set<unknown>(state.image?.databases[0]?.collections[0]?.docs.map((d): unknown => d._id));
    for (const b of state.batches) for (const op of b) if (op.op === 'put') ids.add(op.doc._id);
    for (const i of acked) expect(ids.has(i)).toBe(true);
    expect(state.batches).toHaveLength(50);
  });

  it('rejects writes before recover() and after close()', async () => {
    const dir = await freshDir();
    const j = await openFileJournal(dir);
    await expect(j.append([put('c', { _id: 1 })])).rejects.toThrow(/recover/);
    await j.recover();
    await j.close();
    await expect(j.append([put('c', { _id: 1 })])).rejects.toThrow(/closed/);
  });

  it('refuses a second owner of the data directory until the first closes', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    const other = await openFileJournal(dir);
    await expect(other.recover()).rejects.toThrow(`in use by process ${process.pid}`);
    await j.close();
    const { state } = await reopen(dir);
    expect(state.batches).toEqual([]);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await freshDir();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid ?? -1;
    await new Promise((r) => child.once('exit', r));
    await writeFile(join(dir, 'LOCK'), String(deadPid));
    const { j } = await reopen(dir);
    await j.append([put('c', { _id: 1 })]);
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
  });

  it('refuses to start when the snapshot the journal continues from is gone', async () => {
    const dir = await freshDir();
    const { j } = await reopen(dir);
    await j.append([put('c', { _id: 1 })]);
    await j.compact(imageOf([{ _id: 1 }]));
    await j.append([put('c', { _id: 2 })]);
    await j.close();
    await rm(join(dir, 'snapshot.bin'));
    const again = await openFileJournal(dir);
    await expect(again.recover()).rejects.toThrow(/batch 1 is missing/);
  });
});

function imageOf(docs: Array<Record<string, unknown>>): EngineImage {
  return { databases: [{ name: 'app', collections: [{ name: 'c', options: {}, indexes: [], docs }] }] };
}

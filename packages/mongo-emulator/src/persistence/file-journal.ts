import { mkdir, open, readdir, readFile, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineImage, Journal, JournalOp } from './journal-types';
import { decodeBatch, encodeBatch } from './batch-codec';
import { CorruptFileError, HEADER_BYTES, scanRecords } from './record-codec';
import { readSnapshot, writeSnapshot } from './snapshot-file';
import { fsyncDir } from './fs-util';
import { lockDataDir, type DirLock } from './dir-lock';

/*
 * Layout of a data directory:
 *   snapshot.bin                 the latest full image, tagged with the last batch seq it holds
 *   journal-<startSeq>.wal       segments of framed batch records, each record tagged with its seq
 * Appends go to the newest segment. `compact` rotates to a fresh segment, writes the snapshot,
 * then deletes the older segments. A crash anywhere in between leaves either the old snapshot
 * plus every segment, or the new snapshot plus stale segments whose batches recover() skips by
 * seq, so recovery never applies a batch twice nor loses one.
 */
const SNAPSHOT = 'snapshot.bin';
const SNAPSHOT_TMP = 'snapshot.bin.tmp';
const SEGMENT_RE = /^journal-(\d{16})\.wal$/;

const segmentName = (startSeq: number): string => `journal-${String(startSeq).padStart(16, '0')}.wal`;

type QueueItem =
  | { kind: 'batch'; buf: Buffer; resolve: () => void; reject: (e: Error) => void }
  | { kind: 'rotate'; startSeq: number; resolve: () => void; reject: (e: Error) => void };

interface Segment {
  name: string;
  startSeq: number;
}

/** The journal plus counters the tests and the benchmark read (not part of the engine contract). */
export interface FileJournal extends Journal {
  /** fdatasync calls made for appended batches: fewer than appends means group commit worked. */
  readonly groupCommits: number;
}

class FileJournalImpl implements FileJournal {
  bytesSinceSnapshot = 0;
  groupCommits = 0;
  private nextSeq = 1;
  private recovered = false;
  private closed = false;
  private failure: Error | null = null;
  private fh: FileHandle | null = null;
  private current: Segment | null = null;
  private queue: QueueItem[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> = Promise.resolve();
  private lock: DirLock | null = null;

  constructor(private readonly dir: string) {}

  async recover(): Promise<{ image: EngineImage | null; batches: JournalOp[][] }> {
    if (this.recovered) throw new Error('hebing-mongo: journal.recover() may only be called once');
    this.lock = await lockDataDir(this.dir);
    try {
      return await this.load();
    } catch (e) {
      await this.lock.release();
      this.lock = null;
      throw e;
    }
  }

  private async load(): Promise<{ image: EngineImage | null; batches: JournalOp[][] }> {
    await rm(join(this.dir, SNAPSHOT_TMP), { force: true }); // a snapshot the crash interrupted
    const snap = await readSnapshotIfAny(join(this.dir, SNAPSHOT));
    const snapSeq = snap?.seq ?? 0;
    const segments = await this.listSegments();
    const batches: JournalOp[][] = [];
    let lastSeq = snapSeq;
    let seenSeq = 0;
    let live: Segment | null = null;
    for (const [i, seg] of segments.entries()) {
      const file = join(this.dir, seg.name);
      const scan = scanRecords(await readFile(file), file);
      if (scan.torn) {
        // Only the segment being written when the process died can end in a partial record.
        if (i !== segments.length - 1) throw new CorruptFileError(file, scan.validLength);
        await truncate(file, scan.validLength);
        await syncFile(file);
      }
      let holdsLive = false;
      for (const payload of scan.payloads) {
        const { seq, ops } = decodeBatch(payload, file);
        if (seq <= seenSeq) throw new Error(`hebing-mongo: ${file} repeats journal seq ${seq}`);
        seenSeq = seq;
        if (seq <= snapSeq) continue;
        if (seq !== lastSeq + 1) throw missingBatches(file, lastSeq + 1, seq);
        batches.push(ops);
        this.bytesSinceSnapshot += payload.length + HEADER_BYTES;
        lastSeq = seq;
        holdsLive = true;
      }
      if (holdsLive || (i === segments.length - 1 && seg.startSeq > snapSeq)) live = seg;
      else await rm(file); // every batch in it is already in the snapshot
    }
    this.nextSeq = Math.max(lastSeq, seenSeq, snapSeq) + 1;
    await this.openSegment(live ?? { name: segmentName(this.nextSeq), startSeq: this.nextSeq });
    this.recovered = true;
    return { image: snap?.image ?? null, batches };
  }

  append(batch: JournalOp[]): Promise<void> {
    const unusable = this.unusable();
    if (unusable) return Promise.reject(unusable);
    if (batch.length === 0) return Promise.resolve();
    const buf = encodeBatch(this.nextSeq++, batch);
    this.bytesSinceSnapshot += buf.length;
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'batch', buf, resolve, reject });
      this.kick();
    });
  }

  compact(image: EngineImage): Promise<void> {
    const unusable = this.unusable();
    if (unusable) return Promise.reject(unusable);
    // The image reflects every batch handed to append() so far: capture that seq and queue the
    // segment rotation now, so later batches land in the segment the snapshot leaves in place.
    const seq = this.nextSeq - 1;
    this.bytesSinceSnapshot = 0;
    const rotated = new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'rotate', startSeq: seq + 1, resolve, reject });
      this.kick();
    });
    const run = this.compacting.then(async () => {
      await rotated;
      await writeSnapshot(this.dir, join(this.dir, SNAPSHOT_TMP), join(this.dir, SNAPSHOT), seq, image);
      for (const seg of await this.listSegments()) {
        if (seg.startSeq <= seq && seg.name !== this.current?.name) await rm(join(this.dir, seg.name));
      }
      await fsyncDir(this.dir);
    });
    this.compacting = run.catch(() => {}); // one failed compaction must not block the next
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.compacting;
    await this.fh?.close();
    this.fh = null;
    await this.lock?.release();
    this.lock = null;
  }

  private unusable(): Error | null {
    if (!this.recovered) return new Error('hebing-mongo: call journal.recover() before writing');
    if (this.closed) return new Error('hebing-mongo: the journal is closed');
    return this.failure;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Group commit: every batch queued while the previous fsync ran shares the next one. */
  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const inFlight: QueueItem[] = [];
      const bufs: Buffer[] = [];
      while (this.queue[0]?.kind === 'batch') {
        const item = this.queue.shift() as Extract<QueueItem, { kind: 'batch' }>;
        inFlight.push(item);
        bufs.push(item.buf);
      }
      try {
        if (bufs.length > 0) await this.writeGroup(bufs);
        const next = this.queue[0];
        if (next?.kind === 'rotate') {
          inFlight.push(this.queue.shift() as QueueItem);
          await this.rotate(next.startSeq);
        }
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)), inFlight);
        return;
      }
      for (const item of inFlight) item.resolve();
    }
  }

  private async writeGroup(bufs: Buffer[]): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new Error('hebing-mongo: the journal has no open segment');
    const buf = bufs.length === 1 && bufs[0] ? bufs[0] : Buffer.concat(bufs);
    let done = 0;
    while (done < buf.length) done += (await fh.write(buf, done, buf.length - done)).bytesWritten;
    await fh.datasync();
    this.groupCommits++;
  }

  /** After a failed write or fsync the file's state is unknown: refuse every later write. */
  private fail(error: Error, group: QueueItem[]): void {
    this.failure = new Error(`hebing-mongo: journal write failed, refusing writes: ${error.message}`);
    for (const item of [...group, ...this.queue.splice(0)]) item.reject(this.failure);
  }

  private async rotate(startSeq: number): Promise<void> {
    const name = segmentName(startSeq);
    if (name === this.current?.name) return; // nothing was written to it since it was opened
    await this.fh?.close();
    this.fh = null;
    await this.openSegment({ name, startSeq });
  }

  private async openSegment(seg: Segment): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.fh = await open(join(this.dir, seg.name), 'a');
    this.current = seg;
    await fsyncDir(this.dir);
  }

  private async listSegments(): Promise<Segment[]> {
    const names = await readdir(this.dir);
    const segs: Segment[] = [];
    for (const name of names) {
      const m = SEGMENT_RE.exec(name);
      if (m?.[1]) segs.push({ name, startSeq: Number(m[1]) });
    }
    return segs.sort((a, b) => a.startSeq - b.startSeq);
  }
}

async function readSnapshotIfAny(path: string): Promise<Awaited<ReturnType<typeof readSnapshot>> | null> {
  try {
    return await readSnapshot(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Seqs are contiguous on disk, so a jump means a segment or the snapshot went missing. */
function missingBatches(file: string, expected: number, found: number): Error {
  return new Error(
    `hebing-mongo: ${file} continues the journal at batch ${found} but batch ${expected} is missing ` +
      '(a journal segment or the snapshot was removed); refusing to start with a gap in the data',
  );
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Opens (creating if needed) the journal in `dataDir`; call `recover()` before anything else. */
export async function openFileJournal(dataDir: string): Promise<FileJournal> {
  await mkdir(dataDir, { recursive: true });
  return new FileJournalImpl(dataDir);
}

import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { serialize, type Document } from 'bson';
import type { EngineImage } from './journal-types';
import { encodeRecord, scanRecords } from './record-codec';
import { splitDocuments } from './batch-codec';
import { fsyncDir } from './fs-util';

/*
 * Snapshot file: a run of framed records, each holding one BSON document:
 *   { kind: 'head', version: 1, seq }            the last journal seq the image includes
 *   { kind: 'db', name }                          starts a database
 *   { kind: 'coll', name, options, indexes }      starts a collection in the current database
 *   { kind: 'docs', n } + n documents              a chunk of the current collection's documents
 *   { kind: 'end', seq, docCount }                written last; a file without it is rejected
 * A 'docs' record is its `{ kind: 'docs', n }` header followed by n BSON documents, so no BSON
 * document ever nears bson's 17 MB serializer buffer, and the writer yields between writes.
 */
// Small enough that serializing one chunk stays far below the ~100 ms event-loop budget.
const CHUNK_BYTES = 256 * 1024;
const WRITE_BYTES = 1024 * 1024;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface SnapshotContents {
  seq: number;
  image: EngineImage;
}

/** Writes the image to `tmpPath`, fsyncs it, renames it onto `path` and fsyncs the directory. */
export async function writeSnapshot(
  dir: string,
  tmpPath: string,
  path: string,
  seq: number,
  image: EngineImage,
): Promise<void> {
  const fh = await open(tmpPath, 'w');
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const push = async (parts: Uint8Array[]): Promise<void> => {
      const rec = encodeRecord(Buffer.concat(parts));
      pending.push(rec);
      pendingBytes += rec.length;
      if (pendingBytes >= WRITE_BYTES) {
        await writeAll(fh, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    };
    let docCount = 0;
    await push([serialize({ kind: 'head', version: 1, seq })]);
    for (const db of image.databases) {
      await push([serialize({ kind: 'db', name: db.name })]);
      for (const coll of db.collections) {
        const meta = { kind: 'coll', name: coll.name, options: coll.options, indexes: coll.indexes };
        await push([serialize(meta)]);
        for (const chunk of chunkDocs(coll.docs)) {
          await push([serialize({ kind: 'docs', n: chunk.length }), ...chunk]);
          docCount += chunk.length;
          await yieldToEventLoop(); // the server keeps answering while a big snapshot is written
        }
      }
    }
    await push([serialize({ kind: 'end', seq, docCount })]);
    await writeAll(fh, Buffer.concat(pending));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmpPath, path);
  await fsyncDir(dir);
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done);
    done += bytesWritten;
  }
}

/** Serializes documents once each and groups them into chunks of about CHUNK_BYTES. */
function* chunkDocs(docs: Document[]): Generator<Uint8Array[]> {
  let chunk: Uint8Array[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const bson = serialize(doc);
    chunk.push(bson);
    bytes += bson.length;
    if (bytes >= CHUNK_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Reads a snapshot written by `writeSnapshot`; any damage is an error (it was renamed whole). */
export async function readSnapshot(path: string): Promise<SnapshotContents> {
  const buf = await readFile(path);
  const scan = scanRecords(buf, path);
  if (scan.torn) throw new Error(`hebing-mongo: snapshot ${path} is damaged at byte ${scan.validLength}`);
  const records = scan.payloads.map((p) => {
    const [meta, ...docs] = splitDocuments(p, path);
    if (!meta) throw new Error(`hebing-mongo: snapshot ${path} holds an empty record`);
    return meta.kind === 'docs' ? { ...meta, docs } : meta;
  });
  return decodeRecords(records, path);
}

function decodeRecords(records: Document[], path: string): SnapshotContents {
  const head = records[0];
  const end = records[records.length - 1];
  if (head?.kind !== 'head' || end?.kind !== 'end' || head.seq !== end.seq) {
    throw new Error(`hebing-mongo: snapshot ${path} is incomplete (no head/end record)`);
  }
  const image: EngineImage = { databases: [] };
  let db: EngineImage['databases'][number] | undefined;
  let coll: EngineImage['databases'][number]['collections'][number] | undefined;
  let docCount = 0;
  for (const rec of records.slice(1, -1)) {
    if (rec.kind === 'db') {
      db = { name: String(rec.name), collections: [] };
      image.databases.push(db);
      coll = undefined;
    } else if (rec.kind === 'coll' && db) {
      coll = {
        name: String(rec.name),
        options: rec.options as Document,
        indexes: rec.indexes as Document[],
        docs: [],
      };
      db.collections.push(coll);
    } else if (rec.kind === 'docs' && coll && Array.isArray(rec.docs)) {
      for (const d of rec.docs as Document[]) coll.docs.push(d);
      docCount += rec.docs.length;
    } else {
      throw new Error(`hebing-mongo: snapshot ${path} has an out-of-place '${String(rec.kind)}' record`);
    }
  }
  if (docCount !== end.docCount) {
    throw new Error(`hebing-mongo: snapshot ${path} holds ${docCount} documents, expected ${end.docCount}`);
  }
  return { seq: Number(head.seq), image };
}

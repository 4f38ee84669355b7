import { deserialize, serialize, type Document } from 'bson';
import type { JournalOp } from './journal-types';
import { encodeRecord } from './record-codec';

/**
 * A journal record payload is a small BSON header `{ seq, n }` followed by `n` BSON documents,
 * one per op. Each op is serialized on its own because bson's serializer works in a fixed
 * 17 MB buffer, while one batch (an insertMany of a 48 MB message) can be far larger.
 */
export function encodeBatch(seq: number, batch: JournalOp[]): Buffer {
  const parts: Uint8Array[] = [serialize({ seq, n: batch.length })];
  for (const op of batch) parts.push(serialize(op));
  return encodeRecord(Buffer.concat(parts));
}

export interface DecodedBatch {
  seq: number;
  ops: JournalOp[];
}

export function decodeBatch(payload: Buffer, file: string): DecodedBatch {
  const docs = splitDocuments(payload, file);
  const head = docs.shift();
  if (!head || typeof head.seq !== 'number' || head.n !== docs.length) {
    throw new Error(`hebing-mongo: ${file} holds a record that is not a journal batch`);
  }
  return { seq: head.seq, ops: docs as JournalOp[] };
}

/** Decodes a run of concatenated BSON documents (the length prefix delimits each one). */
export function splitDocuments(payload: Buffer, file: string): Document[] {
  const docs: Document[] = [];
  let offset = 0;
  while (offset < payload.length) {
    if (offset + 4 > payload.length) break;
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) break;
    docs.push(deserialize(payload.subarray(offset, offset + size)));
    offset += size;
  }
  if (offset !== payload.length) {
    // The CRC matched, so this is a writer bug or a foreign file, never a torn write.
    throw new Error(`hebing-mongo: ${file} holds a record with malformed BSON at byte ${offset}`);
  }
  return docs;
}

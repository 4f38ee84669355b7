import { crc32 } from 'node:zlib';

/**
 * On-disk record framing shared by journal segments and snapshot files:
 *
 *   magic u32 LE | payload length u32 LE | crc32(length bytes + payload) u32 LE | payload
 *
 * The magic lets the reader tell a torn tail (nothing valid after the damage: the crash
 * happened mid-write) from corruption in the middle (a valid record follows the damage).
 */
export const RECORD_MAGIC = 0x4a57_4248; // "HBWJ" little-endian
export const HEADER_BYTES = 12;
/** Far above any batch the wire protocol can produce (48 MB messages); guards absurd lengths. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024;

export function encodeRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(RECORD_MAGIC, 0);
  out.writeUInt32LE(payload.length, 4);
  out.set(payload, HEADER_BYTES);
  out.writeUInt32LE(recordCrc(out, 0, payload.length), 8);
  return out;
}

function recordCrc(buf: Buffer, start: number, payloadLength: number): number {
  const lenBytes = buf.subarray(start + 4, start + 8);
  const payload = buf.subarray(start + HEADER_BYTES, start + HEADER_BYTES + payloadLength);
  return crc32(payload, crc32(lenBytes));
}

/** Length of the valid record starting at `offset`, or -1 when it is incomplete or damaged. */
export function validRecordAt(buf: Buffer, offset: number): number {
  if (offset + HEADER_BYTES > buf.length) return -1;
  if (buf.readUInt32LE(offset) !== RECORD_MAGIC) return -1;
  const len = buf.readUInt32LE(offset + 4);
  if (len > MAX_PAYLOAD_BYTES || offset + HEADER_BYTES + len > buf.length) return -1;
  if (buf.readUInt32LE(offset + 8) !== recordCrc(buf, offset, len)) return -1;
  return HEADER_BYTES + len;
}

export interface ScanResult {
  payloads: Buffer[];
  /** Bytes of the file covered by valid records: everything after it is a torn tail. */
  validLength: number;
  torn: boolean;
}

export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
  ) {
    super(
      `hebing-mongo: ${file} is corrupt at byte ${offset}: a damaged record is followed by valid ` +
        'records, so this is not a torn write from a crash. Refusing to start rather than lose ' +
        'acknowledged data; restore the data directory from a backup or move the file away.',
    );
    this.name = 'CorruptFileError';
  }
}

/**
 * Splits a whole file into record payloads. A damaged record with no valid record anywhere
 * after it is a torn tail (reported, never returned); one followed by a valid record throws.
 */
export function scanRecords(buf: Buffer, file: string): ScanResult {
  const payloads: Buffer[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const size = validRecordAt(buf, offset);
    if (size < 0) {
      if (hasValidRecordAfter(buf, offset + 1)) throw new CorruptFileError(file, offset);
      return { payloads, validLength: offset, torn: true };
    }
    payloads.push(buf.subarray(offset + HEADER_BYTES, offset + size));
    offset += size;
  }
  return { payloads, validLength: offset, torn: false };
}

function hasValidRecordAfter(buf: Buffer, from: number): boolean {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(RECORD_MAGIC, 0);
  let at = buf.indexOf(magic, from);
  while (at >= 0) {
    if (validRecordAt(buf, at) > 0) return true;
    at = buf.indexOf(magic, at + 1);
  }
  return false;
}

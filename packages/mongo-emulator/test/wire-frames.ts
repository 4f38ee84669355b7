import { serialize, type Document } from 'bson';

/* Builders for wire-protocol frames the driver never sends on its own, and CRC-32C. */
let nextId = 10_000;
export const newRequestId = (): number => nextId++;

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export function crc32c(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/**
 * OP_MSG with a kind-0 body and optional kind-1 document sequences; `checksum` appends a
 * correct CRC-32C and sets the flag.
 */
export function opMsg(
  requestId: number,
  body: Document,
  opts: { flags?: number; sequences?: Array<[string, Document[]]>; checksum?: boolean } = {},
): Buffer {
  const flagBits = (opts.flags ?? 0) | (opts.checksum ? 1 : 0);
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(flagBits, 0);
  const parts: Buffer[] = [flags, Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [id, docs] of opts.sequences ?? []) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + payload.length, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  const content = Buffer.concat(parts);
  const length = 16 + content.length + (opts.checksum ? 4 : 0);
  const frame = Buffer.concat([header(length, requestId, 2013), content]);
  if (!opts.checksum) return frame;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32c(frame), 0);
  return Buffer.concat([frame, sum]);
}

/** Legacy OP_QUERY, as drivers send the first handshake: `admin.$cmd` with `{ isMaster: 1 }`. */
export function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const skipLimit = Buffer.alloc(8);
  skipLimit.writeInt32LE(0, 0);
  skipLimit.writeInt32LE(-1, 4);
  const content = Buffer.concat([flags, Buffer.from(`${ns}\0`), skipLimit, Buffer.from(serialize(query))]);
  return Buffer.concat([header(16 + content.length, requestId, 2004), content]);
}

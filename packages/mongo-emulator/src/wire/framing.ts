/** Splits a TCP byte stream into MongoDB wire-protocol frames. */
export const MAX_MESSAGE_BYTES = 48_000_000;
export const HEADER_BYTES = 16;

export const OpCode = { REPLY: 1, QUERY: 2004, COMPRESSED: 2012, MSG: 2013 } as const;

export interface Frame {
  requestId: number;
  responseTo: number;
  opCode: number;
  body: Buffer; // bytes after the 16-byte header
}

export class FrameError extends Error {}

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Returns every complete frame buffered so far; throws FrameError on an impossible length. */
  drain(): Frame[] {
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < 4) return frames;
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new FrameError(`message length ${length} outside [${HEADER_BYTES}, ${MAX_MESSAGE_BYTES}]`);
      }
      if (this.buffered < length) return frames;
      const bytes = this.take(length);
      frames.push({
        requestId: bytes.readInt32LE(4),
        responseTo: bytes.readInt32LE(8),
        opCode: bytes.readInt32LE(12),
        body: bytes.subarray(HEADER_BYTES),
      });
    }
  }

  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first;
    const all = Buffer.concat(this.chunks);
    this.chunks = [all];
    return all;
  }

  private take(n: number): Buffer {
    const all = this.peek(n);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered -= n;
    return out;
  }
}

export function buildFrame(requestId: number, responseTo: number, opCode: number, payload: Buffer[]): Buffer {
  return Buffer.concat(framePieces(requestId, responseTo, opCode, payload));
}

/** The header followed by the payload pieces, for writing without copying large bodies again. */
export function framePieces(
  requestId: number,
  responseTo: number,
  opCode: number,
  payload: Buffer[],
): Buffer[] {
  const length = HEADER_BYTES + payload.reduce((n, b) => n + b.length, 0);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeInt32LE(length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return [header, ...payload];
}

/** Wraps bson's Uint8Array result as a Buffer without copying it. */
export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** Reads a NUL-terminated C string starting at `offset`. */
export function readCString(buf: Buffer, offset: number): { value: string; next: number } {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new FrameError('unterminated cstring');
  return { value: buf.toString('utf8', offset, end), next: end + 1 };
}

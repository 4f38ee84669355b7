import { connect, type Socket } from 'node:net';
import { deserialize, serialize, type Document } from 'bson';

/*
 * A minimal OP_MSG client over a raw socket, independent of the driver and of the emulator's
 * own wire code: tests use it to send exactly the bytes they mean (their own lsid/txnNumber,
 * malformed frames) and to read replies.
 */
const OP_MSG = 2013;
const OP_REPLY = 1;
let nextRequestId = 1;

export function hostPort(uri: string): { host: string; port: number } {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^:/,?]+)(?::(\d+))?/.exec(uri);
  if (!m?.[1]) throw new Error(`cannot read host from ${uri}`);
  return { host: m[1], port: Number(m[2] ?? 27017) };
}

export function opMsgFrame(
  command: Document,
  opts: { flags?: number; requestId?: number; checksum?: number } = {},
): Buffer {
  const body = Buffer.from(serialize(command));
  const withChecksum = opts.checksum !== undefined;
  const length = 16 + 4 + 1 + body.length + (withChecksum ? 4 : 0);
  const out = Buffer.alloc(length);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(opts.requestId ?? nextRequestId++, 4);
  out.writeInt32LE(0, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE((opts.flags ?? 0) | (withChecksum ? 1 : 0), 16);
  out[20] = 0;
  body.copy(out, 21);
  if (withChecksum) out.writeUInt32LE(opts.checksum ?? 0, length - 4);
  return out;
}

export interface ReplyFrame {
  opCode: number;
  responseTo: number;
  flags: number;
  doc: Document;
}

function parseReply(frame: Buffer): ReplyFrame {
  const opCode = frame.readInt32LE(12);
  const responseTo = frame.readInt32LE(8);
  if (opCode === OP_REPLY) {
    // responseFlags, cursorID, startingFrom, numberReturned, then the documents.
    return { opCode, responseTo, flags: frame.readInt32LE(16), doc: deserialize(frame.subarray(36)) };
  }
  const flags = frame.readUInt32LE(16);
  const end = flags & 1 ? frame.length - 4 : frame.length;
  return { opCode, responseTo, flags, doc: deserialize(frame.subarray(21, end)) };
}

/** A socket that sends frames and yields parsed OP_MSG replies (or notices the close). */
export class RawConnection {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    const onEnd = (): void => {
      this.closed = true;
      this.wake();
    };
    socket.on('close', onEnd);
    socket.on('error', onEnd);
  }

  static open(uri: string): Promise<RawConnection> {
    const { host, port } = hostPort(uri);
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /** Next reply body, or null when the server closed the connection first. */
  async reply(timeoutMs = 5000): Promise<Document | null> {
    return (await this.frame(timeoutMs))?.doc ?? null;
  }

  /** Next reply frame (OP_MSG or OP_REPLY) with its header, or null once the server closed. */
  async frame(timeoutMs = 5000): Promise<ReplyFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buf.length >= 4) {
        const len = this.buf.readInt32LE(0);
        if (this.buf.length >= len) {
          const frame = this.buf.subarray(0, len);
          this.buf = this.buf.subarray(len);
          return parseReply(frame);
        }
      }
      if (this.closed) return null;
      if (Date.now() > deadline) throw new Error('no reply from the server in time');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async command(command: Document): Promise<Document> {
    this.write(opMsgFrame(command));
    const r = await this.reply();
    if (!r) throw new Error('connection closed before the reply');
    return r;
  }

  /** Resolves true once the server has closed this connection (within the timeout). */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

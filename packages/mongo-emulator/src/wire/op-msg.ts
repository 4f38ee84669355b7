import { BSON, type Document } from 'bson';
import { crc32c } from './crc32c';
import { FrameError, HEADER_BYTES, OpCode, asBuffer, framePieces, readCString, type Frame } from './framing';

export const MsgFlags = { checksumPresent: 1, moreToCome: 2, exhaustAllowed: 1 << 16 } as const;
const KNOWN_FLAGS = MsgFlags.checksumPresent | MsgFlags.moreToCome | MsgFlags.exhaustAllowed;

export interface ParsedMsg {
  flags: number;
  /** The kind-0 body with every kind-1 document sequence attached under its identifier. */
  command: Document;
}

function readDocument(body: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new FrameError('truncated BSON document');
  const size = body.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new FrameError(`BSON document size ${size} overruns section`);
  const doc = BSON.deserialize(body.subarray(offset, offset + size), { validation: { utf8: false } });
  return { doc, next: offset + size };
}

/** Documents decoded between event-loop yields, so a 48 MB insert does not stall other clients. */
const DECODE_CHUNK = 2000;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Parses an OP_MSG frame: flags, the kind-0 body and its kind-1 document sequences. */
export async function parseOpMsg(frame: Frame): Promise<ParsedMsg> {
  const body = frame.body;
  if (body.length < 5) throw new FrameError('OP_MSG too short');
  const flags = body.readUInt32LE(0);
  if ((flags & 0xffff & ~KNOWN_FLAGS) !== 0)
    throw new FrameError(`unknown required OP_MSG flag bits ${flags}`);
  let end = body.length;
  if (flags & MsgFlags.checksumPresent) {
    if (body.length < 9) throw new FrameError('OP_MSG checksum missing');
    end -= 4;
    const expected = body.readUInt32LE(end);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeInt32LE(body.length + HEADER_BYTES, 0);
    header.writeInt32LE(frame.requestId, 4);
    header.writeInt32LE(frame.responseTo, 8);
    header.writeInt32LE(frame.opCode, 12);
    const actual = crc32c(Buffer.concat([header, body.subarray(0, end)]));
    if (actual !== expected) throw new FrameError('OP_MSG checksum mismatch');
  }
  let offset = 4;
  let command: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = body[offset];
    offset += 1;
    if (kind === 0) {
      if (command) throw new FrameError('OP_MSG has two kind-0 sections');
      const r = readDocument(body, offset, end);
      command = r.doc;
      offset = r.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new FrameError('truncated kind-1 section');
      const size = body.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new FrameError(`kind-1 section size ${size} overruns message`);
      const id = readCString(body, offset + 4);
      if (id.next > sectionEnd) throw new FrameError('kind-1 identifier overruns section');
      const docs: Document[] = [];
      let p = id.next;
      while (p < sectionEnd) {
        const r = readDocument(body, p, sectionEnd);
        docs.push(r.doc);
        p = r.next;
        if (docs.length % DECODE_CHUNK === 0) await yieldToLoop();
      }
      sequences.push([id.value, docs]);
      offset = sectionEnd;
    } else {
      throw new FrameError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!command) throw new FrameError('OP_MSG without a kind-0 section');
  for (const [id, docs] of sequences) command[id] = docs;
  return { flags, command };
}

export function buildOpMsg(requestId: number, responseTo: number, reply: Document): Buffer {
  return Buffer.concat(opMsgPieces(requestId, responseTo, reply));
}

/** An OP_MSG reply as buffers to write in order (flag bits 0, one kind-0 section). */
export function opMsgPieces(requestId: number, responseTo: number, reply: Document): Buffer[] {
  const flags = Buffer.alloc(5); // flagBits = 0, then section kind 0
  return framePieces(requestId, responseTo, OpCode.MSG, [flags, asBuffer(BSON.serialize(reply))]);
}

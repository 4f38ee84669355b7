import { BSON, type Document } from 'bson';
import { FrameError, OpCode, buildFrame, readCString, type Frame } from './framing';

export interface ParsedQuery {
  collection: string; // e.g. "admin.$cmd"
  query: Document;
}

/** Legacy OP_QUERY: only the handshake (`isMaster` on `admin.$cmd`) still uses it. */
export function parseOpQuery(frame: Frame): ParsedQuery {
  const body = frame.body;
  if (body.length < 4) throw new FrameError('OP_QUERY too short');
  const name = readCString(body, 4);
  const offset = name.next + 8; // after numberToSkip, numberToReturn
  if (offset + 5 > body.length) throw new FrameError('OP_QUERY missing query document');
  const size = body.readInt32LE(offset);
  if (size < 5 || offset + size > body.length)
    throw new FrameError(`OP_QUERY document size ${size} overruns message`);
  const query = BSON.deserialize(body.subarray(offset, offset + size));
  return { collection: name.value, query };
}

export function buildOpReply(requestId: number, responseTo: number, docs: Document[]): Buffer {
  const head = Buffer.alloc(20);
  head.writeInt32LE(0, 0); // responseFlags
  head.writeBigInt64LE(0n, 4); // cursorID
  head.writeInt32LE(0, 12); // startingFrom
  head.writeInt32LE(docs.length, 16);
  return buildFrame(requestId, responseTo, OpCode.REPLY, [
    head,
    ...docs.map((d) => Buffer.from(BSON.serialize(d))),
  ]);
}

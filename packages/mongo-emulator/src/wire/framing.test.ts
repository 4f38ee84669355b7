import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { FrameError, FrameReader, MAX_MESSAGE_BYTES, OpCode, buildFrame } from './framing';
import { buildOpMsg, parseOpMsg } from './op-msg';

function opMsg(body: object, seq?: [string, object[]], checksum = false): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  if (seq) {
    const docs = seq[1].map((d) => Buffer.from(BSON.serialize(d)));
    const id = Buffer.from(`${seq[0]}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.reduce((n, d) => n + d.length, 0));
    parts.push(Buffer.from([1]), size, id, ...docs);
  }
  if (checksum) parts.push(Buffer.alloc(4));
  const frame = buildFrame(7, 0, OpCode.MSG, parts);
  if (checksum) {
    frame.writeUInt32LE(1, 16);
    frame.writeUInt32LE(crc32c(frame, 0, frame.length - 4), frame.length - 4);
  }
  return frame;
}

describe('wire framing', () => {
  it('computes CRC-32C', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('reassembles frames split across arbitrary chunks', async () => {
    const a = opMsg({ ping: 1, $db: 'admin' });
    const b = opMsg({ insert: 'c', $db: 'd' }, ['documents', [{ _id: 1 }, { _id: 2 }]]);
    const all = Buffer.concat([a, b]);
    const reader = new FrameReader();
    const frames = [];
    for (let i = 0; i < all.length; i += 3) {
      reader.push(all.subarray(i, i + 3));
      frames.push(...reader.drain());
    }
    expect(frames).toHaveLength(2);
    const cmd = (await parseOpMsg(frames[1]!)).command;
    expect(cmd).toEqual({ insert: 'c', $db: 'd', documents: [{ _id: 1 }, { _id: 2 }] });
  });

  it('verifies the optional checksum', async () => {
    const good = opMsg({ ping: 1 }, undefined, true);
    const reader = new FrameReader();
    reader.push(good);
    expect((await parseOpMsg(reader.drain()[0]!)).command).toEqual({ ping: 1 });
    const bad = Buffer.from(good);
    bad.writeUInt8((bad.readUInt8(bad.length - 1) ^ 0xff) & 0xff, bad.length - 1);
    reader.push(bad);
    await expect(parseOpMsg(reader.drain()[0]!)).rejects.toThrow(FrameError);
  });

  it('rejects impossible lengths and section overruns', async () => {
    const reader = new FrameReader();
    const head = Buffer.alloc(16);
    head.writeInt32LE(MAX_MESSAGE_BYTES + 1, 0);
    reader.push(head);
    expect(() => reader.drain()).toThrow(FrameError);
    const msg = opMsg({ ping: 1 });
    msg.writeInt32LE(1000, 21); // the body document claims more bytes than the frame has
    const r2 = new FrameReader();
    r2.push(msg);
    await expect(parseOpMsg(r2.drain()[0]!)).rejects.toThrow(FrameError);
  });

  it('builds replies the parser reads back', async () => {
    const reply = buildOpMsg(1, 7, { ok: 1, n: 2 });
    const reader = new FrameReader();
    reader.push(reply);
    const [frame] = reader.drain();
    expect(frame?.responseTo).toBe(7);
    expect((await parseOpMsg(frame!)).command).toEqual({ ok: 1, n: 2 });
  });
});

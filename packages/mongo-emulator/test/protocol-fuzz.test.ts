import fc from 'fast-check';
import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoEmulator } from '../src/index';
import { ON_EMULATOR, type Loose } from './helpers';
import { RawConnection, opMsgFrame } from './raw-client';

let emu: Awaited<ReturnType<typeof startMongoEmulator>>;
let client: MongoClient;
/** What the server logged about the connections it closed (it must say why). */
const logged: string[] = [];

function header(length: number, opCode: number, requestId = 7): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** A well-behaved driver client and a fresh raw connection both still get answers. */
async function expectServing(): Promise<void> {
  expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
  const raw = await RawConnection.open(emu.uri);
  try {
    expect(await raw.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
  } finally {
    raw.close();
  }
}

/** Sends bytes on a fresh connection; reports whether the server closed it or answered. */
async function sendGarbage(bytes: Buffer, waitMs = 300): Promise<{ closed: boolean; reply: unknown }> {
  const raw = await RawConnection.open(emu.uri);
  try {
    raw.write(bytes);
    const reply = await raw.reply(waitMs).catch(() => undefined);
    return { closed: raw.closed || (await raw.waitClosed(50)), reply };
  } finally {
    raw.close();
  }
}

describe.runIf(ON_EMULATOR)('protocol robustness (emulator only: sends malformed frames)', () => {
  beforeAll(async () => {
    emu = await startMongoEmulator({ log: (msg) => logged.push(msg) });
    client = await new MongoClient(emu.uri).connect();
    await client.db('fuzz').collection<Loose>('c').insertOne({ _id: 1 });
  });
  afterAll(async () => {
    await client.close();
    await emu.stop();
  });

  it('closes a connection that announces a negative or oversized length', async () => {
    for (const len of [-1, -2_000_000_000, 3, 15, 48_000_001, 2_000_000_000]) {
      const res = await sendGarbage(Buffer.concat([header(len, 2013), Buffer.alloc(32)]), 1000);
      expect(res.closed, `length ${len}`).toBe(true);
      expect(logged.at(-1), `length ${len}`).toContain(String(len));
    }
    await expectServing();
  });

  it('closes on unknown opcodes, bad checksums, garbage BSON and bad sections', async () => {
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }));
    const msg = (flags: number, sections: Buffer): Buffer => {
      const f = Buffer.alloc(4);
      f.writeUInt32LE(flags, 0);
      return Buffer.concat([header(16 + 4 + sections.length, 2013), f, sections]);
    };
    // Right overall length, but a string element claiming 2 GB, and an unknown element type.
    const garbageDoc = Buffer.from([14, 0, 0, 0, 0x02, 0x61, 0x00, 0xff, 0xff, 0xff, 0x7f, 1, 2, 0]);
    const unknownType = Buffer.from([10, 0, 0, 0, 0x55, 0x61, 0x00, 1, 2, 0]);
    const cases: Array<[string, Buffer]> = [
      ['unknown opcode', Buffer.concat([header(16 + body.length, 9999), body])],
      [
        'OP_COMPRESSED with a bogus compressor',
        Buffer.concat([
          header(16 + 9 + 4, 2012),
          Buffer.from([0xdd, 0x07, 0, 0, 10, 0, 0, 0, 99, 1, 2, 3, 4]),
        ]),
      ],
      ['bad checksum', opMsgFrame({ ping: 1, $db: 'admin' }, { checksum: 0xdeadbeef })],
      ['garbage BSON', msg(0, Buffer.concat([Buffer.from([0]), garbageDoc]))],
      ['unknown BSON type', msg(0, Buffer.concat([Buffer.from([0]), unknownType]))],
      [
        'BSON length past the frame',
        msg(0, Buffer.concat([Buffer.from([0]), Buffer.from([0xff, 0xff, 0, 0]), body.subarray(4)])),
      ],
      ['unknown section kind', msg(0, Buffer.concat([Buffer.from([7]), body]))],
      ['no sections', msg(0, Buffer.alloc(0))],
      ['required unknown flag bit', msg(1 << 5, Buffer.concat([Buffer.from([0]), body]))],
      [
        'kind-1 size overrun',
        msg(0, Buffer.concat([Buffer.from([0]), body, Buffer.from([1, 0xff, 0xff, 0, 0, 0x64, 0])])),
      ],
    ];
    for (const [name, bytes] of cases) {
      const loggedBefore = logged.length;
      const res = await sendGarbage(bytes, 1000);
      // The bad connection is closed (or, at most, answered with an error): never a success.
      const okReply = (res.reply as { ok?: number } | undefined)?.ok === 1;
      expect(okReply, name).toBe(false);
      expect(res.closed || res.reply !== undefined, name).toBe(true);
      if (res.closed) expect(logged.length, name).toBeGreaterThan(loggedBefore);
    }
    await expectServing();
  });

  it('survives a frame cut short and a client vanishing mid-frame', async () => {
    const full = opMsgFrame({ insert: 'c', documents: [{ _id: 2, pad: 'x'.repeat(5000) }], $db: 'fuzz' });
    for (const cut of [1, 3, 4, 10, 16, 21, 100, full.length - 1]) {
      const raw = await RawConnection.open(emu.uri);
      raw.write(full.subarray(0, cut));
      await new Promise((r) => setTimeout(r, 20));
      raw.close();
    }
    expect(await client.db('fuzz').collection<Loose>('c').countDocuments({ _id: 2 })).toBe(0);
    // A frame delivered in many tiny pieces is still one valid message.
    const raw = await RawConnection.open(emu.uri);
    for (let i = 0; i < full.length; i += 333) {
      raw.write(full.subarray(i, i + 333));
      await new Promise((r) => setImmediate(r));
    }
    expect(await raw.reply()).toMatchObject({ ok: 1, n: 1 });
    raw.close();
    await expectServing();
  });

  it('keeps serving after random byte streams (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        await sendGarbage(Buffer.from(bytes), 30);
        expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
      }),
      { numRuns: 150 },
    );
    await expectServing();
  }, 60_000);

  it('keeps serving after well-framed OP_MSG / OP_QUERY frames with random bodies (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(2013, 2004, 2012, 1, 2001),
        fc.uint8Array({ minLength: 0, maxLength: 400 }),
        async (op, body) => {
          await sendGarbage(Buffer.concat([header(16 + body.length, op), Buffer.from(body)]), 30);
          expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
    await expectServing();
    expect(await client.db('fuzz').collection<Loose>('c').findOne({ _id: 1 })).toEqual({ _id: 1 });
  }, 60_000);

  it('serves many connections at once while bad ones are being dropped', async () => {
    const bad = Array.from({ length: 30 }, (_, i) =>
      sendGarbage(Buffer.concat([header(-i - 1, 2013), Buffer.alloc(8)]), 500),
    );
    const good = Array.from({ length: 60 }, (_, i) =>
      client.db('fuzz').collection<Loose>('many').insertOne({ i }),
    );
    await Promise.all([...bad, ...good]);
    expect(await client.db('fuzz').collection<Loose>('many').countDocuments()).toBe(60);
  });
});

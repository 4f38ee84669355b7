import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../raw-client';
import { newRequestId, opMsg, opQuery } from '../wire-frames';
import { startTarget, type Loose, type Target } from '../helpers';

let t: Target;
let raw: RawConnection;
beforeAll(async () => {
  t = await startTarget();
  raw = await RawConnection.open(t.uri);
});
afterAll(async () => {
  raw.close();
  await t.stop();
});

describe('wire protocol', () => {
  it('answers the legacy OP_QUERY handshake with OP_REPLY', async () => {
    const id = newRequestId();
    raw.write(opQuery(id, 'admin.$cmd', { isMaster: 1, client: { driver: { name: 'raw', version: '0' } } }));
    const reply = await raw.frame();
    expect(reply).toMatchObject({ opCode: 1, responseTo: id });
    expect(reply?.doc).toMatchObject({ ok: 1, ismaster: true });
    expect(reply?.doc.maxWireVersion).toBeGreaterThanOrEqual(17);
  });

  it('answers OP_MSG to the request id and accepts a correct CRC-32C checksum', async () => {
    const id = newRequestId();
    raw.write(opMsg(id, { ping: 1, $db: 'admin' }, { checksum: true }));
    const reply = await raw.frame();
    expect(reply).toMatchObject({ opCode: 2013, responseTo: id, doc: { ok: 1 } });
  });

  it('reads kind-1 document sequences (how drivers send insertMany)', async () => {
    const dbName = t.dbName('wire_seq');
    const docs = Array.from({ length: 5 }, (_, i) => ({ _id: i, v: `d${i}` }));
    raw.write(opMsg(newRequestId(), { insert: 'c', $db: dbName }, { sequences: [['documents', docs]] }));
    expect((await raw.frame())?.doc).toMatchObject({ ok: 1, n: 5 });
    expect(await t.client.db(dbName).collection<Loose>('c').countDocuments()).toBe(5);
  });

  it('never replies to a moreToCome message but still executes it', async () => {
    const dbName = t.dbName('wire_more');
    raw.write(
      opMsg(
        newRequestId(),
        { insert: 'c', documents: [{ _id: 'quiet' }], writeConcern: { w: 0 }, $db: dbName },
        { flags: 2 },
      ),
    );
    const pingId = newRequestId();
    raw.write(opMsg(pingId, { ping: 1, $db: 'admin' }));
    const first = await raw.frame();
    expect(first?.responseTo).toBe(pingId);
    let found = 0;
    for (let i = 0; i < 50 && found === 0; i++) {
      found = await t.client.db(dbName).collection<Loose>('c').countDocuments({ _id: 'quiet' });
      if (found === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toBe(1);
  });

  it('answers several messages sent in one TCP write, in order', async () => {
    const ids = [newRequestId(), newRequestId(), newRequestId()];
    raw.write(Buffer.concat(ids.map((id) => opMsg(id, { ping: 1, $db: 'admin' }))));
    const got: number[] = [];
    for (let i = 0; i < ids.length; i++) got.push((await raw.frame())?.responseTo ?? -1);
    expect(got).toEqual(ids);
  });

  it('accepts a message of about 40 MB', async () => {
    const dbName = t.dbName('wire_big');
    const docs = Array.from({ length: 40 }, (_, i) => ({ _id: i, blob: 'x'.repeat(1_000_000) }));
    raw.write(opMsg(newRequestId(), { insert: 'c', $db: dbName }, { sequences: [['documents', docs]] }));
    expect((await raw.frame(30_000))?.doc).toMatchObject({ ok: 1, n: 40 });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor, AuditVerifyResult } from '@hebing/contracts';
import {
  AUDIT_HEAD,
  AUDIT_LOG,
  connectDb,
  hasErrorLabel,
  listAudit,
  TRANSIENT_TRANSACTION_ERROR,
  verifyAuditChain,
  withTransaction,
  writeAudit,
  type AuditInput,
} from '../src';
import { openTestDb, type DbFixture } from './helpers';

const alice: Actor = { userId: 'u1', username: 'alice' };
const bob: Actor = { userId: 'u2', username: 'bob' };

interface UnitDoc {
  _id: string;
  name: string;
}

function entry(i: number, actor: Actor = alice): AuditInput {
  return {
    actor,
    action: 'unit.renamed',
    entity: { type: 'unit', id: `U${i % 3}` },
    before: { name: `old ${i}`, at: new Date(0), tags: ['a'], missing: undefined },
    after: { name: `new ${i}`, nested: { deep: [1, 2.5, null] } },
    reason: `reason ${i}`,
    requestId: `req-${i}`,
  };
}

async function append(db: DbFixture, input: AuditInput) {
  return withTransaction(db.conn, (session) => writeAudit(db.conn, session, input));
}

describe('audit log', () => {
  let db: DbFixture;
  let Unit: Model<UnitDoc>;
  beforeAll(async () => {
    db = await openTestDb('audit');
    Unit = db.conn.model<UnitDoc>('Unit', new Schema<UnitDoc>({ _id: String, name: String }), 'units');
    await Unit.createCollection();
  });
  afterAll(() => db.close());

  it('writes the record atomically with the change: an abort leaves neither', async () => {
    await expect(
      withTransaction(db.conn, async (session) => {
        await Unit.create([{ _id: 'X', name: 'x' }], { session });
        await writeAudit(db.conn, session, { ...entry(0), entity: { type: 'unit', id: 'X' } });
        throw new Error('validation failed after the write');
      }),
    ).rejects.toThrow('validation failed');
    expect(await Unit.findById('X').lean()).toBeNull();
    expect((await listAudit(db.conn, { entityId: 'X' })).total).toBe(0);

    await withTransaction(db.conn, async (session) => {
      await Unit.create([{ _id: 'X', name: 'x' }], { session });
      await writeAudit(db.conn, session, { ...entry(0), entity: { type: 'unit', id: 'X' } });
    });
    expect(await Unit.findById('X').lean()).not.toBeNull();
    const page = await listAudit(db.conn, { entityId: 'X' });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ seq: 1, actor: alice, entity: { type: 'unit', id: 'X' } });
    expect(await verifyAuditChain(db.conn)).toEqual({ ok: true, count: 1 });
  });

  it('keeps one linear chain under concurrent appends from several processes', async () => {
    const before = await verifyAuditChain(db.conn);
    const start = before.ok ? before.count : 0;
    // A second connection stands for another service replica: its appends conflict on the head
    // with ours in the server and are retried; appends within one connection queue locally.
    const other = await connectDb(db.uri, db.conn.name);
    let retries = 0;
    const appendVia = (conn: Connection, i: number) =>
      withTransaction(conn, (s) => writeAudit(conn, s, entry(i, i % 2 ? bob : alice)), {
        onRetry: () => retries++,
      });
    try {
      const n = 20;
      const written = await Promise.all(
        Array.from({ length: n }, (_, i) => appendVia(i % 2 ? other : db.conn, i)),
      );
      const seqs = written.map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: n }, (_, i) => start + i + 1));
      expect(await verifyAuditChain(db.conn)).toEqual({ ok: true, count: start + n });
      expect(retries).toBeGreaterThan(0); // the conflict path was taken, not just the local queue
    } finally {
      await other.close();
    }
  });

  it('does not write outside a transaction', async () => {
    const session = await db.conn.startSession();
    try {
      await expect(writeAudit(db.conn, session, entry(1))).rejects.toThrow(/withTransaction/);
    } finally {
      await session.endSession();
    }
  });

  it('filters and pages, newest first', async () => {
    const all = await listAudit(db.conn, {}, { page: 1, pageSize: 5 });
    expect(all.items).toHaveLength(5);
    expect(all.items.map((r) => r.seq)).toEqual([...all.items.map((r) => r.seq)].sort((a, b) => b - a));
    const page2 = await listAudit(db.conn, {}, { page: 2, pageSize: 5 });
    expect(page2.items[0]?.seq).toBe((all.items[4]?.seq ?? 0) - 1);

    const byBob = await listAudit(db.conn, { actor: 'bob' }, { pageSize: 200 });
    expect(byBob.total).toBe(10);
    expect(byBob.items.every((r) => r.actor.userId === 'u2')).toBe(true);
    expect((await listAudit(db.conn, { actor: 'u2' })).total).toBe(10);

    const u1 = await listAudit(db.conn, { entityType: 'unit', entityId: 'U1' }, { pageSize: 200 });
    expect(u1.items.length).toBeGreaterThan(0);
    expect(u1.items.every((r) => r.entity.id === 'U1')).toBe(true);

    const future = await listAudit(db.conn, { from: new Date(Date.now() + 60_000) });
    expect(future.total).toBe(0);
    const past = await listAudit(db.conn, { to: new Date(Date.now() - 3_600_000) });
    expect(past.total).toBe(0);
  });

  it('stores snapshots as plain data that verify after a round trip', async () => {
    const page = await listAudit(db.conn, { entityId: 'U1' }, { pageSize: 1 });
    const rec = page.items[0];
    expect(rec?.before).toEqual({
      name: `old ${rec?.requestId.slice(4)}`,
      at: '1970-01-01T00:00:00.000Z',
      tags: ['a'],
    });
    expect(rec?.after).toMatchObject({ nested: { deep: [1, 2.5, null] } });
  });
});

function expectBroken(res: AuditVerifyResult, brokenAt: number, reason: RegExp) {
  expect(res).toMatchObject({ ok: false, brokenAt });
  expect(res.ok ? '' : res.reason).toMatch(reason);
}

describe('audit chain verification detects tampering', () => {
  let db: DbFixture;
  beforeAll(async () => {
    db = await openTestDb('audit_tamper');
  });
  afterAll(() => db.close());

  async function freshChain(n: number) {
    await db.conn.collection(AUDIT_LOG).deleteMany({});
    await db.conn.collection(AUDIT_HEAD).deleteMany({});
    for (let i = 0; i < n; i++) await append(db, entry(i));
    expect(await verifyAuditChain(db.conn)).toEqual({ ok: true, count: n });
  }
  const log = () =>
    db.conn.collection<{ _id: number; seq?: number; hash?: string; prevHash?: string }>(AUDIT_LOG);

  it('an altered record', async () => {
    await freshChain(5);
    await log().updateOne({ _id: 3 }, { $set: { 'after.name': 'forged' } });
    expectBroken(await verifyAuditChain(db.conn), 3, /altered/);
  });

  it('an altered record whose hash was recomputed no longer links', async () => {
    await freshChain(5);
    await log().updateOne({ _id: 2 }, { $set: { hash: 'f'.repeat(64), reason: 'rewritten' } });
    const res = await verifyAuditChain(db.conn);
    expect(res.ok).toBe(false);
    expect(res).toMatchObject({ brokenAt: 2 });
  });

  it('a deleted record in the middle', async () => {
    await freshChain(5);
    await log().deleteOne({ _id: 2 });
    expectBroken(await verifyAuditChain(db.conn), 2, /missing/);
  });

  it('a deleted last record (the head no longer matches)', async () => {
    await freshChain(4);
    await log().deleteOne({ _id: 4 });
    expectBroken(await verifyAuditChain(db.conn), 4, /head/);
  });

  it('an inserted record', async () => {
    await freshChain(3);
    const last = await log().findOne({ _id: 3 });
    await log().insertOne({ ...last, _id: 4, seq: 4, prevHash: String(last?.hash) });
    expect(await verifyAuditChain(db.conn)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('a record slipped in between', async () => {
    await freshChain(3);
    const second = await log().findOne({ _id: 2 });
    await log().insertOne({ ...second, _id: 2.5 });
    expect(await verifyAuditChain(db.conn)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('a head that does not match', async () => {
    await freshChain(3);
    await db.conn
      .collection<{ _id: string }>(AUDIT_HEAD)
      .updateOne({ _id: 'audit' }, { $set: { hash: '0'.repeat(64) } });
    expectBroken(await verifyAuditChain(db.conn), 3, /head/);
  });
});

describe('audit append lock', () => {
  let db: DbFixture;
  beforeAll(async () => {
    db = await openTestDb('audit_nested');
  });
  afterAll(() => db.close());

  it('does not deadlock when a transaction appends while an outer one holds the lock', async () => {
    await withTransaction(db.conn, async (outer) => {
      await writeAudit(db.conn, outer, entry(1));
      // An inner transaction on the same connection (a different session) waits for the lock,
      // gives up after its wait, and appends through the server's conflict path instead.
      await expect(
        withTransaction(db.conn, (inner) => writeAudit(db.conn, inner, entry(2)), { maxAttempts: 1 }),
      ).rejects.toSatisfy((e: unknown) => hasErrorLabel(e, TRANSIENT_TRANSACTION_ERROR));
    });
    expect(await verifyAuditChain(db.conn)).toEqual({ ok: true, count: 1 });
  });
});

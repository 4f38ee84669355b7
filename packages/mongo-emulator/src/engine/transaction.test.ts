import { describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { Engine } from './engine';
import { MemoryJournal } from './memory-journal';
import type { Doc } from './paths';
import { LiveStore, TxnStore } from './store';
import { Transaction } from './transaction';

function setup(): { engine: Engine; journal: MemoryJournal } {
  const engine = new Engine();
  const journal = new MemoryJournal();
  engine.journal = journal;
  const live = new LiveStore(engine);
  const c = live.ensureColl('db', 'c');
  live.createIndex(c, { v: 2, key: { email: 1 }, name: 'email_1', unique: true });
  live.insert(c, { _id: 1, email: 'a', n: 0 });
  live.insert(c, { _id: 2, email: 'b', n: 0 });
  live.flush();
  return { engine, journal };
}

function begin(engine: Engine, n = 1): { txn: Transaction; store: TxnStore } {
  const txn = new Transaction('s', n, engine.catalog);
  return { txn, store: new TxnStore(engine, txn) };
}

describe('transactions on the engine', () => {
  it('reads a snapshot and keeps its writes invisible until commit, then journals them as one batch', async () => {
    const { engine, journal } = setup();
    const { txn, store } = begin(engine);
    const tc = store.coll('db', 'c')!;
    store.replace(tc, tc.get(1)!, { _id: 1, email: 'a', n: 1 });
    store.insert(tc, { _id: 3, email: 'c' });
    store.drainInto();
    // A plain write after the snapshot is not seen by the transaction.
    const live = new LiveStore(engine);
    live.insert(engine.catalog.get('db', 'c')!, { _id: 9, email: 'z' });
    expect(tc.get(9)).toBeUndefined();
    expect(engine.catalog.get('db', 'c')!.get(1)?.n).toBe(0);
    expect(engine.catalog.get('db', 'c')!.get(3)).toBeUndefined();
    const before = journal.batches.length;
    await engine.commit(txn);
    expect(engine.catalog.get('db', 'c')!.get(1)?.n).toBe(1);
    expect(engine.catalog.get('db', 'c')!.get(3)).toEqual({ _id: 3, email: 'c' });
    expect(journal.batches.length).toBe(before + 1);
    expect(journal.batches.at(-1)?.map((o) => o.op)).toEqual(['put', 'put']);
    expect(engine.locks.size).toBe(0);
  });

  it('fails the second writer of a document with a transient WriteConflict', () => {
    const { engine } = setup();
    const a = begin(engine, 1);
    const b = begin(engine, 2);
    const ca = a.store.coll('db', 'c')!;
    const cb = b.store.coll('db', 'c')!;
    a.store.replace(ca, ca.get(2)!, { _id: 2, email: 'b', n: 1 });
    expect(() => b.store.replace(cb, cb.get(2)!, { _id: 2, email: 'b', n: 2 })).toThrow(
      expect.objectContaining({ code: 112, labels: ['TransientTransactionError'] }) as Error,
    );
  });

  it('refuses to commit over a plain write made after its snapshot, changing nothing', () => {
    const { engine } = setup();
    const { txn, store } = begin(engine);
    const tc = store.coll('db', 'c')!;
    store.insert(tc, { _id: 5, email: 'e' });
    store.replace(tc, tc.get(1)!, { _id: 1, email: 'a', n: 7 });
    store.drainInto();
    const lc = engine.catalog.get('db', 'c')!;
    lc.replace(lc.get(1)!, { _id: 1, email: 'a', n: 100 });
    expect(() => engine.commit(txn)).toThrow(expect.objectContaining({ code: 112 }) as Error);
    expect(lc.get(5)).toBeUndefined();
    expect(lc.get(1)?.n).toBe(100);
    expect(txn.state).toBe('aborted');
  });

  it('rolls back every applied write when a unique index rejects one at commit', () => {
    const { engine } = setup();
    const { txn, store } = begin(engine);
    const tc = store.coll('db', 'c')!;
    store.insert(tc, { _id: 6, email: 'f' });
    store.insert(tc, { _id: 7, email: 'g' });
    store.drainInto();
    new LiveStore(engine).insert(engine.catalog.get('db', 'c')!, { _id: 8, email: 'g' });
    expect(() => engine.commit(txn)).toThrow(expect.objectContaining({ code: 11000 }) as Error);
    expect(engine.catalog.get('db', 'c')!.get(6)).toBeUndefined();
  });

  it('rebuilds the same catalog from its image and journal batches', async () => {
    const { engine, journal } = setup();
    const live = new LiveStore(engine);
    const c = engine.catalog.get('db', 'c')!;
    live.remove(c, c.get(2)!);
    live.rename('db', 'c', 'db', 'renamed');
    await live.durable();
    const { image, batches } = await journal.recover();
    const rebuilt = image ? Catalog.fromImage(image) : new Catalog();
    for (const b of batches) for (const op of b) rebuilt.apply(op);
    const docs = (cat: Catalog): Doc[] => [...(cat.get('db', 'renamed')?.docs.values() ?? [])];
    expect(docs(rebuilt)).toEqual(docs(engine.catalog));
    expect(rebuilt.get('db', 'renamed')?.indexes.has('email_1')).toBe(true);
    await engine.compact();
    expect(journal.image?.databases[0]?.collections[0]?.docs).toEqual([{ _id: 1, email: 'a', n: 0 }]);
  });
});

describe('journal failure', () => {
  it('fails the write and refuses further work once an append fails', async () => {
    const engine = new Engine();
    const journal = new MemoryJournal();
    journal.append = () => Promise.reject(new Error('disk full'));
    engine.journal = journal;
    const live = new LiveStore(engine);
    live.insert(live.ensureColl('db', 'c'), { _id: 1 });
    await expect(live.durable()).rejects.toThrow(/not durable: disk full/);
    expect(engine.fatal?.message).toBe('disk full');
  });
});

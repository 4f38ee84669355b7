import { MongoServerError, writeConflict } from '../errors';
import type { JournalOp } from '../persistence/journal-types';
import type { Catalog } from './catalog';
import { CollectionData, ID_INDEX_NAME } from './collection-data';
import { type Engine, lockKey } from './engine';
import type { IndexSpec } from './index-data';
import type { Doc } from './paths';
import type { Transaction } from './transaction';

/**
 * Where a command reads and writes: the live catalog (each write journaled as part of the
 * command's unit of work) or a transaction's private snapshot (journaled at commit).
 */
export abstract class Store {
  protected readonly ops: JournalOp[] = [];
  /** Live writes without a journal need no op log (saves an allocation per write). */
  protected readonly recording: boolean;

  constructor(
    readonly engine: Engine,
    readonly catalog: Catalog,
    inTxn: boolean,
  ) {
    this.recording = inTxn || engine.journal !== undefined;
  }

  protected log(op: JournalOp): void {
    if (this.recording) this.ops.push(op);
  }

  abstract readonly txn: Transaction | undefined;

  coll(db: string, name: string): CollectionData | undefined {
    return this.catalog.get(db, name);
  }

  /** The collection, created implicitly (as MongoDB does on first write) when missing. */
  ensureColl(db: string, name: string): CollectionData {
    return this.coll(db, name) ?? this.createColl(db, name, {});
  }

  createColl(db: string, name: string, options: Doc): CollectionData {
    if (this.coll(db, name))
      throw new MongoServerError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    validateCollName(db, name);
    const c = new CollectionData(db, name, options);
    this.catalog.set(c);
    this.log({ op: 'createCollection', db, coll: name, options });
    return c;
  }

  protected abstract beforeWrite(c: CollectionData, id: unknown): void;

  /**
   * A plain write to a document an open transaction has written waits for that transaction to
   * end, as MongoDB's does; returns undefined (no await needed) in the common case.
   */
  waitUnlocked(c: CollectionData, id: unknown): Promise<void> | undefined {
    if (this.txn || this.engine.locks.size === 0) return undefined;
    const holder = this.engine.locks.get(lockKey(c.db, c.name, id));
    if (!holder) return undefined;
    return holder.ended.then(() => this.waitUnlocked(c, id));
  }

  /** Called before a long write yields the event loop (live writes journal what they did so far). */
  flush(): void {}

  insert(c: CollectionData, doc: Doc): void {
    this.beforeWrite(c, doc._id);
    c.validate(doc);
    c.insert(doc);
    this.log({ op: 'put', db: c.db, coll: c.name, doc });
  }

  replace(c: CollectionData, oldDoc: Doc, newDoc: Doc): void {
    this.beforeWrite(c, oldDoc._id);
    c.validate(newDoc, oldDoc);
    c.replace(oldDoc, newDoc);
    this.log({ op: 'put', db: c.db, coll: c.name, doc: newDoc });
  }

  remove(c: CollectionData, doc: Doc): void {
    this.beforeWrite(c, doc._id);
    c.remove(doc);
    this.log({ op: 'delete', db: c.db, coll: c.name, id: doc._id });
  }

  protected ddl(what: string): void {
    if (this.txn)
      throw new MongoServerError(
        'OperationNotSupportedInTransaction',
        `Cannot run '${what}' in a multi-document transaction.`,
      );
  }

  dropColl(db: string, name: string): boolean {
    this.ddl('drop');
    if (!this.catalog.delete(db, name)) return false;
    this.log({ op: 'dropCollection', db, coll: name });
    return true;
  }

  dropDb(db: string): void {
    this.ddl('dropDatabase');
    if (!this.catalog.dbs.delete(db)) return;
    this.log({ op: 'dropDatabase', db });
  }

  rename(db: string, name: string, toDb: string, toColl: string): void {
    this.ddl('renameCollection');
    const op: JournalOp = { op: 'renameCollection', db, coll: name, toDb, toColl };
    this.catalog.apply(op);
    this.log(op);
  }

  createIndex(c: CollectionData, spec: IndexSpec): void {
    this.ddl('createIndexes');
    c.createIndex(spec);
    this.log({ op: 'createIndex', db: c.db, coll: c.name, spec });
  }

  dropIndex(c: CollectionData, name: string): void {
    this.ddl('dropIndexes');
    if (name === ID_INDEX_NAME) throw new MongoServerError('InvalidOptions', 'cannot drop _id index');
    c.dropIndex(name);
    this.log({ op: 'dropIndex', db: c.db, coll: c.name, name });
  }
}

export function validateCollName(db: string, name: string): void {
  if (
    !name ||
    name.includes('$') ||
    name.startsWith('.') ||
    name.includes('\u0000') ||
    !db ||
    /[/\\. "$]/.test(db)
  ) {
    throw new MongoServerError('InvalidNamespace', `Invalid namespace specified '${db}.${name}'`);
  }
}

/** Writes straight to the live catalog; the ops become one journal batch per command. */
export class LiveStore extends Store {
  readonly txn = undefined;
  private readonly acks: Array<Promise<void>> = [];

  constructor(engine: Engine) {
    super(engine, engine.catalog, false);
  }

  protected beforeWrite(): void {}

  /** Hands the ops so far to the journal, in apply order (called before yielding and at the end). */
  override flush(): void {
    if (this.ops.length === 0) return;
    this.acks.push(this.engine.append(this.ops.splice(0)));
  }

  /** Resolves once every flushed batch is on disk (no promise at all when nothing was written). */
  durable(): Promise<void> | undefined {
    this.flush();
    if (this.acks.length === 0) return undefined;
    return this.acks.length === 1 ? this.acks[0] : Promise.all(this.acks).then(() => undefined);
  }
}

/** Writes into a transaction's snapshot, taking first-writer-wins document locks. */
export class TxnStore extends Store {
  constructor(
    engine: Engine,
    readonly txn: Transaction,
  ) {
    super(engine, txn.catalog, true);
  }

  protected beforeWrite(c: CollectionData, id: unknown): void {
    const key = lockKey(c.db, c.name, id);
    if (this.txn.written.has(key)) return;
    const holder = this.engine.locks.get(key);
    if (holder && holder !== this.txn) throw writeConflict();
    const base = c.get(id);
    if (this.engine.catalog.get(c.db, c.name)?.get(id) !== base) throw writeConflict();
    this.engine.locks.set(key, this.txn);
    this.txn.written.set(key, { db: c.db, coll: c.name, id, base });
  }

  /** The ops accumulate on the transaction instead of being journaled per command. */
  drainInto(): void {
    for (const op of this.ops) this.txn.ops.push(op);
    this.ops.length = 0;
  }
}

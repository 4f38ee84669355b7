import type { Document } from 'bson';
import { MongoServerError } from '../errors';
import type { EngineImage, JournalOp } from '../persistence/journal-types';
import { CollectionData, ID_INDEX_NAME } from './collection-data';
import type { IndexSpec } from './index-data';

/** Databases → collections. The live catalog is shared; a transaction works on a clone. */
export class Catalog {
  readonly dbs = new Map<string, Map<string, CollectionData>>();

  get(db: string, name: string): CollectionData | undefined {
    return this.dbs.get(db)?.get(name);
  }

  set(coll: CollectionData): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map<string, CollectionData>()));
    colls.set(coll.name, coll);
  }

  delete(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    const had = colls?.delete(name) ?? false;
    if (colls && colls.size === 0) this.dbs.delete(db);
    return had;
  }

  collections(db: string): CollectionData[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** Copy-on-write clone of every collection: a consistent snapshot, O(collections × indexes). */
  clone(): Catalog {
    const copy = new Catalog();
    for (const colls of this.dbs.values()) for (const c of colls.values()) copy.set(c.clone());
    return copy;
  }

  /** Applies one journal op (replay, or a committed transaction's writes). Returns an undo. */
  apply(op: JournalOp): () => void {
    switch (op.op) {
      case 'createCollection': {
        if (this.get(op.db, op.coll)) return () => {};
        this.set(new CollectionData(op.db, op.coll, op.options));
        return () => this.delete(op.db, op.coll);
      }
      case 'dropCollection': {
        const old = this.get(op.db, op.coll);
        this.delete(op.db, op.coll);
        return () => old && this.set(old);
      }
      case 'dropDatabase': {
        const old = this.collections(op.db);
        this.dbs.delete(op.db);
        return () => old.forEach((c) => this.set(c));
      }
      case 'renameCollection': {
        const src = this.get(op.db, op.coll);
        if (!src)
          throw new MongoServerError(
            'NamespaceNotFound',
            `source namespace ${op.db}.${op.coll} does not exist`,
          );
        const prevTarget = this.get(op.toDb, op.toColl);
        this.delete(op.db, op.coll);
        this.set(src.clone(op.toDb, op.toColl));
        return () => {
          this.delete(op.toDb, op.toColl);
          if (prevTarget) this.set(prevTarget);
          this.set(src);
        };
      }
      case 'createIndex': {
        const c = this.ensure(op.db, op.coll);
        if (c.indexes.has(String(op.spec.name)) || op.spec.name === ID_INDEX_NAME) return () => {};
        c.createIndex(op.spec as IndexSpec);
        return () => c.indexes.delete(String(op.spec.name));
      }
      case 'dropIndex': {
        const c = this.get(op.db, op.coll);
        const old = c?.indexes.get(op.name);
        if (!c || !old) return () => {};
        c.indexes.delete(op.name);
        return () => c.indexes.set(op.name, old);
      }
      case 'put': {
        const c = this.ensure(op.db, op.coll);
        const old = c.get(op.doc._id);
        if (old) c.replace(old, op.doc);
        else c.insert(op.doc);
        return () => (old ? c.replace(op.doc, old) : c.remove(op.doc));
      }
      case 'delete': {
        const c = this.get(op.db, op.coll);
        const old = c?.get(op.id);
        if (!c || !old) return () => {};
        c.remove(old);
        return () => c.insert(old);
      }
    }
  }

  private ensure(db: string, name: string): CollectionData {
    const existing = this.get(db, name);
    if (existing) return existing;
    const c = new CollectionData(db, name, {});
    this.set(c);
    return c;
  }

  image(): EngineImage {
    return {
      databases: [...this.dbs.entries()].map(([name, colls]) => ({
        name,
        collections: [...colls.values()].map((c) => ({
          name: c.name,
          options: c.options,
          indexes: c.indexSpecs().filter((s) => s.name !== ID_INDEX_NAME),
          docs: [...c.docs.values()] as Document[],
        })),
      })),
    };
  }

  static fromImage(image: EngineImage): Catalog {
    const cat = new Catalog();
    for (const db of image.databases) {
      for (const c of db.collections) {
        const coll = new CollectionData(db.name, c.name, c.options);
        for (const doc of c.docs) coll.insert(doc);
        for (const spec of c.indexes) if (spec.name !== ID_INDEX_NAME) coll.createIndex(spec as IndexSpec);
        cat.set(coll);
      }
    }
    return cat;
  }
}

import { BTree } from './btree';
import { MongoServerError } from '../errors';
import { Query } from './mingo-options';
import { compareValues } from './bson-order';
import { IndexData, duplicateKey, type IndexKey, type IndexSpec } from './index-data';
import type { Doc } from './paths';

export const ID_INDEX_NAME = '_id_';

/**
 * One collection: documents in a B+ tree keyed by _id (which doubles as the _id index) plus its
 * secondary indexes. Stored documents are never mutated in place: writers replace them, so
 * readers can hand them straight to the serializer and clones share them safely.
 */
export class CollectionData {
  docs: BTree<unknown, Doc>;
  readonly indexes: Map<string, IndexData>;
  /** The collection's `validator` (query form), enforced on insert and replace. */
  readonly validator: Query | undefined;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
    docs?: BTree<unknown, Doc>,
    indexes?: Map<string, IndexData>,
  ) {
    this.docs = docs ?? new BTree<unknown, Doc>(undefined, compareValues, 64);
    this.indexes = indexes ?? new Map<string, IndexData>();
    const v = options.validator;
    const enforced = options.validationLevel !== 'off' && options.validationAction !== 'warn';
    this.validator =
      enforced && v && typeof v === 'object' && Object.keys(v).length > 0 ? new Query(v as Doc) : undefined;
  }

  /** Throws DocumentValidationFailure (121) when the document does not satisfy the validator. */
  validate(doc: Doc, old?: Doc): void {
    if (!this.validator || this.validator.test(doc)) return;
    // validationLevel "moderate" leaves updates of already-invalid documents alone.
    if (old && this.options.validationLevel === 'moderate' && !this.validator.test(old)) return;
    throw new MongoServerError('DocumentValidationFailure', 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id },
    });
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** O(1) copy-on-write copy: the trees share nodes until either side writes. */
  clone(db = this.db, name = this.name): CollectionData {
    const idx = new Map<string, IndexData>();
    for (const [k, v] of this.indexes) idx.set(k, v.clone());
    return new CollectionData(db, name, this.options, this.docs.clone(), idx);
  }

  get(id: unknown): Doc | undefined {
    return this.docs.get(id);
  }

  get size(): number {
    return this.docs.size;
  }

  private keysAndCheck(doc: Doc, skipId: boolean): Array<[IndexData, IndexKey[]]> {
    const out: Array<[IndexData, IndexKey[]]> = [];
    for (const index of this.indexes.values()) {
      const keys = index.keysFor(doc);
      index.checkUnique(this.ns, keys, doc._id);
      out.push([index, keys]);
    }
    if (!skipId && this.docs.has(doc._id)) throw duplicateKey(this.ns, ID_INDEX_NAME, { _id: 1 }, [doc._id]);
    return out;
  }

  insert(doc: Doc): void {
    const keyed = this.keysAndCheck(doc, false);
    this.docs.set(doc._id, doc);
    for (const [index, keys] of keyed) index.add(keys, doc);
  }

  /** Replaces the stored document with the same _id; unique checks run before anything changes. */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const oldKeys = [...this.indexes.values()].map((i) => i.keysFor(oldDoc));
    // Remove first so the document does not collide with its own old keys.
    [...this.indexes.values()].forEach((index, i) => index.remove(oldKeys[i] ?? [], oldDoc._id));
    let keyed: Array<[IndexData, IndexKey[]]>;
    try {
      keyed = this.keysAndCheck(newDoc, true);
    } catch (err) {
      [...this.indexes.values()].forEach((index, i) => index.add(oldKeys[i] ?? [], oldDoc));
      throw err;
    }
    this.docs.set(newDoc._id, newDoc);
    for (const [index, keys] of keyed) index.add(keys, newDoc);
  }

  remove(doc: Doc): void {
    for (const index of this.indexes.values()) index.remove(index.keysFor(doc), doc._id);
    this.docs.delete(doc._id);
  }

  /** Insert or replace by _id (journal replay). */
  put(doc: Doc): void {
    const old = this.docs.get(doc._id);
    if (old) this.replace(old, doc);
    else this.insert(doc);
  }

  createIndex(spec: IndexSpec): void {
    const index = new IndexData(spec);
    for (const doc of this.docs.values()) {
      const keys = index.keysFor(doc);
      index.checkUnique(this.ns, keys, doc._id);
      index.add(keys, doc);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): void {
    if (!this.indexes.delete(name))
      throw new MongoServerError('IndexNotFound', `index not found with name [${name}]`);
  }

  indexSpecs(): IndexSpec[] {
    return [{ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME }, ...[...this.indexes.values()].map((i) => i.spec)];
  }
}

import { BTree } from './btree';
import { Query } from './mingo-options';
import { MongoServerError } from '../errors';
import { MAX_KEY, MIN_KEY, compareValues, formatValue } from './bson-order';
import { pathValues, type Doc } from './paths';

export interface IndexSpec {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [extra: string]: unknown;
}

export type IndexKey = unknown[];
const MAX_KEYS_PER_DOC = 10_000;

/** Validates a key pattern: only ascending/descending B-tree keys are supported. */
export function parseKeyPattern(key: Doc): Array<[string, 1 | -1]> {
  const fields = Object.entries(key);
  if (fields.length === 0)
    throw new MongoServerError('CannotCreateIndex', 'index key pattern must not be empty');
  return fields.map(([path, dir]) => {
    const n = typeof dir === 'number' ? dir : Number.NaN;
    if (n !== 1 && n !== -1) {
      throw new MongoServerError(
        'NotImplemented',
        `index type ${JSON.stringify(dir)} on "${path}" is not supported by hebing-mongo (only 1 / -1 keys)`,
      );
    }
    return [path, n];
  });
}

/**
 * A secondary index: a B+ tree over [field values..., _id] holding the document. Arrays fan out
 * into one entry per element (multikey); missing fields are indexed as null unless sparse.
 */
export class IndexData {
  readonly fields: Array<[string, 1 | -1]>;
  readonly compare: (a: IndexKey, b: IndexKey) => number;
  readonly partial: Query | undefined;
  multikey = false;
  tree: BTree<IndexKey, Doc>;

  constructor(
    readonly spec: IndexSpec,
    tree?: BTree<IndexKey, Doc>,
  ) {
    this.fields = parseKeyPattern(spec.key);
    const dirs = this.fields.map(([, d]) => d);
    const n = dirs.length;
    const d0 = dirs[0] ?? 1;
    // Single-field indexes (most of them) get a comparator without the loop.
    this.compare =
      n === 1
        ? (a, b) => d0 * compareValues(a[0], b[0]) || compareValues(a[1], b[1])
        : (a, b) => {
            for (let i = 0; i < n; i++) {
              const c = compareValues(a[i], b[i]);
              if (c !== 0) return (dirs[i] as number) * c;
            }
            return compareValues(a[n], b[n]);
          };
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
    this.tree = tree ?? new BTree<IndexKey, Doc>(undefined, this.compare, 64);
  }

  get name(): string {
    return this.spec.name;
  }

  clone(): IndexData {
    const copy = new IndexData(this.spec, this.tree.clone());
    copy.multikey = this.multikey;
    return copy;
  }

  /** The entries a document contributes (without the trailing _id), or none if it is excluded. */
  keysFor(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial.test(doc)) return [];
    let keys: IndexKey[] = [[]];
    let present = false;
    for (const [path] of this.fields) {
      const values = pathValues(doc, path);
      if (values.length > 1) this.multikey = true;
      if (values.length > 1 || values[0] !== undefined) present = true;
      const next: IndexKey[] = [];
      for (const k of keys) for (const v of dedupe(values)) next.push([...k, v ?? null]);
      keys = next;
      if (keys.length > MAX_KEYS_PER_DOC)
        throw new MongoServerError('BadValue', `document produces too many keys for index ${this.name}`);
    }
    if (this.spec.sparse && !present) return [];
    return keys;
  }

  /** Throws E11000 if another document already holds one of these keys. */
  checkUnique(collNs: string, keys: IndexKey[], id: unknown): void {
    if (!this.spec.unique) return;
    const n = this.fields.length;
    for (const key of keys) {
      const probe = [...key, MIN_KEY];
      const found = this.tree.getPairOrNextHigher(probe);
      if (!found) continue;
      const [fk] = found;
      let same = true;
      for (let i = 0; i < n && same; i++) same = compareValues(fk[i], key[i]) === 0;
      if (same && compareValues(fk[n], id) !== 0) throw duplicateKey(collNs, this.name, this.spec.key, key);
    }
  }

  add(keys: IndexKey[], doc: Doc): void {
    for (const k of keys) this.tree.set([...k, doc._id], doc);
  }

  remove(keys: IndexKey[], id: unknown): void {
    for (const k of keys) this.tree.delete([...k, id]);
  }

  /** Lowest / highest possible tree keys, for full-index scans. */
  fullRange(): [IndexKey, IndexKey] {
    const lo = this.fields.map(([, d]) => (d === 1 ? MIN_KEY : MAX_KEY));
    const hi = this.fields.map(([, d]) => (d === 1 ? MAX_KEY : MIN_KEY));
    return [
      [...lo, MIN_KEY],
      [...hi, MAX_KEY],
    ];
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}

export function duplicateKey(
  ns: string,
  indexName: string,
  keyPattern: Doc,
  key: IndexKey,
): MongoServerError {
  const keyValue: Doc = {};
  Object.keys(keyPattern).forEach((f, i) => (keyValue[f] = key[i] === undefined ? null : key[i]));
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${formatValue(v)}`)
    .join(', ');
  return new MongoServerError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`,
    { keyPattern, keyValue },
  );
}

import { MongoServerError } from '../errors';
import { compareValues } from '../engine/bson-order';
import { ID_INDEX_NAME } from '../engine/collection-data';
import { ArraySource } from '../engine/find-source';
import { parseKeyPattern, type IndexSpec } from '../engine/index-data';
import { isPlainObject, type Doc } from '../engine/paths';
import { collName, existing, ns, rejectUnsupported, type Handler } from './context';

const KEPT_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'];
const IGNORED_OPTIONS = new Set(['key', 'name', 'v', 'background', 'ns']);

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

function toSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key))
    throw new MongoServerError('FailedToParse', `index specification must have a 'key' object`);
  rejectUnsupported(raw, [
    'hidden',
    'wildcardProjection',
    'weights',
    'textIndexVersion',
    '2dsphereIndexVersion',
    'clustered',
  ]);
  parseKeyPattern(raw.key);
  const spec: IndexSpec = {
    v: 2,
    key: raw.key,
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(raw.key),
  };
  for (const [k, v] of Object.entries(raw)) {
    if (KEPT_OPTIONS.includes(k)) {
      if (k === 'unique' || k === 'sparse') {
        if (v === true) spec[k] = true;
      } else spec[k] = v;
    } else if (!IGNORED_OPTIONS.has(k) && k !== 'collation') {
      throw new MongoServerError('InvalidOptions', `index option '${k}' is not supported by hebing-mongo`);
    }
  }
  if (spec.expireAfterSeconds !== undefined && typeof spec.expireAfterSeconds !== 'number') {
    throw new MongoServerError('InvalidOptions', 'expireAfterSeconds must be a number');
  }
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return KEPT_OPTIONS.every((k) => compareValues(a[k] ?? null, b[k] ?? null) === 0);
}

const createIndexes: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0)
    throw new MongoServerError('BadValue', 'Must specify at least one index to create');
  const specs = cmd.indexes.map(toSpec);
  const created = !existing(ctx, name);
  const c = ctx.store.ensureColl(ctx.db, name);
  const before = c.indexes.size + 1;
  for (const spec of specs) {
    if (spec.name === ID_INDEX_NAME || compareValues(spec.key, { _id: 1 }) === 0) continue;
    const sameName = c.indexes.get(spec.name);
    const sameKey = [...c.indexes.values()].find((i) => compareValues(i.spec.key, spec.key) === 0);
    if (sameName) {
      if (compareValues(sameName.spec.key, spec.key) !== 0) {
        throw new MongoServerError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index but different key. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      }
      if (!sameOptions(sameName.spec, spec)) {
        throw new MongoServerError(
          'IndexOptionsConflict',
          `An existing index has the same name as the requested index but different options. Requested index: ${JSON.stringify(spec)}`,
        );
      }
      continue;
    }
    if (sameKey && sameOptions(sameKey.spec, spec)) {
      throw new MongoServerError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    ctx.store.createIndex(c, spec);
  }
  const after = c.indexes.size + 1;
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: created,
    ok: 1,
  };
  if (before === after) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  const c = existing(ctx, name);
  if (!c) throw new MongoServerError('NamespaceNotFound', `ns does not exist: ${ns(ctx, name)}`);
  const batchSize =
    isPlainObject(cmd.cursor) && typeof cmd.cursor.batchSize === 'number' ? cmd.cursor.batchSize : 101;
  return ctx.cursors.open(ns(ctx, name), new ArraySource(c.indexSpecs()), batchSize, ctx.lsidKey);
};

const dropIndexes: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  const c = existing(ctx, name);
  if (!c) throw new MongoServerError('NamespaceNotFound', `ns not found ${ns(ctx, name)}`);
  const was = c.indexes.size + 1;
  const which = cmd.index;
  let names: string[];
  if (which === '*') names = [...c.indexes.keys()];
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const found = [...c.indexes.values()].find((i) => compareValues(i.spec.key, which) === 0);
    if (!found)
      throw new MongoServerError('IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    names = [found.name];
  } else
    throw new MongoServerError('BadValue', `'index' must be a string, an array of names or a key pattern`);
  for (const n of names) ctx.store.dropIndex(c, n);
  return { nIndexesWas: was, ok: 1 };
};

export const indexCommands: Record<string, Handler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};

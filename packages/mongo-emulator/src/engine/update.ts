import { ObjectId } from 'bson';
import { Aggregator, updateAll, update as mingoUpdate } from './mingo-options';
import { MongoServerError } from '../errors';
import { compareValues } from './bson-order';
import { conjunctionFields } from './bounds';
import { applySimpleUpdate } from './simple-update';

import { cloneDoc, getPath, idFirst, isPlainObject, setPath, type Doc } from './paths';

export type UpdateSpec =
  { kind: 'replace'; doc: Doc } | { kind: 'ops'; ops: Doc } | { kind: 'pipeline'; stages: Doc[] };

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);
const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

export function parseUpdate(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
        throw new MongoServerError(
          'InvalidOptions',
          `${String(name)} is not allowed to be used within an update`,
        );
      }
    }
    return { kind: 'pipeline', stages: u as Doc[] };
  }
  if (!isPlainObject(u))
    throw new MongoServerError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) return { kind: 'replace', doc: u };
  if (dollar.length !== keys.length)
    throw new MongoServerError('FailedToParse', 'Update document cannot mix operators and fields');
  for (const k of dollar) {
    if (!UPDATE_OPERATORS.has(k)) {
      throw new MongoServerError(
        'FailedToParse',
        `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
  }
  return { kind: 'ops', ops: u };
}

export interface ApplyOptions {
  arrayFilters?: Doc[];
  filter?: Doc;
  isInsert?: boolean;
}

/** Returns the updated copy of `doc` (the stored document is never touched). */
export function applyUpdate(doc: Doc, spec: UpdateSpec, opts: ApplyOptions = {}): Doc {
  let next: Doc;
  if (spec.kind === 'replace') {
    for (const k of Object.keys(spec.doc)) {
      if (k.startsWith('$'))
        throw new MongoServerError('BadValue', `The dollar ($) prefixed field '${k}' is not valid`);
    }
    next = { _id: doc._id, ...cloneDoc(spec.doc) };
  } else if (spec.kind === 'pipeline') {
    const out = new Aggregator(spec.stages).run([cloneDoc(doc)]);
    next = out[0] ?? {};
    if (!('_id' in next) && '_id' in doc) next = { _id: doc._id, ...next };
  } else {
    next = cloneDoc(doc);
    const ops = operatorsFor(spec.ops, opts.isInsert === true);
    if (!applySimpleUpdate(next, ops)) {
      prepareMissingPushTargets(next, ops);
      if (Object.keys(ops).length > 0) mingoUpdate(next, ops, opts.arrayFilters, opts.filter);
    }
  }
  return checkId(doc, next);
}

function checkId(doc: Doc, next: Doc): Doc {
  if ('_id' in doc && compareValues(doc._id, next._id) !== 0) {
    throw new MongoServerError(
      'ImmutableField',
      `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
  return idFirst(next);
}

function operatorsFor(specOps: Doc, isInsert: boolean): Doc {
  const ops: Doc = { ...specOps };
  const onInsert = ops.$setOnInsert;
  delete ops.$setOnInsert;
  if (isInsert && isPlainObject(onInsert))
    ops.$set = { ...(isPlainObject(ops.$set) ? ops.$set : {}), ...onInsert };
  return ops;
}

const POSITIONAL = /\.\$(\.|$)/;

/**
 * The updated copies of many documents (updateMany). Operator updates go through mingo in one
 * call (its setup per call dominates otherwise). Throws without partial results: callers redo
 * the documents one by one so the writes before the failing document still happen, as in MongoDB.
 */
export function applyUpdates(docs: Doc[], spec: UpdateSpec, opts: ApplyOptions = {}): Doc[] {
  if (spec.kind !== 'ops' || docs.length <= 1) return docs.map((d) => applyUpdate(d, spec, opts));
  const ops = operatorsFor(spec.ops, false);
  const paths = Object.values(ops).flatMap((v) => (isPlainObject(v) ? Object.keys(v) : []));
  if (paths.some((p) => POSITIONAL.test(p))) return docs.map((d) => applyUpdate(d, spec, opts));
  const clones = docs.map((d) => cloneDoc(d));
  if (clones.every((c) => applySimpleUpdate(c, ops)))
    return clones.map((next, i) => checkId(docs[i] as Doc, next));
  clones.splice(0, clones.length, ...docs.map((d) => cloneDoc(d)));
  clones.forEach((c) => prepareMissingPushTargets(c, ops));
  if (Object.keys(ops).length > 0) updateAll(clones, ops, opts.arrayFilters);
  return clones.map((next, i) => checkId(docs[i] as Doc, next));
}

/** mingo ignores $push modifiers ($slice, $sort, $position) when the array does not exist yet. */
function prepareMissingPushTargets(doc: Doc, ops: Doc): void {
  const push = ops.$push;
  if (!isPlainObject(push)) return;
  for (const [path, v] of Object.entries(push)) {
    if (path.includes('$') || !isPlainObject(v) || !('$each' in v)) continue;
    if (getPath(doc, path) === undefined) setPath(doc, path, []);
  }
}

/** The document an upsert starts from: the filter's equality fields (MongoDB's "query seeding"). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  for (const [path, cond] of conjunctionFields(filter)) {
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
      if ('$eq' in cond && Object.keys(cond).length === 1) setPath(seed, path, cloneDoc(cond.$eq));
      // A one-element $in is an equality for seeding too.
      else if (Array.isArray(cond.$in) && cond.$in.length === 1 && Object.keys(cond).length === 1)
        setPath(seed, path, cloneDoc(cond.$in[0]));
      continue;
    }
    setPath(seed, path, cloneDoc(cond));
  }
  return seed;
}

/** Builds the document an upsert inserts. */
export function upsertDoc(filter: Doc, spec: UpdateSpec, arrayFilters?: Doc[]): Doc {
  const seed = upsertSeed(filter);
  let doc: Doc;
  if (spec.kind === 'replace') {
    doc = { ...cloneDoc(spec.doc) };
    if (!('_id' in doc) && '_id' in seed) doc = { _id: seed._id, ...doc };
  } else {
    doc = applyUpdate(seed, spec, { arrayFilters, isInsert: true });
  }
  if (!('_id' in doc) || doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
  return idFirst(doc);
}

export function sameDoc(a: Doc, b: Doc): boolean {
  return compareValues(a, b) === 0;
}

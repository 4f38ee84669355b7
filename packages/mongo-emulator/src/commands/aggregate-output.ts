import { ObjectId } from 'bson';
import { MongoServerError } from '../errors';
import { compareValues } from '../engine/bson-order';
import { getPath, idFirst, isPlainObject, type Doc } from '../engine/paths';
import { applyUpdate, parseUpdate } from '../engine/update';
import { findOne, maybeYield } from './write-helpers';
import type { Ctx } from './context';

function target(spec: unknown, ctx: Ctx): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string')
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  throw new MongoServerError('BadValue', 'invalid $out/$merge target');
}

/** $out: replaces the target collection's documents (its indexes stay), as MongoDB does. */
async function out(ctx: Ctx, spec: unknown, docs: Doc[]): Promise<void> {
  if (ctx.store.txn)
    throw new MongoServerError('OperationNotSupportedInTransaction', '$out cannot be used in a transaction');
  const t = target(spec, ctx);
  const c = ctx.store.ensureColl(t.db, t.coll);
  let n = 0;
  for (const old of [...c.docs.values()]) {
    ctx.store.remove(c, old);
    await maybeYield(ctx.store, ++n);
  }
  for (const d of docs) {
    ctx.store.insert(c, idFirst(d._id === undefined ? { _id: new ObjectId(), ...d } : d));
    await maybeYield(ctx.store, ++n);
  }
}

async function merge(ctx: Ctx, spec: unknown, docs: Doc[]): Promise<void> {
  const opts: Doc = isPlainObject(spec) && spec.into !== undefined ? spec : { into: spec };
  const t = target(opts.into, ctx);
  const on =
    opts.on === undefined
      ? ['_id']
      : Array.isArray(opts.on)
        ? (opts.on as string[])
        : [typeof opts.on === 'string' ? opts.on : '_id'];
  const whenMatched = opts.whenMatched ?? 'merge';
  const whenNotMatched = opts.whenNotMatched ?? 'insert';
  const c = ctx.store.ensureColl(t.db, t.coll);
  let n = 0;
  for (const raw of docs) {
    const d = raw._id === undefined ? { _id: new ObjectId(), ...raw } : raw;
    const filter: Doc = {};
    for (const f of on) filter[f] = getPath(d, f) ?? null;
    const existing = await findOne(c, filter);
    if (!existing) {
      if (whenNotMatched === 'fail')
        throw new MongoServerError(
          'BadValue',
          '$merge could not find a matching document in the target collection',
        );
      if (whenNotMatched === 'insert') ctx.store.insert(c, idFirst(d));
    } else if (whenMatched === 'fail') {
      throw new MongoServerError(
        'DuplicateKey',
        '$merge failed: a matching document already exists in the target collection',
      );
    } else if (whenMatched !== 'keepExisting') {
      let next: Doc;
      if (whenMatched === 'replace') next = { ...d, _id: existing._id };
      else if (whenMatched === 'merge') next = { ...existing, ...d, _id: existing._id };
      else if (Array.isArray(whenMatched)) next = applyUpdate(existing, parseUpdate(whenMatched));
      else
        throw new MongoServerError(
          'BadValue',
          `unsupported $merge whenMatched: ${JSON.stringify(whenMatched)}`,
        );
      if (compareValues(existing, next) !== 0) ctx.store.replace(c, existing, idFirst(next));
    }
    await maybeYield(ctx.store, ++n);
  }
}

export async function writeOutput(ctx: Ctx, stage: Doc, docs: Doc[]): Promise<void> {
  if (stage.$out !== undefined) await out(ctx, stage.$out, docs);
  else await merge(ctx, stage.$merge, docs);
}

import { ObjectId } from 'bson';
import { MongoServerError, TRANSIENT, toServerError } from '../errors';
import type { CollectionData } from '../engine/collection-data';
import { FindSource, collectMatches, compileMatcher, yieldToLoop } from '../engine/find-source';
import { idFirst, isPlainObject, type Doc } from '../engine/paths';
import { plan, type SortSpec } from '../engine/planner';
import type { Store } from '../engine/store';

export const WRITE_YIELD_EVERY = 1000;

/** Yields the event loop every WRITE_YIELD_EVERY writes, journaling what was applied so far. */
export async function maybeYield(store: Store, count: number): Promise<void> {
  if (count % WRITE_YIELD_EVERY !== 0 || count === 0) return;
  store.flush();
  await yieldToLoop();
}

export async function findOne(
  c: CollectionData | undefined,
  filter: Doc,
  sort: SortSpec = [],
  hint?: unknown,
): Promise<Doc | undefined> {
  if (!c) return undefined;
  const src = new FindSource(c, filter, { sort, limit: 1, hint });
  const batch = await src.next(1);
  return batch.docs[0];
}

/** Every matching document; callers re-read each by _id before writing since they may yield. */
export async function findAll(c: CollectionData | undefined, filter: Doc, hint?: unknown): Promise<Doc[]> {
  if (!c) return [];
  return collectMatches(c, filter, compileMatcher(filter), plan(c, filter, [], hint));
}

export function prepareInsert(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw new MongoServerError('BadValue', 'document to insert must be an object');
  for (const k of Object.keys(raw)) {
    if (k.startsWith('$'))
      throw new MongoServerError('BadValue', `Document can't have $ prefixed field names: ${k}`);
  }
  if (raw._id === undefined) return { _id: new ObjectId(), ...raw };
  if (Array.isArray(raw._id)) throw new MongoServerError('BadValue', `can't use an array for _id`);
  if (raw._id instanceof RegExp) throw new MongoServerError('BadValue', `can't use a regex for _id`);
  return idFirst(raw);
}

/** A per-statement error becomes a writeError, except ones that must fail the whole command. */
export function statementError(err: unknown): MongoServerError {
  const e = toServerError(err);
  if (e.labels.includes(TRANSIENT)) throw e;
  return e;
}

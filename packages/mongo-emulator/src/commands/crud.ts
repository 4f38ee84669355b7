import type { Document } from 'bson';
import { MongoServerError } from '../errors';
import type { CollectionData } from '../engine/collection-data';
import { isPlainObject, type Doc } from '../engine/paths';
import { parseSort } from '../engine/planner';
import { applyUpdate, applyUpdates, parseUpdate, sameDoc, upsertDoc } from '../engine/update';
import { compileMatcher } from '../engine/find-source';
import { collName, rejectUnsupported, type Ctx, type Handler } from './context';
import {
  WRITE_YIELD_EVERY,
  findAll,
  findOne,
  maybeYield,
  prepareInsert,
  statementError,
} from './write-helpers';

function statements(cmd: Doc, field: string): Doc[] {
  const list = cmd[field];
  if (!Array.isArray(list))
    throw new MongoServerError(
      'FailedToParse',
      `BSON field '${Object.keys(cmd)[0] ?? ''}.${field}' is missing but a required field`,
    );
  return list as Doc[];
}

function finish(reply: Document, writeErrors: Document[]): Document {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
}

const insert: Handler = async (cmd, ctx) => {
  const docs = statements(cmd, 'documents');
  const ordered = cmd.ordered !== false;
  const c = ctx.store.ensureColl(ctx.db, collName(cmd));
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const doc = prepareInsert(docs[i]);
      const wait = ctx.store.waitUnlocked(c, doc._id);
      if (wait) await wait;
      ctx.store.insert(c, doc);
      n++;
    } catch (err) {
      writeErrors.push(statementError(err).toWriteError(i));
      if (ordered) break;
    }
    await maybeYield(ctx.store, i + 1);
  }
  return finish({ n, ok: 1 }, writeErrors);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

export async function updateStatement(ctx: Ctx, coll: string, st: Doc): Promise<UpdateOutcome> {
  rejectUnsupported(st, []);
  const filter = isPlainObject(st.q) ? st.q : {};
  const spec = parseUpdate(st.u);
  const multi = st.multi === true;
  if (multi && spec.kind === 'replace')
    throw new MongoServerError('FailedToParse', 'multi update is not supported for replacement-style update');
  const arrayFilters = Array.isArray(st.arrayFilters) ? (st.arrayFilters as Doc[]) : undefined;
  let c: CollectionData | undefined = ctx.store.coll(ctx.db, coll);
  const query = compileMatcher(filter);
  const targets = multi
    ? await findAll(c, filter, st.hint)
    : [await findOne(c, filter, parseSort(st.sort), st.hint)].filter((d): d is Doc => d !== undefined);
  let matched = 0;
  let modified = 0;
  for (let start = 0; start < targets.length; start += WRITE_YIELD_EVERY) {
    const current: Doc[] = [];
    for (const found of targets.slice(start, start + WRITE_YIELD_EVERY)) {
      const wait = c ? ctx.store.waitUnlocked(c, found._id) : undefined;
      if (wait) await wait;
      const cur = c?.get(found._id);
      if (cur && (cur === found || query.test(cur))) current.push(cur);
    }
    let next: Doc[];
    try {
      next = applyUpdates(current, spec, { arrayFilters, filter });
    } catch {
      next = [];
    }
    for (let i = 0; i < current.length && c; i++) {
      const cur = current[i] as Doc;
      // On a batch failure each document is redone alone, so the error names the first bad one.
      const upd =
        next.length === current.length ? (next[i] as Doc) : applyUpdate(cur, spec, { arrayFilters, filter });
      matched++;
      if (!sameDoc(cur, upd)) {
        ctx.store.replace(c, cur, upd);
        modified++;
      }
    }
    if (targets.length > WRITE_YIELD_EVERY) await maybeYield(ctx.store, WRITE_YIELD_EVERY);
  }
  if (matched > 0 || st.upsert !== true) return { matched, modified };
  c = ctx.store.ensureColl(ctx.db, coll);
  const doc = upsertDoc(filter, spec, arrayFilters);
  ctx.store.insert(c, doc);
  return { matched: 0, modified: 0, upsertedId: doc._id };
}

const update: Handler = async (cmd, ctx) => {
  const list = statements(cmd, 'updates');
  const ordered = cmd.ordered !== false;
  const coll = collName(cmd);
  const writeErrors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < list.length; i++) {
    try {
      const r = await updateStatement(ctx, coll, list[i] as Doc);
      n += r.matched;
      nModified += r.modified;
      if (r.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: r.upsertedId });
      }
    } catch (err) {
      writeErrors.push(statementError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return finish(reply, writeErrors);
};

async function deleteStatement(ctx: Ctx, coll: string, st: Doc): Promise<number> {
  rejectUnsupported(st, []);
  const filter = isPlainObject(st.q) ? st.q : {};
  const limit = typeof st.limit === 'number' ? st.limit : 0;
  const c = ctx.store.coll(ctx.db, coll);
  if (!c) return 0;
  const query = compileMatcher(filter);
  const targets =
    limit === 1
      ? [await findOne(c, filter, [], st.hint)].filter((d): d is Doc => d !== undefined)
      : await findAll(c, filter, st.hint);
  let n = 0;
  for (const found of targets) {
    const wait = ctx.store.waitUnlocked(c, found._id);
    if (wait) await wait;
    const current = c.get(found._id);
    if (!current || (current !== found && !query.test(current))) continue;
    ctx.store.remove(c, current);
    n++;
    await maybeYield(ctx.store, n);
  }
  return n;
}

const del: Handler = async (cmd, ctx) => {
  const list = statements(cmd, 'deletes');
  const ordered = cmd.ordered !== false;
  const coll = collName(cmd);
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    try {
      n += await deleteStatement(ctx, coll, list[i] as Doc);
    } catch (err) {
      writeErrors.push(statementError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return finish({ n, ok: 1 }, writeErrors);
};

export const crudCommands: Record<string, Handler> = { insert, update, delete: del };

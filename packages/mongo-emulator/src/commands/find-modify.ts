import { Query } from '../engine/mingo-options';
import type { Document } from 'bson';
import { MongoServerError } from '../errors';
import { isPlainObject, type Doc } from '../engine/paths';
import { parseSort } from '../engine/planner';
import { applyUpdate, parseUpdate, upsertDoc } from '../engine/update';
import { collName, optDoc, rejectUnsupported, type Handler } from './context';
import { findOne } from './write-helpers';

function project(doc: Doc | null, fields: Doc | undefined): Doc | null {
  if (!doc || !fields || Object.keys(fields).length === 0) return doc;
  return (new Query({}).find([doc], fields).all()[0] as Doc | undefined) ?? null;
}

const findAndModify: Handler = async (cmd, ctx) => {
  rejectUnsupported(cmd, []);
  const coll = collName(cmd);
  const filter = optDoc(cmd, 'query') ?? {};
  const sort = parseSort(cmd.sort);
  const fields = optDoc(cmd, 'fields');
  const remove = cmd.remove === true;
  if (remove && (cmd.update !== undefined || cmd.upsert === true || cmd.new === true)) {
    throw new MongoServerError('FailedToParse', 'Cannot specify both an update and remove=true');
  }
  if (!remove && cmd.update === undefined)
    throw new MongoServerError('FailedToParse', 'Either an update or remove=true must be specified');
  const existingColl = ctx.store.coll(ctx.db, coll);
  let found = await findOne(existingColl, filter, sort, cmd.hint);
  const wait = found && existingColl ? ctx.store.waitUnlocked(existingColl, found._id) : undefined;
  if (wait) {
    await wait;
    found = await findOne(existingColl, filter, sort, cmd.hint);
  }
  const current = found && existingColl ? existingColl.get(found._id) : undefined;

  if (remove) {
    if (!current || !existingColl) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.store.remove(existingColl, current);
    return { lastErrorObject: { n: 1 }, value: project(current, fields), ok: 1 };
  }

  const spec = parseUpdate(cmd.update);
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined;
  const returnNew = cmd.new === true;
  if (current && existingColl) {
    const next = applyUpdate(current, spec, { arrayFilters, filter });
    ctx.store.replace(existingColl, current, next);
    const reply: Document = {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(returnNew ? next : current, fields),
      ok: 1,
    };
    return reply;
  }
  if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const c = ctx.store.ensureColl(ctx.db, coll);
  const doc = upsertDoc(isPlainObject(filter) ? filter : {}, spec, arrayFilters);
  ctx.store.insert(c, doc);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: returnNew ? project(doc, fields) : null,
    ok: 1,
  };
};

export const findAndModifyCommands: Record<string, Handler> = { findAndModify, findandmodify: findAndModify };

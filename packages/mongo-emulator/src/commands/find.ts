import { Long, type Document } from 'bson';
import { MongoServerError } from '../errors';
import { compareValues } from '../engine/bson-order';
import {
  ArraySource,
  FindSource,
  collectMatches,
  compileMatcher,
  type DocSource,
} from '../engine/find-source';
import { pathValues, type Doc } from '../engine/paths';
import { explainPlan, parseSort, plan } from '../engine/planner';
import {
  collName,
  existing,
  ns,
  optDoc,
  optNumber,
  rejectUnsupported,
  type Ctx,
  type Handler,
} from './context';

export const DEFAULT_FIRST_BATCH = 101;
const UNLIMITED = 1_000_000_000;

const EMPTY: DocSource = { next: async () => ({ docs: [], done: true }) };

function findSourceFor(cmd: Doc, ctx: Ctx): { source: DocSource; single: boolean; limit: number } {
  rejectUnsupported(cmd, [
    'tailable',
    'awaitData',
    'min',
    'max',
    'returnKey',
    'showRecordId',
    'oplogReplay',
    'noCursorTimeout',
  ]);
  const coll = existing(ctx, collName(cmd));
  const rawLimit = optNumber(cmd, 'limit') ?? 0;
  const single = cmd.singleBatch === true || rawLimit < 0;
  const limit = Math.abs(rawLimit);
  if (!coll) return { source: EMPTY, single, limit };
  const source = new FindSource(coll, optDoc(cmd, 'filter') ?? {}, {
    sort: parseSort(cmd.sort),
    skip: optNumber(cmd, 'skip') ?? 0,
    limit,
    projection: optDoc(cmd, 'projection'),
    hint: cmd.hint,
  });
  return { source, single, limit };
}

const find: Handler = async (cmd, ctx) => {
  const { source, single, limit } = findSourceFor(cmd, ctx);
  let batchSize = optNumber(cmd, 'batchSize') ?? DEFAULT_FIRST_BATCH;
  if (single && batchSize === DEFAULT_FIRST_BATCH) batchSize = limit > 0 ? limit : UNLIMITED;
  if (limit > 0 && batchSize > limit) batchSize = limit;
  return ctx.cursors.open(
    ns(ctx, collName(cmd)),
    source,
    batchSize === 0 ? 0 : batchSize,
    ctx.lsidKey,
    single,
  );
};

const getMore: Handler = async (cmd, ctx) => {
  const id = cmd.getMore;
  const cursorId = id instanceof Long ? id : typeof id === 'number' ? Long.fromNumber(id) : undefined;
  if (!cursorId) throw new MongoServerError('TypeMismatch', `field 'getMore' must be of type long`);
  if (typeof cmd.collection !== 'string')
    throw new MongoServerError('TypeMismatch', `field 'collection' must be of type string`);
  const batchSize = optNumber(cmd, 'batchSize') ?? UNLIMITED;
  return ctx.cursors.getMore(cursorId, ns(ctx, cmd.collection), batchSize > 0 ? batchSize : UNLIMITED);
};

const killCursors: Handler = async (cmd, ctx) => {
  const ids = Array.isArray(cmd.cursors)
    ? cmd.cursors.map((x: unknown) => (x instanceof Long ? x : Long.fromNumber(Number(x))))
    : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: Handler = async (cmd, ctx) => {
  rejectUnsupported(cmd, []);
  const coll = existing(ctx, collName(cmd));
  if (!coll) return { n: 0, ok: 1 };
  const filter = optDoc(cmd, 'query') ?? {};
  const skip = optNumber(cmd, 'skip') ?? 0;
  const limit = Math.abs(optNumber(cmd, 'limit') ?? 0);
  let n: number;
  if (Object.keys(filter).length === 0 && cmd.hint === undefined) n = coll.size;
  else
    n = (await collectMatches(coll, filter, compileMatcher(filter), plan(coll, filter, [], cmd.hint))).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: Handler = async (cmd, ctx) => {
  rejectUnsupported(cmd, []);
  const key = cmd.key;
  if (typeof key !== 'string')
    throw new MongoServerError('TypeMismatch', `BSON field 'distinct.key' is missing but a required field`);
  const coll = existing(ctx, collName(cmd));
  if (!coll) return { values: [], ok: 1 };
  const filter = optDoc(cmd, 'query') ?? {};
  const docs = await collectMatches(coll, filter, compileMatcher(filter), plan(coll, filter, []));
  const values: unknown[] = [];
  for (const d of docs) for (const v of pathValues(d, key)) if (v !== undefined) values.push(v);
  values.sort(compareValues);
  const out = values.filter((v, i) => i === 0 || compareValues(v, values[i - 1]) !== 0);
  return { values: out, ok: 1 };
};

/** explain for find/count/distinct/update/delete/aggregate: which plan (index) would run. */
const explain: Handler = async (cmd, ctx) => {
  const inner = optDoc(cmd, 'explain');
  if (!inner) throw new MongoServerError('BadValue', 'explain requires a command object');
  const verb = Object.keys(inner)[0] ?? '';
  const coll = existing(ctx, collName(inner));
  let filter: Doc;
  let sort: Doc | undefined;
  if (verb === 'find') [filter, sort] = [optDoc(inner, 'filter') ?? {}, optDoc(inner, 'sort')];
  else if (verb === 'count' || verb === 'distinct') filter = optDoc(inner, 'query') ?? {};
  else if (verb === 'aggregate') {
    const { explainAggregate } = await import('./aggregate');
    return explainAggregate(inner, ctx);
  } else if (verb === 'update' || verb === 'delete' || verb === 'findAndModify') {
    const st = (
      Array.isArray(inner.updates)
        ? inner.updates[0]
        : Array.isArray(inner.deletes)
          ? inner.deletes[0]
          : inner
    ) as Doc | undefined;
    filter = (st?.q ?? st?.query ?? {}) as Doc;
  } else
    throw new MongoServerError('NotImplemented', `explain of '${verb}' is not supported by hebing-mongo`);
  const p = coll ? plan(coll, filter, parseSort(sort), inner.hint) : undefined;
  const sorted = Boolean(sort && Object.keys(sort).length);
  const stats =
    verb === 'find' && cmd.verbosity !== 'queryPlanner' ? await executionStats(inner, ctx, p) : {};
  return explainReply(ctx, collName(inner), p, filter, sorted, stats);
};

/** Runs the find to report what it examined (explain verbosity executionStats / allPlansExecution). */
async function executionStats(
  inner: Doc,
  ctx: Ctx,
  p: ReturnType<typeof plan> | undefined,
): Promise<Document> {
  const started = Date.now();
  const { source } = findSourceFor(inner, ctx);
  let nReturned = 0;
  for (let b = await source.next(UNLIMITED); ; b = await source.next(UNLIMITED)) {
    nReturned += b.docs.length;
    if (b.done) break;
  }
  const examined = source instanceof FindSource ? source.examined : 0;
  return {
    executionStats: {
      executionSuccess: true,
      nReturned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: p?.kind === 'collscan' ? 0 : examined,
      totalDocsExamined: examined,
    },
  };
}

export function explainReply(
  ctx: Ctx,
  coll: string,
  p: ReturnType<typeof plan> | undefined,
  filter: Doc,
  sorted: boolean,
  extra: Document = {},
): Document {
  const winningPlan = p ? explainPlan(p, sorted) : { stage: 'EOF' };
  return {
    queryPlanner: { namespace: ns(ctx, coll), parsedQuery: filter, winningPlan, rejectedPlans: [] },
    ...extra,
    serverInfo: { host: ctx.server.host, port: ctx.server.port, version: '7.0.0' },
    ok: 1,
  };
}

export { ArraySource };
export const findCommands: Record<string, Handler> = { find, getMore, killCursors, count, distinct, explain };

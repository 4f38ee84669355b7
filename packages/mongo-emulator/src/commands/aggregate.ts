import type { Document } from 'bson';
import { Aggregator } from '../engine/mingo-options';
import { MongoServerError } from '../errors';
import { ArraySource, FindSource } from '../engine/find-source';

import { cloneDoc, isPlainObject, type Doc } from '../engine/paths';
import { parseSort, plan, type SortSpec } from '../engine/planner';
import { type Ctx, type Handler, ns, optNumber, rejectUnsupported } from './context';
import { explainReply } from './find';
import { writeOutput } from './aggregate-output';
import { compileGroup } from '../engine/group';

const SUPPORTED = new Set([
  '$match',
  '$group',
  '$sort',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$unwind',
  '$lookup',
  '$facet',
  '$count',
  '$limit',
  '$skip',
  '$replaceRoot',
  '$replaceWith',
  '$sortByCount',
  '$bucket',
  '$bucketAuto',
  '$sample',
  '$unionWith',
  '$graphLookup',
  '$redact',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$out',
  '$merge',
]);
/** Stages that only read their input documents; anything else gets copies, since mingo edits in place. */
const READ_ONLY = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$group',
  '$sortByCount',
  '$bucket',
  '$project',
]);

function stageName(stage: unknown): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw new MongoServerError(
      'Location40324',
      'A pipeline stage specification object must contain exactly one field.',
    );
  }
  return Object.keys(stage)[0] as string;
}

export function validatePipeline(pipeline: unknown): Doc[] {
  if (!Array.isArray(pipeline))
    throw new MongoServerError('TypeMismatch', `'pipeline' option must be specified as an array`);
  pipeline.forEach((stage: unknown, i: number) => {
    const name = stageName(stage);
    if (!SUPPORTED.has(name))
      throw new MongoServerError(
        'Location40324',
        `Unrecognized pipeline stage name: '${name}' (not supported by hebing-mongo)`,
      );
    if ((name === '$out' || name === '$merge') && i !== pipeline.length - 1) {
      throw new MongoServerError('Location40324', `${name} can only be the final stage in the pipeline`);
    }
  });
  return pipeline as Doc[];
}

/**
 * mingo's $count emits { n: 0 } on empty input where MongoDB emits nothing, so $count becomes
 * the $group MongoDB documents it as; nested pipelines are rewritten too.
 */
export function rewriteStages(pipeline: Doc[]): Doc[] {
  return pipeline.flatMap((stage): Doc[] => {
    const name = stageName(stage);
    const body = stage[name];
    if (name === '$count') {
      if (typeof body !== 'string' || body.length === 0 || body.startsWith('$') || body.includes('.')) {
        throw new MongoServerError('BadValue', 'the count field must be a non-empty string without $ or .');
      }
      return [{ $group: { _id: null, [body]: { $sum: 1 } } }, { $project: { _id: 0 } }];
    }
    if (name === '$facet' && isPlainObject(body)) {
      const out: Doc = {};
      for (const [k, sub] of Object.entries(body))
        out[k] = Array.isArray(sub) ? rewriteStages(sub as Doc[]) : sub;
      return [{ $facet: out }];
    }
    if (
      (name === '$lookup' || name === '$unionWith') &&
      isPlainObject(body) &&
      Array.isArray(body.pipeline)
    ) {
      return [{ [name]: { ...body, pipeline: rewriteStages(body.pipeline as Doc[]) } }];
    }
    return [stage];
  });
}

/** Splits off a leading $match (+ $sort + $limit/$skip) that the planner can serve from an index. */
function prefix(pipeline: Doc[]): { filter: Doc; sort: SortSpec; skip: number; limit: number; rest: Doc[] } {
  let i = 0;
  let filter: Doc = {};
  const matches: Doc[] = [];
  while (i < pipeline.length && pipeline[i]?.$match !== undefined) matches.push(pipeline[i++]?.$match as Doc);
  if (matches.length === 1) filter = matches[0] as Doc;
  else if (matches.length > 1) filter = { $and: matches };
  let sort: SortSpec = [];
  if (pipeline[i]?.$sort !== undefined) sort = parseSort(pipeline[i++]?.$sort);
  let skip = 0;
  let limit = 0;
  if (sort.length > 0 && typeof pipeline[i]?.$limit === 'number') limit = pipeline[i++]?.$limit as number;
  else if (
    sort.length > 0 &&
    typeof pipeline[i]?.$skip === 'number' &&
    typeof pipeline[i + 1]?.$limit === 'number'
  ) {
    skip = pipeline[i++]?.$skip as number;
    limit = (pipeline[i++]?.$limit as number) + 0;
  }
  return { filter, sort, skip, limit, rest: pipeline.slice(i) };
}

async function leadingDocs(ctx: Ctx, coll: string, p: ReturnType<typeof prefix>): Promise<Doc[]> {
  const c = ctx.store.coll(ctx.db, coll);
  const docs: Doc[] = [];
  if (!c) return docs;
  const src = new FindSource(c, p.filter, { sort: p.sort, skip: p.skip, limit: p.limit, countBytes: false });
  for (let b = await src.next(1_000_000); ; b = await src.next(1_000_000)) {
    for (const d of b.docs) docs.push(d);
    if (b.done) return docs;
  }
}

export async function runPipeline(ctx: Ctx, coll: string, pipeline: Doc[]): Promise<Doc[]> {
  const p = prefix(pipeline);
  let docs = await leadingDocs(ctx, coll, p);
  const last = p.rest[p.rest.length - 1];
  const output = last && (last.$out !== undefined || last.$merge !== undefined) ? last : undefined;
  let stages = rewriteStages(output ? p.rest.slice(0, -1) : p.rest);
  // A leading $group runs incrementally (yielding) when its expressions allow it.
  const group = stages[0]?.$group !== undefined ? compileGroup(stages[0].$group) : null;
  if (group) {
    docs = await group.run(docs);
    stages = stages.slice(1);
  }
  const mutating = stages.some((s) => !READ_ONLY.has(stageName(s)));
  if (mutating) docs = docs.map((d) => cloneDoc(d));
  const resolver = (name: string): Doc[] => {
    const other = ctx.store.coll(ctx.db, name);
    const all = other ? [...other.docs.values()] : [];
    return mutating ? all.map((d) => cloneDoc(d)) : all;
  };
  const result =
    stages.length > 0 ? new Aggregator(stages, { collectionResolver: resolver }).run<Doc>(docs) : docs;
  if (output) {
    await writeOutput(ctx, output, result);
    return [];
  }
  return result;
}

const aggregate: Handler = async (cmd, ctx) => {
  rejectUnsupported(cmd, []);
  const target = cmd.aggregate;
  if (typeof target !== 'string')
    throw new MongoServerError(
      'NotImplemented',
      'database-level aggregation ({ aggregate: 1 }) is not supported by hebing-mongo',
    );
  const pipeline = validatePipeline(cmd.pipeline);
  if (cmd.explain === true) return explainAggregate(cmd, ctx);
  if (!isPlainObject(cmd.cursor))
    throw new MongoServerError(
      'FailedToParse',
      `The 'cursor' option is required, except for aggregate with the explain argument`,
    );
  const docs = await runPipeline(ctx, target, pipeline);
  const batchSize = optNumber(cmd.cursor, 'batchSize') ?? 101;
  return ctx.cursors.open(ns(ctx, target), new ArraySource(docs), batchSize, ctx.lsidKey);
};

export async function explainAggregate(cmd: Doc, ctx: Ctx): Promise<Document> {
  const target = String(cmd.aggregate);
  const pipeline = validatePipeline(cmd.pipeline);
  const p = prefix(pipeline);
  const c = ctx.store.coll(ctx.db, target);
  const qp = c ? plan(c, p.filter, p.sort) : undefined;
  return explainReply(ctx, target, qp, p.filter, p.sort.length > 0, {
    stages: pipeline.map((s) => ({ [stageName(s)]: s[stageName(s)] })),
  });
}

export const aggregateCommands: Record<string, Handler> = { aggregate };

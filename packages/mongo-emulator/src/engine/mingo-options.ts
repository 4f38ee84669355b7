import { Aggregator as AggregatorBase } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import { Query as QueryBase } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { updateMany as updaterUpdateMany, update as updaterUpdate, type Modifier } from 'mingo/updater';
import { compareValues } from './bson-order';

/** Aggregation-expression comparison in BSON order; a missing field sorts below null. */
function exprCompare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

function comparison(test: (c: number) => boolean | number) {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    const args = evalExpr(obj, expr, options);
    if (!Array.isArray(args) || args.length !== 2)
      throw new Error('comparison operators take exactly two arguments');
    return test(exprCompare(args[0], args[1]));
  };
}

// mingo compares mixed types (e.g. a number with null) by JavaScript rules; MongoDB uses the
// BSON type order, so these expression operators are replaced.
const CONTEXT = Context.init({
  accumulator,
  expression: {
    ...expression,
    $eq: comparison((c) => c === 0),
    $ne: comparison((c) => c !== 0),
    $gt: comparison((c) => c > 0),
    $gte: comparison((c) => c >= 0),
    $lt: comparison((c) => c < 0),
    $lte: comparison((c) => c <= 0),
    $cmp: comparison((c) => Math.sign(c)),
  },
  pipeline,
  projection,
  query,
  window,
});

/** Server-side JavaScript ($where, $function, $accumulator) stays off, as on a hardened MongoDB. */
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false, context: CONTEXT };

/**
 * mingo copies every operator table whenever it is given plain options (~100 µs per query), but
 * reuses them when given its own ComputeOptions instance. That class is not exported, so one
 * instance is caught from inside an expression operator to reach its constructor.
 */
function preparedOptions(): Options {
  let seen: unknown;
  const probe = Context.init({
    pipeline: { $project: pipeline.$project },
    expression: { $hebingCapture: (_o: unknown, _e: unknown, options: Options) => ((seen = options), 1) },
  });
  new AggregatorBase([{ $project: { x: { $hebingCapture: 1 } } }], { context: probe }).run([{}]);
  const ctor = (seen as { constructor?: { init?: (o: Partial<Options>) => Options } } | undefined)
    ?.constructor;
  return typeof ctor?.init === 'function' ? ctor.init(MINGO_OPTIONS) : (MINGO_OPTIONS as Options);
}

const PREPARED = preparedOptions();

export class Query extends QueryBase {
  constructor(condition: AnyObject) {
    super(condition, PREPARED);
  }
}

export class Aggregator extends AggregatorBase {
  constructor(stages: AnyObject[], options: Partial<Options> = {}) {
    super(stages, Object.keys(options).length === 0 ? PREPARED : { ...MINGO_OPTIONS, ...options });
  }
}

export function update(
  obj: AnyObject,
  modifier: AnyObject,
  arrayFilters?: AnyObject[],
  condition?: AnyObject,
): string[] {
  return updaterUpdate(obj, modifier as Modifier<AnyObject>, arrayFilters, condition, {
    cloneMode: 'copy',
    queryOptions: MINGO_OPTIONS,
  });
}

/** Applies one modifier to many documents in place: mingo's per-call setup is paid once. */
export function updateAll(docs: AnyObject[], modifier: AnyObject, arrayFilters?: AnyObject[]): void {
  updaterUpdateMany(
    docs,
    {},
    modifier as Modifier<AnyObject>,
    { arrayFilters, cloneMode: 'copy' },
    MINGO_OPTIONS,
  );
}

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
import { update as updaterUpdate, type Modifier } from 'mingo/updater';
import { compareValues } from './bson-order';

/** Aggregation-expression comparison in BSON order; a missing field sorts below null. */
function exprCompare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

function comparison(test: (c: number) => boolean | number) {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    const args = evalExpr(obj, expr, options);
    if (!Array.isArray(args) || args.length !== 2) throw new Error('comparison operators take exactly two arguments');
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
} as Parameters<typeof Context.init>[0]);

/** Server-side JavaScript ($where, $function, $accumulator) stays off, as on a hardened MongoDB. */
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false, context: CONTEXT };

export class Query extends QueryBase {
  constructor(condition: AnyObject, options: Partial<Options> = {}) {
    super(condition, { ...MINGO_OPTIONS, ...options });
  }
}

export class Aggregator extends AggregatorBase {
  constructor(stages: AnyObject[], options: Partial<Options> = {}) {
    super(stages, { ...MINGO_OPTIONS, ...options });
  }
}

export function update(obj: AnyObject, modifier: AnyObject, arrayFilters?: AnyObject[], condition?: AnyObject): string[] {
  return updaterUpdate(obj, modifier as Modifier<AnyObject>, arrayFilters, condition, { cloneMode: 'copy', queryOptions: MINGO_OPTIONS });
}

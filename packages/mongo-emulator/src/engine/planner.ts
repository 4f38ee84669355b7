import { MongoServerError } from '../errors';
import { MAX_KEY, MIN_KEY } from './bson-order';
import { FULL, conjunctionFields, fieldIntervals, type Interval } from './bounds';
import type { CollectionData } from './collection-data';
import type { IndexData, IndexKey } from './index-data';
import { isPlainObject, type Doc } from './paths';
import { compareValues } from './bson-order';

export type SortSpec = Array<[string, 1 | -1]>;

export type Plan =
  | { kind: 'ids'; ids: unknown[] }
  | { kind: 'collscan'; reverse: boolean; providesSort: boolean }
  | {
      kind: 'ixscan';
      index: IndexData;
      ranges: Array<[IndexKey, IndexKey]>;
      reverse: boolean;
      providesSort: boolean;
    }
  | { kind: 'or'; plans: Plan[] };

/** Whether the plan's output is already in the requested sort order. */
export function planSorts(p: Plan): boolean {
  return (p.kind === 'collscan' || p.kind === 'ixscan') && p.providesSort;
}

const MAX_RANGES = 1000;

export function parseSort(sort: unknown): SortSpec {
  if (sort === undefined || sort === null) return [];
  if (!isPlainObject(sort)) throw new MongoServerError('BadValue', 'sort must be an object');
  return Object.entries(sort).map(([k, v]) => {
    if (v === 1 || v === -1) return [k, v];
    if (isPlainObject(v) && '$meta' in v)
      throw new MongoServerError('NotImplemented', `sort by $meta is not supported by hebing-mongo`);
    throw new MongoServerError(
      'BadValue',
      `$sort key ordering must be 1 (for ascending) or -1 (for descending)`,
    );
  });
}

interface Candidate {
  index: IndexData;
  perField: Interval[][];
  score: number;
  providesSort: boolean;
  reverse: boolean;
}

function usable(index: IndexData, fields: Map<string, unknown>, filter: Doc, firstBounded: boolean): boolean {
  if (index.spec.sparse && !firstBounded) return false;
  if (index.partial) {
    // Conservative: usable only when the query repeats every clause of the partial filter.
    const pfe = index.spec.partialFilterExpression ?? {};
    for (const [k, v] of Object.entries(pfe))
      if (!(k in filter) || compareValues(filter[k], v) !== 0) return false;
  }
  void fields;
  return true;
}

function evaluate(
  index: IndexData,
  fields: Map<string, unknown>,
  filter: Doc,
  sort: SortSpec,
): Candidate | null {
  const perField: Interval[][] = [];
  let eqPrefix = 0;
  let score = 0;
  let rangeUsed = false;
  for (const [path] of index.fields) {
    const iv = rangeUsed ? null : fields.has(path) ? fieldIntervals(fields.get(path), index.multikey) : null;
    if (!iv) break;
    perField.push(iv);
    const points = iv.every((i) => compareValues(i.lo, i.hi) === 0);
    if (points) {
      eqPrefix++;
      score += 10;
    } else {
      rangeUsed = true;
      score += 5;
    }
  }
  const firstBounded = perField.length > 0 && !perField[0]?.some((i) => i.lo === null || i.hi === null);
  if (!usable(index, fields, filter, firstBounded)) return null;
  const singlePointPrefix = perField.slice(0, eqPrefix).every((iv) => iv.length === 1);
  const remainingSort = sort.filter(([f]) => {
    const pos = index.fields.findIndex(([p]) => p === f);
    return !(pos >= 0 && pos < eqPrefix && singlePointPrefix);
  });
  let providesSort = false;
  let reverse = false;
  if (sort.length > 0 && !index.multikey && singlePointPrefix && (perField[eqPrefix]?.length ?? 1) <= 1) {
    const rest = index.fields.slice(eqPrefix);
    const dirs = remainingSort.map(([f, d], i) => (rest[i]?.[0] === f ? d * (rest[i]?.[1] ?? 0) : 0));
    if (remainingSort.length <= rest.length && dirs.every((d) => d === 1)) providesSort = true;
    else if (remainingSort.length <= rest.length && dirs.every((d) => d === -1))
      [providesSort, reverse] = [true, true];
  }
  if (providesSort) score += 3;
  if (score === 0) return null;
  if (index.spec.unique && eqPrefix === index.fields.length) score += 100;
  return { index, perField, score, providesSort, reverse };
}

function toRanges(index: IndexData, perField: Interval[][]): Array<[IndexKey, IndexKey]> {
  let combos: Interval[][] = [[]];
  for (const iv of perField) {
    if (combos.length * iv.length > MAX_RANGES) break;
    combos = combos.flatMap((c) => iv.map((i) => [...c, i]));
  }
  return combos.map((combo) => {
    const lo: IndexKey = [];
    const hi: IndexKey = [];
    index.fields.forEach(([, dir], i) => {
      const iv = combo[i] ?? FULL;
      lo.push(dir === 1 ? iv.lo : iv.hi);
      hi.push(dir === 1 ? iv.hi : iv.lo);
    });
    return [
      [...lo, MIN_KEY],
      [...hi, MAX_KEY],
    ];
  });
}

function idPlan(fields: Map<string, unknown>): Plan | null {
  if (!fields.has('_id')) return null;
  const iv = fieldIntervals(fields.get('_id'), false);
  if (!iv || !iv.every((i) => compareValues(i.lo, i.hi) === 0)) return null;
  return { kind: 'ids', ids: iv.map((i) => i.lo) };
}

/** Picks how to find candidates for `filter`; the filter is re-applied to every candidate. */
export function plan(coll: CollectionData, filter: Doc, sort: SortSpec, hint?: unknown): Plan {
  const fields = conjunctionFields(filter);
  if (hint !== undefined) return hinted(coll, fields, filter, sort, hint);
  const byId = idPlan(fields);
  if (byId) return byId;
  let best: Candidate | null = null;
  for (const index of coll.indexes.values()) {
    const c = evaluate(index, fields, filter, sort);
    if (c && (!best || c.score > best.score)) best = c;
  }
  const idSort = sort.length === 1 && sort[0]?.[0] === '_id';
  if ((!best || best.score < 10) && Array.isArray(filter.$or)) {
    const union = orPlan(coll, filter.$or);
    if (union) return union;
  }
  if (best && (best.score >= 5 || !idSort)) {
    return {
      kind: 'ixscan',
      index: best.index,
      ranges: toRanges(best.index, best.perField),
      reverse: best.reverse,
      providesSort: best.providesSort,
    };
  }
  return { kind: 'collscan', reverse: idSort && sort[0]?.[1] === -1, providesSort: idSort };
}

/** Index union for a top-level $or whose every branch can use an index (else null: scan). */
function orPlan(coll: CollectionData, branches: unknown[]): Plan | null {
  const plans: Plan[] = [];
  for (const b of branches) {
    if (!isPlainObject(b)) return null;
    const p = plan(coll, b, []);
    if (p.kind === 'collscan') return null;
    plans.push(p);
  }
  return plans.length > 0 ? { kind: 'or', plans } : null;
}

function hinted(
  coll: CollectionData,
  fields: Map<string, unknown>,
  filter: Doc,
  sort: SortSpec,
  hint: unknown,
): Plan {
  const idSort = sort.length === 1 && sort[0]?.[0] === '_id';
  const isId = hint === '_id_' || (isPlainObject(hint) && Object.keys(hint).join() === '_id');
  if (isId || (isPlainObject(hint) && hint.$natural !== undefined)) {
    return (
      idPlan(fields) ?? { kind: 'collscan', reverse: idSort && sort[0]?.[1] === -1, providesSort: idSort }
    );
  }
  const index = [...coll.indexes.values()].find((i) =>
    typeof hint === 'string' ? i.name === hint : compareValues(i.spec.key, hint) === 0,
  );
  if (!index)
    throw new MongoServerError('BadValue', `hint provided does not correspond to an existing index`);
  const c = evaluate(index, fields, filter, sort);
  if (!c) return { kind: 'ixscan', index, ranges: [index.fullRange()], reverse: false, providesSort: false };
  return {
    kind: 'ixscan',
    index,
    ranges: toRanges(index, c.perField),
    reverse: c.reverse,
    providesSort: c.providesSort,
  };
}

export function explainPlan(p: Plan, sorted: boolean): Doc {
  let stage: Doc;
  if (p.kind === 'or')
    stage = {
      stage: 'FETCH',
      inputStage: { stage: 'OR', inputStages: p.plans.map((sub) => explainPlan(sub, false)) },
    };
  else if (p.kind === 'ids') stage = { stage: 'IDHACK' };
  else if (p.kind === 'collscan')
    stage = { stage: 'COLLSCAN', direction: p.reverse ? 'backward' : 'forward' };
  else {
    stage = {
      stage: 'FETCH',
      inputStage: {
        stage: 'IXSCAN',
        indexName: p.index.name,
        keyPattern: p.index.spec.key,
        isMultiKey: p.index.multikey,
        direction: p.reverse ? 'backward' : 'forward',
        isUnique: Boolean(p.index.spec.unique),
        isSparse: Boolean(p.index.spec.sparse),
        isPartial: Boolean(p.index.partial),
      },
    };
  }
  const needsSort = sorted && !planSorts(p);
  return needsSort ? { stage: 'SORT', inputStage: stage } : stage;
}

import { compareValues, idKey, toNumber, typeRank } from './bson-order';
import { yieldToLoop } from './find-source';
import { isPlainObject, type Doc } from './paths';

/**
 * A $group evaluated incrementally so that grouping a large collection yields the event loop.
 * It covers field paths, constants and objects of those as keys and the common accumulators;
 * anything else (expression operators, $$variables) returns null from `compileGroup` and the
 * stage runs in mingo instead.
 */
type Getter = (doc: Doc) => unknown;

function resolvePath(v: unknown, parts: string[], i: number): unknown {
  if (i === parts.length) return v;
  if (Array.isArray(v)) return v.map((e) => resolvePath(e, parts, i)).filter((x) => x !== undefined);
  if (v !== null && typeof v === 'object' && !('_bsontype' in v))
    return resolvePath((v as Doc)[parts[i] as string], parts, i + 1);
  return undefined;
}

function compileExpr(expr: unknown): Getter | null {
  if (typeof expr === 'string') {
    if (expr === '$$ROOT' || expr === '$$CURRENT') return (d) => d;
    if (expr.startsWith('$$')) return null;
    if (expr.startsWith('$')) {
      const parts = expr.slice(1).split('.');
      return (d) => resolvePath(d, parts, 0);
    }
    return () => expr;
  }
  if (Array.isArray(expr)) return null;
  if (isPlainObject(expr)) {
    const keys = Object.keys(expr);
    if (keys.some((k) => k.startsWith('$'))) return null;
    const getters = keys.map((k) => compileExpr(expr[k]));
    if (getters.some((g) => g === null)) return null;
    return (d) => {
      const out: Doc = {};
      keys.forEach((k, i) => {
        const v = (getters[i] as Getter)(d);
        if (v !== undefined) out[k] = v;
      });
      return out;
    };
  }
  return () => expr;
}

interface Acc {
  add(v: unknown): void;
  result(): unknown;
}

const isNumeric = (v: unknown): boolean => typeRank(v) === 3 && v !== null && v !== undefined;

const ACCUMULATORS: Record<string, () => Acc> = {
  $sum: () => {
    let s = 0;
    return { add: (v) => void (isNumeric(v) && (s += toNumber(v))), result: () => s };
  },
  $avg: () => {
    let s = 0;
    let n = 0;
    return {
      add: (v) => void (isNumeric(v) && ((s += toNumber(v)), n++)),
      result: () => (n === 0 ? null : s / n),
    };
  },
  $min: () => minMax(-1),
  $max: () => minMax(1),
  $first: () => {
    let seen = false;
    let first: unknown = null;
    return { add: (v) => void (!seen && ((seen = true), (first = v ?? null))), result: () => first };
  },
  $last: () => {
    let last: unknown = null;
    return { add: (v) => void (last = v ?? null), result: () => last };
  },
  $push: () => {
    const list: unknown[] = [];
    return { add: (v) => void (v !== undefined && list.push(v)), result: () => list };
  },
  $addToSet: () => {
    const set = new Map<string, unknown>();
    return { add: (v) => void (v !== undefined && set.set(idKey(v), v)), result: () => [...set.values()] };
  },
};

function minMax(sign: 1 | -1): Acc {
  let best: unknown;
  return {
    add: (v) => {
      if (v === undefined || v === null) return;
      if (best === undefined || sign * compareValues(v, best) > 0) best = v;
    },
    result: () => best ?? null,
  };
}

export interface CompiledGroup {
  run(docs: Doc[]): Promise<Doc[]>;
}

export function compileGroup(spec: unknown): CompiledGroup | null {
  if (!isPlainObject(spec) || !('_id' in spec)) return null;
  const keyOf = compileExpr(spec._id);
  if (!keyOf) return null;
  const fields: Array<{ name: string; make: () => Acc; get: Getter }> = [];
  for (const [name, acc] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (!isPlainObject(acc) || Object.keys(acc).length !== 1) return null;
    const [op, arg] = Object.entries(acc)[0] as [string, unknown];
    if (op === '$count' && isPlainObject(arg) && Object.keys(arg).length === 0) {
      fields.push({ name, make: ACCUMULATORS.$sum as () => Acc, get: () => 1 });
      continue;
    }
    const make = ACCUMULATORS[op];
    const get = compileExpr(arg);
    if (!make || !get) return null;
    fields.push({ name, make, get });
  }
  return {
    async run(docs) {
      const groups = new Map<string, { id: unknown; accs: Acc[] }>();
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i] as Doc;
        const id = keyOf(d) ?? null;
        const k = idKey(id === undefined ? null : id);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { id, accs: fields.map((f) => f.make()) }));
        for (let j = 0; j < fields.length; j++)
          (g.accs[j] as Acc).add((fields[j] as (typeof fields)[number]).get(d));
        if (i % 5000 === 4999) await yieldToLoop();
      }
      return [...groups.values()].map((g) => {
        const out: Doc = { _id: g.id };
        fields.forEach((f, j) => (out[f.name] = (g.accs[j] as Acc).result()));
        return out;
      });
    },
  };
}

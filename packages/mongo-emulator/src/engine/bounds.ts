import { BracketEnd, MAX_KEY, MIN_KEY, compareValues, typeRank } from './bson-order';
import { isPlainObject, type Doc } from './paths';

/** An inclusive value-space interval; the query filter is always re-applied to what it yields. */
export interface Interval {
  lo: unknown;
  hi: unknown;
}

export const FULL: Interval = { lo: MIN_KEY, hi: MAX_KEY };

function pointable(v: unknown): boolean {
  return (
    !Array.isArray(v) &&
    !(v instanceof RegExp) &&
    !((v as { _bsontype?: string })?._bsontype === 'BSONRegExp')
  );
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

/** The interval of strings starting with `prefix` (inclusive end; the filter re-checks). */
function prefixInterval(prefix: string): Interval | null {
  if (prefix.length === 0) return null;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last === 0xffff) return null;
  return { lo: prefix, hi: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}

/**
 * Index intervals for an anchored regex: `^literal…` or `^(lit1|lit2|…)…` (the shape of Hebing's
 * jurisdiction filters). Flags i, m and x change what the literal means, so they get no bounds.
 */
export function regexIntervals(source: string, flags: string): Interval[] | null {
  if (/[imx]/.test(flags) || !source.startsWith('^')) return null;
  const body = source.slice(1);
  const group = /^\((?:\?:)?([^()]*)\)/.exec(body);
  const prefixes = group ? (group[1] ?? '').split('|') : [body.split(REGEX_SPECIAL)[0] ?? ''];
  if (group && prefixes.some((p) => REGEX_SPECIAL.test(p))) return null;
  // A quantifier right after the literal (e.g. ^ab?) makes its last character optional.
  if (!group && /^[?*{]/.test(body.slice((prefixes[0] ?? '').length))) return null;
  if (group && /^[?*{]/.test(body.slice(group[0].length))) return null;
  const intervals = prefixes.map(prefixInterval);
  if (intervals.some((i) => i === null)) return null;
  return (intervals as Interval[]).sort((a, b) => compareValues(a.lo, b.lo));
}

function regexOf(cond: unknown, options: unknown): Interval[] | null {
  if (cond instanceof RegExp) return regexIntervals(cond.source, cond.flags);
  if (typeof cond === 'string') return regexIntervals(cond, typeof options === 'string' ? options : '');
  return null;
}

/**
 * Intervals a single field condition restricts the field to, or null when the condition gives no
 * usable bound. `multikey` disables intersecting two range predicates, which MongoDB forbids too:
 * on arrays each predicate may be satisfied by a different element.
 */
export function fieldIntervals(cond: unknown, multikey: boolean): Interval[] | null {
  if (cond instanceof RegExp) return regexOf(cond, undefined);
  if (!isOperatorObject(cond)) {
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) return null;
    return pointable(cond) ? [{ lo: cond ?? null, hi: cond ?? null }] : null;
  }
  if ('$eq' in cond) return pointable(cond.$eq) ? [{ lo: cond.$eq ?? null, hi: cond.$eq ?? null }] : null;
  if ('$in' in cond) {
    const list: unknown = cond.$in;
    if (!Array.isArray(list) || list.length === 0 || !list.every(pointable)) return null;
    const sorted = [...(list as unknown[])].sort(compareValues);
    return sorted.map((v) => ({ lo: v ?? null, hi: v ?? null }));
  }
  if ('$regex' in cond) {
    const re = regexOf(cond.$regex, cond.$options);
    if (re || Object.keys(cond).every((k) => k === '$regex' || k === '$options')) return re;
  }
  let lo: unknown;
  let hi: unknown;
  let used = false;
  for (const [op, v] of Object.entries(cond)) {
    if (v === null || v === undefined || !pointable(v)) continue;
    if (multikey && used) break;
    const rank = typeRank(v);
    if (op === '$gt' || op === '$gte') {
      if (lo === undefined || compareValues(v, lo) > 0) lo = v;
      if (hi === undefined) hi = new BracketEnd(rank, true);
      used = true;
    } else if (op === '$lt' || op === '$lte') {
      if (hi === undefined || hi instanceof BracketEnd || compareValues(v, hi) < 0) hi = v;
      if (lo === undefined) lo = new BracketEnd(rank, false);
      used = true;
    }
  }
  if (!used) return null;
  return [{ lo, hi }];
}

/** Field → condition for the top-level conjunction of a filter (merging a top-level $and). */
export function conjunctionFields(filter: Doc): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const clause of v) if (isPlainObject(clause)) visit(clause);
      } else if (!k.startsWith('$') && !out.has(k)) out.set(k, v);
    }
  };
  visit(filter);
  return out;
}

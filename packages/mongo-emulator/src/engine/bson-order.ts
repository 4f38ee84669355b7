import type { Binary, Timestamp } from 'bson';
import { Decimal128, Long, MaxKey, MinKey, ObjectId, BSONRegExp, Double, Int32, BSONSymbol } from 'bson';

/** Sentinels used as index-bound endpoints; they sort below/above every BSON value. */
export const MIN_KEY = new MinKey();
export const MAX_KEY = new MaxKey();

/** The low or high end of one BSON type bracket (e.g. "all numbers"), for range bounds. */
export class BracketEnd {
  constructor(
    readonly rank: number,
    readonly high: boolean,
  ) {}
}

/** MongoDB's cross-type comparison order. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 5;
  }
  if (v instanceof BracketEnd) return v.rank;
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 12;
  const bt = (v as { _bsontype?: string })._bsontype;
  switch (bt) {
    case 'MinKey':
      return 1;
    case 'MaxKey':
      return 13;
    case 'Long':
    case 'Double':
    case 'Int32':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    default:
      return 5;
  }
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Double || v instanceof Int32) return v.valueOf();
  if (v instanceof Decimal128) return Number(v.toString());
  return Number.NaN;
}

interface OidWords {
  i0?: number;
  i1?: number;
  i2?: number;
  i3?: number;
}

/** bson 7 keeps an ObjectId as four 24-bit words; `.id` would allocate a Buffer per comparison. */
function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as OidWords;
  const y = b as unknown as OidWords;
  if (x.i3 === undefined || y.i3 === undefined) return Buffer.compare(a.id, b.id);
  return (x.i0 ?? 0) - (y.i0 ?? 0) || (x.i1 ?? 0) - (y.i1 ?? 0) || (x.i2 ?? 0) - (y.i2 ?? 0) || x.i3 - y.i3;
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const c = compareValues(a[fa], b[fb]);
    if (c !== 0) return c;
    const k = cmp(fa, fb);
    if (k !== 0) return k;
  }
  return ka.length - kb.length;
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Total order over BSON values as MongoDB sorts and indexes them. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Fast paths for the key types indexes see most (numbers, strings, ObjectIds).
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') {
      if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
      if (Number.isNaN(b)) return 1;
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    }
    if (ta === 'string') return (a as string) < (b as string) ? -1 : 1;
    if (a instanceof ObjectId && b instanceof ObjectId) return compareObjectIds(a, b);
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (a instanceof BracketEnd || b instanceof BracketEnd) {
    const ha = a instanceof BracketEnd ? (a.high ? 1 : -1) : 0;
    const hb = b instanceof BracketEnd ? (b.high ? 1 : -1) : 0;
    return ha - hb;
  }
  switch (ra) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3: {
      const na = toNumber(a);
      const nb = toNumber(b);
      if (Number.isNaN(na)) return Number.isNaN(nb) ? 0 : -1;
      if (Number.isNaN(nb)) return 1;
      return cmp(na, nb);
    }
    case 4:
      return cmp(String(a), String(b));
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7: {
      const ba = (a as Binary).buffer;
      const bb = (b as Binary).buffer;
      if (ba.length !== bb.length) return ba.length - bb.length;
      const st = (a as Binary).sub_type - (b as Binary).sub_type;
      return st !== 0 ? st : Buffer.compare(ba, bb);
    }
    case 8:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 9:
      return cmp(a as boolean, b as boolean);
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const ta = a as Timestamp;
      const tb = b as Timestamp;
      return ta.high !== tb.high ? cmp(ta.high >>> 0, tb.high >>> 0) : cmp(ta.low >>> 0, tb.low >>> 0);
    }
    case 12:
      return cmp(String(a), String(b));
    default:
      return 0;
  }
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

/** A string that identifies a document _id, used for lock tables and reply caches. */
export function idKey(v: unknown): string {
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  if (v instanceof ObjectId) return `o${v.toHexString()}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof BSONSymbol) return `s${v.valueOf()}`;
  return `j${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`;
}

/** Formats a value the way MongoDB prints it in an E11000 message. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (typeof v === 'object' && !('_bsontype' in v)) {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${formatValue(x)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${v}`;
  return typeof v === 'object' ? (v as { toString(): string }).toString() : typeof v;
}

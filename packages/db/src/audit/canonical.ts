import { createHash } from 'node:crypto';

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Turns any value (mongoose documents, ObjectIds, Dates, Decimal128, Maps) into plain JSON data.
 * Audit snapshots are stored in this form so that what is hashed is exactly what BSON stores
 * and reads back (no undefined, no class instances, no NaN).
 */
export function toPlain(value: unknown, depth = 0): Plain | undefined {
  if (depth > 64) throw new Error('audit snapshot nested too deeply');
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Map) return toPlain(Object.fromEntries(value), depth + 1);
  if (value instanceof Set) return toPlain([...value], depth + 1);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1) ?? null);
  if (!isRecord(value)) return null;
  // mongoose documents: take their plain object form; ObjectId, Decimal128, Long: their string form.
  const maybeDoc = value as { toObject?: unknown; _bsontype?: unknown; toHexString?: unknown };
  if (typeof maybeDoc.toObject === 'function' && '$__' in value) {
    return toPlain(
      (maybeDoc.toObject as (o: object) => unknown).call(value, { depopulate: true }),
      depth + 1,
    );
  }
  if (typeof maybeDoc._bsontype === 'string') {
    const asText =
      typeof maybeDoc.toHexString === 'function'
        ? maybeDoc.toHexString
        : (value as { toString: () => string }).toString;
    return String((asText as () => unknown).call(value));
  }
  const out: Record<string, Plain> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = toPlain(v, depth + 1);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** JSON with object keys sorted at every level: one byte sequence per logical value. */
export function canonicalJson(value: unknown): string {
  const plain = toPlain(value);
  return serialize(plain === undefined ? null : plain);
}

function serialize(v: Plain): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${serialize(v[k] ?? null)}`).join(',')}}`;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

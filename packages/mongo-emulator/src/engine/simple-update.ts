import { MongoServerError } from '../errors';
import { toNumber, typeRank } from './bson-order';
import { isPlainObject, type Doc } from './paths';

const SIMPLE = new Set(['$set', '$unset', '$inc']);

/**
 * $set / $unset / $inc on plain dotted paths, applied directly to a copy. These are most of what
 * mongoose sends, and mingo's updater rebuilds its operator tables on every call. Returns false
 * (touching nothing) when the update needs the general path: other operators, positional paths,
 * or paths through arrays.
 */
export function applySimpleUpdate(doc: Doc, ops: Doc): boolean {
  const steps: Array<() => void> = [];
  for (const [op, fields] of Object.entries(ops)) {
    if (!SIMPLE.has(op) || !isPlainObject(fields)) return false;
    for (const [path, value] of Object.entries(fields)) {
      if (path.includes('$') || path === '' || path.startsWith('.') || path.endsWith('.')) return false;
      const parts = path.split('.');
      const parent = parentOf(doc, parts);
      if (parent === null) return false;
      const key = parts[parts.length - 1] as string;
      if (op === '$set') steps.push(() => void (materialize(doc, parts)[key] = value));
      else if (op === '$unset') steps.push(() => void (parent !== undefined && delete parent[key]));
      else {
        if (typeRank(value) !== 3 || value === null)
          throw new MongoServerError(
            'TypeMismatch',
            `Cannot increment with non-numeric argument: {${path}: ${String(value)}}`,
          );
        const current = parent?.[key];
        if (current !== undefined && (typeRank(current) !== 3 || current === null)) {
          throw new MongoServerError(
            'TypeMismatch',
            `Cannot apply $inc to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${key}' of non-numeric type ${typeof current}`,
          );
        }
        steps.push(
          () =>
            void (materialize(doc, parts)[key] =
              current === undefined ? value : toNumber(current) + toNumber(value)),
        );
      }
    }
  }
  for (const s of steps) s();
  return true;
}

/** The object holding the last path part: undefined if missing, null if an array/scalar is in the way. */
function parentOf(doc: Doc, parts: string[]): Doc | undefined | null {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = (cur as Doc)[parts[i] as string];
    if (next === undefined) return undefined;
    if (!isPlainObject(next)) return null;
    cur = next;
  }
  return cur as Doc;
}

function materialize(doc: Doc, parts: string[]): Doc {
  let cur = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Doc;
  }
  return cur;
}

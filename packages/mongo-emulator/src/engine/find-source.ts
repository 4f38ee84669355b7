import { BSON, ObjectId } from 'bson';
import { compareValues } from './bson-order';
import { Query } from './mingo-options';
import type { CollectionData } from './collection-data';
import type { Doc } from './paths';
import { plan as makePlan, planSorts, type Plan, type SortSpec } from './planner';
import { CandidateScan } from './scan';
import { sortDocsYielding } from './sort';

/** How many candidates a scan examines between event-loop yields. */
export const YIELD_EVERY = 2000;
/** Documents per reply stop here, leaving room for the reply envelope under the 16 MB limit. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface Batch {
  docs: Doc[];
  done: boolean;
}

/** Anything a server-side cursor can page through. */
export interface DocSource {
  next(maxDocs: number): Promise<Batch>;
}

export class ArraySource implements DocSource {
  private pos = 0;
  constructor(
    private readonly docs: Doc[],
    private readonly countBytes = true,
  ) {}
  async next(maxDocs: number): Promise<Batch> {
    const out: Doc[] = [];
    let bytes = 0;
    while (this.pos < this.docs.length && out.length < maxDocs && bytes < MAX_BATCH_BYTES) {
      const d = this.docs[this.pos++] as Doc;
      out.push(d);
      if (this.countBytes) bytes += BSON.calculateObjectSize(d);
    }
    return { docs: out, done: this.pos >= this.docs.length };
  }
}

export function compileFilter(filter: Doc): Query {
  return new Query(filter);
}

/** What a scan needs of a filter: whether a document matches. */
export interface Matcher {
  test(doc: Doc): boolean;
}

/** Values whose equality match is one BSON comparison (no regex, null, document or array rules). */
function isPlainScalar(v: unknown): boolean {
  return (
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && !Number.isNaN(v)) ||
    v instanceof ObjectId
  );
}

/**
 * `{ field: <string | number | boolean | ObjectId> }` on a top-level field — what every by-id
 * read and write and most lookups send — is matched without building a mingo Query, which cost
 * more than the rest of such a command. MongoDB's rule for it: the field equals the value, or is
 * an array with an element equal to it. Anything else (operators, dotted paths, documents,
 * regexes, null, several fields) gets the full Query.
 */
export function compileMatcher(filter: Doc): Matcher {
  const keys = Object.keys(filter);
  const field = keys[0];
  if (keys.length === 1 && field && !field.startsWith('$') && !field.includes('.')) {
    const want = filter[field];
    if (isPlainScalar(want)) {
      const eq = (v: unknown) => v !== undefined && compareValues(v, want) === 0;
      return {
        test: (doc) => {
          const v = doc[field];
          return eq(v) || (Array.isArray(v) && v.some(eq));
        },
      };
    }
  }
  return compileFilter(filter);
}

export { sortDocs } from './sort';

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number; // 0 = none
  projection?: Doc;
  hint?: unknown;
  /** Batches stop at 16 MB for the wire; internal consumers (aggregation) skip the sizing. */
  countBytes?: boolean;
}

/** Collects every matching document (yielding between chunks). */
export async function collectMatches(
  coll: CollectionData,
  filter: Doc,
  query: Matcher,
  p: Plan,
  cap = Infinity,
): Promise<Doc[]> {
  const scan = new CandidateScan(coll, p);
  const out: Doc[] = [];
  let sinceYield = 0;
  for (let doc = scan.next(); doc; doc = scan.next()) {
    if (query.test(doc)) {
      out.push(doc);
      if (out.length >= cap) break;
    }
    if (++sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      scan.suspend();
      await yieldToLoop();
    }
  }
  void filter;
  return out;
}

/** A find: plan → candidates → filter → (sort) → skip → limit → projection, paged lazily. */
export class FindSource implements DocSource {
  readonly plan: Plan;
  private readonly query: Matcher;
  private projector: Query | undefined; // mingo applies projections; built only when one is asked for
  private readonly scan: CandidateScan;
  private sorted: ArraySource | undefined;
  private skipLeft: number;
  private returned = 0;
  private finished = false;

  constructor(
    private readonly coll: CollectionData,
    private readonly filter: Doc,
    private readonly opts: FindOptions,
  ) {
    this.query = compileMatcher(filter);
    this.plan = makePlan(coll, filter, opts.sort ?? [], opts.hint);
    this.scan = new CandidateScan(coll, this.plan);
    this.skipLeft = opts.skip ?? 0;
  }

  get needsSort(): boolean {
    const s = this.opts.sort ?? [];
    return s.length > 0 && !planSorts(this.plan);
  }

  get examined(): number {
    return this.scan.examined;
  }

  async next(maxDocs: number): Promise<Batch> {
    const limit = this.opts.limit ?? 0;
    const want = limit > 0 ? Math.min(maxDocs, limit - this.returned) : maxDocs;
    const raw = this.needsSort ? await this.fromSorted(want) : await this.fromScan(want);
    this.returned += raw.docs.length;
    if (limit > 0 && this.returned >= limit) raw.done = true;
    const projection = this.opts.projection;
    const docs =
      projection && Object.keys(projection).length > 0
        ? ((this.projector ??= compileFilter(this.filter)).find(raw.docs, projection).all() as Doc[])
        : raw.docs;
    return { docs, done: raw.done };
  }

  private async fromSorted(want: number): Promise<Batch> {
    if (!this.sorted) {
      const all = await collectMatches(this.coll, this.filter, this.query, this.plan);
      const skip = this.skipLeft;
      this.skipLeft = 0;
      const ordered = await sortDocsYielding(all, this.opts.sort ?? []);
      this.sorted = new ArraySource(skip > 0 ? ordered.slice(skip) : ordered, this.opts.countBytes !== false);
    }
    return this.sorted.next(want);
  }

  private async fromScan(want: number): Promise<Batch> {
    const out: Doc[] = [];
    let bytes = 0;
    let sinceYield = 0;
    while (!this.finished && out.length < want && bytes < MAX_BATCH_BYTES) {
      const doc = this.scan.next();
      if (!doc) {
        this.finished = true;
        break;
      }
      if (this.query.test(doc)) {
        if (this.skipLeft > 0) this.skipLeft--;
        else {
          out.push(doc);
          if (this.opts.countBytes !== false) bytes += BSON.calculateObjectSize(doc);
        }
      }
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        this.scan.suspend();
        await yieldToLoop();
      }
    }
    if (!this.finished && out.length === want) this.scan.suspend();
    return { docs: out, done: this.finished };
  }
}

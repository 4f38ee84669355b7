import { compareValues, idKey } from './bson-order';
import type { CollectionData } from './collection-data';
import type { IndexKey } from './index-data';
import type { Doc } from './paths';
import type { Plan } from './planner';

/**
 * Produces a plan's candidate documents from the live trees. `suspend()` drops the tree iterator
 * so the caller can yield the event loop; the scan resumes after the last key it returned, the
 * way MongoDB restores a plan after yielding (concurrent writes may or may not be seen).
 */
export class CandidateScan {
  private iter: Iterator<[unknown, Doc]> | undefined;
  private lastKey: unknown;
  private rangeIdx = 0;
  private idIdx = 0;
  private readonly seen: Set<string> | undefined;
  private readonly branches: CandidateScan[];
  private branchIdx = 0;
  examined = 0;

  constructor(
    private readonly coll: CollectionData,
    private readonly plan: Plan,
  ) {
    const dedupe =
      plan.kind === 'ids' ||
      plan.kind === 'or' ||
      (plan.kind === 'ixscan' && (plan.index.multikey || plan.ranges.length > 1));
    this.branches = plan.kind === 'or' ? plan.plans.map((sub) => new CandidateScan(coll, sub)) : [];
    this.seen = dedupe ? new Set() : undefined;
  }

  suspend(): void {
    this.iter = undefined;
    this.branches[this.branchIdx]?.suspend();
  }

  next(): Doc | undefined {
    for (;;) {
      const doc = this.raw();
      if (!doc) return undefined;
      this.examined++;
      if (this.seen) {
        const k = idKey(doc._id);
        if (this.seen.has(k)) continue;
        this.seen.add(k);
      }
      return doc;
    }
  }

  private raw(): Doc | undefined {
    const p = this.plan;
    if (p.kind === 'or') {
      for (; this.branchIdx < this.branches.length; this.branchIdx++) {
        const doc = this.branches[this.branchIdx]?.next();
        if (doc) return doc;
      }
      return undefined;
    }
    if (p.kind === 'ids') {
      while (this.idIdx < p.ids.length) {
        const doc = this.coll.get(p.ids[this.idIdx++]);
        if (doc) return doc;
      }
      return undefined;
    }
    if (p.kind === 'collscan')
      return this.step(this.coll.docs, compareValues, undefined, undefined, p.reverse, () => true);
    const index = p.index;
    while (this.rangeIdx < p.ranges.length) {
      const range = p.ranges[p.reverse ? p.ranges.length - 1 - this.rangeIdx : this.rangeIdx] as [
        IndexKey,
        IndexKey,
      ];
      const [lo, hi] = range;
      const inRange = (k: unknown): boolean =>
        p.reverse ? index.compare(k as IndexKey, lo) >= 0 : index.compare(k as IndexKey, hi) <= 0;
      const doc = this.step(
        index.tree,
        index.compare as (a: unknown, b: unknown) => number,
        lo,
        hi,
        p.reverse,
        inRange,
      );
      if (doc) return doc;
      this.rangeIdx++;
      this.lastKey = undefined;
      this.iter = undefined;
    }
    return undefined;
  }

  private step(
    tree: {
      entries(k?: never): IterableIterator<[unknown, Doc]>;
      entriesReversed(k?: never, r?: undefined, skip?: boolean): IterableIterator<[unknown, Doc]>;
    },
    cmp: (a: unknown, b: unknown) => number,
    lo: unknown,
    hi: unknown,
    reverse: boolean,
    inRange: (k: unknown) => boolean,
  ): Doc | undefined {
    if (!this.iter) {
      const resume = this.lastKey !== undefined;
      if (reverse) this.iter = tree.entriesReversed((resume ? this.lastKey : hi) as never, undefined, resume);
      else this.iter = tree.entries((resume ? this.lastKey : lo) as never);
      if (resume && !reverse) {
        const first = this.iter.next();
        if (!first.done && cmp(first.value[0], this.lastKey) !== 0) return this.accept(first.value, inRange);
      }
    }
    const r = this.iter.next();
    if (r.done) return undefined;
    return this.accept(r.value, inRange);
  }

  private accept(entry: [unknown, Doc], inRange: (k: unknown) => boolean): Doc | undefined {
    if (!inRange(entry[0])) return undefined;
    this.lastKey = entry[0];
    return entry[1];
  }
}

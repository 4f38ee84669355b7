import { compareValues } from './bson-order';
import { sortValue, type Doc } from './paths';
import type { SortSpec } from './planner';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Runs of this many documents are sorted (and merged) between event-loop yields. */
const RUN = 16_384;

interface Keyed {
  d: Doc;
  k: unknown[];
}

function comparator(sort: SortSpec): (a: Keyed, b: Keyed) => number {
  return (a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareValues(a.k[i], b.k[i]);
      if (c !== 0) return c * (sort[i]?.[1] ?? 1);
    }
    return 0;
  };
}

const keyed = (docs: Doc[], sort: SortSpec, from: number, to: number): Keyed[] =>
  docs.slice(from, to).map((d) => ({ d, k: sort.map(([f, dir]) => sortValue(d, f, dir)) }));

/** MongoDB sort order (arrays by their min/max element, BSON type order); stable. */
export function sortDocs(docs: Doc[], sort: SortSpec): Doc[] {
  if (sort.length === 0) return docs;
  return keyed(docs, sort, 0, docs.length)
    .sort(comparator(sort))
    .map((x) => x.d);
}

/** The same order, as a merge sort of runs that yields between runs so big sorts do not stall. */
export async function sortDocsYielding(docs: Doc[], sort: SortSpec): Promise<Doc[]> {
  if (sort.length === 0) return docs;
  if (docs.length <= RUN) return sortDocs(docs, sort);
  const cmp = comparator(sort);
  let runs: Keyed[][] = [];
  for (let i = 0; i < docs.length; i += RUN) {
    runs.push(keyed(docs, sort, i, i + RUN).sort(cmp));
    await yieldToLoop();
  }
  while (runs.length > 1) {
    const next: Keyed[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const a = runs[i] as Keyed[];
      const b = runs[i + 1];
      next.push(b ? await merge(a, b, cmp) : a);
    }
    runs = next;
  }
  return (runs[0] ?? []).map((x) => x.d);
}

async function merge(a: Keyed[], b: Keyed[], cmp: (x: Keyed, y: Keyed) => number): Promise<Keyed[]> {
  const out: Keyed[] = new Array<Keyed>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length || j < b.length) {
    // Taking from `a` on ties keeps the sort stable.
    if (j >= b.length || (i < a.length && cmp(a[i] as Keyed, b[j] as Keyed) <= 0)) out[o++] = a[i++] as Keyed;
    else out[o++] = b[j++] as Keyed;
    if (o % RUN === 0) await yieldToLoop();
  }
  return out;
}

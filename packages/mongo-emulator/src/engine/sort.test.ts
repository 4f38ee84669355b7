import { describe, expect, it } from 'vitest';
import type { Doc } from './paths';
import { sortDocs, sortDocsYielding } from './sort';

describe('sorting', () => {
  it('sorts big inputs in yielding runs exactly like the one-shot stable sort', async () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const docs: Doc[] = Array.from({ length: 40_000 }, (_, i) => ({
      _id: i,
      a: rand(50),
      b: rand(3) === 0 ? null : String(rand(20)),
      arr: [rand(9), rand(9)],
    }));
    for (const sort of [
      [
        ['a', 1],
        ['b', -1],
      ],
      [['arr', -1]],
      [['b', 1]],
    ] as Array<Array<[string, 1 | -1]>>) {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      const got = await sortDocsYielding(docs, sort);
      clearInterval(timer);
      expect(got.map((d) => d._id)).toEqual(sortDocs(docs, sort).map((d) => d._id));
      expect(ticks).toBeGreaterThan(0); // timers ran while sorting: it yielded
    }
  });

  it('orders arrays by their smallest element ascending and largest descending, nulls first', () => {
    const docs: Doc[] = [{ _id: 1, v: [5, 1] }, { _id: 2, v: 3 }, { _id: 3 }, { _id: 4, v: [2, 9] }];
    expect(sortDocs(docs, [['v', 1]]).map((d) => d._id)).toEqual([3, 1, 4, 2]);
    expect(sortDocs(docs, [['v', -1]]).map((d) => d._id)).toEqual([4, 1, 2, 3]);
  });
});

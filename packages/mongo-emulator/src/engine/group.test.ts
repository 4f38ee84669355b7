import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues } from './bson-order';
import { compileGroup } from './group';
import { Aggregator } from './mingo-options';
import type { Doc } from './paths';

const byId = (a: Doc, b: Doc): number => compareValues(a._id, b._id);

describe('incremental $group', () => {
  it('matches mingo on field-path keys and the common accumulators', async () => {
    const spec = {
      _id: { t: '$town', k: '$kind' },
      n: { $sum: 1 },
      total: { $sum: '$v' },
      avg: { $avg: '$v' },
      lo: { $min: '$v' },
      hi: { $max: '$v' },
      first: { $first: '$v' },
      last: { $last: '$v' },
      all: { $push: '$v' },
      kinds: { $addToSet: '$kind' },
      c: { $count: {} },
    };
    const group = compileGroup(spec);
    expect(group).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record(
            {
              town: fc.constantFrom('a', 'b', 'c'),
              kind: fc.constantFrom(1, 2),
              v: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(null)),
            },
            { requiredKeys: ['town', 'kind', 'v'] },
          ),
          { maxLength: 30 },
        ),
        async (docs) => {
          const mine = (await group!.run(docs)).sort(byId);
          const theirs = new Aggregator([{ $group: spec }])
            .run<Doc>(structuredClone(docs))
            .map((g) => ({ ...g, kinds: [...(g.kinds as unknown[])].sort() }));
          expect(mine.map((g) => ({ ...g, kinds: [...(g.kinds as unknown[])].sort() }))).toEqual(
            theirs.sort(byId),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('skips missing values in $push / $addToSet and omits missing fields from object keys, as MongoDB does', async () => {
    const group = compileGroup({
      _id: { t: '$town', k: '$kind' },
      all: { $push: '$v' },
      set: { $addToSet: '$v' },
      first: { $first: '$v' },
    });
    expect(await group!.run([{ town: 'a' }, { town: 'a', v: 1 }])).toEqual([
      { _id: { t: 'a' }, all: [1], set: [1], first: null },
    ]);
  });

  it('leaves expressions it does not evaluate to mingo', () => {
    expect(compileGroup({ _id: { $year: '$d' }, n: { $sum: 1 } })).toBeNull();
    expect(compileGroup({ _id: null, n: { $stdDevPop: '$v' } })).toBeNull();
    expect(compileGroup({ _id: '$$NOW' })).toBeNull();
  });
});

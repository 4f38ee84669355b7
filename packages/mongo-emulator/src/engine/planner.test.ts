import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues } from './bson-order';
import { CollectionData } from './collection-data';
import { FindSource, compileFilter, sortDocs } from './find-source';
import { sortValue, type Doc } from './paths';
import { regexIntervals } from './bounds';
import { explainPlan, plan, type SortSpec } from './planner';

function collection(docs: Doc[]): CollectionData {
  const c = new CollectionData('db', 'c');
  c.createIndex({ v: 2, key: { a: 1 }, name: 'a_1' });
  c.createIndex({ v: 2, key: { a: 1, b: -1 }, name: 'a_1_b_-1' });
  c.createIndex({ v: 2, key: { b: 1 }, name: 'b_1', sparse: true });
  c.createIndex({ v: 2, key: { 'c.d': -1 }, name: 'c.d_-1' });
  c.createIndex({ v: 2, key: { s: 1 }, name: 's_1', partialFilterExpression: { kind: 'x' } });
  docs.forEach((d) => c.insert(d));
  return c;
}

async function runFind(c: CollectionData, filter: Doc, sort: SortSpec, limit = 0): Promise<Doc[]> {
  const src = new FindSource(c, filter, { sort, limit });
  const out: Doc[] = [];
  for (let b = await src.next(7); ; b = await src.next(7)) {
    out.push(...b.docs);
    if (b.done) return out;
  }
}

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('x', 'y', 'xa', 'yb', 'X', null),
  fc.double({ min: -3, max: 3, noNaN: true }),
);
const docArb = fc.record(
  {
    a: fc.oneof(scalar, fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 })),
    b: fc.integer({ min: -2, max: 2 }),
    c: fc.record({ d: scalar }, { requiredKeys: [] }),
    s: fc.constantFrom('p', 'q'),
    kind: fc.constantFrom('x', 'y'),
  },
  { requiredKeys: ['s', 'kind'] },
);
const field = fc.constantFrom('a', 'b', 'c.d');
const condArb = fc.oneof(
  scalar,
  fc.record({ $gt: scalar }),
  fc.record({ $gte: scalar, $lt: scalar }),
  fc.record({ $lte: scalar }),
  fc.record({ $in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
  fc.record({ $ne: scalar }),
  fc.constantFrom<unknown>(
    /^x/,
    /^(x|yb)/,
    /^(?:y)a?/,
    /^x/i,
    /x/,
    { $regex: '^y' },
    { $regex: '^X', $options: 'i' },
  ),
);
const filterArb = fc.oneof(
  fc.dictionary(field, condArb, { maxKeys: 2 }),
  fc.record({ s: fc.constantFrom('p', 'q'), kind: fc.constant('x') }),
  fc.record({
    $or: fc.array(fc.dictionary(field, condArb, { minKeys: 1, maxKeys: 2 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    b: condArb,
    $or: fc.array(fc.dictionary(field, condArb, { minKeys: 1, maxKeys: 1 }), { minLength: 1, maxLength: 2 }),
  }),
);
const sortArb = fc.oneof(
  fc.constant<SortSpec>([]),
  fc.constantFrom<SortSpec>(
    [['a', 1]],
    [['a', -1]],
    [['b', 1]],
    [
      ['a', 1],
      ['b', -1],
    ],
    [['c.d', 1]],
    [['_id', -1]],
  ),
);

describe('query planner', () => {
  it('returns exactly what a full scan returns, in sort order, whatever index it picks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { maxLength: 40 }),
        filterArb,
        sortArb,
        fc.nat({ max: 5 }),
        async (raw, filter, sort, limit) => {
          const docs = raw.map((d, i) => ({ _id: i, ...d }));
          const c = collection(docs);
          const q = compileFilter(filter);
          const expected = sortDocs(
            docs.filter((d) => q.test(d)),
            sort,
          );
          const got = await runFind(c, filter, sort, limit);
          const want = limit > 0 ? expected.slice(0, limit) : expected;
          expect(got).toHaveLength(want.length);
          if (sort.length === 0 && limit === 0)
            expect(got.map((d) => d._id).sort()).toEqual(want.map((d) => d._id).sort());
          // With ties any order among equal sort keys is valid, so compare the key sequences.
          const keys = (list: Doc[]): unknown[][] =>
            list.map((d) => sort.map(([f, dir]) => sortValue(d, f, dir)));
          const cmpKeys = (x: unknown[], y: unknown[]): number => {
            for (let i = 0; i < sort.length; i++) {
              const c = compareValues(x[i], y[i]) * (sort[i]?.[1] ?? 1);
              if (c !== 0) return c;
            }
            return 0;
          };
          if (sort.length > 0) {
            const gk = keys(got);
            const wk = keys(want);
            gk.forEach((k, i) => expect(cmpKeys(k, wk[i] ?? [])).toBe(0));
            for (let i = 1; i < gk.length; i++)
              expect(cmpKeys(gk[i - 1] ?? [], gk[i] ?? [])).toBeLessThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('uses an index for equality, range and sort, and shows it in explain', () => {
    const c = collection(
      Array.from({ length: 50 }, (_, i) => ({ _id: i, a: i % 10, b: i, kind: 'y', s: 'p' })),
    );
    const eq = plan(c, { a: 3 }, []);
    expect(eq.kind === 'ixscan' && eq.index.name).toBe('a_1');
    const compound = plan(c, { a: 3, b: { $gt: 5 } }, []);
    expect(compound.kind === 'ixscan' && compound.index.name).toBe('a_1_b_-1');
    const sortOnly = plan(c, {}, [['c.d', 1]]);
    expect(sortOnly.kind === 'ixscan' && sortOnly.providesSort && sortOnly.reverse).toBe(true);
    expect(JSON.stringify(explainPlan(eq, false))).toContain('"indexName":"a_1"');
    expect(plan(c, { _id: 4 }, []).kind).toBe('ids');
    const union = plan(c, { $or: [{ a: 1 }, { 'c.d': { $gt: 2 } }] }, []);
    expect(union.kind === 'or' && union.plans.map((p) => p.kind === 'ixscan' && p.index.name)).toEqual([
      'a_1',
      'c.d_-1',
    ]);
    expect(JSON.stringify(explainPlan(union, false))).toContain('"stage":"OR"');
    expect(plan(c, { $or: [{ a: 1 }, { kind: 'x' }] }, []).kind).toBe('collscan');
  });

  it('turns anchored regexes into prefix ranges', () => {
    const c = collection([]);
    const p = plan(c, { a: { $regex: '^(510101|510102)' } }, []);
    expect(p.kind === 'ixscan' && p.index.name === 'a_1' && p.ranges.length).toBe(2);
    expect(regexIntervals('abc.*', '')).toBeNull();
    expect(regexIntervals('^abc', 'i')).toBeNull();
    expect(regexIntervals('^ab?', '')).toBeNull();
    expect(regexIntervals('^ab', '')).toEqual([{ lo: 'ab', hi: 'ac' }]);
  });

  it('does not use a sparse index for null or a partial index the query does not imply', () => {
    const c = collection([{ _id: 1, b: 1, kind: 'x', s: 'p' }]);
    const p = plan(c, { b: null }, []);
    expect(p.kind === 'ixscan' && p.index.name === 'b_1').toBe(false);
    const partialNo = plan(c, { s: 'p' }, []);
    expect(partialNo.kind === 'ixscan' && partialNo.index.name === 's_1').toBe(false);
    const partialYes = plan(c, { s: 'p', kind: 'x' }, []);
    expect(partialYes.kind === 'ixscan' && partialYes.index.name).toBe('s_1');
  });

  it('examines only the matching range on a large collection', async () => {
    const c = collection(
      Array.from({ length: 20_000 }, (_, i) => ({ _id: i, a: i, b: i % 7, kind: 'y', s: 'p' })),
    );
    const src = new FindSource(c, { a: { $gte: 100, $lt: 150 } }, { sort: [['a', 1]], limit: 50 });
    const batch = await src.next(100);
    expect(batch.docs.map((d) => d.a)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
    expect(src.examined).toBeLessThanOrEqual(51);
    expect(compareValues(batch.docs[0]?._id, 100)).toBe(0);
  });
});

import { ObjectId } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { update } from './mingo-options';
import { applySimpleUpdate } from './simple-update';
import { applyUpdate, parseUpdate, upsertDoc } from './update';

describe('updates', () => {
  it('never touches the stored document', () => {
    const stored = { _id: 1, a: { b: [1, 2] } };
    const next = applyUpdate(stored, parseUpdate({ $push: { 'a.b': 3 }, $set: { c: 1 } }));
    expect(next).toEqual({ _id: 1, a: { b: [1, 2, 3] }, c: 1 });
    expect(stored).toEqual({ _id: 1, a: { b: [1, 2] } });
  });

  it('applies positional, all-positional and filtered-positional updates', () => {
    const doc = {
      _id: 1,
      items: [
        { k: 1, v: 1 },
        { k: 2, v: 1 },
      ],
    };
    expect(
      applyUpdate(doc, parseUpdate({ $set: { 'items.$.v': 9 } }), { filter: { 'items.k': 2 } }).items,
    ).toEqual([
      { k: 1, v: 1 },
      { k: 2, v: 9 },
    ]);
    expect(applyUpdate(doc, parseUpdate({ $inc: { 'items.$[].v': 1 } })).items).toEqual([
      { k: 1, v: 2 },
      { k: 2, v: 2 },
    ]);
    expect(
      applyUpdate(doc, parseUpdate({ $set: { 'items.$[e].v': 0 } }), { arrayFilters: [{ 'e.k': 1 }] }).items,
    ).toEqual([
      { k: 1, v: 0 },
      { k: 2, v: 1 },
    ]);
  });

  it('applies $setOnInsert only when inserting, seeding from the filter equalities', () => {
    const spec = parseUpdate({ $setOnInsert: { created: 1 }, $inc: { n: 1 } });
    expect(applyUpdate({ _id: 1, n: 1 }, spec)).toEqual({ _id: 1, n: 2 });
    const doc = upsertDoc(
      {
        _id: 'k',
        'a.b': 2,
        c: { $eq: 3 },
        d: { $gt: 1 },
        $and: [{ e: 5 }],
        f: { $in: [6] },
        g: { $in: [1, 2] },
      },
      spec,
    );
    expect(doc).toEqual({ _id: 'k', a: { b: 2 }, c: 3, e: 5, f: 6, created: 1, n: 1 });
    expect(upsertDoc({ x: 1 }, parseUpdate({ y: 2 }))._id).toBeInstanceOf(ObjectId);
  });

  it('keeps _id on replacement and pipeline updates and refuses to change it', () => {
    expect(applyUpdate({ _id: 1, a: 1 }, parseUpdate({ b: 2 }))).toEqual({ _id: 1, b: 2 });
    expect(
      applyUpdate({ _id: 1, a: 1 }, parseUpdate([{ $set: { b: { $add: ['$a', 1] } } }, { $unset: 'a' }])),
    ).toEqual({ _id: 1, b: 2 });
    expect(() => applyUpdate({ _id: 1 }, parseUpdate({ $set: { _id: 2 } }))).toThrow(/immutable field '_id'/);
  });

  it('rejects unknown operators and forbidden pipeline stages by name', () => {
    expect(() => parseUpdate({ $frob: { a: 1 } })).toThrow(
      expect.objectContaining({ code: 9, message: expect.stringContaining('$frob') as string }) as Error,
    );
    expect(() => parseUpdate([{ $group: { _id: null } }])).toThrow(/\$group is not allowed/);
  });

  it('honours $push modifiers on a field that does not exist yet', () => {
    expect(
      applyUpdate({ _id: 1 }, parseUpdate({ $push: { log: { $each: [1, 2, 3], $slice: -2 } } })),
    ).toEqual({ _id: 1, log: [2, 3] });
  });
});

describe('fast $set / $unset / $inc', () => {
  it('gives the same documents as the general updater', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constant('s'),
      fc.constant(null),
      fc.record({ z: fc.integer() }),
    );
    const docArb = fc.record(
      {
        a: fc.oneof(value, fc.record({ b: value }, { requiredKeys: [] })),
        c: fc.integer({ min: 0, max: 3 }),
      },
      { requiredKeys: [] },
    );
    const path = fc.constantFrom('a', 'a.b', 'c', 'd.e.f', 'n');
    const opsArb = fc.record(
      {
        $set: fc.dictionary(path, value, { maxKeys: 2 }),
        $unset: fc.dictionary(path, fc.constant(''), { maxKeys: 1 }),
        $inc: fc.dictionary(fc.constantFrom('c', 'n'), fc.integer({ min: -3, max: 3 }), { maxKeys: 1 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(docArb, opsArb, (raw, ops) => {
        const keys = Object.values(ops).flatMap((o) => Object.keys(o));
        fc.pre(new Set(keys.map((k) => k.split('.')[0])).size === keys.length); // MongoDB rejects overlapping paths
        const doc = { _id: 1, ...raw };
        const fast = structuredClone(doc);
        let fastErr: unknown;
        let handled = false;
        try {
          handled = applySimpleUpdate(fast, ops);
        } catch (e) {
          fastErr = e;
        }
        const slow = structuredClone(doc);
        let slowErr: unknown;
        try {
          update(slow, ops);
        } catch (e) {
          slowErr = e;
        }
        if (fastErr !== undefined || slowErr !== undefined)
          return expect(fastErr !== undefined && slowErr !== undefined).toBe(true);
        if (handled) expect(fast).toEqual(slow);
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

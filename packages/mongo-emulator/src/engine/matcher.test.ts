import { Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from './find-source';

describe('compileMatcher', () => {
  it('matches { _id: value } by BSON equality without a mingo Query', () => {
    const oid = new ObjectId();
    const byOid = compileMatcher({ _id: new ObjectId(oid.toHexString()) });
    expect(byOid.test({ _id: oid })).toBe(true);
    expect(byOid.test({ _id: new ObjectId() })).toBe(false);
    expect(byOid.test({ _id: oid.toHexString() })).toBe(false); // a string is not an ObjectId
    expect(compileMatcher({ _id: 'a|1' }).test({ _id: 'a|1', x: 1 })).toBe(true);
    expect(compileMatcher({ _id: 'a|1' }).test({ _id: 'a|2' })).toBe(false);
    expect(compileMatcher({ _id: 'a' }).test({ x: 'a' })).toBe(false);
    // numbers compare by value across BSON number types, as in MongoDB
    expect(compileMatcher({ _id: 7 }).test({ _id: Long.fromNumber(7) })).toBe(true);
    expect(compileMatcher({ _id: 7 }).test({ _id: 7.5 })).toBe(false);
    expect(compileMatcher({ _id: 7 }).test({ _id: '7' })).toBe(false);
  });

  it('matches { field: value } on any top-level field, arrays by membership as in MongoDB', () => {
    const m = compileMatcher({ county: '513201' });
    expect(m.test({ county: '513201' })).toBe(true);
    expect(m.test({ county: '513202' })).toBe(false);
    expect(m.test({})).toBe(false);
    expect(m.test({ county: ['510101', '513201'] })).toBe(true);
    expect(m.test({ county: [['513201']] })).toBe(false); // nested arrays are not searched
    expect(compileMatcher({ open: false }).test({ open: false })).toBe(true);
    expect(compileMatcher({ open: false }).test({ open: 0 })).toBe(false); // no type coercion
    expect(compileMatcher({ n: 3 }).test({ n: [1, 3.0] })).toBe(true);
  });

  it('leaves every other filter to the full query language', () => {
    expect(compileMatcher({ 'a.b': 1 }).test({ a: [{ b: 1 }] })).toBe(true);
    expect(compileMatcher({ tags: ['x', 'y'] }).test({ tags: ['x', 'y'] })).toBe(true);
    expect(compileMatcher({ tags: ['x', 'y'] }).test({ tags: ['y', 'x'] })).toBe(false);
    expect(compileMatcher({ _id: /^a/ }).test({ _id: 'abc' })).toBe(true);
    expect(compileMatcher({ _id: null }).test({ x: 1 })).toBe(true); // null matches a missing field
    expect(compileMatcher({ _id: { $in: ['a', 'b'] } }).test({ _id: 'b' })).toBe(true);
    expect(compileMatcher({ _id: 'a', x: 1 }).test({ _id: 'a', x: 2 })).toBe(false);
    expect(compileMatcher({ _id: { k: 1 } }).test({ _id: { k: 1 } })).toBe(true);
  });
});

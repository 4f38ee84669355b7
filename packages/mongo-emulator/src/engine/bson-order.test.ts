import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { describe, expect, it } from 'vitest';
import { BracketEnd, compareValues, idKey } from './bson-order';

describe('compareValues (MongoDB BSON order)', () => {
  it('orders values of different types by type bracket', () => {
    const ordered = [
      new MinKey(),
      null,
      1,
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId(),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /x/,
      new MaxKey(),
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareValues(ordered[i], ordered[i + 1]), `${i}`).toBeLessThan(0);
      expect(compareValues(ordered[i + 1], ordered[i]), `${i}`).toBeGreaterThan(0);
    }
  });

  it('compares numbers numerically across int, double, long and decimal', () => {
    expect(compareValues(5, Long.fromNumber(5))).toBe(0);
    expect(compareValues(Decimal128.fromString('2.5'), 2)).toBeGreaterThan(0);
    expect(compareValues(-1, 0.5)).toBeLessThan(0);
    expect(compareValues(Number.NaN, -Infinity)).toBeLessThan(0);
  });

  it('treats missing and null alike, and compares documents field by field', () => {
    expect(compareValues(undefined, null)).toBe(0);
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBeLessThan(0);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBeLessThan(0);
    expect(compareValues([1, 2], [1, 2])).toBe(0);
  });

  it('places bracket ends around every value of their type only', () => {
    const numbersHigh = new BracketEnd(3, true);
    expect(compareValues(1e300, numbersHigh)).toBeLessThan(0);
    expect(compareValues('a', numbersHigh)).toBeGreaterThan(0);
    expect(compareValues(new BracketEnd(3, false), -1e300)).toBeLessThan(0);
  });

  it('gives equal ids equal keys and different ids different keys', () => {
    const id = new ObjectId();
    expect(idKey(new ObjectId(id.toHexString()))).toBe(idKey(id));
    expect(idKey('1')).not.toBe(idKey(1));
    expect(idKey({ a: 1 })).toBe(idKey({ a: 1 }));
  });
});

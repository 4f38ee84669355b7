import { describe, expect, it } from 'vitest';
import { groupCode, nameKindMismatch, nextFreeChildCode, parseCode } from './code.service';

describe('parseCode', () => {
  it('infers level, kind and parent from structure', () => {
    expect(parseCode('513201000000')).toMatchObject({
      ok: true,
      value: { level: 'county', parentCode: null },
    });
    expect(parseCode('513201100000')).toMatchObject({
      ok: true,
      value: { level: 'township', kind: 'town', parentCode: '513201000000' },
    });
    expect(parseCode('513201001000')).toMatchObject({ ok: true, value: { kind: 'subdistrict' } });
    expect(parseCode('513201201000')).toMatchObject({ ok: true, value: { kind: 'township' } });
    expect(parseCode('513201450000')).toMatchObject({ ok: true, value: { kind: 'other' } });
    expect(parseCode('510722109210')).toMatchObject({
      ok: true,
      value: { level: 'village', kind: 'village', parentCode: '510722109000', township: '510722109' },
    });
    expect(parseCode('510722109010')).toMatchObject({ ok: true, value: { kind: 'community' } });
    expect(parseCode('510722109210003')).toMatchObject({
      ok: true,
      value: { level: 'group', parentCode: '510722109210' },
    });
  });

  it('refuses malformed codes with a reason', () => {
    const bad = {
      '51072210921': '12 digits',
      '990722109210': 'province',
      '510700109210': 'prefecture',
      '510722000210': 'without a township',
      '510722600000': 'outside 001–599',
      '510722109600': 'outside 001–599',
      '510722109000001': 'extend a village',
      '510722109210000': '001–999',
    };
    for (const [code, reason] of Object.entries(bad)) {
      const r = parseCode(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    }
  });
});

describe('names, group suffixes and free codes', () => {
  it('flags a name whose suffix contradicts the code range', () => {
    expect(nameKindMismatch('马尔康镇', 'town')).toBeNull();
    expect(nameKindMismatch('马尔康镇', 'township')).toMatch(/镇/);
    expect(nameKindMismatch('西索村', 'community')).toMatch(/村/);
    expect(nameKindMismatch('马尔康牧场', 'other')).toBeNull();
  });

  it('gives groups a 3-digit local suffix', () => {
    expect(groupCode('513201100201', 7)).toBe('513201100201007');
    expect(() => groupCode('513201100201', 1000)).toThrow();
  });

  it('finds the first free code in the same range under a new parent', () => {
    const used = new Set(['513201100200', '513201100201']);
    expect(nextFreeChildCode('513201100000', '513201101203', used)).toBe('513201100202');
    expect(nextFreeChildCode('513201100000', '513201101001', used)).toBe('513201100001');
    expect(nextFreeChildCode('513201100201', '513201101203002', new Set(['513201100201001']))).toBe(
      '513201100201002',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeRequired, policyChange, policyCounties } from './readiness-policy';

describe('readiness policy helpers', () => {
  it('offers the county roots of a jurisdiction by their 6-digit prefix, never townships', () => {
    expect(
      policyCounties([
        { code: '510722000000', name: '三台县', level: 'county' },
        { code: '510722109000', name: '某镇', level: 'township' },
      ]),
    ).toEqual([{ code: '510722', name: '三台县' }]);
    expect(policyCounties([{ code: '510722109000', name: '某镇', level: 'township' }])).toEqual([]);
  });

  it('orders and de-duplicates a required set as the contract lists the items', () => {
    expect(normalizeRequired(['petitions', 'placement', 'petitions'])).toEqual(['placement', 'petitions']);
  });

  it('reports what a draft adds and removes, and nothing for the same set in another order', () => {
    expect(policyChange(['placement', 'assets'], ['assets', 'petitions'])).toEqual({
      added: ['petitions'],
      removed: ['placement'],
    });
    expect(policyChange(['assets', 'placement'], ['placement', 'assets'])).toEqual({
      added: [],
      removed: [],
    });
  });
});

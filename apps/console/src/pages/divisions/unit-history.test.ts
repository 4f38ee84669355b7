import { describe, expect, it } from 'vitest';
import { dayBefore } from './unit-history';

describe('dayBefore', () => {
  it('steps back over month and leap-year ends', () => {
    expect(dayBefore('2026-11-21')).toBe('2026-11-20');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });
});

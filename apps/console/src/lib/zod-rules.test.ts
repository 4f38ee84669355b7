import { ZPassword } from '@hebing/contracts';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { zodErrors, zodRule } from './zod-rules';

describe('zodRule', () => {
  it("rejects with the contract's own message", async () => {
    await expect(zodRule(ZPassword).validator({}, 'short1')).rejects.toThrow(/at least 10/);
    await expect(zodRule(ZPassword).validator({}, 'longenough123')).resolves.toBeUndefined();
  });

  it('treats an empty input as not given', async () => {
    await expect(zodRule(z.string().optional()).validator({}, '')).resolves.toBeUndefined();
  });

  it('collects the first message per field', () => {
    const errors = zodErrors(z.object({ a: z.number(), b: z.string() }), { a: 'x', b: 'y' });
    expect(Object.keys(errors)).toEqual(['a']);
    expect(errors.a).toMatch(/number/);
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('scrypt passwords', () => {
  it('verifies the right password, refuses a wrong one, and salts each hash', async () => {
    const a = await hashPassword('correct-horse-42');
    const b = await hashPassword('correct-horse-42');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct-horse-42', a)).toBe(true);
    expect(await verifyPassword('correct-horse-43', a)).toBe(false);
    expect(await verifyPassword('correct-horse-42', 'garbage')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseMe } from './auth.api';

describe('parseMe', () => {
  it("reads the gateway's /auth/me body", () => {
    const s = parseMe({
      user: {
        id: 'u1',
        username: 'zhang',
        displayName: '张三',
        roles: ['leader'],
        jurisdiction: { scope: 'all' },
        mustChangePassword: false,
      },
      roles: ['leader'],
      jurisdiction: { scope: 'county', codes: ['510722'] },
      session: { createdAt: 'x', lastSeenAt: 'y' },
    });
    expect(s).toEqual({
      userId: 'u1',
      username: 'zhang',
      displayName: '张三',
      roles: ['leader'],
      jurisdiction: { scope: 'county', codes: ['510722'] },
      mustChangePassword: false,
    });
  });

  it('drops roles this console does not know instead of failing the login', () => {
    const s = parseMe({
      user: { id: 'u2', username: 'li' },
      roles: ['auditor', 'astronaut'],
      jurisdiction: { scope: 'all' },
    });
    expect(s.roles).toEqual(['auditor']);
    expect(s.displayName).toBe('li');
  });

  it('refuses a body without a user', () => {
    expect(() => parseMe({ roles: [] })).toThrow();
  });
});

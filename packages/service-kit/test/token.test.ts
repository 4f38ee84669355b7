import { describe, expect, it } from 'vitest';
import { signInternalToken, verifyInternalToken } from '../src';
import { claims, SECRET } from './helpers';

const now = 1_800_000_000;

describe('internal token', () => {
  it('round-trips the claims with a 60 s lifetime', () => {
    const token = signInternalToken(claims(['leader']), SECRET, { now });
    const verified = verifyInternalToken(token, SECRET, { now: now + 30 });
    expect(verified).toMatchObject({ ...claims(['leader']), iat: now, exp: now + 60 });
  });

  it('expires after 60 s plus 5 s skew', () => {
    const token = signInternalToken(claims(['leader']), SECRET, { now });
    expect(() => verifyInternalToken(token, SECRET, { now: now + 65 })).not.toThrow();
    expect(() => verifyInternalToken(token, SECRET, { now: now + 66 })).toThrow(/expired/);
  });

  it('refuses tokens from the future and overlong lifetimes', () => {
    const future = signInternalToken(claims(['leader']), SECRET, { now: now + 30 });
    expect(() => verifyInternalToken(future, SECRET, { now })).toThrow(/future/);
    const long = signInternalToken({ ...claims(['leader']), iat: now, exp: now + 3600 }, SECRET);
    expect(() => verifyInternalToken(long, SECRET, { now })).toThrow(/lifetime/);
  });

  it('refuses a wrong key, a cut signature and garbage', () => {
    const token = signInternalToken(claims(['admin']), SECRET, { now });
    expect(() => verifyInternalToken(token, 'k'.repeat(40), { now })).toThrow(/signature/);
    expect(() => verifyInternalToken(token.slice(0, -4), SECRET, { now })).toThrow(/signature/);
    expect(() => verifyInternalToken('a.b', SECRET, { now })).toThrow(/malformed/);
    expect(() => verifyInternalToken(token, SECRET, { now })).not.toThrow();
  });

  it('throws UNAUTHENTICATED app errors', () => {
    expect(() => verifyInternalToken('x.y.z', SECRET, { now })).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });

  it('refuses a short secret', () => {
    expect(() => signInternalToken(claims(['admin']), 'short')).toThrow(/32/);
  });
});

import { describe, expect, it } from 'vitest';
import { createTokenVerifier, signInternalToken, verifyInternalToken } from '../src';
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

describe('createTokenVerifier (remembers verified tokens)', () => {
  it('answers a repeated token from memory, but still refuses it once expired', () => {
    let t = now;
    const verify = createTokenVerifier(SECRET, { now: () => t });
    const token = signInternalToken(claims(['leader']), SECRET, { now });
    const first = verify(token);
    expect(first).toMatchObject({ ...claims(['leader']), iat: now, exp: now + 60 });
    expect(verify(token)).toBe(first); // the same (frozen) claims: no second HMAC and parse
    expect(Object.isFrozen(first.roles)).toBe(true);
    t = now + 65;
    expect(verify(token)).toBe(first);
    t = now + 66;
    expect(() => verify(token)).toThrow(/expired/);
    t = now + 30;
    expect(() => verify(token)).not.toThrow(); // forgotten when expired: verified afresh
  });

  it('refuses forged, cut and foreign-key tokens every time, and stays bounded', () => {
    const verify = createTokenVerifier(SECRET, { now: () => now, maxEntries: 2 });
    const token = signInternalToken(claims(['admin']), SECRET, { now });
    verify(token);
    const [head, , sig] = token.split('.');
    const otherBody = signInternalToken(claims(['auditor']), SECRET, { now }).split('.')[1];
    for (let i = 0; i < 2; i++) {
      expect(() => verify(`${head}.${otherBody}.${sig}`)).toThrow(/signature/);
      expect(() => verify(token.slice(0, -4))).toThrow(/signature/);
      expect(() => verify(signInternalToken(claims(['admin']), 'k'.repeat(40), { now }))).toThrow(
        /signature/,
      );
    }
    for (const roles of [['leader'], ['auditor'], ['hr_officer']] as const) {
      expect(verify(signInternalToken(claims([...roles]), SECRET, { now })).roles).toEqual(roles);
    }
    expect(verify(token).roles).toEqual(['admin']);
  });
});

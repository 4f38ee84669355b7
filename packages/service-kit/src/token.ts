import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AppError, ZAuthClaims, type AuthClaims } from '@hebing/contracts';

/** Tokens are minted per proxied request, so a minute is plenty and limits replay. */
export const TOKEN_TTL_SECONDS = 60;
export const CLOCK_SKEW_SECONDS = 5;
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'HBT' }));

export type ClaimsToSign = Omit<AuthClaims, 'iat' | 'exp'> & Partial<Pick<AuthClaims, 'iat' | 'exp'>>;

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

// A KeyObject per secret: createHmac with a string key imports the key again on every call.
const keys = new Map<string, KeyObject>();

function mac(data: string, secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 8) keys.clear(); // a process uses one or two secrets; never grow unbounded
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return createHmac('sha256', key).update(data).digest();
}

function assertSecret(secret: string): void {
  if (secret.length < 32) throw new Error('internal token secret must be at least 32 characters');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Compact JWT-like token: base64url(header).base64url(claims).base64url(HMAC-SHA256). */
export function signInternalToken(claims: ClaimsToSign, secret: string, opts: { now?: number } = {}): string {
  assertSecret(secret);
  const iat = claims.iat ?? opts.now ?? nowSeconds();
  const exp = claims.exp ?? iat + TOKEN_TTL_SECONDS;
  const body = b64url(JSON.stringify({ ...claims, iat, exp }));
  const signed = `${HEADER}.${body}`;
  return `${signed}.${mac(signed, secret).toString('base64url')}`;
}

function refuse(message: string): never {
  throw new AppError('UNAUTHENTICATED', message);
}

/** Signature (constant time) and shape, not times: what a cache may remember about a token. */
function verifySigned(token: string, secret: string): AuthClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) refuse('malformed internal token');
  const [head, body, sig] = parts as [string, string, string];
  const expected = mac(`${head}.${body}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    refuse('internal token signature invalid');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    refuse('malformed internal token');
  }
  const parsed = ZAuthClaims.safeParse(json);
  if (!parsed.success) refuse('internal token claims invalid');
  return parsed.data;
}

function checkTimes(claims: AuthClaims, now: number): AuthClaims {
  if (claims.exp - claims.iat > TOKEN_TTL_SECONDS) refuse('internal token lifetime too long');
  if (claims.iat > now + CLOCK_SKEW_SECONDS) refuse('internal token issued in the future');
  if (now > claims.exp + CLOCK_SKEW_SECONDS) refuse('internal token expired');
  return claims;
}

/** Verifies signature (constant time), shape, lifetime and expiry; throws AppError UNAUTHENTICATED. */
export function verifyInternalToken(token: string, secret: string, opts: { now?: number } = {}): AuthClaims {
  assertSecret(secret);
  return checkTimes(verifySigned(token, secret), opts.now ?? nowSeconds());
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * verifyInternalToken that remembers tokens it has verified. The gateway reuses a token for a few
 * seconds per session, so a busy service sees the same string many times: a hit skips the HMAC
 * and the claims parse (same string ⇒ same signature ⇒ same claims) but never the time checks,
 * so an expired token is still refused. The claims are shared between requests, hence frozen.
 * A full map is emptied rather than evicted piecemeal: entries are worth seconds anyway.
 */
export function createTokenVerifier(
  secret: string,
  opts: { maxEntries?: number; now?: () => number } = {},
): (token: string) => AuthClaims {
  assertSecret(secret);
  const max = opts.maxEntries ?? 1024;
  const now = opts.now ?? nowSeconds;
  const seen = new Map<string, AuthClaims>();
  return (token) => {
    const t = now();
    const known = seen.get(token);
    if (known) {
      if (t > known.exp + CLOCK_SKEW_SECONDS) seen.delete(token);
      return checkTimes(known, t);
    }
    const claims = checkTimes(verifySigned(token, secret), t);
    if (seen.size >= max) seen.clear();
    seen.set(token, deepFreeze(claims));
    return claims;
  };
}

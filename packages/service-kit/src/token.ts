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

/** Verifies signature (constant time), shape, lifetime and expiry; throws AppError UNAUTHENTICATED. */
export function verifyInternalToken(token: string, secret: string, opts: { now?: number } = {}): AuthClaims {
  assertSecret(secret);
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
  const claims = parsed.data;
  const now = opts.now ?? nowSeconds();
  if (claims.exp - claims.iat > TOKEN_TTL_SECONDS) refuse('internal token lifetime too long');
  if (claims.iat > now + CLOCK_SKEW_SECONDS) refuse('internal token issued in the future');
  if (now > claims.exp + CLOCK_SKEW_SECONDS) refuse('internal token expired');
  return claims;
}

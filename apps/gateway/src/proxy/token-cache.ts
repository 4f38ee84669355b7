import type { AuthClaims } from '@hebing/contracts';
import type { Session } from '../auth/session.store';
import { claimsFor } from './trpc.routes';

/** A token is reused this long: it still has ≥ 55 of its 60 s when a service receives it. */
export const TOKEN_REUSE_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  token: string;
  user: string; // the session user it was minted for, as JSON
  mintedAt: number;
}

/**
 * The internal token per session, reused for a few seconds instead of one HMAC per request (and
 * so that services can skip verifying a string they already verified). Safe against revocation:
 * a token is only handed out after the request's session lookup found the session active, and
 * only while the session's user (roles, jurisdiction) is exactly the one it was minted for, so
 * disabling a user or editing their roles takes effect on their next request as before. The
 * token's `requestId` claim is the minting request's; each request's own id travels in
 * `x-request-id`, which is what services log and audit with.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly sign: (claims: AuthClaims) => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token for a session the request's lookup found active. */
  tokenFor(session: Session, requestId: string): string {
    const user = JSON.stringify(session.user);
    const t = this.now();
    const hit = this.entries.get(session.key);
    if (hit && hit.user === user && t - hit.mintedAt < TOKEN_REUSE_MS) return hit.token;
    if (!hit && this.entries.size >= MAX_ENTRIES) this.sweep(t);
    const token = this.sign(claimsFor(session.user, requestId));
    this.entries.set(session.key, { token, user, mintedAt: t });
    return token;
  }

  /** Entries of ended sessions are never handed out again; they only take room until swept. */
  private sweep(t: number): void {
    for (const [key, e] of this.entries) if (t - e.mintedAt >= TOKEN_REUSE_MS) this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
  }
}

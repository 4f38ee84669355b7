import type { ClientSession, Connection } from 'mongoose';

export interface TransactionOptions {
  /** Attempts of the whole callback (transient errors) before giving up. */
  maxAttempts?: number;
  /** No new attempt starts after this long (like the driver's 120 s, shorter to fail requests sooner). */
  timeoutMs?: number;
  /** Retries of commitTransaction alone when its outcome is unknown. */
  maxCommitAttempts?: number;
  /** Base delay of the jittered exponential backoff between attempts. */
  baseDelayMs?: number;
  /** Called before each retry (logging, metrics, tests). */
  onRetry?: (info: { attempt: number; error: unknown }) => void;
}

export const TRANSIENT_TRANSACTION_ERROR = 'TransientTransactionError';
export const UNKNOWN_COMMIT_RESULT = 'UnknownTransactionCommitResult';

/** Error labels are how the server and driver say "safe to retry" (MongoDB transactions spec). */
export function hasErrorLabel(e: unknown, label: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const withFn = e as { hasErrorLabel?: unknown };
  if (typeof withFn.hasErrorLabel === 'function') {
    return Boolean((withFn.hasErrorLabel as (l: string) => boolean).call(e, label));
  }
  const labels = (e as { errorLabels?: unknown }).errorLabels;
  return Array.isArray(labels) && labels.includes(label);
}

/** Callbacks to run when the current transaction attempt of a session ends (commit or abort). */
const endHooks = new WeakMap<ClientSession, Array<() => void>>();

/**
 * Registers `fn` to run when this attempt ends. Returns false (and does nothing) for sessions not
 * driven by withTransaction, whose end we cannot observe.
 */
export function onTransactionEnd(session: ClientSession, fn: () => void): boolean {
  const hooks = endHooks.get(session);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

function runEndHooks(session: ClientSession): void {
  const hooks = endHooks.get(session) ?? [];
  endHooks.set(session, []);
  for (const h of hooks) h();
}

function backoff(attempt: number, baseMs: number): Promise<void> {
  // Full jitter: concurrent losers of a write conflict spread out instead of colliding again.
  const cap = Math.min(baseMs * 2 ** Math.min(attempt - 1, 10), 200);
  const ms = Math.random() * cap;
  return new Promise((res) => setTimeout(res, ms));
}

async function commitWithRetry(
  session: ClientSession,
  maxCommitAttempts: number,
  baseMs: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await session.commitTransaction();
      return;
    } catch (e) {
      // Commit is idempotent: an unknown outcome is resolved by committing again.
      if (hasErrorLabel(e, UNKNOWN_COMMIT_RESULT) && attempt < maxCommitAttempts) {
        await backoff(attempt, baseMs);
        continue;
      }
      throw e;
    }
  }
}

async function abortQuietly(session: ClientSession): Promise<void> {
  if (!session.inTransaction()) return;
  try {
    await session.abortTransaction();
  } catch {
    // The server aborts on its own after a failure; a failed abort changes nothing for the caller.
  }
}

/**
 * Runs `fn` in a transaction with snapshot reads and majority writes. `fn` may run more than once:
 * it must only touch the database through `session` and keep no side effects outside it
 * (events go through the outbox, which is written with the same session).
 */
export async function withTransaction<T>(
  conn: Connection,
  fn: (session: ClientSession) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  // Hot documents (the audit head) see many contenders at once; each loser needs another round.
  const maxAttempts = opts.maxAttempts ?? 100;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const maxCommitAttempts = opts.maxCommitAttempts ?? 5;
  const baseMs = opts.baseDelayMs ?? 5;
  const session = await conn.startSession();
  try {
    for (let attempt = 1; ; attempt++) {
      session.startTransaction({
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
      });
      endHooks.set(session, []);
      try {
        const result = await fn(session);
        await commitWithRetry(session, maxCommitAttempts, baseMs);
        runEndHooks(session);
        return result;
      } catch (e) {
        await abortQuietly(session);
        runEndHooks(session);
        if (hasErrorLabel(e, TRANSIENT_TRANSACTION_ERROR) && attempt < maxAttempts && Date.now() < deadline) {
          opts.onRetry?.({ attempt, error: e });
          await backoff(attempt, baseMs);
          continue;
        }
        throw e;
      }
    }
  } finally {
    runEndHooks(session);
    endHooks.delete(session);
    await session.endSession();
  }
}

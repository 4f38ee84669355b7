import type { ClientSession, Connection } from 'mongoose';
import { withTransaction } from '@hebing/db';
import { claimInbox, claimInboxMany, skipIfProcessed, type InboxEntry } from './inbox.model';

/** One delivered event: its inbox entry and the handler call that applies it. */
export interface Delivery {
  entry: InboxEntry;
  apply: (session: ClientSession) => Promise<unknown>;
}

interface Pending extends Delivery {
  resolve: (ranNow: boolean) => void;
  reject: (e: unknown) => void;
}

/** Applies one delivery in its own transaction; false when the inbox says it was applied before. */
export function applyAlone(conn: Connection, d: Delivery): Promise<boolean> {
  return skipIfProcessed(() =>
    withTransaction(conn, async (session) => {
      await claimInbox(conn, session, d.entry);
      await d.apply(session);
    }),
  );
}

/**
 * Group commit for one subscriber. A transaction costs the same few round trips whether it
 * applies one event or thirty, and with a concurrent worker several events are ready at once:
 * those that arrive while a transaction is in flight share the next one (one inbox insert for
 * all, their handlers in arrival order, one commit). An idle subscriber commits at once, so a
 * lone event waits for nothing.
 *
 * A shared transaction either commits for all or for none. When it fails (an event applied
 * before, a handler that throws, a non-transient error) each of its events is applied again in
 * its own transaction, so every job gets its own outcome and one bad event cannot hold back the
 * others. Handlers already may run more than once (transaction retries), so this adds no new
 * obligation for them.
 */
export class GroupCommit {
  private readonly waiting: Pending[] = [];
  private running = false;

  constructor(
    private readonly conn: Connection,
    private readonly maxBatch: number,
  ) {}

  /** Resolves true when the event was applied now, false when the inbox had it already. */
  apply(d: Delivery): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ ...d, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await withTransaction(this.conn, async (session) => {
          await claimInboxMany(
            this.conn,
            session,
            batch.map((p) => p.entry),
          );
          for (const p of batch) await p.apply(session);
        });
        for (const p of batch) p.resolve(true);
        return;
      } catch {
        // fall through: each event on its own decides its job's outcome
      }
    }
    await Promise.all(batch.map((p) => applyAlone(this.conn, p).then(p.resolve, p.reject)));
  }
}

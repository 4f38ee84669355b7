import type { OutboxDoc } from './outbox.model';

/** Keeps each aggregate's rows only up to its first seq gap (a row a non-snapshot read skipped). */
export function contiguous(rows: OutboxDoc[]): OutboxDoc[] {
  const kept: OutboxDoc[] = [];
  const last = new Map<string, number | null>();
  for (const row of rows) {
    const prev = last.get(row.aggregateId);
    if (prev === null) continue;
    if (prev !== undefined && row.seq !== prev + 1) {
      last.set(row.aggregateId, null);
      continue;
    }
    last.set(row.aggregateId, row.seq);
    kept.push(row);
  }
  return kept;
}

/**
 * The last seq this relay sent per aggregate (bounded). A committed row may skip the outbox
 * read only when it is its aggregate's first event or directly follows one this relay sent:
 * otherwise an earlier event (another process's, or one still unread) could be overtaken.
 */
export class SentLog {
  private readonly last = new Map<string, number>();
  constructor(private readonly max = 20_000) {}

  /** The rows that may go now, in seq order; the rest wait for the outbox read. */
  sendable(rows: OutboxDoc[]): OutboxDoc[] {
    const sorted = [...rows].sort((a, b) =>
      a.aggregateId === b.aggregateId ? a.seq - b.seq : a.aggregateId < b.aggregateId ? -1 : 1,
    );
    const next = new Map<string, number>();
    const ok: OutboxDoc[] = [];
    for (const row of sorted) {
      const prev = next.get(row.aggregateId) ?? this.last.get(row.aggregateId) ?? 0;
      if (row.seq !== prev + 1) continue;
      next.set(row.aggregateId, row.seq);
      ok.push(row);
    }
    return ok;
  }

  record(rows: OutboxDoc[]): void {
    for (const row of rows) {
      if ((this.last.get(row.aggregateId) ?? 0) >= row.seq) continue;
      this.last.delete(row.aggregateId); // re-insert: Map order doubles as recency
      this.last.set(row.aggregateId, row.seq);
    }
    for (const key of this.last.keys()) {
      if (this.last.size <= this.max) break;
      this.last.delete(key);
    }
  }
}

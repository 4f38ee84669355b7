/** Small helpers for the bus benchmark: percentiles and a fixed-width table. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

export function summarize(latencies: number[]): { p50: number; p99: number; n: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')).join('\n');
}

export const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Runs fn at `ratePerSec` for `seconds` (open loop: a slow fn does not slow the arrivals). */
export async function openLoop(
  ratePerSec: number,
  seconds: number,
  fn: (i: number) => Promise<unknown>,
): Promise<void> {
  const total = Math.round(ratePerSec * seconds);
  const start = Date.now();
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / ratePerSec;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    inflight.push(fn(i));
  }
  await Promise.all(inflight);
}

/** Runs fn with `concurrency` callers until `seconds` have passed; returns how many calls ran. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) await fn(next++);
    }),
  );
  return next;
}

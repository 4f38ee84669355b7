import { Redis } from 'ioredis';

/** Polls until check() is truthy; fails with the label and the last value seen. */
export async function waitFor<T>(
  label: string,
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch {
      // retried until the deadline (e.g. while Redis restarts)
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)})`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

export const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Deletes every key under a test's BullMQ prefix. */
export async function cleanupPrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

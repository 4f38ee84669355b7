import type { BusCore } from './core';
import type { OutboxDoc } from './outbox.model';

/** What a subscriber's job carries: the event envelope around the validated payload. */
export interface RelayedEvent {
  eventId: string;
  event: string;
  aggregateId: string;
  seq: number;
  payload: unknown;
  publishedAt: string;
}

export type RelayStage = 'read' | 'added';

export interface RelayOptions {
  /** Poll period when nothing nudges the relay (another process published). Default 200 ms. */
  pollMs?: number;
  batchSize?: number;
  /** Dispatched rows are deleted after this long. Default 24 h. */
  retainMs?: number;
  /** Crash tests only: runs after reading a batch and after adding it to Redis, before marking. */
  onStage?: (stage: RelayStage, eventIds: string[]) => void | Promise<void>;
  onError?: (e: unknown) => void;
}

export interface Relay {
  nudge(): void;
  stop(): Promise<void>;
}

/** Keeps each aggregate's rows only up to its first seq gap (a row a non-snapshot read skipped). */
function contiguous(rows: OutboxDoc[]): OutboxDoc[] {
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

async function subscriberQueues(core: BusCore, events: string[]): Promise<Map<string, string[]>> {
  const pipe = core.producer.pipeline();
  for (const e of events) pipe.smembers(core.subscribersKey(e));
  const results = (await pipe.exec()) ?? [];
  const byEvent = new Map<string, string[]>();
  events.forEach((e, i) => {
    const [err, members] = results[i] ?? [new Error('no reply'), null];
    if (err) throw err;
    byEvent.set(e, Array.isArray(members) ? members.map(String) : []);
  });
  return byEvent;
}

/**
 * One relay step: read undispatched rows, add them to every subscriber queue, mark them. Reads
 * start after `after` (the last aggregate of the previous batch) so a steady stream of events
 * for low aggregate ids cannot starve the others; an aggregate cut by the limit continues on the
 * next lap, still in seq order. Returns the number of rows read and the last aggregate id.
 */
async function relayBatch(
  core: BusCore,
  opts: Required<Pick<RelayOptions, 'batchSize'>> & RelayOptions,
  after: string | null,
): Promise<{ read: number; last: string | null }> {
  const Outbox = (await core.mongo()).collection<OutboxDoc>('outbox');
  const read = await Outbox.find(
    after === null ? { dispatchedAt: null } : { dispatchedAt: null, aggregateId: { $gt: after } },
    { sort: { aggregateId: 1, seq: 1 }, limit: opts.batchSize, batchSize: opts.batchSize },
  ).toArray();
  if (read.length === 0) return { read: 0, last: null };
  const rows = contiguous(read);
  const ids = rows.map((r) => r._id);
  await opts.onStage?.('read', ids);
  const queuesByEvent = await subscriberQueues(core, [...new Set(rows.map((r) => r.event))]);
  const perQueue = new Map<
    string,
    { name: string; data: RelayedEvent; opts: ReturnType<BusCore['jobOptions']> }[]
  >();
  for (const row of rows) {
    const data: RelayedEvent = {
      eventId: row._id,
      event: row.event,
      aggregateId: row.aggregateId,
      seq: row.seq,
      payload: row.payload,
      publishedAt: row.createdAt.toISOString(),
    };
    for (const q of queuesByEvent.get(row.event) ?? []) {
      const list = perQueue.get(q) ?? [];
      list.push({ name: row.event, data, opts: core.jobOptions({ jobId: row._id }) });
      perQueue.set(q, list);
    }
  }
  // addBulk keeps the list order inside a queue, so each aggregate stays in seq order
  await Promise.all([...perQueue].map(([q, jobs]) => core.queue(q).addBulk(jobs)));
  await opts.onStage?.('added', ids);
  await Outbox.updateMany({ _id: { $in: ids } }, { $set: { dispatchedAt: new Date() } });
  return { read: read.length, last: read.at(-1)?.aggregateId ?? null };
}

async function prune(core: BusCore, retainMs: number): Promise<void> {
  const conn = await core.mongo();
  await conn
    .collection<OutboxDoc>('outbox')
    .deleteMany({ dispatchedAt: { $lt: new Date(Date.now() - retainMs) } });
}

/** A sleep that a nudge (a local commit) or stop() cuts short. */
function createWaker() {
  let wake: (() => void) | null = null;
  let dirty = false;
  return {
    nudge() {
      dirty = true;
      wake?.();
    },
    /** Clears the "something was published" flag before a read. */
    take() {
      dirty = false;
    },
    idle(ms: number) {
      return new Promise<void>((res) => {
        if (dirty) return res();
        const t = setTimeout(() => {
          wake = null;
          res();
        }, ms);
        wake = () => {
          clearTimeout(t);
          wake = null;
          res();
        };
      });
    },
  };
}

export function startRelay(core: BusCore, options: RelayOptions = {}): Relay {
  const opts = { pollMs: 200, batchSize: 500, retainMs: 24 * 3600_000, ...options };
  const onError = opts.onError ?? ((e: unknown) => console.warn('[bus relay]', e));
  const waker = createWaker();
  let stopped = false;
  const loop = async () => {
    let failures = 0;
    let lastPrune = 0;
    let after: string | null = null;
    while (!stopped) {
      waker.take();
      try {
        const fromStart = after === null;
        const step = await relayBatch(core, opts, after);
        failures = 0;
        // a full batch: continue after its last aggregate; a short one: next lap from the start
        after = step.read === opts.batchSize ? step.last : null;
        if (Date.now() - lastPrune > 60_000) {
          lastPrune = Date.now();
          await prune(core, opts.retainMs);
        }
        // a short read from the start means everything committed so far was sent: wait for more
        if (fromStart && step.read < opts.batchSize) await waker.idle(opts.pollMs);
      } catch (e) {
        // Redis or Mongo unavailable: rows stay undispatched and are retried
        failures++;
        after = null;
        onError(e);
        await waker.idle(Math.min(100 * 2 ** failures, 2000));
      }
    }
  };
  const running = loop();
  return {
    nudge: waker.nudge,
    async stop() {
      stopped = true;
      waker.nudge();
      await running;
    },
  };
}

import type { BusCore } from './core';
import type { OutboxDoc } from './outbox.model';
import { Marker, mark } from './relay-marker';
import { SentLog, contiguous } from './relay-order';

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
  /** How often the outbox is read for rows the fast path did not send. Default 200 ms. */
  pollMs?: number;
  batchSize?: number;
  /** Dispatched rows are deleted after this long. Default 24 h. */
  retainMs?: number;
  /** Crash tests only: runs after reading a batch and after adding it to Redis, before marking. */
  onStage?: (stage: RelayStage, eventIds: string[]) => void | Promise<void>;
  onError?: (e: unknown) => void;
}

export interface Relay {
  /** Called with the rows of a local transaction right after it commits (fast path). */
  nudge(rows?: OutboxDoc[]): void;
  stop(): Promise<void>;
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

type RelayOpts = Required<Pick<RelayOptions, 'batchSize' | 'pollMs' | 'retainMs'>> & RelayOptions;

/**
 * Adds rows to every subscriber queue (jobId = eventId); marking them is the caller's next step.
 * A delivered event's job is removed at once: the subscriber's inbox is the record of what it
 * applied (and what makes a re-sent copy a no-op), so keeping finished jobs in Redis as well
 * would only cost memory and Redis work on every completion. Failed ones stay for the
 * dead-letter queue.
 */
async function send(core: BusCore, opts: RelayOpts, rows: OutboxDoc[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r._id);
  await opts.onStage?.('read', ids);
  const queuesByEvent = await subscriberQueues(core, [...new Set(rows.map((r) => r.event))]);
  const perQueue = new Map<string, Parameters<ReturnType<BusCore['queue']>['addBulk']>[0]>();
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
      list.push({ name: row.event, data, opts: core.jobOptions({ jobId: row._id, removeOnComplete: true }) });
      perQueue.set(q, list);
    }
  }
  // addBulk keeps the list order inside a queue, so each aggregate stays in seq order
  await Promise.all([...perQueue].map(([q, jobs]) => core.queue(q).addBulk(jobs)));
  await opts.onStage?.('added', ids);
}

/**
 * Reads undispatched rows sorted by (aggregateId, seq), starting after `after` (the last
 * aggregate of the previous full batch) so a steady stream for low aggregate ids cannot starve
 * the others; an aggregate cut by the limit continues on the next lap, still in seq order.
 */
async function readBatch(core: BusCore, opts: RelayOpts, after: string | null) {
  const conn = await core.mongo();
  const read = await conn
    .collection<OutboxDoc>('outbox')
    .find(after === null ? { dispatchedAt: null } : { dispatchedAt: null, aggregateId: { $gt: after } }, {
      sort: { aggregateId: 1, seq: 1 },
      limit: opts.batchSize,
      batchSize: opts.batchSize,
    })
    .toArray();
  return { rows: contiguous(read), read: read.length, last: read.at(-1)?.aggregateId ?? null };
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
    take() {
      dirty = false;
    },
    idle(ms: number) {
      return new Promise<void>((res) => {
        if (dirty || ms <= 0) return res();
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
  const opts: RelayOpts = { pollMs: 200, batchSize: 500, retainMs: 24 * 3600_000, ...options };
  const onError = opts.onError ?? ((e: unknown) => console.warn('[bus relay]', e));
  const waker = createWaker();
  const sent = new SentLog();
  const marker = new Marker(core, onError);
  const committed: OutboxDoc[] = [];
  let stopped = false;
  let nextRead = 0;
  let after: string | null = null;
  let lastPrune = 0;

  const step = async () => {
    const fast = sent.sendable(committed.splice(0));
    await send(core, opts, fast);
    sent.record(fast);
    marker.add(fast.map((r) => r._id));
    if (Date.now() < nextRead) return;
    const fromStart = after === null;
    const batch = await readBatch(core, opts, after);
    // rows the fast path already sent are only waiting for their mark
    const rows = batch.rows.filter((r) => !marker.inFlight.has(r._id));
    await send(core, opts, rows);
    sent.record(rows);
    await mark(
      core,
      rows.map((r) => r._id),
    );
    after = batch.read === opts.batchSize ? batch.last : null;
    // Read again at once only while the reads find rows to send. A short read from the start
    // means everything committed so far was sent; a read that found only rows the fast path sent
    // (waiting for their mark) means the fast path keeps up: re-reading them would only load Mongo.
    const more = batch.read === opts.batchSize && rows.length > 0;
    nextRead = (fromStart && batch.read < opts.batchSize) || !more ? Date.now() + opts.pollMs : 0;
    if (Date.now() - lastPrune > 60_000) {
      lastPrune = Date.now();
      await prune(core, opts.retainMs);
    }
  };
  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      waker.take();
      try {
        await step();
        failures = 0;
        await waker.idle(nextRead - Date.now());
      } catch (e) {
        // Redis or Mongo unavailable: the rows stay undispatched in the outbox and are read again
        failures++;
        after = null;
        nextRead = 0;
        onError(e);
        await waker.idle(Math.min(100 * 2 ** failures, 2000));
      }
    }
  };
  const running = loop();
  return {
    nudge(rows) {
      if (rows) committed.push(...rows);
      waker.nudge();
    },
    async stop() {
      stopped = true;
      waker.nudge();
      await running;
      await marker.drain();
    },
  };
}

import type { BusCore } from './core';
import type { OutboxDoc } from './outbox.model';

export async function mark(core: BusCore, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const conn = await core.mongo();
  await conn
    .collection<OutboxDoc>('outbox')
    .updateMany({ _id: { $in: ids } }, { $set: { dispatchedAt: new Date() } });
}

/**
 * Marks fast-path rows in the background, one updateMany at a time, so the next commit's events
 * need not wait for it. A row whose mark fails or is cut by a crash is read and re-sent later
 * (a no-op thanks to its jobId); `inFlight` keeps the outbox read from re-sending it meanwhile.
 */
export class Marker {
  readonly inFlight = new Set<string>();
  private readonly waiting: string[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly core: BusCore,
    private readonly onError: (e: unknown) => void,
  ) {}

  add(ids: string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) this.inFlight.add(id);
    this.waiting.push(...ids);
    this.running ??= this.run();
  }

  async drain(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    while (this.waiting.length) {
      const ids = this.waiting.splice(0);
      try {
        await mark(this.core, ids);
      } catch (e) {
        this.onError(e);
      } finally {
        for (const id of ids) this.inFlight.delete(id);
      }
    }
    this.running = null;
  }
}

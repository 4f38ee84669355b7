import type { EngineImage, Journal, JournalOp } from '../persistence/journal-types';

/** A Journal kept in memory, for tests of the engine's durability hooks. */
export class MemoryJournal implements Journal {
  readonly batches: JournalOp[][] = [];
  image: EngineImage | null = null;
  bytesSinceSnapshot = 0;
  closed = false;

  async recover(): Promise<{ image: EngineImage | null; batches: JournalOp[][] }> {
    return { image: this.image, batches: [...this.batches] };
  }

  async append(batch: JournalOp[]): Promise<void> {
    this.batches.push([...batch]);
    this.bytesSinceSnapshot += JSON.stringify(batch).length;
  }

  async compact(image: EngineImage): Promise<void> {
    this.image = image;
    this.batches.length = 0;
    this.bytesSinceSnapshot = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

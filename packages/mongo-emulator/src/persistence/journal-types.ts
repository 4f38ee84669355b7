import type { Document } from 'bson';

/**
 * The contract between the storage engine and the on-disk journal. The engine hands the journal
 * one batch per committed unit of work (a single write command outside a transaction, or a whole
 * transaction at commit) and acknowledges the client only after `append` resolves, i.e. after
 * the batch is fsynced. Documents are full post-images, so replay is a plain re-apply.
 */
export type JournalOp =
  | { op: 'createCollection'; db: string; coll: string; options: Document }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'renameCollection'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Document } // spec as in listIndexes
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'put'; db: string; coll: string; doc: Document } // insert or replace by doc._id
  | { op: 'delete'; db: string; coll: string; id: unknown };

/** A full image of the databases, written as a snapshot so the journal can be compacted. */
export interface EngineImage {
  databases: Array<{
    name: string;
    collections: Array<{ name: string; options: Document; indexes: Document[]; docs: Document[] }>;
  }>;
}

export interface Journal {
  /** Loads the latest snapshot and replays the journal after it; call once before serving. */
  recover(): Promise<{ image: EngineImage | null; batches: JournalOp[][] }>;
  /** Durably appends one atomic batch (group commit allowed); resolves after fsync. */
  append(batch: JournalOp[]): Promise<void>;
  /** Writes a snapshot of the image and truncates the journal up to it. */
  compact(image: EngineImage): Promise<void>;
  /** Bytes appended since the last snapshot: the engine compacts past a threshold. */
  readonly bytesSinceSnapshot: number;
  close(): Promise<void>;
}

import type { JournalOp } from '../persistence/journal-types';
import type { Catalog } from './catalog';
import type { Doc } from './paths';

export type TxnState = 'inProgress' | 'committed' | 'aborted';

/** A document a transaction wrote, and the version its snapshot saw (for conflict checks). */
export interface WrittenDoc {
  db: string;
  coll: string;
  id: unknown;
  base: Doc | undefined;
}

/**
 * A multi-document transaction: a private copy-on-write clone of the catalog taken at its first
 * statement (its snapshot), the journal ops it will commit, and the documents it has locked.
 */
export class Transaction {
  readonly catalog: Catalog;
  readonly ops: JournalOp[] = [];
  readonly written = new Map<string, WrittenDoc>();
  readonly startedAt = Date.now();
  state: TxnState = 'inProgress';
  abortReason: string | undefined;
  /** Resolves when the transaction commits or aborts (plain writes to its documents wait on it). */
  readonly ended: Promise<void>;
  private resolveEnded: () => void = () => {};

  constructor(
    readonly lsidKey: string,
    readonly txnNumber: number,
    live: Catalog,
  ) {
    this.catalog = live.clone();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  markEnded(): void {
    this.resolveEnded();
  }
}

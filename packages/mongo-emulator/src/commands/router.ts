import { Long, type Document } from 'bson';
import { MongoServerError, TRANSIENT, toServerError } from '../errors';
import { lsidKeyOf, type SessionState } from '../engine/sessions';
import { LiveStore, TxnStore } from '../engine/store';
import { Transaction } from '../engine/transaction';
import type { Doc } from '../engine/paths';
import type { Ctx, Handler } from './context';
import { adminCommands } from './admin';
import { aggregateCommands } from './aggregate';
import { crudCommands } from './crud';
import { findCommands } from './find';
import { findAndModifyCommands } from './find-modify';
import { helloCommands } from './hello';
import { indexCommands } from './indexes';
import { sessionCommands } from './session-commands';

const handlers = new Map<string, Handler>(
  Object.entries({
    ...helloCommands,
    ...adminCommands,
    ...crudCommands,
    ...findCommands,
    ...findAndModifyCommands,
    ...aggregateCommands,
    ...indexCommands,
    ...sessionCommands,
  }),
);

const RETRYABLE = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

export type BaseCtx = Omit<Ctx, 'db' | 'store' | 'lsidKey'>;

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  return undefined;
}

function noSuchTxn(n: number, why = 'has been aborted'): MongoServerError {
  return new MongoServerError('NoSuchTransaction', `Transaction with { txnNumber: ${n} } ${why}.`, {}, [
    TRANSIENT,
  ]);
}

/** The command's first field, without building the array of every key (this runs per command). */
function commandName(cmd: Doc): string {
  for (const key in cmd) return key;
  return '';
}

/** Runs one command document and returns the reply document (never throws). */
export async function runCommand(cmd: Doc, base: BaseCtx): Promise<Document> {
  const name = commandName(cmd);
  try {
    const fatal = base.engine.fatal;
    if (fatal)
      throw new MongoServerError(
        'InternalError',
        `hebing-mongo stopped serving after a journal write failed (${fatal.message}); restart it`,
      );
    const handler = handlers.get(name);
    if (!handler) throw new MongoServerError('CommandNotFound', `no such command: '${name}'`);
    const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
    const lsidKey = lsidKeyOf(cmd.lsid);
    const session = lsidKey ? base.sessions.touch(lsidKey) : undefined;
    const txnNumber = num(cmd.txnNumber);
    if (cmd.autocommit === false) {
      if (!session || txnNumber === undefined)
        throw new MongoServerError('InvalidOptions', 'autocommit:false requires lsid and txnNumber');
      return await inTransaction(
        name,
        cmd,
        handler,
        { ...base, db, lsidKey, store: new LiveStore(base.engine) },
        session,
        txnNumber,
      );
    }
    const ctx: Ctx = { ...base, db, lsidKey, store: new LiveStore(base.engine) };
    if (session && txnNumber !== undefined && RETRYABLE.has(name))
      return await retryable(cmd, handler, ctx, session, txnNumber);
    return await plain(cmd, handler, ctx);
  } catch (err) {
    return toServerError(err).toReply();
  }
}

async function plain(cmd: Doc, handler: Handler, ctx: Ctx): Promise<Document> {
  const store = ctx.store as LiveStore;
  try {
    return await handler(cmd, ctx);
  } finally {
    // Whatever was applied is journaled before the reply (or the error) goes out.
    const durable = store.durable();
    if (durable) await durable;
  }
}

async function retryable(
  cmd: Doc,
  handler: Handler,
  ctx: Ctx,
  session: SessionState,
  n: number,
): Promise<Document> {
  const previous = session.replies.get(n);
  if (previous) return previous;
  if (n < session.txnNumber) {
    throw new MongoServerError(
      'TransactionTooOld',
      `Retryable write with txnNumber ${n} is prohibited on session because a newer retryable write with txnNumber ${session.txnNumber} has already started on this session.`,
    );
  }
  session.txnNumber = n;
  const reply = plain(cmd, handler, ctx);
  session.remember(n, reply);
  try {
    return await reply;
  } catch (err) {
    session.replies.delete(n);
    throw err;
  }
}

async function inTransaction(
  name: string,
  cmd: Doc,
  handler: Handler,
  ctx: Ctx,
  session: SessionState,
  n: number,
): Promise<Document> {
  if (name === 'commitTransaction') return commit(ctx, session, n);
  if (name === 'abortTransaction') return abort(ctx, session, n);
  if (cmd.startTransaction === true) {
    if (n < session.txnNumber)
      throw new MongoServerError(
        'TransactionTooOld',
        `txnNumber ${n} is less than last txnNumber ${session.txnNumber} seen in this session`,
      );
    if (session.txn) ctx.engine.abort(session.txn, 'a newer transaction started');
    session.txnNumber = n;
    session.txn = new Transaction(ctx.lsidKey ?? '', n, ctx.engine.catalog);
  }
  const txn = session.txn;
  if (!txn || session.txnNumber !== n) throw noSuchTxn(n, 'does not match any in-progress transactions');
  if (txn.state !== 'inProgress')
    throw noSuchTxn(
      n,
      txn.state === 'committed'
        ? 'has been committed'
        : `has been aborted${txn.abortReason ? ` (${txn.abortReason})` : ''}`,
    );
  const store = new TxnStore(ctx.engine, txn);
  try {
    const reply = await handler(cmd, { ...ctx, store });
    store.drainInto();
    if (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0)
      ctx.engine.abort(txn, 'a write failed');
    return reply;
  } catch (err) {
    ctx.engine.abort(txn, 'a statement failed');
    throw err;
  }
}

async function commit(ctx: Ctx, session: SessionState, n: number): Promise<Document> {
  const txn = session.txn;
  if (!txn || session.txnNumber !== n) throw noSuchTxn(n, 'does not match any in-progress transactions');
  if (txn.state === 'committed') return { ok: 1 };
  if (txn.state === 'aborted')
    throw noSuchTxn(n, `has been aborted${txn.abortReason ? ` (${txn.abortReason})` : ''}`);
  await ctx.engine.commit(txn);
  return { ok: 1 };
}

async function abort(ctx: Ctx, session: SessionState, n: number): Promise<Document> {
  const txn = session.txn;
  if (!txn || session.txnNumber !== n) throw noSuchTxn(n, 'does not match any in-progress transactions');
  if (txn.state === 'committed')
    throw new MongoServerError('IllegalOperation', `Cannot abort transaction ${n}: it has been committed`);
  if (txn.state === 'aborted') throw noSuchTxn(n);
  ctx.engine.abort(txn, 'aborted by the client');
  return { ok: 1 };
}

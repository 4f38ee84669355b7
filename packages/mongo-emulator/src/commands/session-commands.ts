import { MongoServerError } from '../errors';
import { lsidKeyOf } from '../engine/sessions';
import type { Handler } from './context';

const outsideTxn: Handler = async (cmd) => {
  const name = Object.keys(cmd)[0] ?? '';
  throw new MongoServerError(
    'InvalidOptions',
    `${name} must be run with autocommit: false, lsid and txnNumber`,
  );
};

const endSessions: Handler = async (cmd, ctx) => {
  const list = Array.isArray(cmd.endSessions) ? cmd.endSessions : [];
  for (const lsid of list) {
    const key = lsidKeyOf(lsid) ?? lsidKeyOf({ id: (lsid as { id?: unknown }).id });
    if (key) ctx.sessions.end(key);
  }
  return { ok: 1 };
};

export const sessionCommands: Record<string, Handler> = {
  commitTransaction: outsideTxn,
  abortTransaction: outsideTxn,
  endSessions,
  killSessions: endSessions,
  refreshSessions: async () => ({ ok: 1 }),
  startSession: async () => {
    throw new MongoServerError(
      'NotImplemented',
      'startSession is not needed: drivers create lsids themselves',
    );
  },
};

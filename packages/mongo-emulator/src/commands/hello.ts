import { Long, type Document } from 'bson';
import { MongoServerError } from '../errors';
import { SESSION_TIMEOUT_MINUTES } from '../engine/sessions';
import type { Ctx, Handler } from './context';

export const MAX_WIRE_VERSION = 21; // MongoDB 7.0
const VERSION = '7.0.0';

/** The hello reply: a writable replica-set primary (the driver then allows sessions and retries). */
export function helloReply(ctx: Pick<Ctx, 'server' | 'connectionId'>, legacy: boolean): Document {
  const { server } = ctx;
  const me = `${server.host}:${server.port}`;
  return {
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    ...(legacy ? {} : { ismaster: true }),
    helloOk: true,
    setName: server.replSetName,
    setVersion: 1,
    hosts: [me],
    primary: me,
    me,
    secondary: false,
    electionId: server.electionId,
    lastWrite: { lastWriteDate: new Date(), opTime: { ts: Long.fromNumber(0), t: 1 } },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const hello: Handler = async (_cmd, ctx) => helloReply(ctx, false);
const isMaster: Handler = async (_cmd, ctx) => helloReply(ctx, true);

const buildInfo: Handler = async () => ({
  version: VERSION,
  gitVersion: 'hebing-mongo',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['hebing-memory'],
  modules: [],
  ok: 1,
});

const serverStatus: Handler = async (_cmd, ctx) => ({
  host: `${ctx.server.host}:${ctx.server.port}`,
  version: VERSION,
  process: 'hebing-mongo',
  pid: Long.fromNumber(process.pid),
  uptime: (Date.now() - ctx.server.startedAt.getTime()) / 1000,
  localTime: new Date(),
  connections: { current: ctx.server.connections(), available: 10_000 },
  metrics: { cursor: { open: { total: ctx.cursors.size } } },
  transactions: { currentActive: ctx.sessions.activeTransactions() },
  logicalSessionRecordCache: { activeSessionsCount: ctx.sessions.size },
  mem: { resident: Math.round(process.memoryUsage().rss / 1048576), bits: 64 },
  storageEngine: {
    name: 'hebing-memory',
    supportsCommittedReads: true,
    persistent: ctx.engine.journal !== undefined,
  },
  ok: 1,
});

const PARAMS = ['transactionLifetimeLimitSeconds', 'cursorTimeoutMillis'] as const;
type ParamName = (typeof PARAMS)[number];
const isParam = (k: string): k is ParamName => (PARAMS as readonly string[]).includes(k);
const META = new Set([
  'getParameter',
  'setParameter',
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'comment',
  'apiVersion',
]);

const getParameter: Handler = async (cmd, ctx) => {
  const reply: Document = {};
  const all = cmd.getParameter === '*';
  for (const k of all
    ? [...PARAMS, 'featureCompatibilityVersion']
    : Object.keys(cmd).filter((f) => !META.has(f))) {
    if (k === 'featureCompatibilityVersion') reply[k] = { version: '7.0' };
    else if (isParam(k)) reply[k] = ctx.engine.params[k];
    else
      throw new MongoServerError(
        'InvalidOptions',
        `no option found to get: ${k} (hebing-mongo knows ${PARAMS.join(', ')})`,
      );
  }
  return { ...reply, ok: 1 };
};

const setParameter: Handler = async (cmd, ctx) => {
  const reply: Document = {};
  for (const k of Object.keys(cmd).filter((f) => !META.has(f))) {
    const v = cmd[k];
    if (!isParam(k))
      throw new MongoServerError(
        'InvalidOptions',
        `attempted to set unrecognized parameter [${k}] (hebing-mongo knows ${PARAMS.join(', ')})`,
      );
    if (typeof v !== 'number' || !(v > 0))
      throw new MongoServerError('BadValue', `${k} must be a positive number`);
    reply.was = ctx.engine.params[k];
    ctx.engine.params[k] = v;
  }
  return { ...reply, ok: 1 };
};

const noAuth: Handler = async () => {
  throw new MongoServerError('MechanismUnavailable', 'authentication is not supported by hebing-mongo');
};

export const helloCommands: Record<string, Handler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  buildInfo,
  buildinfo: buildInfo,
  serverStatus,
  ping: async () => ({ ok: 1 }),
  whatsmyuri: async () => ({ you: '127.0.0.1:0', ok: 1 }),
  getParameter,
  setParameter,
  hostInfo: async () => ({
    system: { hostname: 'localhost', numCores: 2 },
    os: { type: process.platform },
    ok: 1,
  }),
  connectionStatus: async () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: async () => ({ argv: ['hebing-mongo'], parsed: {}, ok: 1 }),
  saslStart: noAuth,
  saslContinue: noAuth,
  authenticate: noAuth,
  getnonce: noAuth,
};

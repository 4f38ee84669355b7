import { createServer, type Socket } from 'node:net';
import { ObjectId } from 'bson';
import type { BaseCtx } from './commands/router';
import type { ServerInfo } from './commands/context';
import { Connection } from './connection';
import { Catalog } from './engine/catalog';
import { CursorStore } from './engine/cursor-store';
import { Engine } from './engine/engine';
import { Sessions } from './engine/sessions';
import { sweepTtl } from './engine/ttl';
import type { Journal } from './persistence/journal-types';

export interface MongoEmulatorOptions {
  host?: string;
  port?: number;
  /** When set, committed writes are journaled here (fsync before acknowledging) and replayed on start. */
  dataDir?: string;
  replSetName?: string;
  /** A journal to use instead of the file journal in `dataDir` (tests of the durability hook). */
  journal?: Journal;
  /** Where connection-level problems are reported; defaults to stderr. */
  log?: (msg: string) => void;
  /** How often TTL indexes, idle cursors and expired transactions are swept (ms). */
  sweepIntervalMs?: number;
  cursorTimeoutMs?: number;
}

export interface MongoEmulator {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

async function openJournal(engine: Engine, opts: MongoEmulatorOptions): Promise<Journal | undefined> {
  let journal = opts.journal;
  if (!journal && opts.dataDir) {
    const { openFileJournal } = await import('./persistence/file-journal');
    journal = await openFileJournal(opts.dataDir);
  }
  if (!journal) return undefined;
  const { image, batches } = await journal.recover();
  engine.catalog = image ? Catalog.fromImage(image) : new Catalog();
  for (const batch of batches) for (const op of batch) engine.catalog.apply(op);
  engine.journal = journal;
  return journal;
}

export async function startMongoEmulator(opts: MongoEmulatorOptions = {}): Promise<MongoEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((msg: string) => console.error(`[hebing-mongo] ${msg}`));
  const engine = new Engine();
  const journal = await openJournal(engine, opts);
  if (opts.cursorTimeoutMs !== undefined) engine.params.cursorTimeoutMillis = opts.cursorTimeoutMs;
  const cursors = new CursorStore(() => engine.params.cursorTimeoutMillis);
  const sessions = new Sessions(engine, cursors);
  const sockets = new Set<Socket>();
  const info: ServerInfo = {
    host,
    port: 0,
    replSetName: opts.replSetName ?? 'rs0',
    startedAt: new Date(),
    electionId: new ObjectId('7fffffff0000000000000001'),
    connections: () => sockets.size,
  };
  let connectionId = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const base: BaseCtx = { engine, cursors, sessions, server: info, connectionId: ++connectionId };
    new Connection(socket, base, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  info.port = typeof address === 'object' && address ? address.port : 0;

  let sweeping = false;
  const timer = setInterval(() => {
    sessions.sweep();
    cursors.sweep();
    if (sweeping) return;
    sweeping = true;
    sweepTtl(engine)
      .catch((err: unknown) => log(`TTL sweep failed: ${String(err)}`))
      .finally(() => (sweeping = false));
  }, opts.sweepIntervalMs ?? 1000);
  timer.unref();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      if (journal) {
        await engine.compact();
        await journal.close();
      }
    })());

  return { uri: `mongodb://${host}:${info.port}/?directConnection=true`, port: info.port, stop };
}

import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceApp } from './app';
import type { Logger } from './logger';

export interface RunServiceOptions {
  app: ServiceApp;
  /** Serves requests instead of `app` (and `app.listener`) when given: a fast path that falls back to app. */
  handler?: RequestListener;
  port: number;
  host?: string;
  /** Close workers, then the db and Redis; runs after in-flight requests have finished. */
  onShutdown?: () => Promise<void>;
  /** In-flight requests get this long before their connections are cut. */
  drainTimeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Defaults to process.exit; tests pass their own. */
  exit?: (code: number) => void;
  log?: Logger;
}

export interface RunningService {
  server: Server;
  port: number;
  /** The same sequence a signal triggers, without exiting the process. */
  shutdown(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets between requests would hold close() open; drop them as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Listens, and on SIGTERM/SIGINT: stop accepting, finish in-flight requests, onShutdown, exit 0. */
export async function runService(opts: RunServiceOptions): Promise<RunningService> {
  const log = opts.log ?? opts.app.log;
  const server = createServer(opts.handler ?? opts.app.listener ?? opts.app);
  await listen(server, opts.port, opts.host ?? '0.0.0.0');
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'listening');

  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stopping ??= (async () => {
      opts.app.draining = true;
      log.info('shutting down: draining requests');
      await drain(server, opts.drainTimeoutMs ?? 10_000);
      await opts.onShutdown?.();
      log.info('shutdown complete');
    })();
    return stopping;
  };

  const exit = opts.exit ?? ((code: number) => process.exit(code));
  for (const signal of opts.signals ?? ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      shutdown().then(
        () => exit(0),
        (e: unknown) => {
          log.error({ err: e }, 'shutdown failed');
          exit(1);
        },
      );
    });
  }
  return { server, port, shutdown };
}

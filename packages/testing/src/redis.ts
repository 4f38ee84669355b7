import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kills and restarts the server on the same port (for resilience tests). */
  restart(opts?: { downMs?: number }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections are expected while the server starts; connect() reports them.
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not start: ${String(e)}`, { cause: e });
      await new Promise((res) => setTimeout(res, 50));
    } finally {
      r.disconnect();
    }
  }
}

/*
 * Without persistence by default (fast; restart() then empties Redis). `durable` runs it as
 * production does (infra/: AOF), with `appendfsync always` so even a SIGKILL loses nothing:
 * "every job survives a Redis restart" only holds there.
 */
function spawnRedis(port: number, dir: string | null): ChildProcess {
  const persistence = dir
    ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...persistence,
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  child.on('error', (e) => {
    throw new Error(`cannot start redis-server (apt-get install -y redis-server): ${e.message}`);
  });
  return child;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export interface TestRedisOptions {
  /** AOF with fsync on every write, so restart() keeps the data (see spawnRedis). */
  durable?: boolean;
}

/** A real Redis: REDIS_URL when set (not for `durable`), else a private redis-server on a free port. */
export async function startTestRedis(opts: TestRedisOptions = {}): Promise<TestRedis> {
  // eslint-disable-next-line no-restricted-syntax -- the test harness is an env module
  const external = process.env.REDIS_URL;
  if (external && !opts.durable) {
    return {
      url: external,
      port: Number(new URL(external).port || 6379),
      stop: async () => {},
      restart: async () => {
        throw new Error('cannot restart an external REDIS_URL');
      },
    };
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = opts.durable ? mkdtempSync(join(tmpdir(), 'hebing-test-redis-')) : null;
  let child = spawnRedis(port, dir);
  await waitForRedis(url);
  return {
    url,
    port,
    stop: async () => {
      await stopChild(child);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    restart: async (restartOpts) => {
      await stopChild(child, 'SIGKILL');
      if (restartOpts?.downMs) await new Promise((res) => setTimeout(res, restartOpts.downMs));
      child = spawnRedis(port, dir);
      await waitForRedis(url);
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '@hebing/testing';

/*
 * @hebing/testing's redis-server runs without persistence, so its restart() empties Redis. Production
 * Redis runs with AOF (infra/), and "all jobs complete after a restart" only holds there; this
 * helper starts the same redis-server with `appendfsync always` so a SIGKILL loses nothing.
 */
export interface DurableRedis {
  url: string;
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

async function waitUp(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined); // refused while the server starts; connect() rejects too
    try {
      await r.connect();
      // loading the AOF answers LOADING errors until done
      await r.ping();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`redis ${url} did not come up: ${String(e)}`, { cause: e });
      await new Promise((res) => setTimeout(res, 50));
    } finally {
      r.disconnect();
    }
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function startDurableRedis(): Promise<DurableRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hebing-bus-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const run = () =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
  let child = run();
  await waitUp(url);
  return {
    url,
    async restart(opts) {
      await kill(child, 'SIGKILL');
      if (opts?.downMs) await new Promise((res) => setTimeout(res, opts.downMs));
      child = run();
      await waitUp(url);
    },
    async stop() {
      await kill(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess, type LogSink } from './process';
import { freePort, sleep } from './util';

export interface StackRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server   (as root; on Debian/Ubuntu)';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitForPong(port: number, proc: ManagedProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.running)
      throw new Error(`redis-server exited (code ${proc.exitCode}):\n${proc.tail().join('\n')}`);
    const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'PONG') return;
    await sleep(100);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * REDIS_URL when given (we trust the operator to have set noeviction; the bus refuses it
 * otherwise), else a private redis-server with AOF under `<dataDir>/redis` and noeviction,
 * which BullMQ requires.
 */
export async function startRedis(
  dataDir: string,
  fromEnv: string | undefined,
  log: LogSink,
): Promise<StackRedis> {
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  if (!redisServerAvailable()) {
    throw new Error(
      `redis-server is not installed and REDIS_URL is not set. Install it with:\n  ${REDIS_INSTALL_HINT}`,
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const proc = new ManagedProcess({
    name: 'redis',
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    env: {},
    log,
  });
  proc.start();
  await waitForPong(port, proc);
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.stop() };
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMongo, startTestRedis } from '@hebing/testing';
import { createServer } from 'node:net';

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  mongo = await startTestMongo();
  redis = await startTestRedis();
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  await mongo?.stop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return r;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('src/main.ts', () => {
  it('starts from env, prints a one-time admin password once, serves, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        MONGO_URL: mongo.uri,
        REDIS_URL: redis.url,
        INTERNAL_TOKEN_SECRET: 'main-test-secret-0123456789abcdefghij',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor(`http://127.0.0.1:${port}/readyz`, 30_000);
      const password = /First admin: admin \/ (\S+)/.exec(out)?.[1];
      expect(password, out).toBeDefined();
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { origin: `http://localhost:${port}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      expect(
        ((await login.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword,
      ).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

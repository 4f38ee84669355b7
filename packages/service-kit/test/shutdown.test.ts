import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { startTestMongo, startTestRedis } from '@hebing/testing';
import type { TestRouter } from './fixtures/test-router';
import { SECRET, waitFor } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  [mongo, redis] = await Promise.all([startTestMongo(), startTestRedis()]);
});
afterAll(() => Promise.all([mongo.stop(), redis.stop()]));

interface Child {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Child {
  let out = '';
  let err = '';
  // eslint-disable-next-line no-restricted-syntax -- the child process needs PATH to find node
  const path = String(process.env.PATH);
  const proc = spawn(tsx, [fixture], { env: { PATH: path, LOG_LEVEL: 'silent', ...env } });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return { proc, out: () => out, err: () => err, exited };
}

describe('service process', () => {
  it('refuses to start with a message naming the bad variable', async () => {
    const child = start({
      MONGO_URL: mongo.uri,
      REDIS_URL: redis.url,
      PORT: '0',
      INTERNAL_TOKEN_SECRET: 'short',
    });
    expect(await child.exited).not.toBe(0);
    expect(child.err()).toMatch(/INTERNAL_TOKEN_SECRET is invalid/);
  });

  it('finishes an in-flight request on SIGTERM, refuses new ones, then exits 0', async () => {
    const child = start({
      MONGO_URL: mongo.uri,
      REDIS_URL: redis.url,
      PORT: '0',
      INTERNAL_TOKEN_SECRET: SECRET,
    });
    try {
      const port = await waitFor(async () => /READY (\d+)/.exec(child.out())?.[1], 20_000);
      const base = `http://127.0.0.1:${port}`;
      const client = createTRPCClient<TestRouter>({ links: [httpBatchLink({ url: `${base}/trpc` })] });
      const inFlight = client.test.slow.query({ ms: 1_500 });
      await new Promise((r) => setTimeout(r, 300));
      child.proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      expect(child.out()).not.toContain('SHUTDOWN-DONE');
      expect(await inFlight).toBe('done');
      expect(await child.exited).toBe(0);
      expect(child.out()).toContain('SHUTDOWN-DONE');
    } finally {
      if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    }
  });
});

// The real local stack, end to end: Redis, the emulator with its journal, every app as its own
// process, the gateway's login — then stop, restart on the same data dir, and a killed service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from './index';
import { discoverApps } from './apps';
import { isRunning as alive } from './pid';
import { sleep, waitForHttpOk } from './util';
import { REPO_ROOT } from './index';

const dataDir = mkdtempSync(join(tmpdir(), 'hebing-stack-'));
const logs: string[] = [];
const log = (name: string, line: string): void => {
  logs.push(`${name}: ${line}`);
};
const opts = { dataDir, port: 0, buildConsole: false, log, env: {}, readyTimeoutMs: 90_000 };
let running: RunningStack | null = null;

afterAll(async () => {
  await running?.stop();
});

async function login(url: string, password: string): Promise<Response> {
  return fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password }),
  });
}

describe('startStack', () => {
  it('starts every app, lets the admin log in, and stops every process', async () => {
    const stack = await startStack(opts);
    running = stack;
    expect(Object.keys(stack.services).sort()).toEqual(
      discoverApps(REPO_ROOT)
        .map((a) => a.service)
        .sort(),
    );
    expect(stack.adminPasswordCreated).toBe(true);
    const res = await login(stack.url, stack.adminPassword);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await login(stack.url, 'wrong-password')).status).toBeGreaterThanOrEqual(400);
    const pids = Object.values(stack.services).map((s) => s.pid);
    expect(pids.every(alive)).toBe(true);
    await stack.stop();
    running = null;
    expect(pids.filter(alive)).toEqual([]);
  }, 180_000);

  it('keeps the data across a restart on the same data dir', async () => {
    const stack = await startStack(opts);
    running = stack;
    expect(stack.adminPasswordCreated).toBe(false);
    expect((await login(stack.url, stack.adminPassword)).status).toBe(200);
  }, 180_000);

  it('reports a killed service loudly and restarts it', async () => {
    const stack = running;
    if (!stack) throw new Error('previous test left no stack');
    const [name, victim] = Object.entries(stack.services).find(([n]) => n !== 'gateway') ?? [];
    if (!name || !victim?.pid) throw new Error('no service to kill');
    process.kill(victim.pid, 'SIGKILL');
    for (let i = 0; i < 100 && !logs.some((l) => l.includes(`${name} CRASHED`)); i++) await sleep(100);
    expect(logs.find((l) => l.includes(`${name} CRASHED`))).toMatch(/CRASHED \(signal SIGKILL\); restarting/);
    await waitForHttpOk(`${victim.url}/readyz`, 60_000);
    await stack.stop();
    running = null;
  }, 120_000);
});

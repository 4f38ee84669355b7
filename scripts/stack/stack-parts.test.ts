import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminPassword, internalSecret } from './data-dir';
import { ManagedProcess } from './process';
import { Supervisor, type CrashReport } from './supervisor';
import { isRunning as alive } from './pid';
import { sleep } from './util';

const quiet = (): void => {};

describe('secrets in the data dir', () => {
  it('generates the token secret and admin password once (0600) and reuses them on restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hebing-stack-'));
    const secret = internalSecret(dir, undefined);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(internalSecret(dir, undefined)).toBe(secret);
    const first = adminPassword(dir, undefined);
    expect(first.created).toBe(true);
    expect(adminPassword(dir, undefined)).toEqual({ value: first.value, created: false });
    expect(statSync(join(dir, 'admin-password')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(adminPassword(dir, 'from-env')).toEqual({ value: 'from-env', created: false });
  });
});

describe('ManagedProcess', () => {
  it('stops the whole process group, leaving no orphan grandchild', async () => {
    let grandchild = 0;
    const proc = new ManagedProcess({
      name: 'group',
      command: 'bash',
      args: ['-c', 'sleep 300 & echo "pid $!"; wait'],
      env: {},
      log: (_n, line) => {
        const m = /^pid (\d+)$/.exec(line);
        if (m) grandchild = Number(m[1]);
      },
    });
    proc.start();
    for (let i = 0; i < 100 && grandchild === 0; i++) await sleep(20);
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(true);
    await proc.stop(2_000);
    expect(proc.running).toBe(false);
    for (let i = 0; i < 250 && alive(grandchild); i++) await sleep(20);
    expect(alive(grandchild)).toBe(false);
  });
});

describe('Supervisor crash policy', () => {
  it('reports a crash with name, exit code and last lines, restarts with backoff, then gives up', async () => {
    const crashes: CrashReport[] = [];
    let gaveUp: CrashReport | null = null;
    const sup = new Supervisor({
      maxRestarts: 2,
      stableMs: 60_000,
      onCrash: (r) => crashes.push(r),
      onGiveUp: (r) => {
        gaveUp = r;
      },
    });
    sup.add(
      {
        name: 'flaky',
        command: process.execPath,
        args: ['-e', "console.log('about to fail'); process.exit(3)"],
        env: {},
      },
      quiet,
    );
    sup.startAll();
    // Crash, 1 s, crash, 2 s, crash → give up.
    for (let i = 0; i < 100 && gaveUp === null; i++) await sleep(100);
    await sup.stopAll();
    expect(crashes.map((c) => [c.name, c.exitCode, c.willRestart])).toEqual([
      ['flaky', 3, true],
      ['flaky', 3, true],
      ['flaky', 3, false],
    ]);
    expect(crashes[0]?.tail).toContain('about to fail');
    expect(gaveUp).not.toBeNull();
  });

  it('does not report processes it stops itself', async () => {
    const crashes: CrashReport[] = [];
    const sup = new Supervisor({ onCrash: (r) => crashes.push(r), onGiveUp: quiet });
    const p = sup.add(
      { name: 'steady', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {} },
      quiet,
    );
    sup.startAll();
    await sleep(200);
    expect(p.running).toBe(true);
    await sup.stopAll();
    expect(p.running).toBe(false);
    expect(crashes).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { readE2eEnv } from './e2e-env';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
const ADMIN_PASSWORD = 'E2e-admin-pass-2026';

declare module 'vitest' {
  export interface ProvidedContext {
    stackUrl: string;
    adminPassword: string;
    artifactsDir: string;
  }
}

/**
 * One real stack for every browser test: Redis, the emulator, every service, and the gateway
 * serving this console's production build, on free ports and a fresh data dir (so the demo
 * county loads), started the way `scripts/stack` starts it for people.
 */
export default async function setup(project: TestProject) {
  const artifactsDir = path.join(REPO_ROOT, 'artifacts', 'e2e');
  mkdirSync(artifactsDir, { recursive: true });
  // Screenshots from an earlier run would pass for this run's.
  for (const f of readdirSync(artifactsDir)) if (f.endsWith('.png')) rmSync(path.join(artifactsDir, f));
  project.provide('artifactsDir', artifactsDir);
  // While developing, point the tests at a stack that is already running (stack-runner.ts).
  const env = readE2eEnv();
  if (env.externalUrl) {
    project.provide('stackUrl', env.externalUrl);
    project.provide('adminPassword', env.externalAdminPassword ?? ADMIN_PASSWORD);
    return;
  }
  const logFile = path.join(artifactsDir, 'stack.log');
  rmSync(logFile, { force: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hebing-e2e-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'stack-runner.ts'), dataDir, logFile, ADMIN_PASSWORD],
    {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: env.logLevel },
    },
  );
  const ready = await new Promise<{ url: string; adminPassword: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line) as { url: string; adminPassword: string }));
    child.once('exit', (code) =>
      reject(new Error(`the stack exited (${code}) before it was ready; see ${logFile}`)),
    );
  });
  project.provide('stackUrl', ready.url);
  project.provide('adminPassword', ready.adminPassword);
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}

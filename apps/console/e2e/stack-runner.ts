/**
 * Runs the local stack in its own Node process for the browser tests (vitest's module runner
 * cannot host `startStack`, which resolves the tsx loader with import.meta.resolve). Prints one
 * JSON line `{ url, adminPassword }` once ready; stops everything on SIGTERM or when stdin closes.
 */
import { appendFileSync } from 'node:fs';
import { startStack } from '@hebing/scripts/stack';

const [dataDir, logFile, adminPassword] = process.argv.slice(2);
if (!dataDir || !logFile || !adminPassword)
  throw new Error('usage: stack-runner <dataDir> <logFile> <adminPassword>');

const stack = await startStack({
  dataDir,
  port: 0,
  buildConsole: true,
  env: { ...process.env, HEBING_ADMIN_PASSWORD: adminPassword, PORT: undefined },
  log: (name, line) => appendFileSync(logFile, `${name.padEnd(12)}│ ${line}\n`),
  readyTimeoutMs: 180_000,
  onFatal: (r) => {
    appendFileSync(logFile, `stack gave up: ${JSON.stringify(r)}\n`);
    process.exit(1);
  },
});
process.stdout.write(`${JSON.stringify({ url: stack.url, adminPassword: stack.adminPassword })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the test runner died: do not leave the stack behind
process.stdin.resume();

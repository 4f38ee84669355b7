#!/usr/bin/env node
// Runs the TypeScript entry point through tsx (internal packages ship TS source).
// The server process needs V8 flags (src/node-flags.ts) that can only be given on the command
// line, so the bin starts itself once more with them, forwarding signals and the exit status.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { SERVER_NODE_FLAGS } = await import('../src/node-flags.ts');

if (SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  await import('../src/cli.ts');
} else {
  const args = [
    ...process.execArgv,
    ...SERVER_NODE_FLAGS,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

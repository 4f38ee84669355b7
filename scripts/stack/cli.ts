// `./hebing start` lands here: start everything, print the URL and the admin login, and stop
// everything on Ctrl-C (SIGINT) or SIGTERM.
import { startStack } from './index';

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '═'.repeat(width);
  return [`╔${bar}╗`, ...lines.map((l) => `║  ${l.padEnd(width - 2)}║`), `╚${bar}╝`].join('\n');
}

// Until the stack is up there is nothing to drain: exit, and the process-group guard in
// process.ts SIGKILLs whatever was already started (a default SIGINT would skip that hook).
const abortStartup = (): void => {
  console.error('\nhebing: interrupted during start-up');
  process.exit(130);
};

async function main(): Promise<void> {
  let exitCode = 0;
  process.on('SIGINT', abortStartup);
  process.on('SIGTERM', abortStartup);
  const stack = await startStack({
    onFatal: (r) => {
      console.error(`\nhebing: ${r.name} keeps crashing — the stack has stopped.`);
      process.exit(1);
    },
  });
  const login = stack.adminPasswordCreated
    ? `admin / ${stack.adminPassword}   (generated now; kept in .data/admin-password)`
    : `admin / ${stack.adminPassword}   (as set at first start)`;
  console.log(
    `\n${banner([
      `Hebing is running: ${stack.url}`,
      `login: ${login}`,
      `services: ${Object.keys(stack.services).join(', ')}`,
      'Ctrl-C stops everything; data stays in .data/',
    ])}\n`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\nhebing: ${signal} — stopping services, MongoDB and Redis…`);
    stack
      .stop()
      .catch((e: unknown) => {
        exitCode = 1;
        console.error('hebing: error while stopping:', e);
      })
      .finally(() => {
        console.log('hebing: stopped.');
        process.exit(exitCode);
      });
  };
  process.off('SIGINT', abortStartup);
  process.off('SIGTERM', abortStartup);
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`hebing: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

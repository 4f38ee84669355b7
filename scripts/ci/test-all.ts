// `./hebing test` and `.ci/run` land here: every package's tests (turbo, one at a time — two
// cores), then lint, typecheck and the format check. Prints per-package totals and, last,
// `N passed, N failed`; exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVitestOutput, summarize } from './vitest-totals';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((res) => {
    console.log(`\n▶ ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      process.stdout.write(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      chunks.push(c);
      process.stderr.write(c);
    });
    child.on('close', (code) => res({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Failed task package names from turbo's newest run summary written after `since`. */
function failedTasksFromSummary(since: number): string[] | undefined {
  const dir = join(ROOT, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) return undefined;
  const summary = JSON.parse(readFileSync(newest, 'utf8')) as {
    tasks: { package: string; execution?: { exitCode?: number } }[];
  };
  return summary.tasks.filter((t) => (t.execution?.exitCode ?? 1) !== 0).map((t) => t.package);
}

function failedTasksFromText(output: string): string[] {
  const m = /Failed:\s+(.+)/.exec(output);
  return m?.[1] ? m[1].split(',').map((s) => s.trim().replace(/#test$/, '')) : [];
}

async function main(): Promise<void> {
  const started = Date.now();
  const testRun = await run('pnpm', [
    'exec',
    'turbo',
    'run',
    'test',
    '--concurrency=1',
    '--continue=always',
    '--log-prefix=task',
    '--summarize',
  ]);
  const failedTasks = failedTasksFromSummary(started) ?? failedTasksFromText(testRun.output);
  const checks: [string, string[]][] = [
    ['lint', ['lint']],
    ['typecheck', ['typecheck']],
    ['format:check', ['format:check']],
  ];
  const checkResults: string[] = [];
  let checksFailed = 0;
  for (const [name, args] of checks) {
    const r = await run('pnpm', args);
    checkResults.push(`${name} ${r.code === 0 ? 'ok' : 'FAILED'}`);
    if (r.code !== 0) checksFailed += 1;
  }
  const { passed, failed, lines } = summarize(parseVitestOutput(testRun.output), failedTasks);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log('\n──── summary ────');
  for (const l of lines) console.log(l);
  console.log(`checks: ${checkResults.join(', ')}  (${minutes} min)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || checksFailed > 0 || (testRun.code !== 0 && failedTasks.length === 0) ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

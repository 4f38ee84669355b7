import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../src/node-flags';

const here = dirname(fileURLToPath(import.meta.url));

export interface ServerProcess {
  uri: string;
  stop(): Promise<void>;
}

/** Starts bench/server-child.ts (optionally durable) and resolves with its URI. */
export function startServerProcess(dataDir?: string): Promise<ServerProcess> {
  const args = [
    ...SERVER_NODE_FLAGS,
    '--import',
    'tsx',
    join(here, 'server-child.ts'),
    ...(dataDir ? [dataDir] : []),
  ];
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: join(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) resolve({ uri: m[1], stop: () => stopProcess(proc) });
    });
    proc.once('exit', (code) => reject(new Error(`emulator process exited early (${String(code)})`)));
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

/** Latency of each call, run one after another. */
export async function latencies(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = nowMs();
    await fn(i);
    out.push(nowMs() - t0);
  }
  return out;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export interface Row {
  figure: string;
  emulator: number;
  baseline: number;
  baselineName: string;
  unit: 'ms' | 'ms p99' | '×' | 'tx/s';
  target: string;
  /** null: an informational figure the issue sets no target for. */
  pass: boolean | null;
}

const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4));

export function printTable(rows: Row[]): void {
  const head = ['figure', 'emulator', 'baseline (in-process)', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [
    r.figure,
    `${fmt(r.emulator)} ${r.unit}`,
    r.baseline > 0 ? `${fmt(r.baseline)} ${r.unit} (${r.baselineName})` : 'n/a',
    r.baseline > 0 ? `${(r.emulator / r.baseline).toFixed(1)}×` : 'n/a',
    r.target,
    r.pass === null ? 'info' : r.pass ? 'PASS' : 'MISS',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

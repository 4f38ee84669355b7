import { ManagedProcess, type LogSink, type ProcessSpec } from './process';

export interface CrashReport {
  name: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  tail: string[];
  attempt: number;
  willRestart: boolean;
}

export interface SupervisorOptions {
  /** Consecutive crashes (each within `stableMs` of its start) before the stack gives up. */
  maxRestarts?: number;
  stableMs?: number;
  onCrash: (report: CrashReport) => void;
  /** Called once when a process keeps crashing: the stack stops. */
  onGiveUp: (report: CrashReport) => void;
}

const backoffMs = (attempt: number): number => Math.min(30_000, 1_000 * 2 ** (attempt - 1));

/**
 * Crash policy: a process that exits on its own is reported loudly (name, exit code, last log
 * lines) and restarted with exponential backoff (1 s, 2 s, 4 s … 30 s). A run that lasted
 * `stableMs` resets the count. After `maxRestarts` consecutive crashes the stack stops with an
 * error — a service that cannot stay up means a broken stack, and limping on hides it.
 */
export class Supervisor {
  private readonly procs: ManagedProcess[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly opts: SupervisorOptions) {}

  add(spec: Omit<ProcessSpec, 'log'>, log: LogSink): ManagedProcess {
    let attempt = 0;
    let startedAt = Date.now();
    const proc: ManagedProcess = new ManagedProcess({ ...spec, log }, (p) => {
      if (this.stopped) return;
      attempt = Date.now() - startedAt >= (this.opts.stableMs ?? 60_000) ? 1 : attempt + 1;
      const max = this.opts.maxRestarts ?? 5;
      const report: CrashReport = {
        name: p.name,
        exitCode: p.exitCode,
        signal: p.exitSignal,
        tail: p.tail(),
        attempt,
        willRestart: attempt <= max,
      };
      this.opts.onCrash(report);
      if (!report.willRestart) {
        this.opts.onGiveUp(report);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopped) return;
        startedAt = Date.now();
        proc.start();
      }, backoffMs(attempt));
      this.timers.add(timer);
    });
    this.procs.push(proc);
    return proc;
  }

  startAll(): void {
    for (const p of this.procs) p.start();
  }

  get processes(): readonly ManagedProcess[] {
    return this.procs;
  }

  /** Stops every process in parallel (SIGTERM, then SIGKILL after the grace period). */
  async stopAll(graceMs?: number): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.procs.map((p) => p.stop(graceMs)));
  }
}

export function formatCrash(r: CrashReport): string {
  const how = r.signal ? `signal ${r.signal}` : `exit code ${r.exitCode}`;
  const next = r.willRestart
    ? `restarting (attempt ${r.attempt}) in ${backoffMs(r.attempt) / 1000} s`
    : `gave up after ${r.attempt - 1} restarts — stopping the stack`;
  const bar = '!'.repeat(72);
  return [
    bar,
    `!! ${r.name} CRASHED (${how}); ${next}`,
    '!! last log lines:',
    ...r.tail.map((l) => `!!   ${l}`),
    bar,
  ].join('\n');
}

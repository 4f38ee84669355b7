import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LineRing } from './util';

export type LogSink = (name: string, line: string) => void;

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Added to the launcher's environment. */
  env: Record<string, string>;
  log: LogSink;
}

const live = new Set<ChildProcess>();

// Last line of defence against orphans when the launcher dies on an exception: 'exit'
// handlers run synchronously, so SIGKILL every process group we still own.
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * One child in its own process group (detached), so a stop reaches everything it spawned and a
 * terminal Ctrl-C reaches only the launcher, which then stops children in order.
 */
export class ManagedProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly ring = new LineRing(40);
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  private stopping = false;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly onExit?: (p: ManagedProcess) => void,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.exitCode === null && this.exitSignal === null;
  }

  tail(): string[] {
    return this.ring.tail();
  }

  start(): void {
    this.exitCode = null;
    this.exitSignal = null;
    this.stopping = false;
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    live.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.ring.push(line);
        this.spec.log(this.spec.name, line);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('error', (e) => {
        this.ring.push(`spawn failed: ${e.message}`);
        this.exitCode = 127;
        live.delete(child);
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        live.delete(child);
        resolve();
        if (!this.stopping) this.onExit?.(this);
      });
    });
  }

  /** SIGTERM to the group, wait for the exit; SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.stopping = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // The leader is gone; make sure nothing it started lingers in its group.
    killGroup(child, 'SIGKILL');
  }
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './process';

/** Builds apps/console (vite) and returns its dist folder, or undefined when there is no console. */
export function buildConsole(root: string, log: LogSink): string | undefined {
  const pkgFile = join(root, 'apps', 'console', 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    name?: string;
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.build || !pkg.name) return undefined;
  log('stack', `building the console (pnpm --filter ${pkg.name} build)…`);
  const r = spawnSync('pnpm', ['--filter', pkg.name, 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`console build failed (exit ${r.status}):\n${out}`);
  }
  const dist = join(root, 'apps', 'console', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`console build produced no ${dist}/index.html`);
  return dist;
}

// Turns turbo's prefixed output of `vitest run` in every package into per-package totals.
// Text, not vitest's JSON reporter: packages own their `test` scripts (some run vitest twice,
// e.g. unit + e2e), and every vitest run prints its summary the same way.

export interface PackageTotals {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed to load or run (their tests are not in `failed`). */
  failedFiles: number;
  runs: number;
}

// eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters by definition
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

const count = (text: string, word: string): number => {
  const m = new RegExp(`(\\d+) ${word}`).exec(text);
  return m ? Number(m[1]) : 0;
};

/** `@hebing/db:test: ` → `@hebing/db`; lines without a turbo prefix go to `(root)`. */
function splitPrefix(line: string): { pkg: string; text: string } {
  const m = /^(\S+?):test:\s?(.*)$/.exec(line);
  return m ? { pkg: m[1] ?? '(root)', text: m[2] ?? '' } : { pkg: '(root)', text: line };
}

export function parseVitestOutput(output: string): Map<string, PackageTotals> {
  const totals = new Map<string, PackageTotals>();
  const get = (pkg: string): PackageTotals => {
    let t = totals.get(pkg);
    if (!t) {
      t = { passed: 0, failed: 0, skipped: 0, failedFiles: 0, runs: 0 };
      totals.set(pkg, t);
    }
    return t;
  };
  for (const raw of output.split('\n')) {
    const { pkg, text } = splitPrefix(raw.replace(ANSI, ''));
    const trimmed = text.trim();
    if (/^Test Files\s/.test(trimmed)) {
      get(pkg).failedFiles += count(trimmed, 'failed');
    } else if (/^Tests\s/.test(trimmed)) {
      const t = get(pkg);
      t.runs += 1;
      t.passed += count(trimmed, 'passed');
      t.failed += count(trimmed, 'failed');
      t.skipped += count(trimmed, 'skipped') + count(trimmed, 'todo');
    }
  }
  return totals;
}

/**
 * Failures for the summary line: failed tests, plus failed files that failed no test (an import
 * error), plus one per package whose task failed without any vitest summary (a crash).
 */
export function summarize(
  totals: Map<string, PackageTotals>,
  failedTasks: string[],
): { passed: number; failed: number; lines: string[] } {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const [pkg, t] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    const f = t.failed + (t.failed === 0 ? t.failedFiles : 0);
    passed += t.passed;
    failed += f;
    lines.push(`${pkg}: ${t.passed} passed, ${f} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
  }
  for (const pkg of failedTasks) {
    const t = totals.get(pkg);
    if (!t || (t.failed === 0 && t.failedFiles === 0)) {
      failed += 1;
      lines.push(`${pkg}: test task failed without a failing test (crash, timeout or no summary)`);
    }
  }
  return { passed, failed, lines };
}

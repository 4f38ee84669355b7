import { describe, expect, it } from 'vitest';
import { parseVitestOutput, summarize } from '../ci/vitest-totals';

const ESC = '\x1b';
const turboOutput = [
  `@hebing/db:test: ${ESC}[2m Test Files ${ESC}[22m ${ESC}[1m${ESC}[32m3 passed${ESC}[39m${ESC}[22m${ESC}[90m (3)${ESC}[39m`,
  `@hebing/db:test: ${ESC}[2m      Tests ${ESC}[22m ${ESC}[1m${ESC}[32m21 passed${ESC}[39m${ESC}[22m${ESC}[90m (21)${ESC}[39m`,
  '@hebing/bus:test:  Test Files  1 failed | 4 passed (5)',
  '@hebing/bus:test:       Tests  2 failed | 40 passed | 1 skipped (43)',
  '@hebing/console:test:  Test Files  1 failed | 1 passed (2)',
  '@hebing/console:test:       Tests  7 passed (7)',
  '@hebing/console:test:  Test Files  2 passed (2)',
  '@hebing/console:test:       Tests  5 passed (5)',
  '@hebing/other:test: some log line mentioning Tests in prose',
].join('\n');

describe('vitest totals from turbo output', () => {
  it('sums passed and failed per package across ANSI colours and several vitest runs', () => {
    const t = parseVitestOutput(turboOutput);
    expect(t.get('@hebing/db')).toMatchObject({ passed: 21, failed: 0 });
    expect(t.get('@hebing/bus')).toMatchObject({ passed: 40, failed: 2, skipped: 1, failedFiles: 1 });
    expect(t.get('@hebing/console')).toMatchObject({ passed: 12, failed: 0, failedFiles: 1, runs: 2 });
    expect(t.has('@hebing/other')).toBe(false);
  });

  it('counts a file that failed to load and a task that crashed without a summary as failures', () => {
    const { passed, failed, lines } = summarize(parseVitestOutput(turboOutput), [
      '@hebing/bus',
      '@hebing/crashed',
    ]);
    expect(passed).toBe(21 + 40 + 12);
    // bus: 2 failed tests (its failed file is one of them); console: 1 file that failed to load;
    // crashed: a failed task with no vitest summary at all.
    expect(failed).toBe(2 + 1 + 1);
    expect(lines.some((l) => l.startsWith('@hebing/crashed'))).toBe(true);
  });
});

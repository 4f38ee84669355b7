// Proves the lint rules that enforce ARCHITECTURE.md's boundaries fire (and stay quiet where
// allowed), by linting small sources under the paths they would live at, with the repo's config.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { hebingConfig } from '@hebing/eslint-config';

const ROOT = resolve(import.meta.dirname, '..', '..');

// Type information is not needed for import and env rules, and the project service refuses
// paths that do not exist on disk: lint the virtual files without it.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: hebingConfig(ROOT, { typeAware: false }),
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  const messages = result?.messages ?? [];
  // A parse error would make every "not.toContain" pass vacuously.
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? 'unknown');
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('import boundaries', () => {
  it('refuses an app importing another app, by package name or relative path', async () => {
    expect(
      await ruleIds('apps/gateway/src/x.ts', "import { a } from '@hebing/svc-divisions';\nexport { a };\n"),
    ).toContain(RESTRICTED);
    expect(
      await ruleIds(
        'apps/gateway/src/x.ts',
        "import { a } from '../../svc-divisions/src/router';\nexport { a };\n",
      ),
    ).toContain(RESTRICTED);
    expect(
      await ruleIds('apps/gateway/src/x.ts', "import { a } from '@hebing/contracts';\nexport { a };\n"),
    ).not.toContain(RESTRICTED);
  });

  it('lets contracts import zod and its own files only', async () => {
    expect(
      await ruleIds(
        'packages/contracts/src/x.ts',
        "import { z } from 'zod';\nimport { b } from './b';\nexport { z, b };\n",
      ),
    ).not.toContain(RESTRICTED);
    expect(
      await ruleIds('packages/contracts/src/x.ts', "import express from 'express';\nexport { express };\n"),
    ).toContain(RESTRICTED);
    expect(
      await ruleIds('packages/contracts/src/x.ts', "import { a } from '@hebing/db';\nexport { a };\n"),
    ).toContain(RESTRICTED);
  });

  it('keeps express, tRPC and bullmq out of *.service.ts, in apps and packages', async () => {
    for (const mod of ['express', '@trpc/server', 'bullmq']) {
      const code = `import * as m from '${mod}';\nexport { m };\n`;
      expect(await ruleIds('apps/svc-divisions/src/features/units/units.service.ts', code), mod).toContain(
        RESTRICTED,
      );
      expect(await ruleIds('packages/db/src/audit.service.ts', code), mod).toContain(RESTRICTED);
    }
    const fine = "import { AppError } from '@hebing/contracts';\nexport { AppError };\n";
    expect(await ruleIds('apps/svc-divisions/src/features/units/units.service.ts', fine)).not.toContain(
      RESTRICTED,
    );
    // Routers may import tRPC; only domain files may not.
    expect(
      await ruleIds(
        'apps/svc-divisions/src/routers/units.router.ts',
        "import * as m from '@trpc/server';\nexport { m };\n",
      ),
    ).not.toContain(RESTRICTED);
  });
});

describe('process.env', () => {
  const read = 'export const url = process.env.MONGO_URL;\n';

  it('is refused in ordinary source files', async () => {
    expect(await ruleIds('apps/svc-divisions/src/features/units/units.repo.ts', read)).toContain(
      'no-restricted-syntax',
    );
    expect(
      await ruleIds('packages/bus/src/relay.ts', 'const { env } = process;\nexport { env };\n'),
    ).toContain('no-restricted-syntax');
  });

  it('is allowed in env modules, the test harness, scripts and benchmarks', async () => {
    for (const f of [
      'packages/service-kit/src/env.ts',
      'apps/gateway/src/env.ts',
      'packages/testing/src/redis.ts',
      'scripts/stack/cli.ts',
      'packages/bus/bench/run.ts',
    ]) {
      expect(await ruleIds(f, read), f).not.toContain('no-restricted-syntax');
    }
  });
});

// Import boundaries (ARCHITECTURE.md), enforced rather than hoped for (cf. cal.com's
// biome `noRestrictedImports`). Flat config does not merge the options of one rule across
// config objects — the last object that matches a file wins — so every file category gets
// ONE `@typescript-eslint/no-restricted-imports` entry holding all restrictions that apply to it.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** App folder names (`apps/<name>` with a package.json), read at config load. */
export function listApps(root) {
  const dir = join(root, 'apps');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
}

// (`-` is not escaped: ESLint compiles these with the `u` flag, where `\-` is invalid.)
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An app importing another app, by package name or by a relative path that climbs out. */
function crossAppRestriction(app, apps) {
  const others = apps.filter((a) => a !== app);
  if (others.length === 0) return { paths: [], patterns: [] };
  const alternation = others.map(escape).join('|');
  return {
    paths: [],
    patterns: [
      {
        regex: `^@hebing/(${alternation})(/.*)?$`,
        message: `apps never import another app (${app}): share code through packages/*, talk over the bus or a typed tRPC client.`,
      },
      {
        regex: `^(\\.\\./)+(apps/)?(${alternation})(/.*)?$`,
        message: `apps never import another app (${app}) by relative path.`,
      },
    ],
  };
}

/** Domain files hold plain functions: no transport, no queue library. */
const serviceRestriction = {
  paths: [
    {
      name: 'express',
      message: 'domain files (*.service.ts) never import express: throw AppError, the transport maps it.',
    },
    {
      name: 'bullmq',
      message: 'domain files (*.service.ts) never import bullmq: workers call the service, not the reverse.',
    },
  ],
  patterns: [
    {
      group: ['@trpc/*'],
      message: 'domain files (*.service.ts) never import tRPC: throw AppError, toTRPCError maps it.',
    },
    {
      regex: '^bullmq/',
      message: 'domain files (*.service.ts) never import bullmq.',
    },
    {
      regex: '^express/',
      message: 'domain files (*.service.ts) never import express.',
    },
  ],
};

/** contracts is shared by the browser and every service: zod and its own files only. */
const contractsRestriction = {
  paths: [],
  patterns: [
    {
      regex: '^(?!zod(/.*)?$)(?!\\.{1,2}/)',
      message: '@hebing/contracts depends on zod only (and its own files).',
    },
  ],
};

function merge(...parts) {
  return [
    'error',
    {
      paths: parts.flatMap((p) => p.paths),
      patterns: parts.flatMap((p) => p.patterns),
    },
  ];
}

const RULE = '@typescript-eslint/no-restricted-imports';
const SERVICE_FILES = '**/*.service.{ts,tsx}';

/** Config objects, ordered so the most specific match comes last. */
export function boundaryConfigs(root) {
  const apps = listApps(root);
  const configs = [
    {
      name: 'hebing/boundaries/service-files',
      files: [SERVICE_FILES],
      rules: { [RULE]: merge(serviceRestriction) },
    },
    {
      name: 'hebing/boundaries/contracts',
      files: ['packages/contracts/src/**/*.{ts,tsx}'],
      rules: { [RULE]: merge(contractsRestriction) },
    },
    {
      name: 'hebing/boundaries/contracts-service-files',
      files: [`packages/contracts/${SERVICE_FILES}`],
      rules: { [RULE]: merge(contractsRestriction, serviceRestriction) },
    },
  ];
  for (const app of apps) {
    const cross = crossAppRestriction(app, apps);
    configs.push(
      {
        name: `hebing/boundaries/app-${app}`,
        files: [`apps/${app}/**/*.{ts,tsx}`],
        rules: { [RULE]: merge(cross) },
      },
      {
        name: `hebing/boundaries/app-${app}-service-files`,
        files: [`apps/${app}/${SERVICE_FILES}`],
        rules: { [RULE]: merge(cross, serviceRestriction) },
      },
    );
  }
  return configs;
}

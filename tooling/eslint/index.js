// The repo's one ESLint flat config, run once from the root (`pnpm lint` = `eslint .`).
// Shaped after create-t3-turbo's tooling/eslint/base.ts: type-checked rules, consistent type
// imports, process.env confined to env modules.
//
// typescript-eslint needs the TypeScript *JS* API (it accepts typescript >=4.8.4 <6.1.0).
// The repo compiles with TypeScript 7 (native; its npm package exposes no compiler API), so
// this package depends on typescript@6.0.3 — the last JS release, with TS 7's defaults — and
// pnpm resolves typescript-eslint's peer to that copy. tsc 7 stays the type checker of record.
import { join } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryConfigs } from './boundaries.js';

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];

/** Files allowed to read process.env: the env modules, the harnesses and the CLIs. */
export const ENV_MODULES = [
  'packages/service-kit/src/env.ts',
  'packages/service-kit/src/env/**',
  'packages/service-kit/src/**/env.ts',
  'apps/*/src/env.ts',
  'apps/*/src/env.*.ts',
  'apps/*/src/env-*.ts',
  'packages/testing/**',
  // Test harnesses (not test bodies): they start stacks and servers, like packages/testing.
  'apps/*/e2e/**',
  '**/test/helpers.ts',
  '**/test/helpers/**',
  'scripts/**',
  '**/bench/**',
  'packages/mongo-emulator/src/cli.ts',
  'packages/mongo-emulator/src/cli/**',
  'packages/mongo-emulator/bin/**',
  '**/*.config.{ts,js,mjs}',
  'tooling/**',
];

const ENV_MESSAGE =
  'process.env is read only in env modules: parse it with loadEnv(zodSchema) from @hebing/service-kit and pass values down.';

const restrictEnv = {
  name: 'hebing/no-process-env',
  files: [...TS, ...JS],
  rules: {
    // no-restricted-syntax (not no-restricted-properties) so the existing
    // `eslint-disable-next-line no-restricted-syntax` directives keep meaning the same thing.
    'no-restricted-syntax': [
      'error',
      { selector: "MemberExpression[object.name='process'][property.name='env']", message: ENV_MESSAGE },
      {
        selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
        message: ENV_MESSAGE,
      },
      {
        selector: "ImportSpecifier[imported.name='env'][parent.source.value=/^(node:)?process$/]",
        message: ENV_MESSAGE,
      },
    ],
  },
};

const allowEnv = {
  name: 'hebing/env-modules',
  files: ENV_MODULES,
  // Harness files carry `eslint-disable … no-restricted-syntax` lines for the day they move;
  // here the rule is off, so those directives are legitimately unused.
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  rules: { 'no-restricted-syntax': 'off' },
};

const TYPE_AWARE_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
  // Off: async functions that satisfy a Promise-returning interface without awaiting are
  // normal here (stubs, adapters); and tRPC/React pass methods around by design.
  '@typescript-eslint/require-await': 'off',
  '@typescript-eslint/unbound-method': 'off',
};

/**
 * @param {string} root absolute repo root
 * @param {{ typeAware?: boolean }} [options] typeAware=false drops the rules that need type
 *   information (for linting virtual files in tests of the boundary rules)
 */
export function hebingConfig(root, { typeAware = true } = {}) {
  const tsPresets = typeAware ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended;
  return tseslint.config(
    {
      name: 'hebing/ignores',
      ignores: [
        '**/node_modules/**',
        '**/dist/**',
        '**/.turbo/**',
        '**/.data/**',
        '**/coverage/**',
        '**/artifacts/**',
        '**/*.d.ts',
        // scratch files people create while probing; never committed
        '**/*.tmp.*',
      ],
    },
    {
      name: 'hebing/linter-options',
      linterOptions: { reportUnusedDisableDirectives: 'warn' },
    },
    { ...js.configs.recommended, name: 'eslint/recommended', files: [...TS, ...JS] },
    ...tsPresets.map((c) => ({ ...c, files: TS })),
    {
      name: 'hebing/typescript',
      files: TS,
      languageOptions: {
        // One program for the whole repo (tsconfig.lint.json), not the project service's one
        // per package: measured 42 s vs 112 s CPU and 1.9 vs 3.9 GB here, same findings. The
        // union config has DOM and JSX everywhere; tsc per package stays the type check of record.
        parserOptions: typeAware
          ? { project: [join(import.meta.dirname, 'tsconfig.lint.json')], tsconfigRootDir: root }
          : {},
        globals: { ...globals.node },
      },
      rules: {
        ...(typeAware ? TYPE_AWARE_RULES : {}),
        '@typescript-eslint/consistent-type-imports': [
          'error',
          { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
        ],
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      },
    },
    {
      name: 'hebing/browser',
      files: ['apps/console/src/**'],
      languageOptions: { globals: { ...globals.browser } },
    },
    {
      name: 'hebing/javascript',
      files: JS,
      languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
    },
    restrictEnv,
    allowEnv,
    ...boundaryConfigs(root),
  );
}

export { boundaryConfigs, listApps } from './boundaries.js';

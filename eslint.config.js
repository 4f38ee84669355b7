// One ESLint run covers the whole monorepo: `pnpm lint` (= `eslint .`). Rules: tooling/eslint.
import { hebingConfig } from '@hebing/eslint-config';

export default hebingConfig(import.meta.dirname);

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a secret file, or creates it (0600) with `make()` on first start; restarts reuse it. */
function readOrCreate(file: string, make: () => string): { value: string; created: boolean } {
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/** INTERNAL_TOKEN_SECRET: generated once (≥ 32 chars) so restarts keep issued tokens valid. */
export function internalSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  return readOrCreate(join(dataDir, 'secret'), () => randomBytes(32).toString('base64url')).value;
}

/**
 * The first admin's password: HEBING_ADMIN_PASSWORD when set, else one generated at first
 * start and kept in `<dataDir>/admin-password` (0600). The gateway only uses it to create the
 * `admin` user when none exists, so after a password change in the console the file is stale.
 */
export function adminPassword(
  dataDir: string,
  fromEnv: string | undefined,
): { value: string; created: boolean } {
  if (fromEnv) return { value: fromEnv, created: false };
  return readOrCreate(join(dataDir, 'admin-password'), () => randomBytes(12).toString('base64url'));
}

/** The only place the browser tests read the environment. */
export interface E2eEnv {
  /** A stack already running (e2e/stack-runner.ts), to skip starting one while developing. */
  externalUrl: string | undefined;
  externalAdminPassword: string | undefined;
  logLevel: string;
}

export function readE2eEnv(): E2eEnv {
  const env = process.env;
  return {
    externalUrl: env.HEBING_E2E_URL || undefined,
    externalAdminPassword: env.HEBING_E2E_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL || 'warn',
  };
}

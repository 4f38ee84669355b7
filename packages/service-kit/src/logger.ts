import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are personal data or secrets; redacted wherever they appear (3 levels deep). */
export const REDACTED_KEYS = [
  'idNumber',
  'phone',
  'mobile',
  'address',
  'password',
  'passwordHash',
  'token',
  'secret',
  'cookie',
  'authorization',
  'x-hebing-token',
] as const;

function redactPaths(): string[] {
  const paths: string[] = ['req.headers.cookie', 'res.headers["set-cookie"]', 'headers.cookie'];
  for (const key of REDACTED_KEYS) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const dot = k.startsWith('[') ? '' : '.';
    paths.push(k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`);
  }
  return paths;
}

/** Structured JSON logs on stdout; the level comes from LOG_LEVEL via loadEnv (never process.env here). */
export function createLogger(
  name: string,
  opts: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const options = {
    name,
    level: opts.level ?? 'info',
    redact: { paths: redactPaths(), censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

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

/**
 * `log.child(bindings)`, built on first use. pino runs every binding through the redaction
 * paths above when it makes a child (tens of µs with these paths); a request context needs one
 * per call but most calls never log, so the child is only built when something touches it.
 */
export function lazyChild(log: Logger, bindings: Record<string, string>): Logger {
  let real: Logger | undefined;
  const target = () => (real ??= log.child(bindings));
  // A child made from this proxy reads its own state through the prototype chain: keep that
  // receiver; calls on the proxy itself act on the real child.
  const proxy: Logger = new Proxy(log, {
    get: (_t, key, receiver): unknown => {
      const t = target();
      return Reflect.get(t, key, receiver === proxy ? t : receiver) as unknown;
    },
    set: (_t, key, value, receiver) => {
      const t = target();
      return Reflect.set(t, key, value, receiver === proxy ? t : receiver);
    },
    has: (_t, key) => Reflect.has(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
  return proxy;
}

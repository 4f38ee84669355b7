import { z } from 'zod';

/** Raised at start-up; the message names every bad or missing variable so the operator can fix it. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The only reader of `process.env`. Parses the variables a process needs with a zod object
 * schema; any problem stops start-up with an error naming the variable(s).
 */
export function loadEnv<S extends z.ZodObject>(
  schema: S,
  // eslint-disable-next-line no-restricted-syntax -- this is the env module
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings count as unset: `FOO= node main` should fail the same way as a missing FOO.
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = source[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? '(root)');
    const what = input[name] === undefined ? 'is missing' : `is invalid (${i.message})`;
    return { name, line: `${name} ${what}` };
  });
  const names = [...new Set(problems.map((p) => p.name))];
  throw new EnvError(names, `Invalid environment: ${problems.map((p) => p.line).join('; ')}`);
}

/** Variables every service reads (platform-api.md); services extend it with their own. */
export const ZServiceEnv = z.object({
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URI'),
  INTERNAL_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  PORT: z.coerce.number().int().min(0).max(65535), // 0: any free port (tests)
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServiceEnv = z.infer<typeof ZServiceEnv>;

import { z } from 'zod';
import { loadEnv } from '@hebing/service-kit';

/** `divisions=http://127.0.0.1:4101,placement=http://…` → service name → base URL. */
export function parseServiceUrls(raw: string): Record<string, URL> {
  const out: Record<string, URL> = {};
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 1 || !/^[a-z][a-z0-9-]*$/.test(name))
      throw new Error(`SERVICE_URLS: bad entry "${part}" (want name=http://host:port)`);
    if (name === 'gateway') throw new Error('SERVICE_URLS: "gateway" is the gateway itself');
    out[name] = new URL(part.slice(eq + 1).trim());
  }
  return out;
}

const ZGatewayEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  MONGO_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  INTERNAL_TOKEN_SECRET: z.string().min(32),
  LOG_LEVEL: z.string().default('info'),
  SERVICE_URLS: z.string().default(''),
  CONSOLE_DIST: z.string().min(1).optional(),
  PUBLIC_ORIGIN: z.url().optional(),
  HEBING_ADMIN_PASSWORD: z.string().min(1).optional(),
});

export type GatewayEnv = ReturnType<typeof readGatewayEnv>;

export function readGatewayEnv() {
  const env = loadEnv(ZGatewayEnv);
  let serviceUrls: Record<string, URL>;
  try {
    serviceUrls = parseServiceUrls(env.SERVICE_URLS);
  } catch (e) {
    throw new Error(`environment: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return {
    ...env,
    serviceUrls,
    publicOrigin: (env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  };
}

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '@hebing/service-kit';
import { discoverApps, serviceUrls, type AppEntry } from './apps';
import { buildConsole } from './console-build';
import { adminPassword, ensureDataDir, internalSecret } from './data-dir';
import { startMongo } from './mongo';
import { startRedis } from './redis';
import { Supervisor, formatCrash, type CrashReport } from './supervisor';
import { freePort, portInUse, waitForHttpOk } from './util';
import type { LogSink } from './process';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StackOptions {
  /** Where Redis AOF, the emulator journal and the generated secrets live. Default `<repo>/.data`. */
  dataDir?: string;
  /** Gateway port. Default `PORT` or 8080; pass 0 for a free one (tests). */
  port?: number;
  /** Build the console and serve it from the gateway. Default true. */
  buildConsole?: boolean;
  /** Per-line log sink; default prints `name │ line`. */
  log?: LogSink;
  /** Environment to read the table's variables from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  readyTimeoutMs?: number;
  /** Called when a service crashed too often and the stack stopped itself. */
  onFatal?: (report: CrashReport) => void;
}

export interface RunningStack {
  url: string;
  adminPassword: string;
  /** True when this start generated the admin password (first start). */
  adminPasswordCreated: boolean;
  mongoUrl: string;
  redisUrl: string;
  services: Record<string, { url: string; pid: number | undefined }>;
  stop(): Promise<void>;
}

const COLORS = [36, 35, 33, 32, 34, 91, 92, 93, 94, 95, 96];

export function defaultLog(): LogSink {
  const colorOf = new Map<string, number>();
  const tty = process.stdout.isTTY;
  return (name, line) => {
    if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length] ?? 36);
    const label = name.padEnd(12);
    process.stdout.write(
      tty ? `\x1b[${colorOf.get(name)}m${label}│\x1b[0m ${line}\n` : `${label}│ ${line}\n`,
    );
  };
}

function pickEnv(env: Record<string, string | undefined>, key: string): string | undefined {
  const v = env[key];
  return v === undefined || v === '' ? undefined : v;
}

function tsxLoader(): string {
  return import.meta.resolve('tsx');
}

interface Plan {
  app: AppEntry;
  port: number;
  env: Record<string, string>;
}

async function planApps(
  apps: AppEntry[],
  gatewayPort: number,
  common: Record<string, string>,
  gatewayExtra: Record<string, string>,
): Promise<Plan[]> {
  const ports = new Map<string, number>();
  for (const app of apps) if (!app.isGateway) ports.set(app.service, await freePort());
  return apps.map((app) => {
    const port = app.isGateway ? gatewayPort : (ports.get(app.service) ?? 0);
    const env: Record<string, string> = { ...common, PORT: String(port) };
    if (app.isGateway) Object.assign(env, gatewayExtra, { SERVICE_URLS: serviceUrls(ports) });
    else env.HEBING_DEMO = '1';
    return { app, port, env };
  });
}

async function gatewayPortFrom(opts: StackOptions, env: Record<string, string | undefined>): Promise<number> {
  const wanted = opts.port ?? Number(pickEnv(env, 'PORT') ?? 8080);
  if (wanted === 0) return freePort();
  if (await portInUse(wanted)) {
    throw new Error(
      `port ${wanted} is already in use: stop what runs there or start with PORT=<another port>`,
    );
  }
  return wanted;
}

/**
 * Starts Redis, MongoDB (or the emulator), every app under apps/ with a src/main.ts as its own
 * process (gateway on `port`, services on free ports), waits for every /readyz and returns the
 * gateway URL and the admin password. `stop()` stops the apps, then Mongo and Redis.
 */
export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? defaultLog();
  const dataDir = resolve(opts.dataDir ?? join(REPO_ROOT, '.data'));
  ensureDataDir(dataDir);
  const apps = discoverApps(REPO_ROOT);
  if (!apps.some((a) => a.isGateway)) throw new Error('no apps/gateway/src/main.ts found: nothing to serve');
  const gatewayPort = await gatewayPortFrom(opts, env);
  const secret = internalSecret(dataDir, pickEnv(env, 'INTERNAL_TOKEN_SECRET'));
  const admin = adminPassword(dataDir, pickEnv(env, 'HEBING_ADMIN_PASSWORD'));
  const consoleDist = opts.buildConsole === false ? undefined : buildConsole(REPO_ROOT, log);

  const redis = await startRedis(dataDir, pickEnv(env, 'REDIS_URL'), log);
  let mongo: Awaited<ReturnType<typeof startMongo>>;
  try {
    mongo = await startMongo(dataDir, pickEnv(env, 'MONGO_URL'));
  } catch (e) {
    await redis.stop();
    throw e;
  }
  const common = {
    MONGO_URL: mongo.url,
    REDIS_URL: redis.url,
    INTERNAL_TOKEN_SECRET: secret,
    LOG_LEVEL: pickEnv(env, 'LOG_LEVEL') ?? 'info',
  };
  const gatewayExtra: Record<string, string> = {
    HEBING_ADMIN_PASSWORD: admin.value,
    PUBLIC_ORIGIN: pickEnv(env, 'PUBLIC_ORIGIN') ?? `http://localhost:${gatewayPort}`,
  };
  if (consoleDist) gatewayExtra.CONSOLE_DIST = consoleDist;
  const plans = await planApps(apps, gatewayPort, common, gatewayExtra);

  let fatal: CrashReport | null = null;
  let stopping: Promise<void> | null = null;
  const supervisor = new Supervisor({
    onCrash: (r) => log('stack', formatCrash(r)),
    onGiveUp: (r) => {
      fatal = r;
      void stop().then(() => opts.onFatal?.(r));
    },
  });
  const loader = tsxLoader();
  for (const p of plans) {
    supervisor.add(
      {
        name: p.app.service,
        command: process.execPath,
        args: [...SERVICE_NODE_FLAGS, '--import', loader, p.app.main],
        cwd: p.app.dir,
        env: p.env,
      },
      log,
    );
  }
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await supervisor.stopAll();
      await mongo.stop();
      await redis.stop();
    })();
    return stopping;
  };

  supervisor.startAll();
  try {
    await Promise.all(
      plans.map((p) =>
        waitForHttpOk(
          `http://127.0.0.1:${p.port}/readyz`,
          opts.readyTimeoutMs ?? 120_000,
          () => fatal === null,
        ),
      ),
    );
  } catch (e) {
    const tails = supervisor.processes
      .map((p) => `--- ${p.name} (last lines)\n${p.tail().join('\n')}`)
      .join('\n');
    await stop();
    throw new Error(
      `the stack did not become ready: ${e instanceof Error ? e.message : String(e)}\n${tails}`,
      {
        cause: e,
      },
    );
  }
  const services: RunningStack['services'] = {};
  plans.forEach((p, i) => {
    services[p.app.service] = { url: `http://127.0.0.1:${p.port}`, pid: supervisor.processes[i]?.pid };
  });
  return {
    url: `http://localhost:${gatewayPort}`,
    adminPassword: admin.value,
    adminPasswordCreated: admin.created,
    mongoUrl: mongo.url,
    redisUrl: redis.url,
    services,
    stop,
  };
}

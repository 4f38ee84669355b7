import { Redis } from 'ioredis';
import { createBus } from '@hebing/bus';
import { connectDb } from '@hebing/db';
import { createLogger, runService } from '@hebing/service-kit';
import { createApp } from './app';
import { readEnv } from './env';
import { loadDemoIfEmpty } from './features/demo/demo.service';
import { createDeps } from './lib/deps';
import { initModels } from './lib/models';
import { ensureDigests } from './features/stats/stats.repo';
import { enqueueImportVia, startImportWorker } from './workers/import.worker';
import { startReadinessSubscriber } from './workers/readiness.worker';

/** env → db → bus → demo data → workers + relay → app → listen; SIGTERM: server, workers, bus, db. */
async function main(): Promise<void> {
  const env = readEnv();
  const log = createLogger('divisions');
  const conn = await connectDb(env.MONGO_URL, 'hebing_divisions');
  await initModels(conn);
  const deps = createDeps(conn);
  const bus = await createBus({ redisUrl: env.REDIS_URL, service: 'divisions', conn });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  if (env.HEBING_DEMO === '1' && (await loadDemoIfEmpty(deps))) log.info('demo county 513201 loaded');
  const rebuilt = await ensureDigests(conn);
  if (rebuilt) log.info({ counties: rebuilt }, 'statistics digests built');
  startImportWorker(bus, deps);
  await startReadinessSubscriber(bus, deps);
  bus.startRelay();
  const app = createApp({
    conn,
    redis,
    secret: env.INTERNAL_TOKEN_SECRET,
    enqueueImport: enqueueImportVia(bus),
    bus,
    deps,
    log,
  });
  await runService({
    app,
    port: env.PORT,
    onShutdown: async () => {
      await bus.close();
      redis.disconnect();
      await conn.close();
    },
  });
}

main().catch((e: unknown) => {
  // The logger may not exist yet when start-up fails.
  console.error(e);
  process.exit(1);
});

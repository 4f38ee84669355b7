import { Redis } from 'ioredis';
import { connectDb } from '@hebing/db';
import { createLogger, runService } from '@hebing/service-kit';
import { createApp } from './app';
import { readGatewayEnv } from './env';
import { SessionStore } from './auth/session.store';
import { systemClock } from './clock';
import { ensureFirstAdmin, FIRST_ADMIN } from './users/bootstrap';

async function main(): Promise<void> {
  const env = readGatewayEnv();
  const log = createLogger('gateway', { level: env.LOG_LEVEL });
  const conn = await connectDb(env.MONGO_URL, 'hebing_gateway');
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  const admin = await ensureFirstAdmin(
    { conn, clock: systemClock, sessions: new SessionStore(redis, systemClock) },
    env.HEBING_ADMIN_PASSWORD,
  );
  if (admin.created && admin.oneTimePassword) {
    // Printed once, to the console only (not the structured log): it must be changed at first login.
    process.stdout.write(
      `\n  First admin: ${FIRST_ADMIN} / ${admin.oneTimePassword}  (one-time password, change it after signing in)\n\n`,
    );
  }
  const gateway = createApp({
    conn,
    redis,
    log,
    config: {
      publicOrigin: env.publicOrigin,
      serviceUrls: env.serviceUrls,
      internalTokenSecret: env.INTERNAL_TOKEN_SECRET,
      consoleDist: env.CONSOLE_DIST,
      queuePrefix: 'hebing', // @hebing/bus's default BullMQ prefix
    },
  });
  await runService({
    app: gateway.app,
    handler: gateway.handler,
    port: env.PORT,
    onShutdown: async () => {
      await gateway.close();
      redis.disconnect();
      await conn.close();
    },
  });
  log.info(
    { port: env.PORT, services: Object.keys(env.serviceUrls), origin: env.publicOrigin },
    'gateway listening',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { checkMongo, checkRedis, type ServiceApp } from '@hebing/service-kit';
import { sendJsonError } from './errors';

/** `/healthz` (process up), `/readyz` (Mongo and Redis reachable, not draining), `/metrics`. */
export function addProbes(app: ServiceApp, conn: Connection, redis: Redis): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const [mongo, cache] = await Promise.all([checkMongo(conn), checkRedis(redis)]);
    const ready = !app.draining && mongo === 'ok' && cache === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : app.draining ? 'draining' : 'not ready',
      service: 'gateway',
      checks: { mongo, redis: cache },
    });
  });
  app.get('/metrics', async (req, res) => {
    // Prometheus scrapes the pod directly; through the ingress (X-Forwarded-For) it is not public.
    if (req.headers['x-forwarded-for'] !== undefined)
      return void sendJsonError(res, { code: 'NOT_FOUND', message: 'not found' });
    res.setHeader('content-type', app.metrics.registry.contentType);
    res.send(await app.metrics.registry.metrics());
  });
}

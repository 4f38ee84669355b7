import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProcedureObserver } from './context';

/** What /metrics needs from a BullMQ Queue (structural, so the kit does not depend on bullmq). */
export interface QueueLike {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized'];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function routeLabel(path: string): string {
  if (path.startsWith('/trpc')) return '/trpc';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  return 'other'; // unknown paths must not blow up label cardinality
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

export interface ServiceMetrics extends ProcedureObserver {
  registry: Registry;
  httpMiddleware(req: Request, res: Response, next: NextFunction): void;
  /** One finished HTTP request, for handlers that run outside express (the gateway's fast path). */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
}

/** One registry per app (not the global one), so several apps can live in one test process. */
export function createMetrics(service: string, queues: () => QueueLike[]): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const callTotal = new Counter({
    name: 'trpc_calls_total',
    help: 'tRPC procedure calls by path, type and result code',
    labelNames: ['path', 'type', 'code'],
    registers: [registry],
  });
  const callSeconds = new Histogram({
    name: 'trpc_call_duration_seconds',
    help: 'tRPC procedure duration',
    labelNames: ['path', 'type'],
    buckets: BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues().map(async (q) => {
          try {
            const counts = await withTimeout(q.getJobCounts(...JOB_STATES), 1_000);
            for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
          } catch {
            // Redis down: omit this queue's figures rather than hang the scrape.
          }
        }),
      );
    },
  });

  const observeHttp = (method: string, route: string, status: number, seconds: number) => {
    httpTotal.inc({ method, route, status: String(status) });
    httpSeconds.observe({ method, route }, seconds);
  };

  return {
    registry,
    observe(path, type, code, seconds) {
      callTotal.inc({ path, type, code });
      callSeconds.observe({ path, type }, seconds);
    },
    observeHttp,
    httpMiddleware(req, res, next) {
      const started = performance.now();
      res.on('finish', () => {
        // originalUrl: mounted routers (/trpc) strip their prefix from req.path.
        const route = routeLabel(req.originalUrl.split('?')[0] ?? '');
        observeHttp(req.method, route, res.statusCode, (performance.now() - started) / 1000);
      });
      next();
    },
  };
}

export { withTimeout };

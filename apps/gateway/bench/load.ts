import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  headers?: () => http.OutgoingHttpHeaders;
  connections: number;
  durationMs: number;
  maxRequests: number;
}

function once(agent: http.Agent, url: URL, headers: http.OutgoingHttpHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * Closed-loop load on loopback: `connections` keep-alive sockets, each sending its next request
 * as soon as the previous answer ends, until the time or the request budget runs out.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(opts.url);
  const latencies = new Float64Array(opts.maxRequests);
  let n = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const worker = async () => {
    while (performance.now() < deadline && n < opts.maxRequests) {
      const t0 = performance.now();
      try {
        const status = await once(agent, url, opts.headers?.() ?? {});
        if (status !== 200) errors++;
      } catch {
        errors++;
      }
      if (n < opts.maxRequests) latencies[n++] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.slice(0, n).sort();
  return { requests: n, errors, seconds, rps: n / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

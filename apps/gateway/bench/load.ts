import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  latencies: Float64Array; // ms, one per request
}

export interface LoadOptions {
  url: string;
  headers?: () => http.OutgoingHttpHeaders;
  connections: number;
  durationMs: number;
  maxRequests: number;
  /**
   * Keep-alive sockets shared between runs (warm-up, then each round). Without it each run opens
   * `connections` fresh sockets at once, and on a busy machine those handshakes, not the
   * requests, make the slowest percent.
   */
  agent?: http.Agent;
}

export function loadAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections });
}

function once(agent: http.Agent, url: URL, headers: http.OutgoingHttpHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
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
  const agent = opts.agent ?? loadAgent(opts.connections);
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
  if (!opts.agent) agent.destroy();
  return summarize([{ requests: n, errors, seconds, latencies: latencies.slice(0, n) }]);
}

/** Merges rounds of the same path: throughput over their summed time, percentiles over all requests. */
export function summarize(
  rounds: Array<Pick<LoadResult, 'requests' | 'errors' | 'seconds' | 'latencies'>>,
): LoadResult {
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  const all = new Float64Array(requests);
  let at = 0;
  for (const r of rounds) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  all.sort();
  return {
    requests,
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    seconds,
    rps: requests / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    latencies: all,
  };
}

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import express from 'express';
import helmet from 'helmet';

/** The headers a plain express app with real helmet() middleware answers with (the reference). */
export async function helmetReference(): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/', (_req, res) => void res.end());
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out: Record<string, string> = {};
    const transport = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
    for (const [k, v] of res.headers) if (!transport.has(k)) out[k] = v;
    return out;
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

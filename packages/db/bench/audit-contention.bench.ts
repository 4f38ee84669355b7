// Audit appends under contention: W writers on one connection (one process) and on W
// connections (W replicas), each appending a fixed number of records. Prints figures; the
// chain must verify afterwards. Run: pnpm --filter @hebing/db bench
import { it } from 'vitest';
import type { Connection } from 'mongoose';
import { startTestMongo, uniqueName } from '@hebing/testing';
import { connectDb, verifyAuditChain, withTransaction, writeAudit } from '../src';

const CASES = [
  { writers: 1, perWriter: 100, replicas: false },
  { writers: 20, perWriter: 10, replicas: false },
  { writers: 4, perWriter: 25, replicas: true },
];

async function run(conns: Connection[], perWriter: number) {
  let attempts = 0;
  const lat: number[] = [];
  const started = performance.now();
  await Promise.all(
    conns.map(async (conn, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t0 = performance.now();
        await withTransaction(conn, (s) => {
          attempts++;
          return writeAudit(conn, s, {
            actor: { userId: `u${w}`, username: `user${w}` },
            action: 'bench.appended',
            entity: { type: 'bench', id: `${w}-${i}` },
            after: { w, i },
            requestId: `b-${w}-${i}`,
          });
        });
        lat.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  const pct = (p: number) => Number(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]?.toFixed(1));
  return { appendsPerSec: Math.round(lat.length / seconds), attempts, p50ms: pct(0.5), p99ms: pct(0.99) };
}

for (const c of CASES) {
  it(`audit append: ${c.writers} writers on ${c.replicas ? 'separate connections' : 'one connection'}`, async () => {
    const mongo = await startTestMongo();
    const dbName = uniqueName('bench_audit').replace(/-/g, '_');
    const main = await connectDb(mongo.uri, dbName);
    const extra = c.replicas
      ? await Promise.all(Array.from({ length: c.writers - 1 }, () => connectDb(mongo.uri, dbName)))
      : [];
    const conns = c.replicas ? [main, ...extra] : Array.from({ length: c.writers }, () => main);
    const figures = await run(conns, c.perWriter);
    const verify = await verifyAuditChain(main);
    console.log(JSON.stringify({ ...c, ...figures, chain: verify }));
    if (!verify.ok) throw new Error(`chain broken: ${verify.reason}`);
    await main.dropDatabase();
    await Promise.all([main, ...extra].map((x) => x.close()));
    await mongo.stop();
  }, 300_000);
}

import { performance } from 'node:perf_hooks';
import { connectDb, SYSTEM_ACTOR } from '@hebing/db';
import { startTestMongo } from '@hebing/testing';
import { planModel } from '../src/features/plans/plan.model';
import { getStats } from '../src/features/stats/stats-query.service';
import { ensureDigests, statsRepo } from '../src/features/stats/stats.repo';
import { unitModel } from '../src/features/units/unit.model';
import type { Caller } from '../src/lib/caller';
import { createDeps } from '../src/lib/deps';
import { initModels } from '../src/lib/models';
import { buildProvince } from './province';

const LIMIT_MS = 1000;
const RUNS = 5;
const caller: Caller = { actor: SYSTEM_ACTOR, requestId: 'bench', jurisdiction: { scope: 'all' } };

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const mongo = await startTestMongo();
  const conn = await connectDb(mongo.uri, 'hebing_divisions_bench');
  await conn.dropDatabase();
  await initModels(conn);
  const { units, plans } = buildProvince();
  const t0 = performance.now();
  for (let i = 0; i < units.length; i += 5000)
    await unitModel(conn).insertMany(units.slice(i, i + 5000), { lean: true });
  for (let i = 0; i < plans.length; i += 5000)
    await planModel(conn).insertMany(plans.slice(i, i + 5000), { lean: true });
  console.log(
    `loaded ${units.length} unit records and ${plans.length} plans in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const t1 = performance.now();
  const built = await ensureDigests(conn);
  console.log(
    `built ${built} county digests (the statistics read model) in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );

  const deps = createDeps(conn, () => '2026-11-21');
  const repo = statsRepo(conn);
  const rows: string[][] = [];
  for (const scope of ['510101', '51']) {
    const filter = scope.length === 2 ? { province: scope } : { county: scope };
    // For context: the unit records themselves, read one by one (what a naive query would do).
    const t = performance.now();
    const records = await unitModel(conn).find(filter).lean().exec();
    const rawMs = performance.now() - t;
    // Baseline: read exactly the documents statistics read (the county digests), compute nothing.
    const readMs = await median(() => repo.readDigests(scope));
    const statsMs = await median(() => getStats(deps, caller, { scope }));
    const s = await getStats(deps, caller, { scope });
    const v = s.rows.find((r) => r.level === 'village' && r.kind === null);
    rows.push([
      scope.length === 2 ? `province ${scope}` : `county ${scope}`,
      String(records.length),
      rawMs.toFixed(0),
      readMs.toFixed(0),
      statsMs.toFixed(0),
      (statsMs / readMs).toFixed(2),
      `${v?.before ?? 0} → ${v?.after ?? 0}`,
      statsMs <= LIMIT_MS ? 'PASS' : 'MISS',
    ]);
  }
  const head = [
    'scope',
    'unit records',
    'read records ms',
    'read digests ms',
    'stats ms',
    'stats/read digests',
    'villages',
    `stats ≤ ${LIMIT_MS} ms`,
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\nstatistics over the emulator (stats and digest reads: median of ${RUNS})`);
  console.log(fmt(head));
  for (const r of rows) console.log(fmt(r));
  await conn.dropDatabase();
  await conn.close();
  await mongo.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import { FindSource } from './find-source';
import type { Engine } from './engine';
import { lockKey } from './engine';
import { LiveStore } from './store';

/** Deletes documents whose TTL-indexed date is older than expireAfterSeconds (via the index). */
export async function sweepTtl(engine: Engine): Promise<number> {
  const store = new LiveStore(engine);
  let removed = 0;
  for (const colls of engine.catalog.dbs.values()) {
    for (const c of colls.values()) {
      for (const index of c.indexes.values()) {
        const secs = index.spec.expireAfterSeconds;
        const field = index.fields[0]?.[0];
        if (typeof secs !== 'number' || index.fields.length !== 1 || !field) continue;
        const cutoff = new Date(Date.now() - secs * 1000);
        const src = new FindSource(c, { [field]: { $lt: cutoff, $type: 'date' } }, { hint: index.name });
        const { docs } = await src.next(100_000);
        for (const doc of docs) {
          const current = c.get(doc._id);
          if (!current || engine.locks.has(lockKey(c.db, c.name, doc._id))) continue;
          store.remove(c, current);
          removed++;
        }
      }
    }
  }
  await store.durable();
  return removed;
}

import type { Bus } from '@hebing/bus';
import type { Deps } from '../lib/deps';
import { runImportJob } from '../features/imports/imports.service';
import { ImportRequested } from './jobs';

/** Runs queued imports; progress goes to the job document (polled) and to BullMQ (job monitor). */
export function startImportWorker(bus: Bus, deps: Deps) {
  return bus.defineWorker(
    ImportRequested,
    async (payload, ctx) => {
      await runImportJob(deps, payload.jobId, (pct) => ctx.progress(pct));
    },
    { concurrency: 1 },
  );
}

export function enqueueImportVia(bus: Bus) {
  return async (jobId: string) => {
    await bus.enqueue(ImportRequested, { jobId }, { jobId: `import-${jobId}` });
  };
}

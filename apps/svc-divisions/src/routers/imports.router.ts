import {
  ZExportInput,
  ZExportOutput,
  ZImportGetInput,
  ZImportJob,
  ZImportStartInput,
} from '@hebing/contracts';
import { procedure, router } from '@hebing/service-kit';
import type { Deps } from '../lib/deps';
import { createImportJob, exportUnits, getImportJob } from '../features/imports/imports.service';
import { callerOf } from './caller';

/** Hands a stored import job to the import worker (the bus in production, the same function in tests). */
export type EnqueueImport = (jobId: string) => Promise<void>;

export function importsRouter(deps: Deps, enqueueImport: EnqueueImport) {
  return router({
    /** Stores the file and queues the job; poll `get` for progress and the per-row report. */
    start: procedure('divisions.write')
      .input(ZImportStartInput)
      .output(ZImportJob)
      .mutation(async ({ ctx, input }) => {
        const job = await createImportJob(deps, callerOf(ctx), input);
        await enqueueImport(job.id);
        return job;
      }),
    get: procedure('divisions.read')
      .input(ZImportGetInput)
      .output(ZImportJob)
      .query(({ ctx, input }) => getImportJob(deps, callerOf(ctx), input.id)),
    export: procedure('divisions.read')
      .input(ZExportInput)
      .output(ZExportOutput)
      .mutation(({ ctx, input }) => exportUnits(deps, callerOf(ctx), input)),
  });
}

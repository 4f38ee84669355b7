import { z } from 'zod';
import { defineMessage } from '@hebing/contracts';

/** Internal job: run a stored import (payload is only the id; the file stays in Mongo). */
export const ImportRequested = defineMessage('divisions.import.requested', z.object({ jobId: z.string() }));

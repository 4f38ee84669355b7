import { z } from 'zod';
import { ZDay, ZUnitCode } from './common';
import { ZUnit } from './units';

export const ZCodeEvent = z.object({
  code: z.string(),
  unitId: z.string(),
  event: z.enum(['created', 'abolished', 'merged-into', 'recoded', 'formed-by-merger']),
  date: ZDay,
  planId: z.string().nullable(),
  relatedCodes: z.array(z.string()),
  note: z.string(),
});

export const ZHistoryLookupInput = z.object({ code: ZUnitCode, date: ZDay });
/** "What was this code on that date, and what is it now?" in one answer. */
export const ZHistoryLookupOutput = z.object({
  code: z.string(),
  date: ZDay,
  atDate: ZUnit.nullable(),
  now: z.array(ZUnit), // the active unit(s) it became (itself when unchanged)
  chain: z.array(ZUnit), // the records walked from atDate to now, in order
  records: z.array(ZUnit), // every record that ever carried the code
  events: z.array(ZCodeEvent),
});
export type HistoryLookupOutput = z.infer<typeof ZHistoryLookupOutput>;

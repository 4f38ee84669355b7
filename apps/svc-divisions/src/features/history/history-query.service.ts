import { AppError, type HistoryLookupOutput } from '@hebing/contracts';
import { assertCallerCovers, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { toUnitDto, unitsRepo } from '../units/units.repo';
import { codeEventModel, type CodeEventRecord } from './code-event.model';
import { recordAt, walkToNow } from './history.service';

/** "What was this code on that date, and what is it now?" */
export async function lookupHistory(
  deps: Deps,
  caller: Caller,
  input: { code: string; date: string },
): Promise<HistoryLookupOutput> {
  assertCallerCovers(caller, input.code);
  const repo = unitsRepo(deps.conn);
  const records = await repo.recordsOfCode(input.code);
  if (records.length === 0)
    throw new AppError('NOT_FOUND', `code ${input.code} was never used`, { code: input.code });
  const atDate = recordAt(records, input.date);
  // A code not yet in use on that date still answers "what is it now" from its first record.
  const start = atDate ?? records.find((r) => r.validFrom > input.date) ?? null;
  const walked = start
    ? await walkToNow(start, deps.today(), (ids) => repo.byIds(ids))
    : { chain: [], now: [] };
  const codes = [...new Set([input.code, ...walked.chain.map((r) => r.code)])];
  const events = await codeEventModel(deps.conn)
    .find({ code: { $in: codes } })
    .sort({ date: 1, createdAt: 1 })
    .lean<CodeEventRecord[]>()
    .exec();
  return {
    code: input.code,
    date: input.date,
    atDate: atDate ? toUnitDto(atDate) : null,
    now: walked.now.map(toUnitDto),
    chain: walked.chain.map(toUnitDto),
    records: records.map(toUnitDto),
    events: events.map((e) => ({
      code: e.code,
      unitId: e.unitId,
      event: e.event,
      date: e.date,
      planId: e.planId ?? null,
      relatedCodes: e.relatedCodes,
      note: e.note,
    })),
  };
}

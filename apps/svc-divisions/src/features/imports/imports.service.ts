import { createHash, randomUUID } from 'node:crypto';
import { withTransaction, writeAudit } from '@hebing/db';
import {
  AppError,
  MAX_IMPORT_BYTES,
  jurisdictionCovers,
  type ImportStartInput,
  type RowError,
} from '@hebing/contracts';
import { assertCallerCovers, type Caller } from '../../lib/caller';
import type { Deps } from '../../lib/deps';
import { appendCodeEvents } from '../history/code-event.model';
import { refreshUnitDigests } from '../stats/stats-digest.model';
import { newUnitRecord } from '../units/units.service';
import { toUnitDto, unitsRepo } from '../units/units.repo';
import type { UnitRecord } from '../units/unit.types';
import { applyPatch, diffImport } from './import-diff.service';
import { importJobModel, toImportJobDto, type ImportJobRecord } from './import-job.model';
import { parseTable } from './import-parse.service';
import { validateTable } from './import-validate.service';
import { tableToCsv, tableToXlsx, unitsToTable } from './export.service';

/** Stores the file as a queued job; the import worker runs it (the caller polls `imports.get`). */
export async function createImportJob(deps: Deps, caller: Caller, input: ImportStartInput) {
  assertTouchesCounty(caller, input.county);
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw new AppError('BAD_INPUT', 'the file is empty', { field: 'contentBase64' });
  if (content.length > MAX_IMPORT_BYTES)
    throw new AppError('BAD_INPUT', `the file exceeds ${MAX_IMPORT_BYTES} bytes`, { field: 'contentBase64' });
  const job: ImportJobRecord = {
    _id: randomUUID(),
    county: input.county,
    fileName: input.fileName,
    format: input.format,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    reason: input.reason,
    actor: caller.actor,
    requestId: caller.requestId,
    jurisdiction: caller.jurisdiction,
    status: 'queued',
    progress: 0,
    rows: 0,
    errors: [],
    summary: null,
    message: null,
    createdAt: new Date(),
  };
  await importJobModel(deps.conn).create(job);
  return toImportJobDto(job);
}

export async function getImportJob(deps: Deps, caller: Caller, id: string) {
  const j = await importJobModel(deps.conn).findById(id, { content: 0 }).lean<ImportJobRecord>().exec();
  if (!j) throw new AppError('NOT_FOUND', `no import job ${id}`, { id });
  assertTouchesCounty(caller, j.county);
  if (j.actor.userId !== caller.actor.userId && caller.jurisdiction.scope === 'township') {
    throw new AppError('OUT_OF_JURISDICTION', "another user's import job", { id });
  }
  return toImportJobDto(j);
}

/** A lean read gives BSON Binary for a Buffer field. */
function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  const inner: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'buffer') : undefined;
  if (inner instanceof Uint8Array) return Buffer.from(inner);
  throw new AppError('INTERNAL', 'stored import file is unreadable');
}

/** A county-wide caller of that county, or a township officer of one of its townships. */
function assertTouchesCounty(caller: Caller, county: string): void {
  const j = caller.jurisdiction;
  if (j.scope === 'all' || j.codes.some((c) => c.startsWith(county) || county.startsWith(c))) return;
  throw new AppError('OUT_OF_JURISDICTION', `county ${county} is outside your jurisdiction`, { county });
}

const MAX_REPORTED = 1000;

type Progress = (pct: number) => Promise<void>;

async function setJob(deps: Deps, id: string, set: Partial<ImportJobRecord>, progress?: Progress) {
  // A finished job keeps the file's sha256 and name, not its (up to 5 MB) content.
  const final = set.status === 'done' || set.status === 'failed';
  await importJobModel(deps.conn)
    .updateOne({ _id: id }, { $set: final ? { ...set, content: Buffer.alloc(0) } : set })
    .exec();
  if (progress && set.progress !== undefined) await progress(set.progress);
}

async function validateJob(deps: Deps, job: ImportJobRecord) {
  const table = await parseTable(job.format, job.content);
  const existing = await unitsRepo(deps.conn)
    .model.find({ county: job.county }, { code: 1, status: 1 })
    .lean<Pick<UnitRecord, 'code' | 'status'>[]>()
    .exec();
  const active = new Set(existing.filter((u) => u.status === 'active').map((u) => u.code));
  const retired = new Set(
    existing.filter((u) => u.status !== 'active' && !active.has(u.code)).map((u) => u.code),
  );
  const { rows, errors } = validateTable(table, {
    county: job.county,
    today: deps.today(),
    activeCodes: active,
    retiredCodes: retired,
  });
  // Every row must lie in the importer's jurisdiction (a township officer imports their township only).
  const outside: RowError[] = rows
    .filter((r) => !jurisdictionCovers(job.jurisdiction, r.code))
    .map((r) => ({ line: r.line, column: '代码', reason: 'outside your jurisdiction' }));
  return { rows: outside.length ? [] : rows, errors: [...errors, ...outside], total: table.rows.length };
}

/**
 * Runs a queued import: parse, validate every row, then apply all of it in one transaction or
 * none of it. A job that already finished is left alone (the worker may see it twice).
 */
export async function runImportJob(deps: Deps, id: string, progress: Progress = async () => {}) {
  const job = await importJobModel(deps.conn).findById(id).lean<ImportJobRecord>().exec();
  if (!job) throw new AppError('NOT_FOUND', `no import job ${id}`, { id });
  if (job.status === 'done' || job.status === 'failed') return toImportJobDto(job);
  job.content = toBuffer(job.content);
  await setJob(deps, id, { status: 'validating', progress: 10 }, progress);
  let checked;
  try {
    checked = await validateJob(deps, job);
  } catch (e) {
    const details = (e as AppError).details as { errors?: RowError[] } | undefined;
    await setJob(
      deps,
      id,
      {
        status: 'failed',
        progress: 100,
        errors: details?.errors ?? [],
        message: e instanceof Error ? e.message : String(e),
      },
      progress,
    );
    return getJobDto(deps, id);
  }
  if (checked.errors.length) {
    const n = checked.errors.length;
    // The report keeps the first MAX_REPORTED problems: enough to fix a file, small enough to poll.
    const listed = n > MAX_REPORTED ? ` (first ${MAX_REPORTED} listed)` : '';
    await setJob(
      deps,
      id,
      {
        status: 'failed',
        progress: 100,
        rows: checked.total,
        errors: checked.errors.slice(0, MAX_REPORTED),
        message: `${n} problem(s)${listed}; nothing was imported`,
      },
      progress,
    );
    return getJobDto(deps, id);
  }
  await setJob(deps, id, { status: 'applying', progress: 50, rows: checked.total }, progress);
  const summary = await applyRows(deps, job, checked.rows);
  await setJob(deps, id, { status: 'done', progress: 100, summary, message: null }, progress);
  return getJobDto(deps, id);
}

async function getJobDto(deps: Deps, id: string) {
  const j = await importJobModel(deps.conn).findById(id, { content: 0 }).lean<ImportJobRecord>().exec();
  if (!j) throw new AppError('NOT_FOUND', `no import job ${id}`, { id });
  return toImportJobDto(j);
}

async function applyRows(deps: Deps, job: ImportJobRecord, rows: Parameters<typeof diffImport>[0]) {
  return withTransaction(deps.conn, async (session) => {
    const repo = unitsRepo(deps.conn);
    const active = new Map((await repo.activeInCounty(job.county, session)).map((u) => [u.code, u]));
    const diff = diffImport(rows, active);
    const created = diff.creates.map((r) =>
      newUnitRecord({
        code: r.code,
        name: r.name,
        validFrom: r.validFrom,
        seatAddress: r.seatAddress,
        tags: r.tags,
        facts: r.facts ? [r.facts] : [],
      }),
    );
    await repo.insert(created, session);
    for (const u of diff.updates)
      await repo.update(u.unit._id, u.unit.version, applyPatch(u.unit, u.patch), session);
    await appendCodeEvents(
      deps.conn,
      created.map((u) => ({
        code: u.code,
        unitId: u._id,
        event: 'created' as const,
        date: u.validFrom,
        planId: null,
        relatedCodes: [],
        note: `import ${job.fileName}`,
      })),
      session,
    );
    const summary = { created: created.length, updated: diff.updates.length, unchanged: diff.unchanged };
    if (created.length || diff.updates.length) {
      await refreshUnitDigests(deps.conn, session, [job.county]);
      // One record for the whole import, listing every unit it created and every field it changed.
      await writeAudit(deps.conn, session, {
        actor: job.actor,
        action: 'units.imported',
        entity: { type: 'import', id: job._id },
        reason: job.reason,
        requestId: job.requestId,
        after: {
          fileName: job.fileName,
          sha256: job.sha256,
          summary,
          created: created.map(toUnitDto),
          updated: diff.updates.map((u) => ({
            code: u.unit.code,
            before: toUnitDto(u.unit),
            patch: u.patch,
          })),
        },
      });
    }
    return summary;
  });
}

export async function exportUnits(
  deps: Deps,
  caller: Caller,
  input: { county: string; format: 'csv' | 'xlsx'; asOf?: string | undefined },
) {
  assertCallerCovers(caller, `${input.county}000000`);
  const asOf = input.asOf ?? deps.today();
  const units = await unitsRepo(deps.conn).find({
    county: input.county,
    validFrom: { $lte: asOf },
    $or: [{ validTo: null }, { validTo: { $gt: asOf } }],
  });
  const table = unitsToTable(units, asOf);
  const name = `units-${input.county}-${asOf}.${input.format}`;
  return input.format === 'csv' ? tableToCsv(table, name) : tableToXlsx(table, name);
}

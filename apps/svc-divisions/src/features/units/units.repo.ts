import type { ClientSession, Connection } from 'mongoose';
import { AppError, type UnitDto, type UnitKind, type UnitLevel, type UnitStatus } from '@hebing/contracts';
import { unitModel } from './unit.model';
import type { UnitRecord } from './unit.types';

export interface UnitQuery {
  q?: string | undefined;
  level?: UnitLevel | undefined;
  kind?: UnitKind | undefined;
  status?: UnitStatus | undefined;
  parentCode?: string | undefined;
  asOf?: string | undefined;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Valid on `day` (validFrom ≤ day < validTo) as a Mongo filter. */
export function activeOnFilter(day: string): Record<string, unknown> {
  return { validFrom: { $lte: day }, $or: [{ validTo: null }, { validTo: { $gt: day } }] };
}

export function unitQueryFilter(q: UnitQuery): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (q.level) f.level = q.level;
  if (q.kind) f.kind = q.kind;
  if (q.status) f.status = q.status;
  if (q.parentCode) f.parentCode = q.parentCode;
  if (q.asOf) Object.assign(f, activeOnFilter(q.asOf));
  if (q.q) {
    const text = {
      $or: [{ name: { $regex: escapeRegex(q.q) } }, { code: { $regex: `^${escapeRegex(q.q)}` } }],
    };
    return Object.keys(f).length ? { $and: [f, text] } : text;
  }
  return f;
}

export function toUnitDto(u: UnitRecord): UnitDto {
  return {
    id: u._id,
    code: u.code,
    name: u.name,
    level: u.level,
    kind: u.kind,
    parentCode: u.parentCode ?? null,
    status: u.status,
    validFrom: u.validFrom,
    validTo: u.validTo ?? null,
    predecessorIds: u.predecessorIds ?? [],
    successorIds: u.successorIds ?? [],
    seatAddress: u.seatAddress ?? null,
    tags: u.tags ?? [],
    facts: (u.facts ?? []).map((f) => ({
      asOf: f.asOf,
      population: f.population,
      households: f.households,
      areaKm2: f.areaKm2,
    })),
    version: u.version ?? 0,
  };
}

export function unitsRepo(conn: Connection) {
  const M = unitModel(conn);
  const s = (session?: ClientSession) => session ?? null;
  return {
    model: M,
    activeByCode: (code: string, session?: ClientSession) =>
      M.findOne({ code, status: 'active' }).session(s(session)).lean<UnitRecord>().exec(),
    activeByCodes: (codes: string[], session?: ClientSession) =>
      M.find({ code: { $in: codes }, status: 'active' })
        .session(s(session))
        .lean<UnitRecord[]>()
        .exec(),
    activeInCounty: (county: string, session?: ClientSession) =>
      M.find({ county, status: 'active' }).session(s(session)).lean<UnitRecord[]>().exec(),
    activeChildren: (parentCodes: string[], session?: ClientSession) =>
      M.find({ parentCode: { $in: parentCodes }, status: 'active' })
        .session(s(session))
        .lean<UnitRecord[]>()
        .exec(),
    byIds: (ids: string[], session?: ClientSession) =>
      M.find({ _id: { $in: ids } })
        .session(s(session))
        .lean<UnitRecord[]>()
        .exec(),
    recordsOfCode: (code: string) => M.find({ code }).sort({ validFrom: 1 }).lean<UnitRecord[]>().exec(),
    /** Codes in use under a prefix (active or not): new codes are never taken from these. */
    async codesUnder(prefix: string, session?: ClientSession): Promise<Set<string>> {
      const docs = await M.find({ code: { $regex: `^${prefix}` } }, { code: 1 })
        .session(s(session))
        .lean<{ code: string }[]>()
        .exec();
      return new Set(docs.map((d) => d.code));
    },
    async page(filter: Record<string, unknown>, page: number, pageSize: number) {
      const [items, total] = await Promise.all([
        M.find(filter)
          .sort({ code: 1, validFrom: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean<UnitRecord[]>()
          .exec(),
        M.countDocuments(filter).exec(),
      ]);
      return { items, total };
    },
    find: (filter: Record<string, unknown>) => M.find(filter).sort({ code: 1 }).lean<UnitRecord[]>().exec(),
    async childCounts(parentCodes: string[], day: string | null): Promise<Map<string, number>> {
      const match: Record<string, unknown> = { parentCode: { $in: parentCodes } };
      if (day) Object.assign(match, activeOnFilter(day));
      else match.status = 'active';
      const rows = await M.aggregate<{ _id: string; n: number }>([
        { $match: match },
        { $group: { _id: '$parentCode', n: { $sum: 1 } } },
      ]).exec();
      return new Map(rows.map((r) => [r._id, r.n]));
    },
    async insert(docs: UnitRecord[], session: ClientSession): Promise<void> {
      if (docs.length) await M.insertMany(docs, { session });
    },
    /** Optimistic update: refused with CONFLICT when someone else changed the unit since `version`. */
    async update(
      id: string,
      version: number,
      set: Partial<UnitRecord>,
      session: ClientSession,
    ): Promise<void> {
      const r = await M.updateOne(
        { _id: id, version },
        { $set: set, $inc: { version: 1 } },
        { session },
      ).exec();
      if (r.matchedCount === 0) {
        throw new AppError('CONFLICT', 'the unit was changed by someone else; reload and try again', {
          id,
          version,
        });
      }
    },
  };
}
export type UnitsRepo = ReturnType<typeof unitsRepo>;

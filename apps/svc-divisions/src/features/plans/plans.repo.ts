import type { ClientSession, Connection } from 'mongoose';
import { AppError, type PlanDto, type PlanStatus } from '@hebing/contracts';
import { planModel, type PlanRecord } from './plan.model';

export const OPEN_STATUSES: PlanStatus[] = ['draft', 'consultation', 'vote', 'approved'];

export function toPlanDto(p: PlanRecord): PlanDto {
  return {
    id: p._id,
    title: p.title,
    level: p.level,
    parentCode: p.parentCode,
    sourceCodes: p.sourceCodes,
    sourceNames: p.sourceNames,
    target: p.target,
    effectiveDate: p.effectiveDate,
    status: p.status,
    consultations: p.consultations,
    votes: p.votes,
    transitions: p.transitions,
    targetUnitId: p.targetUnitId ?? null,
    version: p.version,
  };
}

export function plansRepo(conn: Connection) {
  const M = planModel(conn);
  const s = (session?: ClientSession) => session ?? null;
  return {
    model: M,
    byId: (id: string, session?: ClientSession) =>
      M.findById(id).session(s(session)).lean<PlanRecord>().exec(),
    openWithSources: (codes: string[], session?: ClientSession) =>
      M.find({ sourceCodes: { $in: codes }, status: { $in: OPEN_STATUSES } })
        .session(s(session))
        .lean<PlanRecord[]>()
        .exec(),
    async insert(p: PlanRecord, session: ClientSession) {
      await M.create([p], { session });
    },
    async page(filter: Record<string, unknown>, page: number, pageSize: number) {
      const [items, total] = await Promise.all([
        M.find(filter)
          .sort({ effectiveDate: -1, _id: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean<PlanRecord[]>()
          .exec(),
        M.countDocuments(filter).exec(),
      ]);
      return { items, total };
    },
    /** Optimistic replace of the mutable parts; CONFLICT when the plan moved on meanwhile. */
    async save(p: PlanRecord, session: ClientSession): Promise<PlanRecord> {
      const { _id, version, ...rest } = p;
      const r = await M.updateOne({ _id, version }, { $set: rest, $inc: { version: 1 } }, { session }).exec();
      if (r.matchedCount === 0)
        throw new AppError('CONFLICT', 'the plan was changed by someone else; reload and try again', {
          id: _id,
        });
      return { ...p, version: version + 1 };
    },
  };
}

import { SYSTEM_ACTOR } from '@hebing/db';
import { AppError, type PlanCreateInput, type PlanStatus } from '@hebing/contracts';
import type { Caller } from '../../lib/caller';
import { addDays } from '../../lib/clock';
import type { Deps } from '../../lib/deps';
import { createImportJob, runImportJob } from '../imports/imports.service';
import {
  addConsultation,
  advancePlan,
  approvePlan,
  createPlan,
  makeEffective,
  recordVote,
} from '../plans/plans.service';
import { unitModel } from '../units/unit.model';
import { unitsRepo } from '../units/units.repo';
import type { UnitRecord } from '../units/unit.types';
import { DEMO_COUNTY, PASTURE, demoCsv, demoRows } from './demo-data';

const caller: Caller = { actor: SYSTEM_ACTOR, requestId: 'demo-load', jurisdiction: { scope: 'all' } };
const ORDER: PlanStatus[] = ['draft', 'consultation', 'vote', 'approved', 'effective'];

/** Walks a new plan through the real steps up to `until` (each audited like a person's). */
async function walk(
  deps: Deps,
  input: PlanCreateInput,
  until: PlanStatus,
  body: string,
  members: number,
): Promise<void> {
  const reached = (s: PlanStatus) => ORDER.indexOf(until) >= ORDER.indexOf(s);
  const plan = await createPlan(deps, caller, input);
  const id = plan.id;
  if (!reached('consultation')) return;
  await advancePlan(deps, caller, { id, to: 'consultation', reason: '启动征求意见' });
  await addConsultation(deps, caller, {
    id,
    kind: 'meeting',
    date: addDays(input.effectiveDate, -60),
    note: '召开村两委及群众代表座谈会',
    reason: '座谈会记录',
  });
  await addConsultation(deps, caller, {
    id,
    kind: 'notice',
    date: addDays(input.effectiveDate, -45),
    note: '调整方案公示7天,无异议',
    reason: '公示记录',
  });
  if (!reached('vote')) return;
  await advancePlan(deps, caller, { id, to: 'vote', reason: '提交表决' });
  const present = Math.ceil((members * 5) / 6);
  await recordVote(deps, caller, {
    id,
    vote: { body, date: addDays(input.effectiveDate, -30), members, present, for: present - 2, against: 1 },
    reason: '表决通过',
  });
  if (!reached('approved')) return;
  await approvePlan(deps, caller, { id, reason: '市人民政府批复同意' });
  if (!reached('effective')) return;
  await makeEffective(deps, caller, { id, reason: '按批复日期生效' });
}

function mergeInput(
  title: string,
  level: PlanCreateInput['level'],
  sources: UnitRecord[],
  effectiveDate: string,
  seat: string | null = null,
): PlanCreateInput {
  const keep = sources[0];
  if (!keep) throw new AppError('INTERNAL', `demo plan ${title} has no sources`);
  return {
    title,
    level,
    sourceCodes: sources.map((s) => s.code),
    effectiveDate,
    reason: '两项改革调整方案',
    target: {
      codeMode: 'keep',
      code: keep.code,
      name: keep.name,
      nameOverrideReason: null,
      seatAddress: seat,
    },
  };
}

const activeVillages = async (deps: Deps, townshipCode: string) =>
  (await unitsRepo(deps.conn).activeChildren([townshipCode]))
    .filter((u) => u.kind === 'village')
    .sort((a, b) => a.code.localeCompare(b.code));

async function villagePlans(deps: Deps): Promise<void> {
  const day = '2020-08-01';
  const pairs = [100, 102, 103, 200, 201, 202, 203, 204, 206];
  for (const n of pairs) {
    const vs = (await activeVillages(deps, `${DEMO_COUNTY}${n}000`)).slice(-2);
    await walk(
      deps,
      mergeInput(`${vs.map((v) => v.name).join('、')}合并`, 'village', vs, day),
      'effective',
      '户主代表大会',
      60,
    );
  }
  const triple = (await activeVillages(deps, `${DEMO_COUNTY}205000`)).slice(-3);
  await walk(
    deps,
    mergeInput(`${triple.map((v) => v.name).join('、')}合并`, 'village', triple, day),
    'effective',
    '村民会议',
    90,
  );
  const caodeng = `${DEMO_COUNTY}${PASTURE.township}000`;
  const first = (await activeVillages(deps, caodeng))[0];
  const pasture = await unitsRepo(deps.conn).activeByCode(`${DEMO_COUNTY}${PASTURE.township}${PASTURE.n}`);
  if (!first || !pasture) throw new AppError('INTERNAL', 'demo pasture plan lacks its units');
  await walk(
    deps,
    mergeInput(`${PASTURE.name}并入${first.name}`, 'village', [first, pasture], day),
    'effective',
    '户主代表大会',
    48,
  );
}

async function groupPlans(deps: Deps): Promise<void> {
  const groups = await unitsRepo(deps.conn).find({ county: DEMO_COUNTY, level: 'group', status: 'active' });
  const byVillage = new Map<string, UnitRecord[]>();
  for (const g of groups)
    byVillage.set(g.parentCode ?? '', [...(byVillage.get(g.parentCode ?? '') ?? []), g]);
  const villages = [...byVillage.keys()]
    .sort()
    .filter((_v, i) => i % 4 === 1)
    .slice(0, 18);
  const until: PlanStatus[] = ['draft', 'consultation', 'vote', 'approved'];
  for (const [i, v] of villages.entries()) {
    const pair = (byVillage.get(v) ?? []).sort((a, b) => a.code.localeCompare(b.code)).slice(0, 2);
    const stage = until[Math.min(3, Math.floor(i / 5))] ?? 'draft';
    await walk(
      deps,
      mergeInput(`${pair.map((g) => g.name).join('、')}合并`, 'group', pair, addDays(deps.today(), 30)),
      stage,
      '村民小组会议',
      40,
    );
  }
}

/** HEBING_DEMO=1: on first start (no units yet) load the demo county through the real paths. */
export async function loadDemoIfEmpty(deps: Deps): Promise<boolean> {
  if ((await unitModel(deps.conn).estimatedDocumentCount()) > 0) return false;
  const csv = demoCsv(demoRows());
  const job = await createImportJob(deps, caller, {
    county: DEMO_COUNTY,
    format: 'csv',
    fileName: 'demo-513201.csv',
    contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
    reason: '演示数据:马尔康市调整前区划 (seed 000)',
  });
  const done = await runImportJob(deps, job.id);
  if (done.status !== 'done')
    throw new AppError('INTERNAL', `demo import failed: ${JSON.stringify(done.errors.slice(0, 5))}`);
  const repo = unitsRepo(deps.conn);
  const towns = await repo.activeByCodes([`${DEMO_COUNTY}100000`, `${DEMO_COUNTY}101000`]);
  await walk(
    deps,
    mergeInput(
      '马尔康镇、卓克基镇合并',
      'township',
      towns.sort((a, b) => a.code.localeCompare(b.code)),
      '2020-01-01',
      '马尔康市马江街65号',
    ),
    'effective',
    '市人民代表大会常务委员会',
    30,
  );
  await villagePlans(deps);
  await groupPlans(deps);
  return true;
}

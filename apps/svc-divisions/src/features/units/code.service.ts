import { AppError, type UnitKind, type UnitLevel } from '@hebing/contracts';

/** GB/T 2260 province-level prefixes. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export interface ParsedCode {
  code: string;
  level: UnitLevel;
  kind: UnitKind;
  parentCode: string | null;
  county: string; // 6 digits
  township: string | null; // 9 digits
}

export type CodeCheck = { ok: true; value: ParsedCode } | { ok: false; reason: string };

function townshipKind(n: number): UnitKind | null {
  if (n >= 1 && n <= 99) return 'subdistrict'; // 街道
  if (n >= 100 && n <= 199) return 'town'; // 镇
  if (n >= 200 && n <= 399) return 'township'; // 乡
  if (n >= 400 && n <= 599) return 'other';
  return null;
}

function villageKind(n: number): UnitKind | null {
  if (n >= 1 && n <= 199) return 'community'; // 居委会
  if (n >= 200 && n <= 399) return 'village'; // 村委会
  if (n >= 400 && n <= 599) return 'other'; // 类似居委会/村委会: 牧场, 农场 …
  return null;
}

/** Validates a 12-digit 统计用区划代码 (or a 15-digit group code) by structure and ranges. */
export function parseCode(code: string): CodeCheck {
  if (!/^\d{12}(\d{3})?$/.test(code))
    return { ok: false, reason: `"${code}" is not 12 digits (15 for a villager group)` };
  const province = code.slice(0, 2);
  if (!PROVINCES.has(province)) return { ok: false, reason: `unknown province prefix ${province}` };
  const county = code.slice(0, 6);
  if (code.slice(4, 6) === '00')
    return { ok: false, reason: `${county} is a prefecture, not a county (digits 5–6 are 00)` };
  const t = Number(code.slice(6, 9));
  const v = Number(code.slice(9, 12));
  if (code.length === 15) {
    const g = Number(code.slice(12));
    if (t === 0 || v === 0) return { ok: false, reason: 'a villager group code must extend a village code' };
    const village = parseCode(code.slice(0, 12));
    if (!village.ok) return village;
    if (g === 0) return { ok: false, reason: 'group suffix must be 001–999' };
    return {
      ok: true,
      value: {
        code,
        level: 'group',
        kind: 'group',
        parentCode: code.slice(0, 12),
        county,
        township: code.slice(0, 9),
      },
    };
  }
  if (t === 0) {
    if (v !== 0) return { ok: false, reason: 'village digits set without a township (digits 7–9 are 000)' };
    return {
      ok: true,
      value: { code, level: 'county', kind: 'county', parentCode: null, county, township: null },
    };
  }
  const tKind = townshipKind(t);
  if (!tKind) return { ok: false, reason: `township digits ${code.slice(6, 9)} outside 001–599` };
  const township = code.slice(0, 9);
  if (v === 0) {
    return {
      ok: true,
      value: { code, level: 'township', kind: tKind, parentCode: `${county}000000`, county, township },
    };
  }
  const vKind = villageKind(v);
  if (!vKind) return { ok: false, reason: `village digits ${code.slice(9, 12)} outside 001–599` };
  return {
    ok: true,
    value: { code, level: 'village', kind: vKind, parentCode: `${township}000`, county, township },
  };
}

/** The checked code, or an error message for a caller that wants to throw. */
export function requireCode(code: string): ParsedCode {
  const c = parseCode(code);
  if (!c.ok) throw new AppError('BAD_INPUT', c.reason, { code });
  return c.value;
}

const NAME_SUFFIX_KIND: [string, UnitKind[]][] = [
  ['街道', ['subdistrict']],
  ['镇', ['town']],
  ['乡', ['township']],
  ['社区', ['community']],
  ['居委会', ['community']],
  ['村', ['village']],
];

/** A name that says 镇 on a code in the 乡 range (and so on) is a data error worth reporting. */
export function nameKindMismatch(name: string, kind: UnitKind): string | null {
  for (const [suffix, kinds] of NAME_SUFFIX_KIND) {
    if (name.endsWith(suffix)) {
      return kinds.includes(kind) ? null : `name ends with ${suffix} but the code range is for ${kind}`;
    }
  }
  return null;
}

/** Group codes are the village code plus a local 3-digit suffix (groups have no national code). */
export function groupCode(villageCode: string, n: number): string {
  if (n < 1 || n > 999) throw new AppError('BAD_INPUT', `group number ${n} outside 1–999`);
  return `${villageCode}${String(n).padStart(3, '0')}`;
}

/** The 12-digit code of a scope prefix's own unit (county 6 → xxxxxx000000, township 9 → xxxxxxxxx000). */
export function unitCodeOfPrefix(prefix: string): string {
  return prefix.padEnd(12, '0');
}

/**
 * The first free code for a child of `parentCode` in the same range as `like` (a moved village
 * keeps its kind: a community stays in 001–199, a village in 200–399).
 */
export function nextFreeChildCode(parentCode: string, like: string, used: ReadonlySet<string>): string {
  const parsed = requireCode(like);
  if (parsed.level === 'group') {
    for (let n = 1; n <= 999; n++) {
      const c = groupCode(parentCode, n);
      if (!used.has(c)) return c;
    }
    throw new AppError('CONFLICT', `no free group code under ${parentCode}`);
  }
  const ranges: Record<string, [number, number]> = {
    community: [1, 199],
    village: [200, 399],
    other: [400, 599],
    subdistrict: [1, 99],
    town: [100, 199],
    township: [200, 399],
  };
  const [lo, hi] = ranges[parsed.kind] ?? [1, 599];
  const base = parsed.level === 'village' ? parentCode.slice(0, 9) : parentCode.slice(0, 6);
  for (let n = lo; n <= hi; n++) {
    const c =
      parsed.level === 'village'
        ? `${base}${String(n).padStart(3, '0')}`
        : `${base}${String(n).padStart(3, '0')}000`;
    if (!used.has(c)) return c;
  }
  throw new AppError('CONFLICT', `no free ${parsed.kind} code under ${parentCode}`);
}

/**
 * The demo county, after seed 000 (马尔康市, 2020): 4 towns + 10 townships, the 马尔康镇 and
 * 卓克基镇 merger; 3 communities + 105 villages + 1 pasture becoming 3 communities + 94 villages;
 * 237 villager groups with 18 merges planned. Names the seed omits are invented.
 */
export const DEMO_COUNTY = '513201';
export const DEMO_COUNTY_NAME = '马尔康市';
export const FACTS_DATE = '2019-12-31';

export const TOWNSHIPS: { n: number; name: string; villages: number }[] = [
  { n: 100, name: '马尔康镇', villages: 9 },
  { n: 101, name: '卓克基镇', villages: 8 },
  { n: 102, name: '松岗镇', villages: 9 },
  { n: 103, name: '脚木足镇', villages: 8 },
  { n: 200, name: '梭磨乡', villages: 7 },
  { n: 201, name: '白湾乡', villages: 7 },
  { n: 202, name: '党坝乡', villages: 8 },
  { n: 203, name: '木尔宗乡', villages: 7 },
  { n: 204, name: '沙尔宗乡', villages: 7 },
  { n: 205, name: '龙尔甲乡', villages: 8 },
  { n: 206, name: '大藏乡', villages: 7 },
  { n: 207, name: '康山乡', villages: 7 },
  { n: 208, name: '草登乡', villages: 7 },
  { n: 209, name: '日部乡', villages: 6 },
];

export const COMMUNITIES = ['团结街社区', '达萨街社区', '马江街社区'];
export const PASTURE = { township: 208, n: 400, name: '草登牧场' };

const FIRST = [
  '西',
  '查',
  '莫',
  '木',
  '英',
  '登',
  '石',
  '毛',
  '达',
  '若',
  '沙',
  '克',
  '昌',
  '色',
  '热',
  '甲',
];
const SECOND = [
  '索',
  '米',
  '拉',
  '尔',
  '波',
  '达',
  '江',
  '木',
  '维',
  '基',
  '足',
  '塘',
  '都',
  '卡',
  '洛',
  '宗',
];

/** 105 distinct two-syllable village names (莫拉 and 大坝口 are named in the seed). */
export function villageNames(count: number): string[] {
  const names = ['莫拉村', '大坝口村'];
  for (let i = 0; names.length < count; i++) {
    const a = FIRST[i % FIRST.length] ?? '';
    const b = SECOND[(i * 7 + Math.floor(i / FIRST.length)) % SECOND.length] ?? '';
    const name = `${a}${b}村`;
    if (a !== b && !names.includes(name)) names.push(name);
  }
  return names;
}

const GROUP_NAMES = ['一组', '二组', '三组', '四组'];
export const groupName = (village: string, i: number) =>
  `${village.replace(/村$/, '')}${GROUP_NAMES[i] ?? `${i + 1}组`}`;

/** Deterministic pseudo-random figures (mulberry32), so every demo load is identical. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoRow {
  code: string;
  name: string;
  population: number;
  households: number;
  areaKm2: number;
  seat?: string;
  tags?: string[];
}

/** The registry as it stood on 2019-12-31, county first, parents before children. */
export function demoRows(): DemoRow[] {
  const r = rng(513201);
  const between = (lo: number, hi: number) => Math.round(lo + r() * (hi - lo));
  const county: DemoRow = {
    code: `${DEMO_COUNTY}000000`,
    name: DEMO_COUNTY_NAME,
    population: 0,
    households: 0,
    areaKm2: 0,
  };
  const out: DemoRow[] = [county];
  const names = villageNames(105);
  let vi = 0;
  let groupsLeft = 237;
  for (const t of TOWNSHIPS) {
    const tCode = `${DEMO_COUNTY}${t.n}`;
    const township: DemoRow = {
      code: `${tCode}000`,
      name: t.name,
      population: 0,
      households: 0,
      areaKm2: 0,
      seat: `${DEMO_COUNTY_NAME}${t.name}人民政府驻地`,
    };
    if (t.n === 100) township.seat = '马尔康市马江街65号';
    if (t.n === 101) township.tags = ['historic'];
    out.push(township);
    const children: DemoRow[] = [];
    if (t.n === 100)
      COMMUNITIES.forEach((name, i) =>
        children.push({
          code: `${tCode}00${i + 1}`,
          name,
          population: between(2000, 5000),
          households: 0,
          areaKm2: between(1, 3),
        }),
      );
    for (let k = 0; k < t.villages; k++, vi++) {
      const v: DemoRow = {
        code: `${tCode}${200 + k}`,
        name: names[vi] ?? `村${vi}`,
        population: between(280, 1100),
        households: 0,
        areaKm2: between(8, 60),
      };
      children.push(v);
      // 27 villages have three groups, the other 78 two: 237 in all.
      const nGroups = vi < 27 ? 3 : 2;
      groupsLeft -= nGroups;
      children.push(...groupsOf(v, nGroups));
    }
    if (t.n === PASTURE.township)
      children.push({
        code: `${tCode}${PASTURE.n}`,
        name: PASTURE.name,
        population: between(60, 120),
        households: 0,
        areaKm2: between(40, 90),
        tags: ['pasture'],
      });
    for (const c of children) {
      c.households = Math.round(c.population / 3.4);
      if (c.code.length === 12) {
        township.population += c.population;
        township.areaKm2 += c.areaKm2;
      }
    }
    township.households = Math.round(township.population / 3.4);
    county.population += township.population;
    county.areaKm2 += township.areaKm2;
    out.push(...children);
  }
  county.households = Math.round(county.population / 3.4);
  if (groupsLeft !== 0) throw new Error(`demo groups do not add up (${groupsLeft} left)`);
  return out;
}

function groupsOf(v: DemoRow, n: number): DemoRow[] {
  const groups: DemoRow[] = [];
  for (let i = 0; i < n; i++) {
    const share =
      i === n - 1 ? v.population - Math.floor(v.population / n) * (n - 1) : Math.floor(v.population / n);
    groups.push({
      code: `${v.code}${String(i + 1).padStart(3, '0')}`,
      name: groupName(v.name, i),
      population: share,
      households: 0,
      areaKm2: Math.round((v.areaKm2 / n) * 100) / 100,
    });
  }
  return groups;
}

export function demoCsv(rows: DemoRow[]): string {
  const head = '代码,名称,人口,户数,面积(平方公里),统计日期,驻地,标签,设立日期';
  const lines = rows.map((r) =>
    [
      r.code,
      r.name,
      r.population,
      r.households,
      r.areaKm2,
      FACTS_DATE,
      r.seat ?? '',
      (r.tags ?? []).join(';'),
      '1983-08-01',
    ].join(','),
  );
  return [head, ...lines].join('\n');
}

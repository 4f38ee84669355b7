/** Documents shaped like Hebing records, about 0.5 KB of BSON each (or smaller for 500k loads). */
export interface BenchDoc {
  code: string;
  name: string;
  town: string;
  n: number;
  g: number;
  active: boolean;
  createdAt: Date;
  tags: string[];
  note: string;
}

const TOWNS = ['north', 'south', 'east', 'west', 'river', 'hill', 'lake', 'field'];

export function makeDocs(count: number, offset = 0, noteLength = 330): BenchDoc[] {
  const note = 'n'.repeat(noteLength);
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    return {
      code: `C${i.toString().padStart(8, '0')}`,
      name: `Person ${i}`,
      town: TOWNS[i % TOWNS.length] ?? 'north',
      n: i,
      g: i % 100,
      active: i % 3 !== 0,
      createdAt: new Date(base + i * 1000),
      tags: ['a', `t${i % 7}`],
      note,
    };
  });
}

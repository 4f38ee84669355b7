import type { RowError, UnitFacts, UnitKind, UnitLevel } from '@hebing/contracts';
import { nameKindMismatch, parseCode } from '../units/code.service';
import { COLUMNS, DERIVED_COLUMNS, type Field } from './import-columns';
import type { RawTable } from './import-parse.service';

export interface ImportRow {
  line: number;
  code: string;
  name: string;
  level: UnitLevel;
  kind: UnitKind;
  parentCode: string | null;
  facts: UnitFacts | null;
  seatAddress: string | null;
  tags: string[];
  validFrom: string;
}

export interface ValidateContext {
  county: string; // every row must belong to it
  today: string; // default validFrom
  activeCodes: ReadonlySet<string>; // codes active in the registry now (possible parents)
  retiredCodes: ReadonlySet<string>; // codes only abolished records carry: never reused by import
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Maps header cells to fields; unknown headers are errors (a typo must not drop a column silently). */
function mapHeader(header: string[], errors: RowError[]): Map<Field, number> {
  const idx = new Map<Field, number>();
  header.forEach((h, i) => {
    if (h === '' || DERIVED_COLUMNS.includes(h)) return;
    const field = (Object.keys(COLUMNS) as Field[]).find((f) =>
      (COLUMNS[f] as readonly string[]).includes(h),
    );
    if (!field) errors.push({ line: 1, column: h, reason: 'unknown column' });
    else if (idx.has(field)) errors.push({ line: 1, column: h, reason: 'column given twice' });
    else idx.set(field, i);
  });
  for (const f of ['code', 'name'] as const) {
    if (!idx.has(f)) errors.push({ line: 1, column: COLUMNS[f][0], reason: 'required column missing' });
  }
  return idx;
}

function parseNumber(s: string, integer: boolean): number | null {
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return integer && !Number.isInteger(n) ? null : n;
}

function readFacts(
  get: (f: Field) => string,
  col: (f: Field) => string,
  line: number,
  errors: RowError[],
): UnitFacts | null {
  const raw = {
    population: get('population'),
    households: get('households'),
    areaKm2: get('areaKm2'),
    asOf: get('asOf'),
  };
  if (Object.values(raw).every((v) => v === '')) return null;
  const before = errors.length;
  const population = parseNumber(raw.population, true);
  const households = parseNumber(raw.households, true);
  const areaKm2 = parseNumber(raw.areaKm2, false);
  if (population === null)
    errors.push({ line, column: col('population'), reason: 'population must be a whole number ≥ 0' });
  if (households === null)
    errors.push({ line, column: col('households'), reason: 'households must be a whole number ≥ 0' });
  if (areaKm2 === null) errors.push({ line, column: col('areaKm2'), reason: 'area must be a number ≥ 0' });
  if (!isDay(raw.asOf))
    errors.push({ line, column: col('asOf'), reason: 'facts need an as-of date YYYY-MM-DD' });
  if (errors.length > before || population === null || households === null || areaKm2 === null) return null;
  return { asOf: raw.asOf, population, households, areaKm2 };
}

function readRow(
  r: RawTable['rows'][number],
  idx: Map<Field, number>,
  ctx: ValidateContext,
  errors: RowError[],
): ImportRow | null {
  const get = (f: Field) => {
    const i = idx.get(f);
    return i === undefined ? '' : (r.cells[i] ?? '');
  };
  const col = (f: Field) => COLUMNS[f][0];
  const line = r.line;
  const before = errors.length;
  const code = get('code');
  const name = get('name');
  const parsed = parseCode(code);
  if (!parsed.ok) errors.push({ line, column: col('code'), reason: parsed.reason });
  else if (parsed.value.county !== ctx.county)
    errors.push({ line, column: col('code'), reason: `not in county ${ctx.county}` });
  else if (ctx.retiredCodes.has(code))
    errors.push({ line, column: col('code'), reason: 'code of an abolished unit: not reused' });
  if (name === '') errors.push({ line, column: col('name'), reason: 'name is empty' });
  else if (name.length > 100)
    errors.push({ line, column: col('name'), reason: 'name longer than 100 characters' });
  else if (parsed.ok) {
    const mismatch = nameKindMismatch(name, parsed.value.kind);
    if (mismatch) errors.push({ line, column: col('name'), reason: mismatch });
  }
  const validFrom = get('validFrom') || ctx.today;
  if (!isDay(validFrom)) errors.push({ line, column: col('validFrom'), reason: 'date must be YYYY-MM-DD' });
  const facts = readFacts(get, col, line, errors);
  if (errors.length > before || !parsed.ok) return null;
  const tags = get('tags')
    .split(/[;；、,，]/)
    .map((t) => t.trim())
    .filter(Boolean);
  const seat = get('seatAddress');
  const { level, kind, parentCode } = parsed.value;
  return {
    line,
    code,
    name,
    level,
    kind,
    parentCode,
    facts,
    seatAddress: seat === '' ? null : seat,
    tags: [...new Set(tags)].sort(),
    validFrom,
  };
}

/** Every row checked, every problem reported with line, column and reason; rows only if none. */
export function validateTable(t: RawTable, ctx: ValidateContext): { rows: ImportRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const idx = mapHeader(t.header, errors);
  if (errors.length) return { rows: [], errors };
  if (t.rows.length === 0)
    return { rows: [], errors: [{ line: 2, column: '', reason: 'the file has no data rows' }] };
  const rows: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const r of t.rows) {
    const row = readRow(r, idx, ctx, errors);
    if (!row) continue;
    const dup = firstLine.get(row.code);
    if (dup !== undefined) {
      errors.push({ line: row.line, column: COLUMNS.code[0], reason: `duplicate of line ${dup}` });
      continue;
    }
    firstLine.set(row.code, row.line);
    rows.push(row);
  }
  for (const row of rows) {
    if (row.parentCode && !firstLine.has(row.parentCode) && !ctx.activeCodes.has(row.parentCode)) {
      errors.push({
        line: row.line,
        column: COLUMNS.code[0],
        reason: `parent ${row.parentCode} is neither in the file nor active in the registry`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length ? { rows: [], errors } : { rows, errors };
}

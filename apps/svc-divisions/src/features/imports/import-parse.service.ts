import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError, type RowError } from '@hebing/contracts';

/** A parsed table: header cells and data rows with their 1-based line (sheet row) numbers. */
export interface RawTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return String(v.text);
    return ''; // an error cell, or a shape this sheet should not contain
  }
  return String(v);
}

export function parseCsv(buf: Buffer): RawTable {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const res = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  // An undetectable delimiter only means one column or a comma default; broken quoting is fatal.
  const fatal = res.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    const line = (fatal.row ?? 0) + 1;
    throw new AppError('BAD_INPUT', 'the file is not valid CSV', {
      errors: [{ line, column: '', reason: fatal.message }],
    });
  }
  const [header = [], ...rest] = res.data;
  const rows = rest
    .map((cells, i) => ({ line: i + 2, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { header: header.map((h) => h.trim()), rows };
}

export async function parseXlsx(buf: Buffer): Promise<RawTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('BAD_INPUT', 'the file is not a readable XLSX workbook', {
      errors: [{ line: 0, column: '', reason: e instanceof Error ? e.message : String(e) }],
    });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('BAD_INPUT', 'the workbook has no sheet', { errors: [] });
  const header: string[] = [];
  const rows: RawTable['rows'] = [];
  const width = ws.columnCount;
  const first = firstRow(ws);
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (n === first) header.push(...cells);
    else if (cells.some((x) => x !== '')) rows.push({ line: n, cells });
  });
  return { header, rows };
}

function firstRow(ws: ExcelJS.Worksheet): number {
  let first = 0;
  ws.eachRow({ includeEmpty: false }, (_r, n) => {
    if (first === 0) first = n;
  });
  return first;
}

export async function parseTable(format: 'csv' | 'xlsx', buf: Buffer): Promise<RawTable> {
  return format === 'csv' ? parseCsv(buf) : parseXlsx(buf);
}

export type { RowError };

import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { FilePayload } from '@hebing/contracts';
import { factsOn, type UnitRecord } from '../units/unit.types';
import { EXPORT_HEADER } from './import-columns';

/** The registry as a table the importer reads back unchanged (the derived columns are ignored). */
export function unitsToTable(units: readonly UnitRecord[], asOf: string): string[][] {
  const rows = [...units]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => {
      const f = factsOn(u.facts, asOf);
      return [
        u.code,
        u.name,
        u.level,
        u.kind,
        u.parentCode ?? '',
        f ? String(f.population) : '',
        f ? String(f.households) : '',
        f ? String(f.areaKm2) : '',
        f ? f.asOf : '',
        u.seatAddress ?? '',
        [...u.tags].sort().join(';'),
        u.validFrom,
      ];
    });
  return [EXPORT_HEADER, ...rows];
}

export function tableToCsv(table: string[][], fileName: string): FilePayload {
  // A BOM so that Excel opens the UTF-8 Chinese text correctly.
  const text = `\uFEFF${Papa.unparse(table, { newline: '\r\n' })}`;
  return { fileName, mimeType: 'text/csv', contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}

export async function tableToXlsx(
  table: string[][],
  fileName: string,
  sheet = 'units',
): Promise<FilePayload> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  // Codes as text: a 12-digit number would lose its leading zeros and show in scientific notation.
  for (const r of table) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 16));
  const buf = await wb.xlsx.writeBuffer();
  return {
    fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    contentBase64: Buffer.from(buf).toString('base64'),
  };
}

/** Accepted headers per field (the export writes the first Chinese one; English works too). */
export const COLUMNS = {
  code: ['代码', 'code', '统计用区划代码', '区划代码'],
  name: ['名称', 'name'],
  population: ['人口', 'population'],
  households: ['户数', 'households'],
  areaKm2: ['面积(平方公里)', 'area_km2', 'areaKm2', '面积', '面积（平方公里）'],
  asOf: ['统计日期', 'as_of', 'asOf'],
  seatAddress: ['驻地', 'seat_address', 'seatAddress'],
  tags: ['标签', 'tags'],
  validFrom: ['设立日期', 'valid_from', 'validFrom'],
} as const;
export type Field = keyof typeof COLUMNS;

/** Columns the export adds for people; the importer derives them from the code and ignores them. */
export const DERIVED_COLUMNS = ['层级', '类别', '上级代码', 'level', 'kind', 'parent_code'];

export const EXPORT_HEADER = [
  COLUMNS.code[0],
  COLUMNS.name[0],
  '层级',
  '类别',
  '上级代码',
  COLUMNS.population[0],
  COLUMNS.households[0],
  COLUMNS.areaKm2[0],
  COLUMNS.asOf[0],
  COLUMNS.seatAddress[0],
  COLUMNS.tags[0],
  COLUMNS.validFrom[0],
];

/**
 * An agency's cells packed in one block (browser and Node alike; no fetch inside).
 *
 * A prebuilt database may come with `agency-cells.bin`: every agency's cells as one gzip member
 * of JSON, one agency after another, and in its hot file a table giving each agency's block (its
 * byte offset and length in the file). Opening an agency then reads its cells with one HTTP range
 * request, where the `cells` table of the main file took 18 requests, one after another in the
 * DuckDB worker (bench/SCALE.md, round 12). The block holds exactly what
 * `agencyCellsForReportsSql` returns apart from the year and template, which come from the
 * agency's profile as they do there.
 *
 * A block is `{"v":1, "<column>": [values…], …}`: one array per column of `CELL_BLOCK_COLUMNS`,
 * all of the same length, rows in the order of that statement (year, report id, key).
 */
import type { AgencyReportRef } from '../queries/agency';
import { sqlString } from '../queries/sql';
import type { DbConnector } from '../db/connector';

/** The file beside the corpus database. */
export const CELL_BLOCKS_FILE = 'agency-cells.bin';
/** The hot file's table of blocks: agency_id, province, city, byte_offset, byte_length. */
export const CORPUS_DB_CELL_BLOCKS = 'agency_cell_blocks';
/** Its columns. */
export const CELL_BLOCK_PLACE_COLUMNS = ['agency_id', 'province', 'city', 'byte_offset', 'byte_length'] as const;
/** The view over it (only an attached corpus whose manifest names the file has it). */
export const CELL_BLOCKS_VIEW = 'v_agency_cell_blocks';
/** Format version written in every block. */
export const CELL_BLOCK_VERSION = 1;

type Kind = 'text' | 'number' | 'boolean';

/** The cell columns a block holds, in the order of `agencyCellsForReportsSql`, and what each value may be. */
export const CELL_BLOCK_COLUMNS = [
  ['report_id', 'text'], ['key', 'text'], ['table_id', 'text'], ['value', 'number'], ['semantic', 'text'], ['raw', 'text'],
  ['unit', 'text'], ['value_yuan', 'number'], ['derived', 'boolean'], ['prov_line', 'number'], ['prov_page', 'number'], ['prov_path', 'text'],
] as const satisfies readonly (readonly [string, Kind])[];

/** One agency's block, checked: a column of values per name, every column as long as `rows`. */
export interface CellBlock {
  readonly rows: number;
  readonly columns: Readonly<Record<(typeof CELL_BLOCK_COLUMNS)[number][0], readonly unknown[]>>;
}

/** Where an agency's block is, as the hot file's table gives it. */
export interface CellBlockPlace {
  /** The blocks file, relative to the corpus folder. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * The writer's statement for the agencies `where` selects (a predicate over `cells c`, e.g. one
 * city): per agency its region and its block's JSON text, in the order of the hot table
 * (province, city, agency). `schema` holds `cells` (with its report's agency and region, as the
 * database stores it) and `reports`. DuckDB writes every double in its shortest round-trip form.
 */
export function cellBlocksSelectSql(schema: string, where: string): string {
  const order = 'ORDER BY r.year NULLS LAST, c.report_id, c.key';
  const lists = CELL_BLOCK_COLUMNS.map(([name]) => `${name}: list(c.${name} ${order})`).join(', ');
  return `SELECT c.agency_id, any_value(c.province) AS province, any_value(c.city) AS city,
  to_json({v: ${String(CELL_BLOCK_VERSION)}, ${lists}})::VARCHAR AS block
FROM ${schema}.cells c
JOIN ${schema}.reports r ON r.report_id = c.report_id
WHERE c.agency_id IS NOT NULL AND ${where}
GROUP BY c.agency_id
ORDER BY province NULLS LAST, city NULLS LAST, c.agency_id`;
}

/** An agency's block place: the row of the view, or null when the corpus has none for it. */
export function cellBlockPlaceSql(agencyId: string): string {
  return `SELECT file, byte_offset, byte_length FROM ${CELL_BLOCKS_VIEW} WHERE agency_id = ${sqlString(agencyId)}`;
}

/** The place in a row of `cellBlockPlaceSql`, or null when the row is not one. */
export function cellBlockPlace(row: Readonly<Record<string, unknown>> | undefined): CellBlockPlace | null {
  if (!row) return null;
  const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN);
  const offset = num(row.byte_offset);
  const length = num(row.byte_length);
  if (typeof row.file !== 'string' || row.file === '' || !Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length <= 0) return null;
  return { file: row.file, offset, length };
}

const isKind = (v: unknown, kind: Kind): boolean =>
  v === null || (kind === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === (kind === 'text' ? 'string' : 'boolean'));

/**
 * A block's JSON, checked: the version, every column present, of one length, each value of its
 * column's kind or null. Throws a bilingual message otherwise (a block that is not what the writer
 * writes is never shown as cells).
 */
export function parseCellBlock(json: unknown): CellBlock {
  const bad = (zh: string, en: string): never => {
    throw new Error(`单元格数据块无效：${zh} / invalid cell block: ${en}`);
  };
  if (typeof json !== 'object' || json === null) return bad('不是对象', 'not an object');
  const o = json as Record<string, unknown>;
  if (o.v !== CELL_BLOCK_VERSION) return bad(`版本 ${String(o.v)}`, `version ${String(o.v)}`);
  let rows = -1;
  const columns: Record<string, readonly unknown[]> = {};
  for (const [name, kind] of CELL_BLOCK_COLUMNS) {
    const values = o[name];
    if (!Array.isArray(values)) return bad(`缺少列 ${name}`, `column ${name} missing`);
    if (rows === -1) rows = values.length;
    else if (values.length !== rows) return bad(`列 ${name} 有 ${String(values.length)} 个值，应为 ${String(rows)}`, `column ${name} has ${String(values.length)} values, not ${String(rows)}`);
    for (const v of values as unknown[]) if (!isKind(v, kind)) return bad(`列 ${name} 含有非法值 ${JSON.stringify(v)}`, `column ${name} holds ${JSON.stringify(v)}`);
    columns[name] = values as unknown[];
  }
  return { rows: Math.max(rows, 0), columns: columns as CellBlock['columns'] };
}

/** The text of a gzip member (or several, concatenated). */
export async function gunzipText(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** A block's bytes as the file stores them (a gzip member of JSON), checked. */
export async function decodeCellBlock(bytes: Uint8Array<ArrayBuffer>): Promise<CellBlock> {
  let json: unknown;
  try {
    json = JSON.parse(await gunzipText(bytes));
  } catch (e) {
    throw new Error(`单元格数据块无法解压或解析 / the cell block does not decompress or parse: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseCellBlock(json);
}

/**
 * The rows `agencyCellsForReportsSql(agencyId, refs)` returns, from the agency's block: each cell
 * of a report the profile lists, with that report's year and template. A cell of a report the
 * profile does not list is left out, as the statement's join leaves it out.
 */
export function cellRowsFromBlock(block: CellBlock, refs: readonly AgencyReportRef[]): Record<string, unknown>[] {
  const byId = new Map(refs.map((r) => [r.reportId, r]));
  const c = block.columns;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < block.rows; i++) {
    const ref = byId.get(c.report_id[i] as string);
    if (!ref) continue;
    // Written out, in the statement's column order: one shape for every row.
    out.push({
      report_id: ref.reportId, year: ref.year, template: ref.template, key: c.key[i], table_id: c.table_id[i], value: c.value[i], semantic: c.semantic[i],
      raw: c.raw[i], unit: c.unit[i], value_yuan: c.value_yuan[i], derived: c.derived[i], prov_line: c.prov_line[i], prov_page: c.prov_page[i], prov_path: c.prov_path[i],
    });
  }
  return out;
}

/** Reads `length` bytes of a corpus file from `offset` (one HTTP range request in the page). */
export type RangeReader = (file: string, offset: number, length: number) => Promise<Uint8Array<ArrayBuffer>>;

/** A block's bytes by `read`, decoded and checked (its length too). */
export async function readCellBlock(place: CellBlockPlace, read: RangeReader): Promise<CellBlock> {
  const bytes = await read(place.file, place.offset, place.length);
  if (bytes.length !== place.length) throw new Error(`单元格数据块长度 ${String(bytes.length)}，应为 ${String(place.length)} / the cell block is ${String(bytes.length)} bytes, not ${String(place.length)}`);
  return decodeCellBlock(bytes);
}

/**
 * The agency's block in a corpus that has blocks: where it is (a small statement through `db`, so a
 * prefetch asks it in the background and a view in the foreground, joining the same statement),
 * then the block by `read`. Null when the agency has none (it has no cells). Rejects when the
 * statement or the read fails.
 */
export async function agencyCellBlock(
  db: Pick<DbConnector, 'query'>, agencyId: string, read: (place: CellBlockPlace) => Promise<CellBlock>, opts: { signal?: AbortSignal } = {},
): Promise<CellBlock | null> {
  const place = cellBlockPlace((await db.query(cellBlockPlaceSql(agencyId), opts)).rows[0]);
  return place === null ? null : read(place);
}

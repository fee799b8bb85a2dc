/**
 * Console results as export tables and quick charts. Pure: the rows a query returned in, plain
 * export rows, Parquet column types and a chart description out.
 */
import type { AnyChart } from '../../charts/anyChart';
import type { ChartRow } from '../../charts/spec';
import type { ColumnType } from '../../corpus/schema';
import type { QueryResult } from '../../db/connector';
import type { ExportRow } from '../../export/table';

/** A cell as export text or number: nested values (lists, structs) become JSON. */
export function plainValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
  } catch {
    // Circular or otherwise unserialisable: say what it is rather than invent a value.
    return Object.prototype.toString.call(v);
  }
}

/** How a result cell is shown in the grid: null as “NULL”, so it is never mistaken for '' or 0. */
export function displayValue(v: unknown): string {
  const p = plainValue(v);
  return p === null ? 'NULL' : String(p);
}

export function exportRows(result: QueryResult): ExportRow[] {
  return result.rows.map((r) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const c of result.columns) out[c.name] = plainValue(r[c.name]);
    return out;
  });
}

const INT32 = 2 ** 31;

/** The Parquet type that holds every value of a column: INTEGER/DOUBLE for numbers, BOOLEAN, else VARCHAR. */
export function inferColumnType(rows: readonly ExportRow[], column: string): ColumnType {
  let kind: 'none' | 'int' | 'double' | 'bool' | 'text' = 'none';
  for (const r of rows) {
    const v = r[column];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' ? (Number.isInteger(v) && Math.abs(v) < INT32 ? 'int' : 'double') : typeof v === 'boolean' ? 'bool' : 'text';
    if (kind === 'none' || kind === k) kind = k;
    else if ((kind === 'int' && k === 'double') || (kind === 'double' && k === 'int')) kind = 'double';
    else return 'VARCHAR';
  }
  return kind === 'int' ? 'INTEGER' : kind === 'double' ? 'DOUBLE' : kind === 'bool' ? 'BOOLEAN' : 'VARCHAR';
}

/** Export rows with every value of a VARCHAR column as text (Parquet wants one type per column). */
export function parquetTable(result: QueryResult): { columns: { name: string; type: ColumnType }[]; rows: ExportRow[] } {
  const rows = exportRows(result);
  const columns = result.columns.map((c) => ({ name: c.name, type: inferColumnType(rows, c.name) }));
  const text = columns.filter((c) => c.type === 'VARCHAR').map((c) => c.name);
  const fixed = text.length === 0 ? rows : rows.map((r) => {
    const o: Record<string, ExportRow[string]> = { ...r };
    for (const k of text) if (o[k] !== null && o[k] !== undefined) o[k] = String(o[k]);
    return o;
  });
  return { columns, rows: fixed };
}

export type QuickKind = 'bar' | 'line';

export interface QuickChoice {
  readonly kind: QuickKind;
  readonly x: string;
  readonly y: string;
  /** '' for a single series. */
  readonly series: string;
}

/** Columns whose non-null values are all numbers (candidates for y). */
export function numericColumns(result: QueryResult): string[] {
  return result.columns
    .map((c) => c.name)
    .filter((name) => {
      let seen = false;
      for (const r of result.rows) {
        const v = r[name];
        if (v === null || v === undefined) continue;
        if (typeof v !== 'number' && typeof v !== 'bigint') return false;
        seen = true;
      }
      return seen;
    });
}

/** A sensible first pick: x the first non-numeric column (or the first), y the first numeric one other than x. */
export function defaultChoice(result: QueryResult): QuickChoice | null {
  const nums = numericColumns(result);
  const names = result.columns.map((c) => c.name);
  const x = names.find((n) => !nums.includes(n)) ?? names[0];
  const y = nums.find((n) => n !== x);
  if (x === undefined || y === undefined) return null;
  return { kind: 'bar', x, y, series: '' };
}

/** Charts draw at most this many rows: a quick chart of 100,000 rows helps nobody and stalls the page. */
export const QUICK_CHART_MAX_ROWS = 2000;

export interface QuickBase {
  readonly title: string;
  readonly subtitle: string;
  readonly footnote: string;
  readonly lang: 'zh' | 'en';
}

/** The chart for a choice: bars (ranked, or grouped by the series column) or lines. */
export function quickChart(result: QueryResult, c: QuickChoice, base: QuickBase): AnyChart {
  const rows: ChartRow[] = result.rows.slice(0, QUICK_CHART_MAX_ROWS).map((r) => {
    const o: Record<string, string | number | boolean | null> = {};
    for (const k of [c.x, c.y, c.series]) if (k !== '') o[k] = plainValue(r[k]);
    return o;
  });
  const common = { ...base, format: 'count' as const, valueName: c.y };
  if (c.kind === 'line') {
    return { kind: 'line', rows, spec: { ...common, xField: c.x, valueField: c.y, ...(c.series === '' ? {} : { seriesField: c.series }) } };
  }
  if (c.series !== '') {
    return { kind: 'groupedBar', rows, spec: { ...common, categoryField: c.x, seriesField: c.series, valueField: c.y } };
  }
  return { kind: 'rankedBar', rows, spec: { ...common, categoryField: c.x, valueField: c.y, limit: 50 } };
}

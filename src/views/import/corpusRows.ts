/**
 * Query rows → corpus rows typed by the schema, for writing corpus tables with the corpus writers
 * (`src/corpus/csv.ts`, `src/corpus/parquet.ts`), which the loader reads back exactly. (The
 * spreadsheet CSV of `src/export/csv.ts` neutralises formula-like text: a printed `-` would come
 * back as `'-`, so it must not be used for corpus tables.)
 */
import type { ColumnSpec, TableSpec } from '../../corpus/schema';
import type { CellValue, Row } from '../../corpus/rows';

function typed(table: string, col: ColumnSpec, v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  const bad = (): never => {
    throw new Error(`${table}.${col.name}: ${typeof v} value cannot be written as ${col.type}`);
  };
  switch (col.type) {
    case 'VARCHAR':
      return typeof v === 'string' ? v : bad();
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : bad();
    case 'INTEGER':
    case 'DOUBLE': {
      const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : bad();
      return col.type === 'INTEGER' && !Number.isInteger(n) ? bad() : n;
    }
  }
}

/** Rows of one corpus table (columns in schema order), each value checked against its column type. */
export function corpusRowsOf(spec: TableSpec, rows: readonly Readonly<Record<string, unknown>>[]): Row[] {
  return rows.map((r) => {
    const out: Record<string, CellValue> = {};
    for (const col of spec.columns) out[col.name] = typed(spec.name, col, r[col.name]);
    return out;
  });
}

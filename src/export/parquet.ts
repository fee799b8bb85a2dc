/**
 * Parquet export in pure JS (hyparquet-writer): DuckDB-WASM cannot write Parquet offline
 * (stack/NOTES.md), so the filtered corpus is queried into rows and written here.
 */
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import type { ColumnType } from '../corpus/schema';
import type { ExportRow, ExportValue } from './table';

/** A column to write; the type follows the corpus schema (`src/corpus/schema.ts`). */
export interface ParquetColumn {
  readonly name: string;
  readonly type: ColumnType;
}

type Cell = string | number | boolean | null;

function convert(v: ExportValue, type: ColumnType, column: string): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'VARCHAR':
      return v instanceof Date ? v.toISOString() : String(v);
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 1) return true;
      if (v === 'false' || v === 0) return false;
      break;
    case 'INTEGER':
    case 'DOUBLE': {
      const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(n)) break;
      if (type === 'INTEGER' && !Number.isInteger(n)) break;
      return n;
    }
  }
  throw new Error(`toParquet: column ${column} (${type}) cannot hold ${typeof v} value ${String(v)}`);
}

const PARQUET_TYPE: Record<ColumnType, 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN'> = {
  VARCHAR: 'STRING',
  INTEGER: 'INT32',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
};

/** Writes rows as a Parquet file (Snappy, nullable columns). Throws, naming the column, on a value the type cannot hold. */
export function toParquet(columns: readonly ParquetColumn[], rows: readonly ExportRow[]): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    type: PARQUET_TYPE[c.type],
    nullable: true,
    data: rows.map((r) => convert(r[c.name], c.type, c.name)),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

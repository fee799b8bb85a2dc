/**
 * Parquet out via hyparquet-writer: types and nullability follow `schema.ts`. No fs here: the
 * same code runs in the browser (the dashboard's export) and in the CLI.
 */
import { parquetWriteBuffer, type BasicType, type ColumnSource } from 'hyparquet-writer';
import type { ColumnSpec, ColumnType, OutputTableSpec } from './schema';
import type { CellValue, Row } from './rows';

const PARQUET_TYPE: Readonly<Record<ColumnType, BasicType>> = {
  VARCHAR: 'STRING',
  INTEGER: 'INT32',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
};

function checkValue(table: string, col: ColumnSpec, v: CellValue, rowIndex: number): void {
  const where = `${table}.${col.name} row ${rowIndex}`;
  if (v === null) {
    if (!col.nullable) throw new Error(`${where}: null in a non-nullable column`);
    return;
  }
  const ok =
    (col.type === 'VARCHAR' && typeof v === 'string') ||
    (col.type === 'BOOLEAN' && typeof v === 'boolean') ||
    (col.type === 'DOUBLE' && typeof v === 'number' && Number.isFinite(v)) ||
    (col.type === 'INTEGER' && typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 0x7fffffff);
  if (!ok) throw new Error(`${where}: ${JSON.stringify(v)} is not a ${col.type}`);
}

/**
 * The table as Parquet bytes (SNAPPY, one row group per 100k rows). Throws on a value that does
 * not fit its column, so a contract break fails the build instead of writing a wrong file.
 */
export function toParquet(spec: OutputTableSpec, rows: readonly Row[]): Uint8Array {
  const columnData: ColumnSource[] = spec.columns.map((col) => {
    const data = rows.map((r, i) => {
      const v = r[col.name] ?? null;
      checkValue(spec.name, col, v, i);
      return v;
    });
    return { name: col.name, data, type: PARQUET_TYPE[col.type], nullable: col.nullable };
  });
  // A fixed `createdBy` keeps the bytes independent of the writer's defaults.
  const buf = parquetWriteBuffer({ columnData, rowGroupSize: 100_000, createdBy: 'disclosure-atlas corpus writer' });
  return new Uint8Array(buf);
}

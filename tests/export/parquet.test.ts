import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { toParquet, type ParquetColumn } from '../../src/export/parquet';
import { loadExpected, valueOf, XSS } from '../charts/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'atlas-parquet-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const columns: ParquetColumn[] = [
  { name: 'report_id', type: 'VARCHAR' },
  { name: 'agency_name', type: 'VARCHAR' },
  { name: 'year', type: 'INTEGER' },
  { name: 'synthetic', type: 'BOOLEAN' },
  { name: 'requests__new_received__total', type: 'DOUBLE' },
  { name: 'requests__results__granted__total', type: 'DOUBLE' },
];

// Real figures: 001 上海市政府办公厅 2019 (予以公开 total blank), 092 淮安市 2024, 211 宿迁市 2024.
const rows = ['001', '092', '211'].map((id) => {
  const e = loadExpected(id);
  return {
    report_id: e.id,
    agency_name: e.agency,
    year: e.year,
    synthetic: false,
    requests__new_received__total: valueOf(e, 'requests.new_received.total'),
    requests__results__granted__total: valueOf(e, 'requests.results.granted.total'),
  };
});
rows.push({ report_id: 'x', agency_name: XSS, year: 2024, synthetic: true, requests__new_received__total: -3.5, requests__results__granted__total: null });

const expected = [
  { report_id: '001', agency_name: '上海市人民政府办公厅', year: 2019, synthetic: false, requests__new_received__total: 859, requests__results__granted__total: null },
  { report_id: '092', agency_name: '淮安市人民政府', year: 2024, synthetic: false, requests__new_received__total: 3119, requests__results__granted__total: 1362 },
  { report_id: '211', agency_name: '宿迁市人民政府', year: 2024, synthetic: false, requests__new_received__total: 3525, requests__results__granted__total: 1431 },
  { report_id: 'x', agency_name: XSS, year: 2024, synthetic: true, requests__new_received__total: -3.5, requests__results__granted__total: null },
];

describe('toParquet', () => {
  const bytes = toParquet(columns, rows);

  it('reads back with hyparquet, nulls kept as nulls', async () => {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const got = await parquetReadObjects({ file });
    expect(got).toEqual(expected);
  });

  it('reads back with native DuckDB with the schema types', async () => {
    const path = join(dir, 'reports.parquet');
    writeFileSync(path, bytes);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const types = await conn.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`);
    expect(types.getRowObjectsJson()).toEqual([
      { column_name: 'report_id', column_type: 'VARCHAR' },
      { column_name: 'agency_name', column_type: 'VARCHAR' },
      { column_name: 'year', column_type: 'INTEGER' },
      { column_name: 'synthetic', column_type: 'BOOLEAN' },
      { column_name: 'requests__new_received__total', column_type: 'DOUBLE' },
      { column_name: 'requests__results__granted__total', column_type: 'DOUBLE' },
    ]);
    const data = await conn.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY report_id`);
    expect(data.getRowObjectsJson()).toEqual(expected);
    conn.closeSync();
  });

  it('refuses a value its column cannot hold, naming the column', () => {
    expect(() => toParquet([{ name: 'year', type: 'INTEGER' }], [{ year: 2024.5 }])).toThrow(/year/);
    expect(() => toParquet([{ name: 'v', type: 'DOUBLE' }], [{ v: '十' }])).toThrow(/v \(DOUBLE\)/);
  });
});

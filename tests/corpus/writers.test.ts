import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects, toCsv, toCsvText } from '../../src/corpus/csv';
import { toParquet } from '../../src/corpus/parquet';
import type { Row } from '../../src/corpus/rows';
import { CELLS, REPORT_VALUES, type TableSpec } from '../../src/corpus/schema';

const dir = mkdtempSync(join(tmpdir(), 'atlas-writers-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const ab = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(ab).set(bytes);
  return ab;
}

/** Rows that exercise every type, nulls, and text that needs quoting. */
const rows: Row[] = [
  { report_id: '000', key: 'active.art20_9.central_procurement.total_amount', table_id: 'active', value: 0.0436, semantic: 'number', raw: '0.0436 亿元', unit: '亿元', value_yuan: 4360000, derived: false, prov_line: 57, prov_page: null, prov_path: null },
  { report_id: '000', key: 'active.art20_5.admin_licensing.items_change', table_id: 'active', value: -12, semantic: 'number', raw: '-12', unit: null, value_yuan: null, derived: false, prov_line: 40, prov_page: 3, prov_path: null },
  { report_id: '001', key: 'requests.new_received.total', table_id: 'requests', value: null, semantic: 'blank', raw: '', unit: null, value_yuan: null, derived: false, prov_line: null, prov_page: null, prov_path: 'table:nth-of-type(2) > tr:nth-of-type(3) > td:nth-of-type(8)' },
  { report_id: '001', key: 'requests.results.other.total', table_id: 'requests', value: 7, semantic: 'number', raw: '', unit: null, value_yuan: null, derived: true, prov_line: null, prov_page: null, prov_path: null },
  { report_id: '002', key: 'review_litigation.admin_review.other', table_id: 'review', value: null, semantic: 'text', raw: '含"引号", 逗号\n与换行', unit: null, value_yuan: null, derived: false, prov_line: 9, prov_page: null, prov_path: null },
];

function writeTmp(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function duck<T>(fn: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS());
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

describe('Parquet writer', () => {
  const bytes = toParquet(CELLS, rows);

  it('reads back value for value with hyparquet', async () => {
    const file = arrayBuffer(bytes);
    const back = await parquetReadObjects({ file });
    expect(back).toHaveLength(rows.length);
    back.forEach((r, i) => {
      for (const col of CELLS.columns) expect(r[col.name], `${col.name} row ${i}`).toEqual(rows[i]![col.name]);
    });
  });

  it('declares the schema types and nullability', () => {
    const file = arrayBuffer(bytes);
    const meta = parquetMetadata(file);
    const byName = new Map(meta.schema.slice(1).map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual(CELLS.columns.map((c) => c.name));
    expect(byName.get('report_id')).toMatchObject({ type: 'BYTE_ARRAY', repetition_type: 'REQUIRED' });
    expect(byName.get('value')).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    expect(byName.get('prov_line')).toMatchObject({ type: 'INT32', repetition_type: 'OPTIONAL' });
    expect(byName.get('derived')).toMatchObject({ type: 'BOOLEAN', repetition_type: 'REQUIRED' });
  });

  it('reads back with native DuckDB read_parquet, types included', async () => {
    const path = writeTmp('cells.parquet', bytes);
    await duck(async (run) => {
      const types = await run(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({
        report_id: 'VARCHAR', value: 'DOUBLE', prov_line: 'INTEGER', derived: 'BOOLEAN', raw: 'VARCHAR',
      });
      const back = await run(`SELECT * FROM read_parquet('${path}')`);
      expect(back).toEqual(rows);
      const [agg] = await run(`SELECT count(*) FILTER (WHERE value IS NULL) AS nulls, sum(value_yuan) AS yuan FROM read_parquet('${path}')`);
      expect(agg).toEqual({ nulls: 2n, yuan: 4360000 });
    });
  });

  it('writes the 400-column wide table', async () => {
    const wide: Row = Object.fromEntries(REPORT_VALUES.columns.map((c, i) => [c.name, c.name === 'report_id' ? 'x' : i % 3 === 0 ? null : i]));
    const path = writeTmp('wide.parquet', toParquet(REPORT_VALUES, [wide]));
    await duck(async (run) => {
      const [back] = await run(`SELECT * FROM read_parquet('${path}')`);
      expect(back).toEqual(wide);
    });
  });

  it('refuses a value that breaks the column contract', () => {
    const bad = [{ ...rows[0]!, report_id: null }];
    expect(() => toParquet(CELLS, bad)).toThrow(/cells\.report_id row 0: null in a non-nullable column/);
    expect(() => toParquet(CELLS, [{ ...rows[0]!, prov_line: 1.5 }])).toThrow(/is not a INTEGER/);
    expect(() => toParquet(CELLS, [{ ...rows[0]!, value: '3' }])).toThrow(/is not a DOUBLE/);
  });

  it('is byte-for-byte deterministic', () => {
    expect(toParquet(CELLS, rows)).toEqual(bytes);
  });

  it('writes an empty table that DuckDB still reads with its columns', async () => {
    const path = writeTmp('empty.parquet', toParquet(CELLS, []));
    await duck(async (run) => {
      const types = await run(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(types.map((t) => t.column_name)).toEqual(CELLS.columns.map((c) => c.name));
      expect(await run(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }]);
    });
  });
});

describe('CSV writer', () => {
  const bytes = toCsv(CELLS, rows);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

  it('starts with a UTF-8 BOM and the header in schema order', () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(CELLS.columns.map((c) => c.name).join(','));
  });

  it('quotes per RFC 4180 and keeps empty text apart from null', () => {
    expect(text).toContain('"含""引号"", 逗号\n与换行"');
    const line3 = text.split('\r\n')[3]!;
    // raw '' is quoted, unit null is an empty field
    expect(line3).toBe('001,requests.new_received.total,requests,,blank,"",,,false,,,table:nth-of-type(2) > tr:nth-of-type(3) > td:nth-of-type(8)');
  });

  it('round-trips through parseCsv', () => {
    const [header, ...body] = parseCsv(text);
    expect(header).toEqual(CELLS.columns.map((c) => c.name));
    expect(body).toHaveLength(rows.length);
    expect(body[4]![6 - 1]).toBe('含"引号", 逗号\n与换行');
    expect(body[0]![CELLS.columns.findIndex((c) => c.name === 'value_yuan')]).toBe('4360000');
    expect(body[1]![3]).toBe('-12');
  });

  // allow_quoted_nulls = false keeps the quoted empty text apart from null, as the file intends.
  it('reads back with native DuckDB read_csv', async () => {
    const path = writeTmp('cells.csv', bytes);
    await duck(async (run) => {
      const back = await run(`SELECT report_id, key, value, raw, derived, prov_line FROM read_csv('${path}', header = true, allow_quoted_nulls = false) ORDER BY report_id, key`);
      expect(back.map((r) => [r.report_id, r.value, r.derived, r.prov_line])).toEqual([
        ['000', -12, false, 40n],
        ['000', 0.0436, false, 57n],
        ['001', null, false, null],
        ['001', 7, true, null],
        ['002', null, false, 9n],
      ]);
      expect(back.map((r) => r.raw)).toEqual(['-12', '0.0436 亿元', '', '', '含"引号", 逗号\n与换行']);
    });
  });

  it('parseCsvObjects handles a BOM, LF line ends and short rows', () => {
    expect(parseCsvObjects('\uFEFFa,b,c\n1,"x\ny"\n\n')).toEqual([{ a: '1', b: 'x\ny', c: '' }]);
    expect(parseCsv('a,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('writes text whose BOM-stripped form equals the string writer', () => {
    const spec: TableSpec = CELLS;
    expect(new TextDecoder().decode(toCsv(spec, rows))).toBe(toCsvText(spec, rows).slice(1));
  });
});

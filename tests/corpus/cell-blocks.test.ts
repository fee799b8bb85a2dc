/**
 * An agency's cells packed in one block: the writer's statement (run by native DuckDB on a small
 * hand-made schema), the block's checks, and the rows it gives. That a written corpus's blocks give
 * exactly the cells statement's rows is tested on the real corpus in tests/db/attach.test.ts.
 */
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CELL_BLOCK_COLUMNS, agencyCellBlock, cellBlockPlace, cellBlockPlaceSql, cellBlocksSelectSql, cellRowsFromBlock, decodeCellBlock, parseCellBlock, readCellBlock, type CellBlock, type CellBlockPlace } from '../../src/corpus/cell-blocks';
import type { DbConnector, QueryResult } from '../../src/db/connector';

const gz = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(Buffer.from(text, 'utf8')));

/** Blocks of a schema whose report ids do not sort by year: b-… is 2019, a-… 2020. */
async function writtenBlocks(): Promise<{ agencyId: string; province: string | null; city: string | null; block: string }[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try {
    await c.run('CREATE SCHEMA s');
    await c.run('CREATE TABLE s.reports (report_id VARCHAR, year INTEGER)');
    await c.run(`INSERT INTO s.reports VALUES ('b-1', 2019), ('a-2', 2020), ('z-3', NULL), ('c-4', 2021)`);
    await c.run(`CREATE TABLE s.cells (report_id VARCHAR, key VARCHAR, table_id VARCHAR, value DOUBLE, semantic VARCHAR, raw VARCHAR, unit VARCHAR,
      value_yuan DOUBLE, derived BOOLEAN, prov_line INTEGER, prov_page INTEGER, prov_path VARCHAR, agency_id VARCHAR, province VARCHAR, city VARCHAR)`);
    await c.run(`INSERT INTO s.cells VALUES
      ('a-2', 'k2', 't1', 0.1, 'number', '0.1', '万元', 1000.0, false, 3, 1, 'p/a', 'ag1', '北京市', NULL),
      ('a-2', 'k1', 't1', NULL, 'blank', '', NULL, NULL, false, NULL, NULL, NULL, 'ag1', '北京市', NULL),
      ('b-1', 'k9', 't2', 123456789.123, 'number', '123,456,789.123', NULL, NULL, true, 7, 2, 'p/b', 'ag1', '北京市', NULL),
      ('z-3', 'k1', 't1', NULL, 'na', '/', NULL, NULL, false, 1, 1, 'p/z', 'ag1', '北京市', NULL),
      ('c-4', 'k1', 't1', 5.0, 'number', '5', NULL, NULL, false, 1, 1, '引号"\\', 'ag0', '河北省', '石家庄市')`);
    const r = await c.runAndReadAll(cellBlocksSelectSql('s', 'TRUE'));
    const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return r.getRowObjectsJS().map((row) => ({ agencyId: text(row.agency_id) ?? '', province: text(row.province), city: text(row.city), block: text(row.block) ?? '' }));
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

describe('cell blocks', () => {
  it('the writer puts each agency\'s cells in one block, in the cells statement\'s order (year, report, key), values as stored', async () => {
    const rows = await writtenBlocks();
    // Sorted by region: 北京市 (no city) before 河北省.
    expect(rows.map((r) => [r.agencyId, r.province, r.city])).toEqual([['ag1', '北京市', null], ['ag0', '河北省', '石家庄市']]);
    const block = await decodeCellBlock(gz(rows[0]?.block ?? ''));
    expect(block.rows).toBe(4);
    expect(block.columns.report_id).toEqual(['b-1', 'a-2', 'a-2', 'z-3']);
    expect(block.columns.key).toEqual(['k9', 'k1', 'k2', 'k1']);
    expect(block.columns.value).toEqual([123456789.123, null, 0.1, null]);
    expect(block.columns.derived).toEqual([true, false, false, false]);
    expect(block.columns.prov_line).toEqual([7, null, 3, 1]);
    expect(block.columns.semantic).toEqual(['number', 'blank', 'number', 'na']);
    expect(block.columns.raw).toEqual(['123,456,789.123', '', '0.1', '/']);
    expect((await decodeCellBlock(gz(rows[1]?.block ?? ''))).columns.prov_path).toEqual(['引号"\\']);
  });

  it('gives the rows of the cells statement: the profile\'s year and template, only the reports it lists', async () => {
    const block = await decodeCellBlock(gz((await writtenBlocks())[0]?.block ?? ''));
    const refs = [{ reportId: 'b-1', year: 2019, template: 'v2019' }, { reportId: 'a-2', year: 2020, template: 'v2019' }];
    const rows = cellRowsFromBlock(block, refs);
    expect(rows.map((r) => [r.report_id, r.year, r.template, r.key])).toEqual([['b-1', 2019, 'v2019', 'k9'], ['a-2', 2020, 'v2019', 'k1'], ['a-2', 2020, 'v2019', 'k2']]);
    expect(Object.keys(rows[0] ?? {})).toEqual(['report_id', 'year', 'template', 'key', 'table_id', 'value', 'semantic', 'raw', 'unit', 'value_yuan', 'derived', 'prov_line', 'prov_page', 'prov_path']);
    expect(rows[2]).toMatchObject({ value: 0.1, unit: '万元', value_yuan: 1000, derived: false, prov_line: 3, prov_page: 1, prov_path: 'p/a' });
  });

  it('refuses a block that is not what the writer writes, in Chinese and English', async () => {
    const good: Record<string, unknown> = { v: 1, ...Object.fromEntries(CELL_BLOCK_COLUMNS.map(([name]) => [name, []])) };
    expect(parseCellBlock(good)).toEqual({ rows: 0, columns: Object.fromEntries(CELL_BLOCK_COLUMNS.map(([name]) => [name, []])) });
    expect(() => parseCellBlock({ ...good, v: 2 })).toThrow(/单元格数据块无效：版本 2 \/ invalid cell block: version 2/);
    expect(() => parseCellBlock({ ...good, raw: undefined })).toThrow(/缺少列 raw .*column raw missing/);
    expect(() => parseCellBlock({ ...good, key: ['k'] })).toThrow(/列 key 有 1 个值，应为 0 .*column key has 1 values, not 0/);
    expect(() => parseCellBlock({ ...good, report_id: ['r'], key: [1], ...Object.fromEntries(CELL_BLOCK_COLUMNS.slice(2).map(([name]) => [name, [null]])) })).toThrow(/column key holds 1/);
    expect(() => parseCellBlock({ ...good, report_id: ['r'], key: ['k'], ...Object.fromEntries(CELL_BLOCK_COLUMNS.slice(2).map(([name]) => [name, [null]])), derived: ['no'] })).toThrow(/column derived holds "no"/);
    expect(() => parseCellBlock(null)).toThrow(/not an object/);
    await expect(decodeCellBlock(new Uint8Array([1, 2, 3]))).rejects.toThrow(/无法解压或解析 \/ the cell block does not decompress or parse/);
    await expect(decodeCellBlock(gz('{"v":1'))).rejects.toThrow(/does not decompress or parse/);
  });

  it('finds the agency\'s block through the view and reads exactly its bytes; none for an agency without one', async () => {
    const text = JSON.stringify({ v: 1, ...Object.fromEntries(CELL_BLOCK_COLUMNS.map(([name]) => [name, []])) });
    const bytes = gz(text);
    const asked: string[] = [];
    const answers: Pick<DbConnector, 'query'> = {
      query: (sql: string): Promise<QueryResult> => {
        asked.push(sql);
        return Promise.resolve({ columns: [], rows: sql.includes(`agency_id = 'ag1'`) ? [{ file: 'agency-cells.bin', byte_offset: 10n, byte_length: bytes.length }] : [] });
      },
    };
    const reads: [string, number, number][] = [];
    const read = (file: string, offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> => {
      reads.push([file, offset, length]);
      return Promise.resolve(bytes);
    };
    const places: CellBlockPlace[] = [];
    const atPlace = (place: CellBlockPlace): Promise<CellBlock> => {
      places.push(place);
      return readCellBlock(place, read);
    };
    const block: CellBlock | null = await agencyCellBlock(answers, 'ag1', atPlace);
    expect(block?.rows).toBe(0);
    expect(places).toEqual([{ file: 'agency-cells.bin', offset: 10, length: bytes.length }]);
    expect(reads).toEqual([['agency-cells.bin', 10, bytes.length]]);
    expect(await agencyCellBlock(answers, 'ag2', atPlace)).toBeNull();
    expect(places).toHaveLength(1);
    expect(asked).toEqual([cellBlockPlaceSql('ag1'), cellBlockPlaceSql('ag2')]);
    expect(asked[0]).toBe(`SELECT file, byte_offset, byte_length FROM v_agency_cell_blocks WHERE agency_id = 'ag1'`);
    // A read that returns fewer bytes than the block is refused.
    await expect(readCellBlock({ file: 'x.bin', offset: 0, length: bytes.length }, () => Promise.resolve(bytes.slice(1)))).rejects.toThrow(/the cell block is \d+ bytes, not \d+/);
    expect(cellBlockPlace({ file: 'x.bin', byte_offset: 0, byte_length: 0 })).toBeNull();
    expect(cellBlockPlace({ file: '', byte_offset: 0, byte_length: 3 })).toBeNull();
    expect(cellBlockPlace(undefined)).toBeNull();
  });
});

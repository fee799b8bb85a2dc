import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOM, csvCell, neutralizeFormula, toCsv, unneutralizeFormula } from '../../src/export/csv';
import { loadExpected, valueOf, XSS } from '../charts/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'atlas-csv-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('toCsv', () => {
  it('starts with a UTF-8 BOM, writes a header of labels and CRLF lines', () => {
    const csv = toCsv([{ key: 'agency_name', label: '机构' }, 'year'], [{ agency_name: '淮安市人民政府', year: 2024 }]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}机构,year\r\n淮安市人民政府,2024\r\n`);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+86 10', '-cmd', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeFormula(s)).toBe(`'${s}`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(neutralizeFormula('淮安市')).toBe('淮安市');
  });

  it('keeps genuine negative numbers as numbers and blanks as empty, never 0', () => {
    // 本年增/减 may be negative; a number stays a number.
    expect(csvCell(-26)).toBe('-26');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
  });

  it('round-trips real report values through DuckDB read_csv', async () => {
    const e = loadExpected('092');
    const keys = ['requests.new_received.total', 'requests.results.granted.total', 'active.art20_8.admin_fees.amount_wan_yuan'];
    const rows = [
      { name: e.agency, key: keys[0], value: valueOf(e, keys[0] ?? '') },
      { name: e.agency, key: keys[1], value: valueOf(e, keys[1] ?? '') },
      { name: e.agency, key: keys[2], value: valueOf(e, keys[2] ?? '') },
      { name: XSS, key: 'note, with "quotes"\nand a newline', value: -3 },
      { name: '=cmd|calc', key: 'blank', value: null },
    ];
    const path = join(dir, 'values.csv');
    writeFileSync(path, toCsv(['name', 'key', 'value'], rows), 'utf8');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const reader = await conn.runAndReadAll(
      `SELECT * FROM read_csv('${path}', header = true, columns = {'name': 'VARCHAR', 'key': 'VARCHAR', 'value': 'DOUBLE'})`,
    );
    const got = reader.getRowObjectsJson();
    // With the header sniffed, the BOM must not leak into the first column name.
    const sniffed = await conn.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv('${path}'))`);
    expect(sniffed.getRowObjectsJson().map((r) => r.column_name)).toEqual(['name', 'key', 'value']);
    conn.closeSync();
    expect(got).toEqual([
      { name: '淮安市人民政府', key: keys[0], value: 3119 },
      { name: '淮安市人民政府', key: keys[1], value: 1362 },
      { name: '淮安市人民政府', key: keys[2], value: 96171.6 },
      { name: XSS, key: 'note, with "quotes"\nand a newline', value: -3 },
      { name: "'=cmd|calc", key: 'blank', value: null },
    ]);
  });
});

describe('unneutralizeFormula', () => {
  it('undoes neutralisation exactly, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '机', ' ') }), (s) => unneutralizeFormula(neutralizeFormula(s)) === s),
    );
    fc.assert(fc.property(fc.string(), (s) => unneutralizeFormula(neutralizeFormula(s)) === s));
    expect(neutralizeFormula("'=x")).toBe("''=x");
    expect(unneutralizeFormula("'-")).toBe('-');
    expect(unneutralizeFormula("'abc")).toBe("'abc");
  });
});

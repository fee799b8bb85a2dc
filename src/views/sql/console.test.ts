/** Unit tests of the SQL console's pure helpers: share link, saved queries, result export and quick chart. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAnyOption } from '../../charts/anyChart';
import { parseSaved, withSaved, withoutSaved } from './saved';
import { MAX_SHARED_SQL, shareLink, sqlFromHash, sqlHash } from './share';
import { defaultChoice, displayValue, inferColumnType, numericColumns, parquetTable, plainValue, quickChart } from './result';

describe('share link', () => {
  it('round-trips any SQL through the fragment (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s.trim() !== ''), (s) => {
      expect(sqlFromHash(sqlHash(s))).toBe(s);
    }));
  });

  it('keeps the page query (view, filters) and replaces only the fragment', () => {
    const link = shareLink('http://127.0.0.1:4173/?view=sql&lang=en#sql=old', "SELECT '财政局' AS x -- #&?");
    const u = new URL(link);
    expect(u.search).toBe('?view=sql&lang=en');
    expect(sqlFromHash(u.hash)).toBe("SELECT '财政局' AS x -- #&?");
  });

  it('ignores a fragment without SQL or with too much of it', () => {
    expect(sqlFromHash('')).toBeNull();
    expect(sqlFromHash('#other=1')).toBeNull();
    expect(sqlFromHash(sqlHash('x'.repeat(MAX_SHARED_SQL + 1)))).toBeNull();
  });
});

describe('saved queries', () => {
  it('drops garbage and broken entries instead of throwing', () => {
    expect(parseSaved(null)).toEqual([]);
    expect(parseSaved('{not json')).toEqual([]);
    expect(parseSaved('{"a":1}')).toEqual([]);
    expect(parseSaved(JSON.stringify([{ name: 'a', sql: 'SELECT 1', savedAt: 't' }, { name: '', sql: 'x' }, 3]))).toEqual([{ name: 'a', sql: 'SELECT 1', savedAt: 't' }]);
  });

  it('saving under an existing name replaces it and moves it to the top', () => {
    const a = { name: 'a', sql: 'SELECT 1', savedAt: '1' };
    const b = { name: 'b', sql: 'SELECT 2', savedAt: '2' };
    const list = withSaved(withSaved([], a), b);
    expect(list.map((q) => q.name)).toEqual(['b', 'a']);
    expect(withSaved(list, { ...a, sql: 'SELECT 3' })).toEqual([{ ...a, sql: 'SELECT 3' }, b]);
    expect(withoutSaved(list, 'b')).toEqual([a]);
  });
});

describe('result helpers', () => {
  const result = {
    columns: [{ name: 'city', type: 'Utf8' }, { name: 'year', type: 'Int32' }, { name: 'n', type: 'Float64' }, { name: 'tags', type: 'List' }],
    rows: [
      { city: '宿迁市', year: 2023, n: 3511, tags: ['a'] },
      { city: '<img src=x onerror=alert(1)>', year: 2024, n: null, tags: null },
      { city: '淮安市', year: 2024, n: 2.5, tags: [] },
    ],
  };

  it('keeps NULL distinct from 0 and empty text', () => {
    expect(displayValue(null)).toBe('NULL');
    expect(displayValue(0)).toBe('0');
    expect(displayValue('')).toBe('');
    expect(plainValue(['a', 1n])).toBe('["a",1]');
  });

  it('infers Parquet types that hold every value', () => {
    const { columns, rows } = parquetTable(result);
    expect(columns).toEqual([
      { name: 'city', type: 'VARCHAR' }, { name: 'year', type: 'INTEGER' }, { name: 'n', type: 'DOUBLE' }, { name: 'tags', type: 'VARCHAR' },
    ]);
    expect(rows[0]?.tags).toBe('["a"]');
    expect(inferColumnType([{ x: 1 }, { x: 'a' }], 'x')).toBe('VARCHAR');
    expect(inferColumnType([{ x: null }], 'x')).toBe('VARCHAR');
    expect(inferColumnType([{ x: true }, { x: null }], 'x')).toBe('BOOLEAN');
  });

  it('picks a category x and a numeric y; a series makes grouped bars', () => {
    expect(numericColumns(result)).toEqual(['year', 'n']);
    const c = defaultChoice(result);
    expect(c).toEqual({ kind: 'bar', x: 'city', y: 'year', series: '' });
    const base = { title: 't', subtitle: 's', footnote: 'f', lang: 'zh' as const };
    expect(quickChart(result, { kind: 'bar', x: 'city', y: 'n', series: '' }, base).kind).toBe('rankedBar');
    expect(quickChart(result, { kind: 'bar', x: 'city', y: 'n', series: 'year' }, base).kind).toBe('groupedBar');
    const line = quickChart(result, { kind: 'line', x: 'year', y: 'n', series: '' }, base);
    expect(line.kind).toBe('line');
    expect(() => buildAnyOption(line)).not.toThrow();
  });

  it('has no chart for a result without numbers', () => {
    expect(defaultChoice({ columns: [{ name: 'a', type: 'Utf8' }], rows: [{ a: 'x' }] })).toBeNull();
  });
});

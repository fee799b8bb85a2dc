/**
 * `identicalTablesSql` (the flags computed in DuckDB) against `identicalTables` (the JS reference
 * over every cell) on the default corpus and on labelled mutations of it: a copied report, a
 * copied table with one figure changed, an all-zero table, too few shared cells, two reports in
 * one year, and -0 against 0. The two must agree exactly, keys and messages included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identicalFromRows, identicalTables, MIN_IDENTICAL_CELLS, tableValuesFromRows, type IdenticalTable } from '../../src/audit/copies';
import { identicalTablesSql, tableValuesSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { sqlString } from '../../src/queries/sql';
import { defaultCorpusDb } from './data';

let db: DbConnector;
beforeAll(async () => {
  db = await defaultCorpusDb();
});
afterAll(async () => {
  await db.close();
});

const order = (xs: readonly IdenticalTable[]): IdenticalTable[] =>
  [...xs].sort((a, b) => (a.reportId + a.table < b.reportId + b.table ? -1 : a.reportId + a.table > b.reportId + b.table ? 1 : 0));

async function both(f: Filters): Promise<{ js: IdenticalTable[]; sql: IdenticalTable[] }> {
  const js = identicalTables(tableValuesFromRows((await db.query(tableValuesSql(f))).rows));
  const sql = identicalFromRows((await db.query(identicalTablesSql(f, MIN_IDENTICAL_CELLS))).rows);
  return { js: order(js), sql: order(sql) };
}

/** A new report of `agencyId` for `year` whose cells are those of `fromReport` (then edited by `edits`). */
async function copyReport(id: string, fromReport: string, year: number, edits: readonly string[] = []): Promise<void> {
  await db.exec(`INSERT INTO reports SELECT * REPLACE (${sqlString(id)} AS report_id, ${String(year)} AS year) FROM reports WHERE report_id = ${sqlString(fromReport)}`);
  await db.exec(`INSERT INTO cells SELECT * REPLACE (${sqlString(id)} AS report_id) FROM cells WHERE report_id = ${sqlString(fromReport)}`);
  for (const e of edits) await db.exec(e.replaceAll('$ID', sqlString(id)));
}

const FILTERS: readonly (readonly [string, Filters])[] = [
  ['everything', EMPTY_FILTERS],
  ['江苏省', { ...EMPTY_FILTERS, province: '江苏省' }],
  ['2024–2025', { ...EMPTY_FILTERS, years: [2024, 2025] }],
  ['2025 only (no pair)', { ...EMPTY_FILTERS, years: [2025] }],
  ['v2021 only', { ...EMPTY_FILTERS, templates: ['v2021'] }],
];

describe('identicalTablesSql equals identicalTables', () => {
  it('on the default corpus as built (no agency repeats a table)', async () => {
    for (const [, f] of FILTERS) {
      const { js, sql } = await both(f);
      expect(sql).toEqual(js);
    }
    const all = await both(EMPTY_FILTERS);
    expect(all.js).toEqual([]);
  });

  it('on labelled mutations: copies flagged, zeros, short tables and changed figures not', async () => {
    // 211 is 宿迁 2024. A 2025 copy of it repeats all three tables: three flags.
    await copyReport('zz-copy-2025', '211', 2025);
    // A 2026 copy of that with one figure of table 3 changed: only tables 2 and 4 are flagged.
    await copyReport('zz-copy-2026', 'zz-copy-2025', 2026, [
      `UPDATE cells SET value = value + 1 WHERE report_id = $ID AND key = (SELECT min(key) FROM cells WHERE report_id = $ID AND key LIKE 'requests.%' AND semantic = 'number' AND NOT derived AND value IS NOT NULL)`,
    ]);
    // 2027: every figure of table 4 set to 0 in both 2027 and 2028: all-zero tables are not flagged.
    const zero = `UPDATE cells SET value = 0 WHERE report_id = $ID AND key LIKE 'review_litigation.%' AND value IS NOT NULL`;
    await copyReport('zz-zero-2027', '211', 2027, [zero, `UPDATE cells SET value = value + 1 WHERE report_id = $ID AND key LIKE 'requests.%' AND value IS NOT NULL`]);
    await copyReport('zz-zero-2028', 'zz-zero-2027', 2028, [`UPDATE cells SET value = value + 7 WHERE report_id = $ID AND key LIKE 'active.%' AND value IS NOT NULL`]);
    // 2029 and 2030 share only four numeric cells of table 4 (the rest blank in 2030): fewer than the minimum.
    await copyReport('zz-few-2029', 'zz-zero-2028', 2029, [`UPDATE cells SET value = 3 WHERE report_id = $ID AND key LIKE 'review_litigation.%' AND value IS NOT NULL`]);
    await copyReport('zz-few-2030', 'zz-few-2029', 2030, [
      `UPDATE cells SET value = NULL, semantic = 'blank' WHERE report_id = $ID AND key LIKE 'review_litigation.%' AND key NOT IN (SELECT key FROM cells WHERE report_id = $ID AND key LIKE 'review_litigation.%' AND value IS NOT NULL ORDER BY key LIMIT ${String(MIN_IDENTICAL_CELLS - 1)})`,
      `UPDATE cells SET value = value + 2 WHERE report_id = $ID AND (key LIKE 'active.%' OR key LIKE 'requests.%') AND value IS NOT NULL`,
    ]);
    // Two reports for 2031: the first by id (zz-two-2031-a) differs and is the one paired, so
    // nothing is flagged although zz-two-2031-b copies 2030; for 2032 the first by id has no numeric
    // cell at all, so the second (a copy of 2031-a's tables) is paired and flagged.
    await copyReport('zz-two-2031-a', 'zz-few-2030', 2031, [`UPDATE cells SET value = value + 5 WHERE report_id = $ID AND value IS NOT NULL`]);
    await copyReport('zz-two-2031-b', 'zz-few-2030', 2031);
    await copyReport('zz-two-2032-a', 'zz-two-2031-a', 2032, [`DELETE FROM cells WHERE report_id = $ID`]);
    await copyReport('zz-two-2032-b', 'zz-two-2031-a', 2032);
    // 2033 sets one figure of table 2 to 0 (table 2 differs from 2032); 2034 prints it as -0,
    // which is the same figure (as === says): table 2 is flagged again.
    const firstActive = `(SELECT min(key) FROM cells WHERE report_id = 'zz-two-2032-b' AND key LIKE 'active.%' AND value IS NOT NULL)`;
    await copyReport('zz-negzero-2033', 'zz-two-2032-b', 2033, [`UPDATE cells SET value = 0 WHERE report_id = $ID AND key = ${firstActive}`]);
    await copyReport('zz-negzero-2034', 'zz-negzero-2033', 2034, [`UPDATE cells SET value = -0.0 WHERE report_id = $ID AND key = ${firstActive}`]);
    expect(Number((await db.query(`SELECT count(*) AS n FROM cells WHERE report_id = 'zz-negzero-2034' AND value = 0 AND key = ${firstActive}`)).rows[0]?.n)).toBe(1);

    for (const [name, f] of FILTERS) {
      const { js, sql } = await both(f);
      expect(sql, name).toEqual(js);
    }
    const { sql } = await both(EMPTY_FILTERS);
    expect(sql.map((x) => `${x.prevReportId}>${x.reportId}:${x.table}`).sort()).toEqual([
      '211>zz-copy-2025:active', '211>zz-copy-2025:requests', '211>zz-copy-2025:review',
      'zz-copy-2025>zz-copy-2026:active', 'zz-copy-2025>zz-copy-2026:review',
      // 2027 (a fresh copy of 211) repeats 2026's table 2; its table 3 changed, its table 4 is zeros.
      'zz-copy-2026>zz-zero-2027:active',
      // 2028 changed table 2 and repeats table 3; its table 4 is all zero.
      'zz-zero-2027>zz-zero-2028:requests',
      // 2029 changed only table 4 (from zeros to 3s).
      'zz-zero-2028>zz-few-2029:active', 'zz-zero-2028>zz-few-2029:requests',
      // From 2030 on table 4 has four numeric cells: never flagged.
      'zz-two-2031-a>zz-two-2032-b:active', 'zz-two-2031-a>zz-two-2032-b:requests',
      'zz-two-2032-b>zz-negzero-2033:requests',
      'zz-negzero-2033>zz-negzero-2034:active', 'zz-negzero-2033>zz-negzero-2034:requests',
    ].sort());
    const copy = sql.find((x) => x.reportId === 'zz-copy-2025' && x.table === 'requests');
    expect(copy?.keys.length).toBeGreaterThanOrEqual(100);
    expect(copy?.message.zh).toContain('2024年');
  });
});

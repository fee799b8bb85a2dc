/**
 * Every worked example on the default corpus (data/*.parquet) in native DuckDB, through the same
 * guarded runner the console uses; results are compared with figures read from data/ independently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbConnector } from '../../src/db/connector';
import { SQL_EXAMPLES } from '../../src/sqlconsole/examples';
import { guardSql } from '../../src/sqlconsole/guard';
import { runConsoleSql } from '../../src/sqlconsole/run';
import { dataCsv } from '../audit/csv';
import { defaultCorpusDb } from '../audit/data';

let db: DbConnector;
beforeAll(async () => {
  db = await defaultCorpusDb();
});
afterAll(async () => {
  await db.close();
});

const csv = dataCsv;

describe('SQL_EXAMPLES', () => {
  it('have unique ids and bilingual titles and descriptions', () => {
    expect(new Set(SQL_EXAMPLES.map((e) => e.id)).size).toBe(SQL_EXAMPLES.length);
    for (const e of SQL_EXAMPLES) {
      for (const t of [e.title, e.description]) {
        expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(t.en).toMatch(/[a-z]/);
      }
    }
  });

  it.each(SQL_EXAMPLES.map((e) => [e.id, e] as const))('%s passes the guard and runs on the default corpus', async (_id, e) => {
    expect(guardSql(e.sql).ok).toBe(true);
    const out = await runConsoleSql(db, e.sql);
    if (!out.ok) throw new Error(out.error.en);
    expect(out.result.columns.length).toBeGreaterThan(0);
  });

  it('failed_checks_by_rule counts what checks.csv holds', async () => {
    const ex = SQL_EXAMPLES.find((e) => e.id === 'failed_checks_by_rule');
    if (!ex) throw new Error('missing example');
    const rows = (await db.query(ex.sql)).rows;
    const key = (rule: unknown, sev: unknown): string => `${String(rule)}/${String(sev)}`;
    const expected = new Map<string, number>();
    for (const c of csv('checks.csv')) if (c.status === 'fail') expected.set(key(c.rule_id, c.severity), (expected.get(key(c.rule_id, c.severity)) ?? 0) + 1);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Map(rows.map((r) => [key(r.rule_id, r.severity), Number(r.failures)]))).toEqual(expected);
  });

  it('narrative_vs_table lists 085 (text 2 normative documents, table 3)', async () => {
    const ex = SQL_EXAMPLES.find((e) => e.id === 'narrative_vs_table');
    if (!ex) throw new Error('missing example');
    const rows = (await db.query(ex.sql)).rows;
    expect(rows).toContainEqual(expect.objectContaining({ scope: 'normative_docs', table_value: 3, narrative_value: 2 }));
  });

  it('carry_over_mismatch pairs 宿迁 2023→2024 and finds them consistent', async () => {
    const ex = SQL_EXAMPLES.find((e) => e.id === 'carry_over_mismatch');
    if (!ex) throw new Error('missing example');
    const rows = (await db.query(ex.sql)).rows;
    const suqian = rows.filter((r) => r.agency_name === '宿迁市人民政府');
    expect(suqian).toHaveLength(1);
    expect(suqian[0]).toMatchObject({ prev_year: 2023, year: 2024, mismatch: false });
    expect(suqian[0]?.carried_forward_last_year).toBe(suqian[0]?.carried_over_this_year);
  });
});

describe('runConsoleSql', () => {
  it('refuses DROP TABLE reports and the corpus stays intact', async () => {
    const before = Number((await db.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
    const out = await runConsoleSql(db, 'SELECT 1; DROP TABLE reports');
    expect(out).toMatchObject({ ok: false, refused: true });
    expect(Number((await db.query('SELECT count(*) AS n FROM reports')).rows[0]?.n)).toBe(before);
    expect(before).toBe(csv('reports.csv').length);
  });

  it('returns engine errors bilingually, naming the statement', async () => {
    const out = await runConsoleSql(db, 'SELECT 1; SELECT no_such_column FROM reports');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.refused).toBe(false);
    expect(out.error.zh).toContain('第2条语句出错');
    expect(out.error.en).toContain('no_such_column');
  });

  it('runs scratch tables when allowed without touching the corpus', async () => {
    const out = await runConsoleSql(db, 'CREATE TEMP TABLE mine AS SELECT report_id FROM reports WHERE year = 2024; SELECT count(*) AS n FROM mine', { allowScratch: true });
    if (!out.ok) throw new Error(out.error.en);
    expect(Number(out.result.rows[0]?.n)).toBe(csv('reports.csv').filter((r) => r.year === '2024').length);
    const drop = await runConsoleSql(db, 'DROP TABLE mine', { allowScratch: true });
    expect(drop.ok).toBe(true);
  });
});

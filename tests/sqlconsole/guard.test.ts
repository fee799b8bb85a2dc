import { describe, expect, it } from 'vitest';
import { guardSql, isReadOnly, tokenize } from '../../src/sqlconsole/guard';

const refused = (sql: string): boolean => !guardSql(sql).ok;

describe('guardSql: read-only statements run', () => {
  it.each([
    'SELECT 1',
    'select * from reports where year = 2023',
    'WITH t AS (SELECT year FROM reports) SELECT count(*) FROM t',
    'FROM reports SELECT agency_name',
    'EXPLAIN SELECT 1',
    'DESCRIBE reports',
    'SHOW TABLES',
    'SUMMARIZE reports',
    "PRAGMA table_info('reports')",
    '(SELECT 1) UNION ALL (SELECT 2)',
    'VALUES (1), (2)',
    'SELECT 1; SELECT 2;',
  ])('%s', (sql) => {
    const g = guardSql(sql);
    expect(g.ok).toBe(true);
    expect(isReadOnly(sql)).toBe(true);
  });

  it('allows write keywords inside comments, strings, quoted identifiers and dollar strings', () => {
    for (const sql of [
      '-- drop table reports\nSELECT 1',
      '/* DELETE FROM reports; */ SELECT 1',
      '/* nested /* DROP */ still comment; */ SELECT 1',
      "SELECT 'drop table reports; delete' AS s",
      "SELECT 'it''s; DROP TABLE x' AS s",
      "SELECT E'a\\'; DROP TABLE x' AS s",
      'SELECT 1 AS "drop; insert"',
      'SELECT $$; DROP TABLE reports; $$ AS s',
      'SELECT $t$ UPDATE x $t$ AS s',
    ]) {
      expect(guardSql(sql), sql).toMatchObject({ ok: true });
    }
  });
});

describe('guardSql: statements that modify are refused with a bilingual reason', () => {
  it.each([
    'DROP TABLE reports',
    'drop table reports',
    'select 1; drop table x',
    'SELECT 1;\n-- harmless?\nDELETE FROM checks',
    'INSERT INTO reports SELECT * FROM reports',
    "UPDATE reports SET year = 2000",
    'DELETE FROM cells',
    'CREATE TABLE t AS SELECT 1',
    'CREATE TEMP TABLE t AS SELECT 1',
    'ALTER TABLE reports RENAME TO r2',
    "COPY reports TO 'x.csv'",
    "ATTACH 'x.duckdb' AS x",
    'INSTALL httpfs',
    'LOAD httpfs',
    'SET threads = 1',
    'RESET threads',
    "PRAGMA enable_profiling",
    "PRAGMA threads = 1",
    'CALL dbgen(sf = 0.01)',
    'SELECT * FROM dbgen(sf = 0)',
    'WITH d AS (DELETE FROM reports RETURNING *) SELECT * FROM d',
    'EXPLAIN ANALYZE DELETE FROM reports',
    'BEGIN TRANSACTION',
    'CHECKPOINT',
    'TRUNCATE reports',
    'USE memory',
    'EXPORT DATABASE \'x\'',
  ])('%s', (sql) => {
    const g = guardSql(sql);
    expect(g.ok).toBe(false);
    if (g.ok) return;
    expect(g.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(g.reason.en.length).toBeGreaterThan(10);
  });

  it('refuses the whole input and says which statement is at fault', () => {
    const g = guardSql('SELECT 1; DROP TABLE x; SELECT 2');
    expect(g.ok).toBe(false);
    expect(g.statements.map((s) => s.kind)).toEqual(['read', 'write', 'read']);
    expect(g.statements[1]?.sql).toBe('DROP TABLE x');
  });

  it('refuses unterminated strings and comments instead of guessing where they end', () => {
    expect(refused("SELECT 'abc")).toBe(true);
    expect(refused('SELECT 1 /* open')).toBe(true);
    expect(refused('SELECT "abc')).toBe(true);
    expect(refused('')).toBe(true);
    expect(refused(' ; ; -- nothing')).toBe(true);
  });
});

describe('guardSql: scratch mode', () => {
  it('allows TEMP tables and views with a new name, and dropping them', () => {
    for (const sql of ['CREATE TEMP TABLE mine AS SELECT * FROM reports', 'CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1', 'DROP TABLE IF EXISTS mine', 'DROP VIEW v']) {
      const g = guardSql(sql, { allowScratch: true });
      expect(g, sql).toMatchObject({ ok: true });
      expect(g.statements[0]?.kind).toBe('scratch');
      expect(isReadOnly(sql)).toBe(false);
    }
  });

  it('refuses scratch objects that would shadow or remove the corpus', () => {
    for (const sql of ['CREATE TEMP TABLE reports AS SELECT 1', 'CREATE TEMP VIEW "v_reports" AS SELECT 1', 'DROP TABLE checks', 'DROP TABLE main.cells', 'DROP TABLE mine, reports', 'CREATE TABLE mine AS SELECT 1', 'CREATE TEMP TABLE m AS SELECT 1; DELETE FROM reports']) {
      expect(guardSql(sql, { allowScratch: true }).ok, sql).toBe(false);
    }
  });
});

describe('tokenize', () => {
  it('splits statements at top-level semicolons only and drops comments', () => {
    const t = tokenize("SELECT ';' AS a; -- x;\nSELECT 2 /* ; */");
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.statements).toHaveLength(2);
    expect(t.texts[0]).toBe("SELECT ';' AS a");
  });
});

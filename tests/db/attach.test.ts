/**
 * The prebuilt-database loading strategy: the default corpus (data/) written into `corpus.duckdb`
 * by the bench step and attached read-only must answer every dashboard query exactly as the same
 * corpus loaded from its Parquet files does, and a bad file must leave the live corpus alone.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_IDENTICAL_CELLS } from '../../src/audit/copies';
import { addCellBlocks, addRollup, sortFindingsByStatus, writeCorpusDatabase } from '../../src/corpus/database-node';
import { CELL_BLOCKS_FILE, cellBlockPlace, cellBlockPlaceSql, cellRowsFromBlock, decodeCellBlock } from '../../src/corpus/cell-blocks';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { corpusDatabaseEntry, loadCorpusFiles, loadCorpusFromDatabase } from '../../src/corpus/load';
import { CORPUS_TABLES, REPORT_METRICS_VIEW, REPORT_ROLLUP_TABLE, REPORT_ROLLUP_VIEW } from '../../src/corpus/schema';
import { METRICS, metricColumns, REPORT_METRICS_COLUMNS, ROLLUP_KEYS, ROLLUP_PARTS, ROLLUP_ROW_KEYS, ROLLUP_SPLIT } from '../../src/queries/metrics';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { checkFailureListSql, checkFailuresSql, overviewKpisSql, topAgenciesSql, trendByYearSql } from '../../src/queries/overview';
import { findingsSql, findingsSummarySql, reportContextSql } from '../../src/audit/sql';
import { compareRankedSql, compareSql } from '../../src/queries/compare';
import { agencyCellsForReportsSql, agencyCellsSql, agencyChecksByRegionSql, agencyChecksSql, agencyProfileSql, agencyReportRefs } from '../../src/queries/agency';
import { requestOutcomesSql } from '../../src/queries/requests';
import { filterOptionsSql } from '../../src/queries/corpus';
import { COMPLETION_TABLES } from '../../src/sqlconsole/completion';
import { REPO_ROOT } from '../shared';

const DATA = join(REPO_ROOT, 'data');
let dir = '';
let manifest: Record<string, unknown> = {};
let truth: DbConnector;

const parquetFiles = () => CORPUS_TABLES.filter((t) => existsSync(join(DATA, `${t.name}.parquet`)))
  .map((t) => ({ name: `${t.name}.parquet`, bytes: new Uint8Array(readFileSync(join(DATA, `${t.name}.parquet`))) }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-attach-'));
  for (const f of ['manifest.json', ...CORPUS_TABLES.map((t) => `${t.name}.parquet`)]) {
    if (existsSync(join(DATA, f))) copyFileSync(join(DATA, f), join(dir, f));
  }
  await writeCorpusDatabase(dir);
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  truth = await createNodeDb();
  const loaded = await loadCorpusFiles(truth, parquetFiles());
  if (!loaded.ok) throw new Error(loaded.error.en);
}, 120_000);

afterAll(async () => {
  await truth.close();
  rmSync(dir, { recursive: true, force: true });
});

function approx(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(approx);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, approx(x)]));
  return v;
}

/** How the loader asked for each file: the main file by ranges, the hot file whole. */
const asked: string[] = [];
const register = (path: string, how: 'ranges' | 'whole'): Promise<string> => {
  asked.push(`${path} ${how}`);
  return Promise.resolve(join(dir, path));
};

async function attached(): Promise<DbConnector> {
  const db = await createNodeDb();
  const out = await loadCorpusFromDatabase(db, manifest, register, 'attached');
  if (!out.ok) throw new Error(out.error.en);
  return db;
}

/** Copies the written database's `files` into `older` and drops `table` from the copy's hot file: a database written before it. */
async function copyWithout(older: string, files: readonly string[], table: string): Promise<void> {
  for (const f of files) copyFileSync(join(dir, f), join(older, f));
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run(`ATTACH '${join(older, 'corpus-hot.duckdb')}' AS h`);
    await conn.run(`DROP TABLE h.corpus.${table}`);
    await conn.run('DETACH h');
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** The corpus in `older` attached after an `add…` step gave its manifest `entry`, which must be what it wrote, with the hot file's hash. */
async function upgraded(older: string, entry: unknown): Promise<DbConnector> {
  const written = JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')) as unknown;
  expect(corpusDatabaseEntry(written)).toEqual(entry);
  expect(corpusDatabaseEntry(written)?.hot?.sha256).toBe(createHash('sha256').update(readFileSync(join(older, 'corpus-hot.duckdb'))).digest('hex'));
  const db = await createNodeDb();
  const out = await loadCorpusFromDatabase(db, written, (path) => Promise.resolve(join(older, path)), 'upgraded');
  if (!out.ok) {
    await db.close();
    throw new Error(out.error.en);
  }
  return db;
}

/**
 * The groups (by `by`: agencies by default) whose rows are not one contiguous run of `table` as
 * stored in the attached main or hot file.
 */
async function scattered(db: DbConnector, file: 'main' | 'hot', table: string, by: readonly string[] = ['agency_id']): Promise<unknown[]> {
  const which = file === 'hot' ? `ends_with(database_name, '_hot')` : `starts_with(database_name, 'corpus_db') AND NOT ends_with(database_name, '_hot')`;
  const alias = String((await db.query(`SELECT database_name FROM duckdb_databases() WHERE ${which}`)).rows[0]?.database_name);
  const r = await db.query(`SELECT ${by.join(', ')} FROM (
    SELECT ${by.join(', ')}, max(rowid) - min(rowid) + 1 AS span, count(*) AS n FROM "${alias}".corpus.${table} GROUP BY ${by.join(', ')}
  ) WHERE span <> n`);
  return r.rows;
}

/** The name under which the hot file is attached. */
async function hotAlias(db: DbConnector): Promise<string> {
  return String((await db.query(`SELECT database_name FROM duckdb_databases() WHERE ends_with(database_name, '_hot')`)).rows[0]?.database_name);
}

/** The statuses of the findings in the attached hot file in stored order, each once per run. */
async function statusRuns(db: DbConnector): Promise<unknown[]> {
  const alias = await hotAlias(db);
  const r = await db.query(`SELECT status FROM (
    SELECT status, lag(status) OVER (ORDER BY rowid) AS before FROM "${alias}".corpus.findings
  ) WHERE before IS DISTINCT FROM status`);
  return r.rows.map((x) => x.status);
}

describe('a corpus attached from its prebuilt DuckDB file', () => {
  it('the manifest names the file with its size and the tables it holds', () => {
    const entry = corpusDatabaseEntry(manifest);
    expect(entry?.path).toBe('corpus.duckdb');
    expect(entry?.bytes).toBe(readFileSync(join(dir, 'corpus.duckdb')).length);
    expect(entry?.tables).toContain('reports');
    // The writer's spill folder is gone once the file is written.
    expect(existsSync(join(dir, '.duckdb-tmp'))).toBe(false);
    expect(corpusDatabaseEntry({ ...manifest, database: { path: 'x.duckdb' } })).toBeNull();
    expect(corpusDatabaseEntry({})).toBeNull();
  });

  it('puts the wide table and the checks that did not pass in a hot file the loader asks for whole', async () => {
    const entry = corpusDatabaseEntry(manifest);
    const hot = readFileSync(join(dir, 'corpus-hot.duckdb'));
    expect(entry?.hot).toEqual({
      path: 'corpus-hot.duckdb', bytes: hot.length, sha256: createHash('sha256').update(hot).digest('hex'), identical_min_cells: MIN_IDENTICAL_CELLS, narratives: true, findings_reports: true, findings_by_status: true, audit_region: true, narrative_region: true, identical_key_ids: true,
      cell_blocks: { path: CELL_BLOCKS_FILE, bytes: readFileSync(join(dir, CELL_BLOCKS_FILE)).length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
      rollup: [ROLLUP_SPLIT, ...ROLLUP_PARTS.map(([name]) => name)],
    });
    // A hot entry that is there but malformed leaves no usable entry (the Parquet files are read instead).
    expect(corpusDatabaseEntry({ ...manifest, database: { ...(manifest.database as object), hot: { path: 'x' } } })).toBeNull();
    // A blocks entry that names a path outside the corpus folder, or lacks its size, is no blocks entry.
    const hotWith = (cell_blocks: unknown): unknown => ({ ...manifest, database: { ...(manifest.database as { hot: object }), hot: { ...(manifest.database as { hot: object }).hot, cell_blocks } } });
    expect(corpusDatabaseEntry(hotWith({ path: '../x.bin', bytes: 1, sha256: '' }))?.hot?.cell_blocks).toBeUndefined();
    expect(corpusDatabaseEntry(hotWith({ path: 'x.bin', sha256: '' }))?.hot?.cell_blocks).toBeUndefined();
    expect(corpusDatabaseEntry(hotWith({ path: 'x.bin', bytes: 1, sha256: '' }))?.hot?.cell_blocks).toEqual({ path: 'x.bin', bytes: 1, sha256: '' });
    asked.length = 0;
    const db = await attached();
    try {
      expect(asked).toEqual(['corpus.duckdb ranges', 'corpus-hot.duckdb whole']);
      const views = await db.query(`SELECT view_name, sql FROM duckdb_views() WHERE view_name IN ('v_reports', 'reports', 'checks') ORDER BY view_name`);
      const sql = new Map(views.rows.map((r) => [String(r.view_name), String(r.sql)]));
      expect(sql.get('v_reports')).toMatch(/_hot"?\.corpus\.reports_wide/);
      expect(sql.get('reports')).toMatch(/_hot"?\.corpus\.reports_wide/);
      expect(sql.get('checks')).toMatch(/_hot"?\.corpus\.findings[\s\S]*UNION ALL[\s\S]*status = 'pass'/);
      // Every check exactly once, whichever file it is in; and the findings file holds no passed check.
      const all = 'SELECT * FROM checks ORDER BY ALL';
      const want = (await truth.query(all)).rows;
      expect(want.some((r) => r.status !== 'pass')).toBe(true);
      expect((await db.query(all)).rows).toEqual(want);
      const reports = 'SELECT * FROM reports ORDER BY report_id';
      expect((await db.query(reports)).rows).toEqual((await truth.query(reports)).rows);
      const alias = await hotAlias(db);
      expect((await db.query(`SELECT count(*) AS n FROM "${alias}".corpus.findings WHERE status = 'pass'`)).rows[0]?.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('answers the dashboard queries exactly as the Parquet-loaded corpus does', async () => {
    const db = await attached();
    try {
      // The agency (and its province) with the most failed checks, so every query below has rows.
      const top = (await truth.query(`SELECT r.agency_id, r.province FROM checks c JOIN reports r USING (report_id)
        WHERE c.status = 'fail' AND r.province IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows[0];
      const agency = String(top?.agency_id);
      const province = String(top?.province);
      const f: Filters = { ...EMPTY_FILTERS, province };
      const refs = (await truth.query(agencyProfileSql(agency))).rows.map((r) => ({
        reportId: String(r.report_id), year: typeof r.year === 'number' ? r.year : null, template: typeof r.template === 'string' ? r.template : null,
        province: typeof r.province === 'string' ? r.province : null, city: typeof r.city === 'string' ? r.city : null,
      }));
      const sqls = [
        agencyCellsForReportsSql(agency, refs) ?? 'SELECT 1 WHERE false', agencyChecksByRegionSql(agency, refs) ?? 'SELECT 1 WHERE false',
        overviewKpisSql(EMPTY_FILTERS), overviewKpisSql(f), trendByYearSql(['requests_received', 'reports'], f),
        topAgenciesSql('requests_received', EMPTY_FILTERS, 15), checkFailuresSql(f), checkFailureListSql(EMPTY_FILTERS, 30), compareSql('requests_received', 'city', EMPTY_FILTERS),
        findingsSql(f, { statuses: ['fail', 'uncertain'] }), findingsSummarySql(EMPTY_FILTERS, {}, 'province'), findingsSummarySql(f, {}, 'rule_id'), reportContextSql(EMPTY_FILTERS, 'texts'), reportContextSql(f),
        agencyCellsSql(agency), agencyChecksSql(agency), requestOutcomesSql(f, 'year'), filterOptionsSql(),
      ];
      // The audit's report rows come in no particular order: compared as sets.
      const unordered = new Set([reportContextSql(EMPTY_FILTERS, 'texts'), reportContextSql(f)]);
      const inOrder = (rows: Record<string, unknown>[], sql: string): unknown[] => (unordered.has(sql) ? rows.map((r) => JSON.stringify(approx(r))).sort() : rows.map(approx));
      for (const sql of sqls) {
        const want = await truth.query(sql);
        expect(want.rows.length).toBeGreaterThan(0);
        // Sums of doubles may differ in the last bit: the row order inside the two engines' scans differs.
        expect(inOrder((await db.query(sql)).rows, sql)).toEqual(inOrder(want.rows, sql));
      }
      const n = Number((await truth.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
      expect(Number((await db.query('SELECT count(*) AS n FROM v_reports')).rows[0]?.n)).toBe(n);
    } finally {
      await db.close();
    }
  });

  it('stores cells with their agency and region, one agency after another, and v_agency_cells reads them as loaded tables give them', async () => {
    expect(corpusDatabaseEntry(manifest)?.agency_cells).toBe(true);
    const all = 'SELECT * FROM v_agency_cells ORDER BY agency_id, report_id, key';
    expect((await truth.query('SELECT * FROM v_agency_cells LIMIT 0')).columns.slice(0, 3).map((c) => c.name)).toEqual(['agency_id', 'province', 'city']);
    const want = (await truth.query(all)).rows;
    expect(want.length).toBe(Number((await truth.query('SELECT count(*) AS n FROM cells')).rows[0]?.n));
    const db = await attached();
    try {
      const view = String((await db.query(`SELECT sql FROM duckdb_views() WHERE view_name = 'v_agency_cells'`)).rows[0]?.sql);
      expect(view).not.toMatch(/JOIN/i);
      expect((await db.query(all)).rows).toEqual(want);
      // Each agency's rows are one contiguous run of the stored table.
      expect(await scattered(db, 'main', 'cells')).toEqual([]);
    } finally {
      await db.close();
    }
    // A file written before cells carried the agency: the view joins cells with reports instead.
    const older = await createNodeDb();
    try {
      const { agency_cells: _dropped, ...entry } = manifest.database as Record<string, unknown>;
      const out = await loadCorpusFromDatabase(older, { ...manifest, database: entry }, register, 'older');
      if (!out.ok) throw new Error(out.error.en);
      expect((await older.query(all)).rows).toEqual(want);
    } finally {
      await older.close();
    }
  });

  it('packs each agency\'s cells in one block of agency-cells.bin, which gives the rows of the cells statement', async () => {
    const blocks = corpusDatabaseEntry(manifest)?.hot?.cell_blocks;
    expect(blocks?.path).toBe(CELL_BLOCKS_FILE);
    const bytes = readFileSync(join(dir, CELL_BLOCKS_FILE));
    expect(bytes.length).toBe(blocks?.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(blocks?.sha256);
    const db = await attached();
    try {
      // One block per agency with cells, back to back, covering the file.
      const places = (await db.query('SELECT agency_id, file, byte_offset, byte_length FROM v_agency_cell_blocks ORDER BY byte_offset')).rows;
      expect(places.length).toBe(Number((await truth.query('SELECT count(DISTINCT agency_id) AS n FROM v_agency_cells')).rows[0]?.n));
      expect(places.length).toBeGreaterThan(1);
      let end = 0;
      for (const p of places) {
        expect([p.file, Number(p.byte_offset)]).toEqual([CELL_BLOCKS_FILE, end]);
        end += Number(p.byte_length);
      }
      expect(end).toBe(bytes.length);
      const agencies = (await truth.query('SELECT DISTINCT agency_id FROM reports ORDER BY agency_id')).rows.map((r) => String(r.agency_id));
      let compared = 0;
      for (const agencyId of agencies) {
        const refs = agencyReportRefs((await truth.query(agencyProfileSql(agencyId))).rows);
        const want = (await truth.query(agencyCellsSql(agencyId))).rows;
        const place = cellBlockPlace((await db.query(cellBlockPlaceSql(agencyId))).rows[0]);
        if (want.length === 0) {
          expect(place).toBeNull();
          continue;
        }
        if (place === null) throw new Error(`no block for ${agencyId}`);
        const block = await decodeCellBlock(new Uint8Array(bytes.subarray(place.offset, place.offset + place.length)));
        expect(cellRowsFromBlock(block, refs)).toEqual(want);
        compared += want.length;
      }
      expect(compared).toBe(Number((await truth.query('SELECT count(*) AS n FROM cells')).rows[0]?.n));
    } finally {
      await db.close();
    }
  });

  it('adds the cell blocks to a database written without them, as the writer writes them', async () => {
    const older = mkdtempSync(join(tmpdir(), 'atlas-blocks-'));
    try {
      await copyWithout(older, ['corpus.duckdb', 'corpus-hot.duckdb'], 'agency_cell_blocks');
      // Announced but not there: refused, the table named.
      const refused = await createNodeDb();
      try {
        const wrong = await loadCorpusFromDatabase(refused, manifest, (path) => Promise.resolve(join(older, path)), 'wrong');
        expect(wrong.ok).toBe(false);
        if (!wrong.ok) expect(wrong.error).toMatchObject({ file: 'corpus-hot.duckdb', en: expect.stringMatching(/agency_cell_blocks/) as unknown });
      } finally {
        await refused.close();
      }
      const database = manifest.database as { hot: Record<string, unknown> };
      const { cell_blocks: _dropped, ...hot } = database.hot;
      writeFileSync(join(older, 'manifest.json'), JSON.stringify({ ...manifest, database: { ...database, hot } }));
      expect(corpusDatabaseEntry(JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')))?.hot?.cell_blocks).toBeUndefined();
      const entry = await addCellBlocks(older);
      expect(entry.hot?.cell_blocks).toEqual(corpusDatabaseEntry(manifest)?.hot?.cell_blocks);
      const db = await upgraded(older, entry);
      try {
        expect((await db.query('SELECT count(*) AS n FROM v_agency_cell_blocks')).rows[0]?.n).toBe(Number((await truth.query('SELECT count(DISTINCT agency_id) AS n FROM v_agency_cells')).rows[0]?.n));
      } finally {
        await db.close();
      }
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it('stores the findings with their report\'s columns, one agency after another, and v_findings and checks read them as loaded tables give them', async () => {
    const all = `SELECT * FROM v_findings ORDER BY ALL`;
    const want = (await truth.query(all)).rows;
    expect(want.length).toBe(Number((await truth.query(`SELECT count(*) AS n FROM checks WHERE status <> 'pass'`)).rows[0]?.n));
    expect(want.length).toBeGreaterThan(0);
    const checks = 'SELECT * FROM checks ORDER BY ALL';
    const allChecks = (await truth.query(checks)).rows;
    const db = await attached();
    try {
      const view = String((await db.query(`SELECT sql FROM duckdb_views() WHERE view_name = 'v_findings'`)).rows[0]?.sql);
      expect(view).toMatch(/_hot"?\.corpus\.findings/);
      expect(view).not.toMatch(/JOIN/i);
      expect((await db.query(all)).rows).toEqual(want);
      expect((await db.query(checks)).rows).toEqual(allChecks);
      // Stored by status, then region and agency: each status's findings are one run (a filter on
      // failures reads no row group of the uncertain ones), and each agency's findings of a status too.
      expect(await statusRuns(db)).toEqual(['fail', 'uncertain']);
      expect(await scattered(db, 'hot', 'findings', ['status', 'agency_id'])).toEqual([]);
    } finally {
      await db.close();
    }
    // A hot file written before the findings carried their report's columns: the checks columns
    // only, in the order of checks. v_findings then joins them with reports.
    const oldHot = join(dir, 'corpus-hot-older.duckdb');
    copyFileSync(join(dir, 'corpus-hot.duckdb'), oldHot);
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      await conn.run(`ATTACH '${oldHot}' AS h`);
      await conn.run(`CREATE OR REPLACE TABLE h.corpus.findings AS SELECT ${CORPUS_TABLES.find((t) => t.name === 'checks')?.columns.map((c) => (c.name === 'agency_id' ? 'check_agency_id AS agency_id' : c.name === 'year' ? 'check_year AS year' : c.name)).join(', ')}
        FROM h.corpus.findings ORDER BY status, rule_id, scope, report_id`);
      await conn.run('DETACH h');
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
    const older = await createNodeDb();
    try {
      const { findings_reports: _dropped, ...hot } = (manifest.database as { hot: Record<string, unknown> }).hot;
      const out = await loadCorpusFromDatabase(older, { ...manifest, database: { ...(manifest.database as object), hot: { ...hot, path: 'corpus-hot-older.duckdb' } } }, register, 'older');
      if (!out.ok) throw new Error(out.error.en);
      expect(String((await older.query(`SELECT sql FROM duckdb_views() WHERE view_name = 'v_findings'`)).rows[0]?.sql)).toMatch(/JOIN/i);
      expect((await older.query(all)).rows).toEqual(want);
      expect((await older.query(checks)).rows).toEqual(allChecks);
      // The new layout announced for an old file is refused, with the missing columns named.
      const wrong = await loadCorpusFromDatabase(older, { ...manifest, database: { ...(manifest.database as object), hot: { ...hot, path: 'corpus-hot-older.duckdb', findings_reports: true } } }, register, 'wrong');
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) expect(wrong.error).toMatchObject({ file: 'corpus-hot-older.duckdb', en: expect.stringMatching(/table findings lacks columns agency_name, .*check_agency_id/) as unknown });
      expect((await older.query(all)).rows).toEqual(want);
    } finally {
      await older.close();
    }
  });

  it('sorts the findings of a hot file written before by status first, every table kept as a file written now holds it (sortFindingsByStatus)', async () => {
    const older = mkdtempSync(join(tmpdir(), 'atlas-attach-older-'));
    /** Every table of the attached hot file, each in its stored order. */
    const hotTables = async (db: DbConnector): Promise<Record<string, unknown[]>> => {
      const alias = await hotAlias(db);
      const names = (await db.query(`SELECT table_name FROM duckdb_tables() WHERE database_name = '${alias}' ORDER BY table_name`)).rows.map((r) => String(r.table_name));
      const out: Record<string, unknown[]> = {};
      for (const t of names) out[t] = (await db.query(`SELECT * FROM "${alias}".corpus.${t} ORDER BY rowid`)).rows;
      return out;
    };
    try {
      for (const f of ['corpus.duckdb', 'corpus-hot.duckdb', CELL_BLOCKS_FILE]) copyFileSync(join(dir, f), join(older, f));
      // The findings as files were written before: by region and agency alone.
      const inst = await DuckDBInstance.create(':memory:');
      const conn = await inst.connect();
      try {
        await conn.run(`ATTACH '${join(older, 'corpus-hot.duckdb')}' AS h`);
        await conn.run('CREATE OR REPLACE TABLE h.corpus.findings AS SELECT * FROM h.corpus.findings ORDER BY province NULLS LAST, city NULLS LAST, agency_id NULLS LAST, year NULLS LAST, report_id, rule_id, scope');
        await conn.run('DETACH h');
      } finally {
        conn.closeSync();
        inst.closeSync();
      }
      const database = manifest.database as { hot: Record<string, unknown> };
      const { findings_by_status: _dropped, ...hot } = database.hot;
      const bytes = readFileSync(join(older, 'corpus-hot.duckdb'));
      const before = { ...manifest, database: { ...database, hot: { ...hot, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } } };
      writeFileSync(join(older, 'manifest.json'), JSON.stringify(before));
      const old = await upgraded(older, corpusDatabaseEntry(before));
      try {
        // The older order interleaves the statuses: what the test would not see otherwise.
        expect((await statusRuns(old)).length).toBeGreaterThan(2);
      } finally {
        await old.close();
      }
      const entry = await sortFindingsByStatus(older);
      expect(entry.hot).toMatchObject({ findings_by_status: true, findings_reports: true });
      const db = await upgraded(older, entry);
      const fresh = await attached();
      try {
        expect(await statusRuns(db)).toEqual(['fail', 'uncertain']);
        expect(await hotTables(db)).toEqual(await hotTables(fresh));
        expect((await db.query('SELECT * FROM v_findings ORDER BY ALL')).rows).toEqual((await truth.query('SELECT * FROM v_findings ORDER BY ALL')).rows);
      } finally {
        await db.close();
        await fresh.close();
      }
      // A hot file whose findings lack their report's columns cannot be sorted by status then region: refused, the file left as it was.
      const { findings_reports: _f, findings_by_status: _s, ...bare } = (corpusDatabaseEntry(JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8'))) ?? { hot: {} }).hot ?? {};
      const kept = readFileSync(join(older, 'corpus-hot.duckdb'));
      writeFileSync(join(older, 'manifest.json'), JSON.stringify({ ...manifest, database: { ...database, hot: bare } }));
      await expect(sortFindingsByStatus(older)).rejects.toThrow(/no hot file whose findings carry their report's columns/);
      expect(readFileSync(join(older, 'corpus-hot.duckdb')).equals(kept)).toBe(true);
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it('the helper views have the columns the SQL console completes, loaded or attached', async () => {
    const db = await attached();
    try {
      for (const v of COMPLETION_TABLES.filter((t) => t.kind === 'view')) {
        const cols = `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = '${v.name}' ORDER BY ordinal_position`;
        const want = v.columns.map((c) => c.name);
        expect((await truth.query(cols)).rows.map((r) => r.column_name)).toEqual(want);
        expect((await db.query(cols)).rows.map((r) => r.column_name)).toEqual(want);
      }
    } finally {
      await db.close();
    }
  });

  it('the metrics view is v_reports narrowed to the report fields and the figures the metrics read, loaded or attached', async () => {
    const db = await attached();
    try {
      const cols = `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = '${REPORT_METRICS_VIEW}' ORDER BY ordinal_position`;
      for (const x of [truth, db]) expect((await x.query(cols)).rows.map((r) => r.column_name)).toEqual(REPORT_METRICS_COLUMNS);
      // Every metric's columns are in it, and far fewer than v_reports has.
      for (const m of METRICS) expect(REPORT_METRICS_COLUMNS).toEqual(expect.arrayContaining(metricColumns(m)));
      const wide = (await truth.query(`SELECT count(*) AS n FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = 'v_reports'`)).rows[0]?.n;
      expect(REPORT_METRICS_COLUMNS.length * 3).toBeLessThan(Number(wide));
      // The same rows as v_reports gives for those columns.
      const list = REPORT_METRICS_COLUMNS.join(', ');
      const same = (view: string) => `SELECT ${list} FROM ${view} ORDER BY report_id`;
      const want = (await truth.query(same('v_reports'))).rows;
      expect(want.length).toBeGreaterThan(100);
      expect((await truth.query(same(REPORT_METRICS_VIEW))).rows).toEqual(want);
      expect((await db.query(same(REPORT_METRICS_VIEW))).rows).toEqual(want);
    } finally {
      await db.close();
    }
  });

  it('stores the rollup in the hot file, which v_report_rollup reads with the rows the reports grouped give', async () => {
    const db = await attached();
    try {
      const definition = async (x: DbConnector): Promise<string> => String((await x.query(`SELECT sql FROM duckdb_views() WHERE view_name = '${REPORT_ROLLUP_VIEW}'`)).rows[0]?.sql);
      expect(await definition(db)).toMatch(/\.corpus\.report_rollup;$/);
      expect(await definition(db)).not.toContain('GROUP BY');
      // Loaded tables: the rollup grouped once at the load, into a table of the main catalog.
      expect(await definition(truth)).toContain(`FROM ${REPORT_ROLLUP_TABLE}`);
      const rows = `SELECT * FROM ${REPORT_ROLLUP_VIEW} ORDER BY ${ROLLUP_ROW_KEYS.join(', ')}`;
      const want = (await truth.query(rows)).rows;
      // Every report counted once, in one row per year, province, city, type and template.
      const reports = Number((await truth.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
      const groups = Number((await truth.query(`SELECT count(*) AS n FROM (SELECT DISTINCT ${ROLLUP_KEYS.join(', ')} FROM reports)`)).rows[0]?.n);
      expect(groups).toBeGreaterThan(10);
      expect(want.length).toBe(groups);
      expect(want.reduce((n, r) => n + Number(r.reports), 0)).toBe(reports);
      expect((await db.query(rows)).rows.map(approx)).toEqual(want.map(approx));
      // Compare by a rollup dimension reads it, attached as loaded, for every metric that has a rollup.
      const f: Filters = { ...EMPTY_FILTERS, years: [2020, 2021, 2022, 2023, 2024] };
      for (const m of METRICS.filter((x) => x.rollup !== undefined)) {
        for (const dim of ['city', 'province', 'agency_type'] as const) {
          const sql = compareRankedSql(m.id, dim, f, { limit: 500, order: 'desc' });
          expect(sql).toContain(REPORT_ROLLUP_VIEW);
          const got = (await truth.query(sql)).rows;
          expect(got.length, `${m.id} × ${dim}`).toBeGreaterThan(0);
          expect((await db.query(sql)).rows.map(approx), `${m.id} × ${dim}`).toEqual(got.map(approx));
        }
      }
    } finally {
      await db.close();
    }
  });

  it('groups the reports when read for a database without the rollup or with an older catalogue\'s, and adds it as the writer writes it', async () => {
    const older = mkdtempSync(join(tmpdir(), 'atlas-rollup-'));
    try {
      await copyWithout(older, ['corpus.duckdb', 'corpus-hot.duckdb', CELL_BLOCKS_FILE], 'report_rollup');
      const database = manifest.database as { hot: Record<string, unknown> };
      const { rollup: _dropped, ...hot } = database.hot;
      const sha = createHash('sha256').update(readFileSync(join(older, 'corpus-hot.duckdb'))).digest('hex');
      const sql = compareRankedSql('disclosure_rate', 'city', EMPTY_FILTERS, { limit: 500, order: 'asc' });
      const want = (await truth.query(sql)).rows.map(approx);
      expect(want.length).toBeGreaterThan(0);
      // Without the table, or with one that lacks a part the catalogue reads now: the reports are grouped when read.
      // Or one written before agency-years split across its rows were kept apart (no `split_agency`).
      for (const stale of [{ ...hot, sha256: sha }, { ...hot, sha256: sha, rollup: ['reports'] }, { ...hot, sha256: sha, rollup: ROLLUP_PARTS.map(([name]) => name) }]) {
        const db = await createNodeDb();
        try {
          const out = await loadCorpusFromDatabase(db, { ...manifest, database: { ...database, hot: stale } }, (path) => Promise.resolve(join(older, path)), 'older');
          if (!out.ok) throw new Error(out.error.en);
          expect(String((await db.query(`SELECT sql FROM duckdb_views() WHERE view_name = '${REPORT_ROLLUP_VIEW}'`)).rows[0]?.sql)).toContain('GROUP BY');
          expect((await db.query(sql)).rows.map(approx)).toEqual(want);
        } finally {
          await db.close();
        }
      }
      writeFileSync(join(older, 'manifest.json'), JSON.stringify({ ...manifest, database: { ...database, hot: { ...hot, sha256: sha } } }));
      const entry = await addRollup(older);
      expect(entry.hot?.rollup).toEqual([ROLLUP_SPLIT, ...ROLLUP_PARTS.map(([name]) => name)]);
      const db = await upgraded(older, entry);
      try {
        expect(String((await db.query(`SELECT sql FROM duckdb_views() WHERE view_name = '${REPORT_ROLLUP_VIEW}'`)).rows[0]?.sql)).not.toContain('GROUP BY');
        expect((await db.query(sql)).rows.map(approx)).toEqual(want);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it('files loaded afterwards replace the attached corpus, and attaching again replaces them', async () => {
    const db = await attached();
    try {
      const subset = parquetFiles().filter((f) => f.name === 'reports.parquet');
      const out = await loadCorpusFiles(db, subset);
      if (!out.ok) throw new Error(out.error.en);
      expect(Number((await db.query('SELECT count(*) AS n FROM cells')).rows[0]?.n)).toBe(0);
      const types = await db.query(`SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = 'reports'`);
      expect(types.rows.map((r) => r.table_type)).toEqual(['BASE TABLE']);
      // The attached file was detached once nothing used it.
      expect((await db.query(`SELECT database_name FROM duckdb_databases() WHERE starts_with(database_name, 'corpus_db')`)).rows).toEqual([]);
      const again = await loadCorpusFromDatabase(db, manifest, register, 'again');
      expect(again.ok).toBe(true);
      expect(Number((await db.query('SELECT count(*) AS n FROM cells')).rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('a file that disagrees with the manifest or is no database is refused and the live corpus stays', async () => {
    const db = await attached();
    try {
      const before = await db.query('SELECT count(*) AS n FROM cells');
      const tables = manifest.tables as Record<string, { rows: number }>;
      const wrong = { ...manifest, tables: { ...tables, reports: { ...tables.reports, rows: (tables.reports?.rows ?? 0) + 1 } } };
      const out = await loadCorpusFromDatabase(db, wrong, register, 'wrong');
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.error.file).toBe('corpus.duckdb');
        expect(out.error.en).toMatch(/reports: expected \d+ rows/);
        expect(out.error.zh).toMatch(/reports 表应有/);
      }
      // A hot file without the wide table (here: the main file named as the hot one) is refused and named.
      const noWide = await loadCorpusFromDatabase(db, { ...manifest, database: { ...(manifest.database as object), hot: { path: 'corpus.duckdb', bytes: 1, sha256: 'x' } } }, register, 'no wide');
      expect(noWide.ok).toBe(false);
      if (!noWide.ok) {
        expect(noWide.error.file).toBe('corpus.duckdb');
        expect(noWide.error.en).toMatch(/lacks the reports_wide table/);
      }
      const unreadable = await loadCorpusFromDatabase(db, manifest, (path, how) => (how === 'whole' ? Promise.reject(new Error('HTTP 404')) : register(path, how)), 'no hot');
      expect(unreadable.ok).toBe(false);
      if (!unreadable.ok) expect(unreadable.error).toEqual({ file: 'corpus-hot.duckdb', zh: '无法读取（HTTP 404）', en: 'could not be read (HTTP 404)' });
      writeFileSync(join(dir, 'junk.duckdb'), 'not a database');
      const junk = await loadCorpusFromDatabase(db, { ...manifest, database: { ...(manifest.database as object), path: 'junk.duckdb' } }, register, 'junk');
      expect(junk.ok).toBe(false);
      if (!junk.ok) expect(junk.error.file).toBe('junk.duckdb');
      expect((await db.query('SELECT count(*) AS n FROM cells')).rows).toEqual(before.rows);
    } finally {
      await db.close();
    }
  });
});

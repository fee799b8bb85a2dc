/**
 * What a prebuilt database computes for the audit when it is written, in its hot file: the
 * identical-tables flags (`v_identical_tables`) must answer every selection the audit reads them for
 * exactly as the cells do, and the narrative pairs and similarities (`v_narrative_reports`,
 * `v_narrative_similarity`) exactly as the narratives do. The default corpus has no copied table,
 * so one is made: a real report's table three (requests) overwritten with its previous year's
 * values, as a copied report would print them; and no copied narrative, so two are made
 * (`copyNarratives`).
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_IDENTICAL_CELLS } from '../../src/audit/copies';
import { NARRATIVE_REGION_SQL, runAudit } from '../../src/audit/run';
import { narrativeSimilarity } from '../../src/audit/similarity';
import { identicalFromRows } from '../../src/audit/copies';
import { identicalTablesSql, storedIdenticalTablesSql } from '../../src/audit/sql';
import { addAuditColumns, writeCorpusDatabase } from '../../src/corpus/database-node';
import { corpusDatabaseEntry, loadCorpusFiles, loadCorpusFromDatabase } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { corpusFiles } from '../../src/import/download';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { REPO_ROOT } from '../shared';
import { copyNarratives } from '../audit/data';

const DATA = join(REPO_ROOT, 'data');
let dir = '';
let truth: DbConnector;
let attached: DbConnector;
/** The copied pair: its agency's province and city, and the two years. */
let pair: { province: string; city: string | null; year: number; prevYear: number; reportId: string };
/** The copied narratives' pairs (`copyNarratives`, in pairing order) and the later reports' provinces. */
let copiedTexts: { prevReportId: string; reportId: string; province: string }[];
/** The first of them, and the ids of the later reports of those in its province. */
let copiedText: { prevReportId: string; reportId: string; province: string };
let copiedThere: string[];

const parquet = (from: string) => CORPUS_TABLES.map((t) => ({ name: `${t.name}.parquet`, bytes: new Uint8Array(readFileSync(join(from, `${t.name}.parquet`))) }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-identical-'));
  const db = await createNodeDb();
  try {
    const loaded = await loadCorpusFiles(db, parquet(DATA));
    if (!loaded.ok) throw new Error(loaded.error.en);
    // A report whose previous year's report shares at least the minimum of printed numbers in table three, not all zero.
    const found = (await db.query(`WITH n AS (
      SELECT c.report_id, r.agency_id, r.year, r.province, r.city, c.key, c.value FROM cells c JOIN reports r USING (report_id)
      WHERE c.semantic = 'number' AND NOT c.derived AND c.value IS NOT NULL AND starts_with(c.key, 'requests.') AND r.province IS NOT NULL
    )
    SELECT cur.report_id, cur.province, cur.city, cur.year, prev.year AS prev_year, prev.report_id AS prev_id
    FROM n cur JOIN n prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.key = cur.key
    GROUP BY ALL HAVING count(*) >= ${String(MIN_IDENTICAL_CELLS)} AND bool_or(prev.value <> 0)
    ORDER BY cur.report_id LIMIT 1`)).rows[0];
    if (!found) throw new Error('the default corpus has no consecutive-year pair to copy');
    pair = { province: String(found.province), city: typeof found.city === 'string' ? found.city : null, year: Number(found.year), prevYear: Number(found.prev_year), reportId: String(found.report_id) };
    await db.exec(`UPDATE cells SET value = p.value, raw = p.raw FROM (SELECT key, value, raw FROM cells WHERE report_id = '${String(found.prev_id)}') p
      WHERE cells.report_id = '${pair.reportId}' AND cells.key = p.key AND starts_with(cells.key, 'requests.') AND cells.semantic = 'number' AND NOT cells.derived`);
    copiedTexts = [];
    for (const text of await copyNarratives(db, 2)) copiedTexts.push({ ...text, province: String((await db.query(`SELECT province FROM reports WHERE report_id = '${text.reportId}'`)).rows[0]?.province) });
    const [first] = copiedTexts;
    if (!first) throw new Error('no narrative was copied');
    copiedText = first;
    copiedThere = copiedTexts.filter((c) => c.province === first.province).map((c) => c.reportId);
    for (const [name, bytes] of await corpusFiles(db)) writeFileSync(join(dir, name), bytes);
  } finally {
    await db.close();
  }
  await writeCorpusDatabase(dir);
  truth = await createNodeDb();
  const t = await loadCorpusFiles(truth, parquet(dir));
  if (!t.ok) throw new Error(t.error.en);
  attached = await createNodeDb();
  const manifest: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const a = await loadCorpusFromDatabase(attached, manifest, (path) => Promise.resolve(join(dir, path)), 'attached');
  if (!a.ok) throw new Error(a.error.en);
}, 180_000);

afterAll(async () => {
  await truth.close();
  await attached.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('identical-tables flags computed when the database is written', () => {
  it('are announced by the hot entry with the audit minimum and read through v_identical_tables', async () => {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(corpusDatabaseEntry(manifest)?.hot?.identical_min_cells).toBe(MIN_IDENTICAL_CELLS);
    const rows = (await attached.query('SELECT report_id, table_id FROM v_identical_tables')).rows;
    expect(rows).toContainEqual({ report_id: pair.reportId, table_id: 'requests' });
  });

  /** Selections by region and year; the copied pair's flag is in four of them. */
  const regionYearSelections = (): Filters[] => [
    EMPTY_FILTERS,
    { ...EMPTY_FILTERS, province: pair.province },
    { ...EMPTY_FILTERS, province: pair.province, city: pair.city },
    { ...EMPTY_FILTERS, province: pair.province, years: [pair.prevYear, pair.year] },
    // The previous year outside the selection: no pair, no flag.
    { ...EMPTY_FILTERS, province: pair.province, years: [pair.year] },
    { ...EMPTY_FILTERS, years: [pair.prevYear] },
    { ...EMPTY_FILTERS, province: '不存在的省' },
  ];

  it('answer selections by region and year exactly as the cells do, the copied table included', async () => {
    let flagged = 0;
    for (const f of regionYearSelections()) {
      const stored = storedIdenticalTablesSql(f);
      expect(stored).not.toBeNull();
      const want = (await truth.query(identicalTablesSql(f, MIN_IDENTICAL_CELLS))).rows;
      expect((await attached.query(stored ?? '')).rows).toEqual(want);
      if (want.some((r) => r.report_id === pair.reportId)) flagged++;
    }
    expect(flagged).toBe(4);
  });

  /** The file's numbered keys (`v_identical_keys`), by their numbers. */
  let keys: string[] = [];
  beforeAll(async () => {
    const rows = (await attached.query('SELECT id, key FROM v_identical_keys ORDER BY id')).rows;
    keys = rows.map((r) => String(r.key));
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i));
    // Every key of the flags, each once, in their order.
    const all = (await attached.query(`SELECT DISTINCT unnest(keys) AS key FROM v_identical_tables ORDER BY key`)).rows.map((r) => String(r.key));
    expect(keys).toEqual(all);
  });

  it('in the region layout, answer the same selections from their own region and year columns', async () => {
    let flagged = 0;
    for (const f of regionYearSelections()) {
      const stored = storedIdenticalTablesSql(f, true) ?? '';
      // A filter on the stored columns, no probe into the selection's reports.
      expect(stored).not.toContain('IN (SELECT');
      const got = identicalFromRows((await attached.query(stored)).rows);
      const want = identicalFromRows((await truth.query(identicalTablesSql(f, MIN_IDENTICAL_CELLS))).rows);
      expect(got).toEqual(want);
      // The keys as their numbers, read with the file's list of keys.
      const numbered = storedIdenticalTablesSql(f, true, true) ?? '';
      expect(numbered).toContain('key_ids');
      expect(identicalFromRows((await attached.query(numbered)).rows, keys)).toEqual(want);
      if (want.some((t) => t.reportId === pair.reportId)) flagged++;
    }
    expect(flagged).toBe(4);
  });

  it('are not used for a selection by agency type, name or template, which splits agency-years', () => {
    expect(storedIdenticalTablesSql({ ...EMPTY_FILTERS, agencyTypes: ['department'] })).toBeNull();
    expect(storedIdenticalTablesSql({ ...EMPTY_FILTERS, templates: ['v2021'] })).toBeNull();
    expect(storedIdenticalTablesSql({ ...EMPTY_FILTERS, agencyQuery: '局' })).toBeNull();
  });

  it('give the audit the same copied-table finding as the cells, read from the stored flags', async () => {
    const f: Filters = { ...EMPTY_FILTERS, province: pair.province };
    const ran: string[] = [];
    const observed = { query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return attached.query(sql, o); } };
    const fromStored = await runAudit(observed, f);
    const fromCells = await runAudit(truth, f);
    expect(ran.some((s) => s.includes('FROM v_identical_tables'))).toBe(true);
    expect(fromStored.identical).toEqual(fromCells.identical);
    expect(fromStored.identical.some((t) => t.reportId === pair.reportId)).toBe(true);
    expect(fromStored.findings.filter((x) => x.ruleId === 'COPY-TABLES')).toEqual(fromCells.findings.filter((x) => x.ruleId === 'COPY-TABLES'));
  });
});

describe('narrative pairs and similarities computed when the database is written', () => {
  it('hold every consecutive-year pair with the similarity of its two narratives', async () => {
    const texts = new Map((await truth.query('SELECT report_id, narrative FROM report_texts WHERE narrative IS NOT NULL')).rows.map((r) => [String(r.report_id), String(r.narrative)]));
    expect((await attached.query('SELECT report_id FROM v_narrative_reports ORDER BY report_id')).rows.map((r) => r.report_id)).toEqual([...texts.keys()].sort());
    const rows = (await attached.query('SELECT * FROM v_narrative_similarity')).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const s = narrativeSimilarity(texts.get(String(r.prev_report_id)) ?? '', texts.get(String(r.report_id)) ?? '');
      expect({ score: r.score, jaccard: r.jaccard, chars: [r.prev_chars, r.chars], comparable: r.comparable }).toEqual(s);
    }
  });

  it('give the audit the same narrative pairs and COPY-TEXT findings as the narratives, without reading them', async () => {
    const provinces = (await truth.query(`SELECT DISTINCT r.province FROM report_texts t JOIN reports r USING (report_id) WHERE t.narrative IS NOT NULL AND r.province IS NOT NULL ORDER BY 1`)).rows.map((r) => String(r.province));
    // The copied pair flagged per selection.
    const flagged: number[] = [];
    const copiedProvinces = [...new Set(copiedTexts.map((c) => c.province))];
    for (const f of [EMPTY_FILTERS, ...copiedProvinces.map((province) => ({ ...EMPTY_FILTERS, province })), { ...EMPTY_FILTERS, province: provinces[0] ?? null }, { ...EMPTY_FILTERS, agencyTypes: ['department'] }]) {
      const ran: string[] = [];
      const observed = { query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return attached.query(sql, o); } };
      const fromStored = await runAudit(observed, f);
      const fromTexts = await runAudit(truth, f);
      expect(fromStored.narrativePairs).toEqual(fromTexts.narrativePairs);
      expect(fromStored.narratives).toEqual(fromTexts.narratives);
      expect(fromStored.findings.filter((x) => x.ruleId === 'COPY-TEXT')).toEqual(fromTexts.findings.filter((x) => x.ruleId === 'COPY-TEXT'));
      flagged.push(fromStored.narratives.filter((n) => copiedTexts.some((c) => n.reportId === c.reportId && n.prevReportId === c.prevReportId)).length);
      // Asked whenever a pair is checked (for a selection by region, as soon as it has a narrative).
      if (fromTexts.narrativePairs.checked > 0) expect(ran.some((s) => s.includes('FROM v_narrative_similarity'))).toBe(true);
      expect(ran.filter((s) => s.includes('narrative FROM report_texts'))).toEqual([]);
    }
    expect((await runAudit(truth, EMPTY_FILTERS)).narrativePairs.checked).toBeGreaterThan(0);
    // Each copied pair, in the whole corpus and in its province.
    expect(flagged[0]).toBe(copiedTexts.length);
    expect(flagged.slice(1, 1 + copiedProvinces.length).reduce((a, b) => a + b, 0)).toBe(copiedTexts.length);
  });
});

describe('the narrative pair limit', () => {
  it('bounds the pairs compared from their texts, not a region\'s stored similarities', async () => {
    // The copied narrative's province: its pair is the first there.
    const f: Filters = { ...EMPTY_FILTERS, province: copiedText.province };
    const all = await runAudit(truth, f);
    const total = all.narrativePairs.total;
    expect(total).toBeGreaterThanOrEqual(2);
    expect(all.narrativePairs).toEqual({ checked: total, total });
    expect(all.narratives.map((n) => n.reportId)).toEqual(copiedThere);
    // From the texts the limit holds: the first pair only, and the page says how many were left.
    const fromTexts = await runAudit(truth, f, { narrativePairLimit: 1 });
    expect(fromTexts.narrativePairs).toEqual({ checked: 1, total });
    expect(fromTexts.narratives).toEqual(all.narratives.slice(0, 1));
    // Without the first pair in the limit, no pair is flagged.
    expect((await runAudit(truth, f, { narrativePairLimit: 0 })).narratives).toEqual([]);
    // From the region's stored similarities every pair is checked, with the verdicts of the texts.
    const ran: string[] = [];
    const fromStored = await runAudit({ query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return attached.query(sql, o); } }, f, { narrativePairLimit: 1 });
    expect(fromStored.narrativePairs).toEqual({ checked: total, total });
    expect(fromStored.narratives).toEqual(all.narratives);
    expect(fromStored.findings.filter((x) => x.ruleId === 'COPY-TEXT')).toEqual(all.findings.filter((x) => x.ruleId === 'COPY-TEXT'));
    expect(ran.filter((sql) => sql.includes('narrative FROM report_texts'))).toEqual([]);
  });
  it('without the pairs\' regions (a hot file written before them), pairs the reports and reads the pairs by their ids', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { database: { hot: Record<string, unknown> } };
    const { narrative_region: region, ...hot } = manifest.database.hot;
    expect(region).toBe(true);
    manifest.database.hot = hot;
    const before = await createNodeDb();
    try {
      const loaded = await loadCorpusFromDatabase(before, manifest, (path) => Promise.resolve(join(dir, path)), 'written before');
      if (!loaded.ok) throw new Error(loaded.error.en);
      const f: Filters = { ...EMPTY_FILTERS, province: copiedText.province };
      const want = await runAudit(truth, f);
      const ran: string[] = [];
      const got = await runAudit({ query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return before.query(sql, o); } }, f);
      expect(got.narratives).toEqual(want.narratives);
      expect(got.narrativePairs).toEqual(want.narrativePairs);
      expect(got.narratives.map((n) => n.reportId)).toEqual(copiedThere);
      expect(ran.some((sql) => sql.includes('FROM v_narrative_similarity') && sql.includes('report_id IN ('))).toBe(true);
      // Asked whether the pairs name their regions; none read by them.
      expect(ran).toContain(NARRATIVE_REGION_SQL);
      expect(ran.filter((sql) => sql.includes('FROM v_narrative_similarity') && sql.includes('prev_province'))).toEqual([]);
    } finally {
      await before.close();
    }
  });
});

describe('a hot file written before the pairs named both reports\' regions and the flags numbered their keys', () => {
  it('is upgraded by addAuditColumns to the tables and audit a new file gives', async () => {
    const older = mkdtempSync(join(tmpdir(), 'atlas-narrative-region-'));
    try {
      cpSync(dir, older, { recursive: true });
      // The pairs as the writer stored them before: the later report's region and year only.
      const inst = await DuckDBInstance.create(':memory:');
      const c = await inst.connect();
      try {
        await c.run(`ATTACH '${join(older, 'corpus-hot.duckdb')}' AS h`);
        await c.run(`CREATE TABLE h.corpus.narrative_similarity_old AS SELECT prev_report_id, report_id, score, jaccard, prev_chars, chars, comparable, province, city, district, year FROM h.corpus.narrative_similarity`);
        await c.run('DROP TABLE h.corpus.narrative_similarity');
        await c.run('ALTER TABLE h.corpus.narrative_similarity_old RENAME TO narrative_similarity');
        // The flags without their keys' numbers.
        await c.run('ALTER TABLE h.corpus.identical_tables DROP COLUMN key_ids');
        await c.run('DROP TABLE h.corpus.identical_keys');
        await c.run('DETACH h');
      } finally {
        c.closeSync();
        inst.closeSync();
      }
      const manifest = JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')) as { database: { hot: Record<string, unknown> } };
      const { narrative_region: _n, identical_key_ids: _k, ...hot } = manifest.database.hot;
      const bytes = readFileSync(join(older, 'corpus-hot.duckdb'));
      manifest.database.hot = { ...hot, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      writeFileSync(join(older, 'manifest.json'), JSON.stringify(manifest));
      const entry = await addAuditColumns(older);
      expect(entry.hot?.narrative_region).toBe(true);
      expect(entry.hot?.identical_key_ids).toBe(true);
      expect(corpusDatabaseEntry(JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')))).toEqual(entry);
      expect(entry.hot?.sha256).toBe(createHash('sha256').update(readFileSync(join(older, 'corpus-hot.duckdb'))).digest('hex'));
      const db = await createNodeDb();
      try {
        const out = await loadCorpusFromDatabase(db, JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')), (path) => Promise.resolve(join(older, path)), 'upgraded');
        if (!out.ok) throw new Error(out.error.en);
        // Every table as it was, the pairs as a new file has them.
        for (const t of ['v_narrative_similarity', 'v_identical_tables', 'v_identical_keys', 'v_audit_reports', 'v_findings', 'v_agency_cell_blocks']) {
          const all = `SELECT * FROM ${t} ORDER BY ALL`;
          expect((await db.query(all)).rows, t).toEqual((await attached.query(all)).rows);
        }
        const f: Filters = { ...EMPTY_FILTERS, province: copiedText.province };
        const ran: string[] = [];
        const got = await runAudit({ query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return db.query(sql, o); } }, f);
        expect(got.narratives.map((n) => n.reportId)).toEqual(copiedThere);
        expect(got.narratives).toEqual((await runAudit(truth, f)).narratives);
        expect(ran.some((sql) => sql.includes('FROM v_narrative_similarity') && sql.includes('prev_province'))).toBe(true);
        expect(ran.some((sql) => sql.includes('FROM v_identical_tables') && sql.includes('key_ids'))).toBe(true);
        expect(got.findings).toEqual((await runAudit(truth, f)).findings);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });
});

describe('the audit over a hot file with the region layout', () => {
  it('reads each report\'s flags and the pairs by region, and finds exactly what the loaded corpus gives', async () => {
    const provinces = (await truth.query(`SELECT province, min(city) AS city, min(year) AS year FROM reports WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 3`)).rows;
    const selections: Filters[] = [
      EMPTY_FILTERS,
      { ...EMPTY_FILTERS, province: pair.province },
      { ...EMPTY_FILTERS, province: pair.province, years: [pair.year] },
      ...provinces.map((p) => ({ ...EMPTY_FILTERS, province: String(p.province), city: typeof p.city === 'string' ? p.city : null })),
      { ...EMPTY_FILTERS, years: [Number(provinces[0]?.year), Number(provinces[0]?.year) + 1] },
      // Not by region and year only: the flags still come stored, the pairs by their ids.
      { ...EMPTY_FILTERS, agencyTypes: ['department'] },
    ];
    let copies = 0;
    for (const f of selections) {
      const ran: string[] = [];
      const observed = { query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return attached.query(sql, o); } };
      const got = await runAudit(observed, f);
      const want = await runAudit(truth, f);
      expect(got.findings).toEqual(want.findings);
      expect(got.ranking).toEqual(want.ranking);
      expect(got.identical).toEqual(want.identical);
      expect(got.narratives).toEqual(want.narratives);
      expect(got.narrativePairs).toEqual(want.narrativePairs);
      expect({ agencies: got.grid.agencies, years: got.grid.years, counts: got.grid.counts }).toEqual({ agencies: want.grid.agencies, years: want.grid.years, counts: want.grid.counts });
      expect(ran.some((s) => s.includes('FROM v_audit_reports'))).toBe(true);
      // Neither flag is a probe any more: not into the findings, not into the narrative list.
      expect(ran.filter((s) => s.includes('v_narrative_reports') || s.includes("rule_id = 'STRUCT-TABLES'"))).toEqual([]);
      const byIds = ran.filter((s) => s.includes('FROM v_narrative_similarity') && s.includes('report_id IN ('));
      expect(byIds.length > 0).toBe(f.agencyTypes.length > 0 && want.narrativePairs.checked > 0);
      copies += want.findings.filter((x) => x.ruleId === 'COPY-TABLES' || x.ruleId === 'COPY-TEXT').length;
    }
    expect(copies).toBeGreaterThan(0);
    // A region without a report: its stored pairs are asked for with its other statements, without
    // waiting for its report rows, and there are none.
    const ran: string[] = [];
    const observe = (log: string[]) => ({ query: (sql: string, o?: { signal?: AbortSignal }) => { log.push(sql); return attached.query(sql, o); } });
    const none = await runAudit(observe(ran), { ...EMPTY_FILTERS, province: '不存在的省' });
    expect(ran.some((s) => s.includes('FROM v_audit_reports'))).toBe(true);
    expect(none.narratives).toEqual([]);
    expect(none.narrativePairs).toEqual({ checked: 0, total: 0 });
    // A selection not by region and year without a narrative asks for no similarity.
    const typed: string[] = [];
    await runAudit(observe(typed), { ...EMPTY_FILTERS, province: '不存在的省', agencyTypes: ['department'] });
    expect(typed.some((s) => s.includes('FROM v_audit_reports'))).toBe(true);
    expect(typed.filter((s) => s.includes('FROM v_narrative_similarity'))).toEqual([]);
    // Its flags do not show in v_reports, whose columns are the loaded corpus's.
    const columns = async (db: DbConnector): Promise<unknown[]> => (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'v_reports' ORDER BY ordinal_position`)).rows.map((r) => r.column_name);
    expect(await columns(attached)).toEqual(await columns(truth));
  });
});

describe('a hot file written before the region layout', () => {
  it('is still read as it was: the flags probed, the pairs by their reports, the same audit', async () => {
    // The file as the writer made it before `audit_region`: the same tables without the new columns.
    const old = join(dir, 'corpus-hot-old.duckdb');
    copyFileSync(join(dir, 'corpus-hot.duckdb'), old);
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    try {
      await c.run(`ATTACH '${old}' AS h`);
      const rewrite = async (table: string, select: string): Promise<void> => {
        await c.run(`CREATE TABLE h.corpus.${table}_old AS ${select}`);
        await c.run(`DROP TABLE h.corpus.${table}`);
        await c.run(`ALTER TABLE h.corpus.${table}_old RENAME TO ${table}`);
      };
      await rewrite('reports_wide', 'SELECT * EXCLUDE (audit_tables_gap, audit_has_narrative) FROM h.corpus.reports_wide');
      await rewrite('identical_tables', `SELECT report_id, prev_report_id, agency_id, year, prev_year, table_id, string_split(keys_text, ' ') AS keys FROM h.corpus.identical_tables ORDER BY agency_id, year, table_id`);
      await rewrite('narrative_similarity', 'SELECT prev_report_id, report_id, score, jaccard, prev_chars, chars, comparable FROM h.corpus.narrative_similarity ORDER BY report_id');
      await c.run('DETACH h');
    } finally {
      c.closeSync();
      inst.closeSync();
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { database: { hot: Record<string, unknown> } };
    const { audit_region: region, ...hot } = manifest.database.hot;
    expect(region).toBe(true);
    const bytes = readFileSync(old);
    manifest.database.hot = { ...hot, path: 'corpus-hot-old.duckdb', bytes: statSync(old).size, sha256: createHash('sha256').update(bytes).digest('hex') };
    const before = await createNodeDb();
    try {
      const loaded = await loadCorpusFromDatabase(before, manifest, (path) => Promise.resolve(join(dir, path)), 'written before');
      if (!loaded.ok) throw new Error(loaded.error.en);
      for (const f of [EMPTY_FILTERS, { ...EMPTY_FILTERS, province: pair.province }, { ...EMPTY_FILTERS, province: pair.province, years: [pair.year] }]) {
        const ran: string[] = [];
        const got = await runAudit({ query: (sql: string, o?: { signal?: AbortSignal }) => { ran.push(sql); return before.query(sql, o); } }, f);
        const want = await runAudit(truth, f);
        expect(got.findings).toEqual(want.findings);
        expect(got.identical).toEqual(want.identical);
        expect(got.narratives).toEqual(want.narratives);
        expect(ran.some((sql) => sql.includes('FROM v_audit_reports'))).toBe(false);
        expect(ran.some((sql) => sql.includes('FROM v_identical_tables') && sql.includes('report_id IN (SELECT'))).toBe(true);
      }
      expect((await runAudit(truth, { ...EMPTY_FILTERS, province: pair.province })).identical.some((t) => t.reportId === pair.reportId)).toBe(true);
    } finally {
      await before.close();
    }
  });
});

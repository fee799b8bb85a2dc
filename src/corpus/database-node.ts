/**
 * The prebuilt-database layout of a corpus (Node only, native DuckDB): `corpus.duckdb` beside the
 * Parquet files, which the app attaches read-only over HTTP range reads instead of decoding every
 * table in JS (`loadCorpusFromDatabase` in ./load.ts). This is the loading strategy for corpora of
 * 10^5–10^6 reports; see bench/SCALE.md for what it was measured against.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { consecutivePairs, MIN_IDENTICAL_CELLS } from '../audit/copies';
import { narrativeSimilarity } from '../audit/similarity';
import { identicalTablesSql, narrativeIdsSql } from '../audit/sql';
import { EMPTY_FILTERS } from '../queries/filters';
import { ROLLUP_PARTS, ROLLUP_ROW_KEYS, ROLLUP_SPLIT, rollupSelectSql } from '../queries/metrics';
import { CORPUS_DB_FINDINGS, CORPUS_DB_ROLLUP, CORPUS_DB_IDENTICAL, CORPUS_DB_IDENTICAL_KEYS, FINDINGS_SELECT_LIST, IDENTICAL_REGION_COLUMNS, CORPUS_DB_NARRATIVE_REPORTS, CORPUS_DB_NARRATIVE_SIMILARITY, CORPUS_DB_SCHEMA, CORPUS_DB_WIDE, WIDE_SELECT_SQL, type CorpusDatabaseEntry, type CorpusHotEntry } from './load';
import { CORPUS_TABLES } from './schema';
import { CELL_BLOCKS_FILE, CORPUS_DB_CELL_BLOCKS, cellBlocksSelectSql } from './cell-blocks';

/** File name of the database inside the corpus folder. */
export const CORPUS_DB_FILE = 'corpus.duckdb';
/** File name of the hot file (the wide table and the findings) inside the corpus folder. */
export const CORPUS_DB_HOT_FILE = 'corpus-hot.duckdb';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Row order per table. Most tables follow report_id, so one report's rows sit in few row groups.
 * `cells` (written with its report's agency, province and city, see `writeCorpusDatabase`)
 * follows province, city, agency, year and report: a report_id filter cannot skip row groups
 * (DuckDB's string zone maps keep an 8-byte prefix, and ids such as `syn-2019-…` share it), while
 * a filter on the region skips all others, and on region + agency reads one or two row groups.
 * `checks` is sorted by status, rule and scope first: nearly every row is a `pass` whose keys and
 * message repeat per rule and scope, and in that order DuckDB's dictionary compression takes the
 * table from ~330 to ~33 bytes a row (10k synthetic reports: 224 MB → 23 MB); the `checks` view
 * reads only its `pass` rows (the others come from the hot file's findings), which that order puts
 * in contiguous row groups its zone maps can pick.
 */
export function tableOrder(name: string, columns: readonly string[]): string {
  if (name === 'checks') return ' ORDER BY status, rule_id, scope, report_id';
  // Over the join in writeCorpusDatabase: cells c with its report r.
  if (name === 'cells') return ' ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.agency_id NULLS LAST, r.year NULLS LAST, c.report_id, c.key';
  return columns.includes('report_id') ? ' ORDER BY report_id' : '';
}

/** The order of the hot file's findings, by their own columns (`hotFindingsSelect`). */
const FINDINGS_ORDER = ['status', 'province NULLS LAST', 'city NULLS LAST', 'agency_id NULLS LAST', 'year NULLS LAST', 'report_id', 'rule_id', 'scope'] as const;

/**
 * The hot file's `findings` (`HOT_FINDINGS_COLUMNS`) from the `checks` and `reports` of `schema`:
 * every check that did not pass with its report's agency and filter columns (left join: a check
 * whose report is missing stays, so the `checks` view still serves every stored row), sorted by
 * status, then province, city, agency and year. In that order the zone maps of a region filter skip
 * the other regions' row groups and one agency's findings of a status (with its region) are one row
 * group: at 10^6 reports the agency profile's findings went from a scan of 1.1 M rows to a few
 * thousand, and the audit's summaries no longer join a million reports. Status first: nearly every
 * finding is `uncertain`, and the statements over failures alone (the Overview's failure cards, the
 * audit's default lists and summaries) read only their own row groups; sorted by region alone they
 * read every row group, whose strings a scan decompresses for the few failures in each (10^6
 * reports, native, one thread: failures by rule 118 → 16 ms, the audit's by rule 42 → 14 and by
 * province 31 → 14; bench/SCALE.md, round 22).
 */
export function hotFindingsSelect(schema: string): string {
  return `SELECT ${FINDINGS_SELECT_LIST}, c.agency_id AS check_agency_id
FROM ${schema}.checks c
LEFT JOIN ${schema}.reports r ON r.report_id = c.report_id
WHERE c.status IS DISTINCT FROM 'pass'
ORDER BY ${FINDINGS_ORDER.join(', ')}`;
}

/**
 * Whether every agency's reports lie in one province and every agency-year's in one province, city
 * and district. Then a selection by region and year holds all or none of each agency-year's reports,
 * and the identical-tables flags of such a selection are exactly the whole corpus's flags whose two
 * reports it holds (the audit's `storedIdenticalTablesSql`); and no pair crosses provinces, so the
 * flags can be computed province by province. Over `out.corpus` (the database being written).
 */
async function wholeAgencyYears(c: DuckDBConnection): Promise<boolean> {
  const r = await c.runAndReadAll(`SELECT
  (SELECT count(*) FROM (SELECT 1 FROM out.${CORPUS_DB_SCHEMA}.reports WHERE year IS NOT NULL AND agency_id IS NOT NULL
    GROUP BY agency_id, year HAVING count(DISTINCT [province, city, district]) > 1)) +
  (SELECT count(*) FROM (SELECT 1 FROM out.${CORPUS_DB_SCHEMA}.reports WHERE agency_id IS NOT NULL
    GROUP BY agency_id HAVING count(DISTINCT [province]) > 1)) AS n`);
  return Number(r.getRows()[0]?.[0] ?? -1) === 0;
}

/**
 * Computes the audit's identical-tables flags over the whole corpus (`identicalTablesSql` with no
 * filter) into `hot.corpus.identical_tables`, one province at a time (a national corpus's 2×10^8
 * cells at once need more memory than a build machine has; no pair crosses provinces, see
 * `wholeAgencyYears`). The cells are read from the stored `cells`, which carry their region. Over
 * the catalogs `out` (the corpus database) and `hot` (its hot file).
 */
export async function writeIdenticalTables(c: DuckDBConnection): Promise<true> {
  // The keys are stored joined by spaces (`keys_text`): a key with a space would not split back.
  const spaced = Number((await c.runAndReadAll(`SELECT count(*) FROM out.${CORPUS_DB_SCHEMA}.cells WHERE contains(key, ' ')`)).getRows()[0]?.[0] ?? 0);
  if (spaced > 0) throw new Error(`${String(spaced)} 个单元格的键含空格 / ${String(spaced)} cell keys contain a space`);
  const provinces = (await c.runAndReadAll(`SELECT DISTINCT province FROM out.${CORPUS_DB_SCHEMA}.reports ORDER BY province NULLS LAST`)).getRows()
    .map((r) => `province IS NOT DISTINCT FROM ${typeof r[0] === 'string' ? lit(r[0]) : 'NULL'}`);
  let created = false;
  // No report at all: one pass over everything, which creates the (empty) table.
  for (const is of provinces.length > 0 ? provinces : ['TRUE']) {
    // identicalTablesSql names `reports` and `v_agency_cells`: this province's, for this pass.
    await c.run(`CREATE OR REPLACE VIEW memory.main.reports AS SELECT * FROM out.${CORPUS_DB_SCHEMA}.reports WHERE ${is}`);
    await c.run(`CREATE OR REPLACE VIEW memory.main.v_agency_cells AS SELECT * FROM out.${CORPUS_DB_SCHEMA}.cells WHERE ${is}`);
    await c.run(`SET search_path = 'memory.main'`);
    // Each flag with both reports' regions (IDENTICAL_REGION_COLUMNS), by city within the province.
    const sql = `SELECT i.report_id, i.prev_report_id, i.agency_id, i.year, i.prev_year, i.table_id, array_to_string(i.keys, ' ') AS keys_text,
  r.province, r.city, r.district, p.province AS prev_province, p.city AS prev_city, p.district AS prev_district
FROM (${identicalTablesSql(EMPTY_FILTERS, MIN_IDENTICAL_CELLS)}) i
JOIN memory.main.reports r ON r.report_id = i.report_id
JOIN memory.main.reports p ON p.report_id = i.prev_report_id
ORDER BY r.city NULLS LAST, i.agency_id, i.year, i.table_id`;
    await c.run(created ? `INSERT INTO temp.main.flags ${sql}` : `CREATE TEMP TABLE flags AS ${sql}`);
    created = true;
    await c.run('RESET search_path');
  }
  await c.run('DROP VIEW IF EXISTS memory.main.reports');
  await c.run('DROP VIEW IF EXISTS memory.main.v_agency_cells');
  await writeIdenticalKeyIds(c, 'temp.main.flags');
  await c.run('DROP TABLE temp.main.flags');
  return true;
}

/**
 * `hot.corpus.identical_tables` from the flags in `source` (`IDENTICAL_REGION_COLUMNS`), each with
 * its keys also as `key_ids`: the numbers of its keys in `hot.corpus.identical_keys` (every key of a
 * flag, numbered from 0 in their order), joined by spaces. A province's flags carry 55 keys each,
 * 2.9 MB of text at 105k reports that the engine wrote and the page decoded and split at every
 * region audit; their numbers are a tenth of it and are read without a string per key
 * (bench/SCALE.md, round 15).
 */
async function writeIdenticalKeyIds(c: DuckDBConnection, source: string): Promise<void> {
  const hot = `hot.${CORPUS_DB_SCHEMA}`;
  await c.run(`CREATE TABLE ${hot}.${CORPUS_DB_IDENTICAL_KEYS} AS
SELECT (row_number() OVER (ORDER BY key) - 1)::INTEGER AS id, key
FROM (SELECT DISTINCT unnest(string_split(keys_text, ' ')) AS key FROM ${source})
ORDER BY id`);
  const cols = IDENTICAL_REGION_COLUMNS.map((col) => `t.${col}`).join(', ');
  await c.run(`CREATE TABLE ${hot}.${CORPUS_DB_IDENTICAL} AS
WITH u AS (
  SELECT report_id, table_id, unnest(string_split(keys_text, ' ')) AS key, generate_subscripts(string_split(keys_text, ' '), 1) AS pos FROM ${source}
),
ids AS (
  SELECT u.report_id, u.table_id, string_agg(k.id::VARCHAR, ' ' ORDER BY u.pos) AS key_ids
  FROM u JOIN ${hot}.${CORPUS_DB_IDENTICAL_KEYS} k ON k.key = u.key
  GROUP BY u.report_id, u.table_id
)
SELECT ${cols}, ids.key_ids FROM ${source} t LEFT JOIN ids ON ids.report_id = t.report_id AND ids.table_id = t.table_id
ORDER BY t.province NULLS LAST, t.city NULLS LAST, t.agency_id, t.year, t.table_id`);
}

/** The blocks file's manifest entry (`CorpusHotEntry.cell_blocks`). */
export interface CellBlocksEntry {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Every agency's cells as one block in `<dir>/agency-cells.bin` (`cellBlocksSelectSql`'s JSON,
 * gzipped, one agency after another) and each block's place in `hot.corpus.agency_cell_blocks`
 * (agency_id, province, city, byte_offset, byte_length), sorted by region and agency. The Agency
 * view reads an agency's cells with one range request instead of the `cells` table's many (see
 * ./cell-blocks.ts). One city at a time, streamed: a national corpus's blocks are gigabytes of
 * JSON, and one province's list aggregates (10^7 cells) took more than 18 GB. Over the catalogs
 * `out` (the corpus database) and `hot` (its hot file).
 */
export async function writeCellBlocks(c: DuckDBConnection, dir: string): Promise<CellBlocksEntry> {
  const path = join(dir, CELL_BLOCKS_FILE);
  // `=` or IS NULL, which push down to the scan of the table sorted by region (IS NOT DISTINCT FROM does not).
  const is = (col: string, v: unknown): string => (typeof v === 'string' ? `c.${col} = ${lit(v)}` : `c.${col} IS NULL`);
  const regions = (await c.runAndReadAll(`SELECT DISTINCT province, city FROM out.${CORPUS_DB_SCHEMA}.cells ORDER BY province NULLS LAST, city NULLS LAST`)).getRows()
    .map((r) => `${is('province', r[0])} AND ${is('city', r[1])}`);
  await c.run(`CREATE OR REPLACE TEMP TABLE blocks (agency_id VARCHAR NOT NULL, province VARCHAR, city VARCHAR, byte_offset BIGINT NOT NULL, byte_length INTEGER NOT NULL)`);
  const places = await c.createAppender('blocks', 'main', 'temp');
  const fd = openSync(path, 'w');
  let offset = 0;
  try {
    for (const where of regions) {
      const result = await c.stream(cellBlocksSelectSql(`out.${CORPUS_DB_SCHEMA}`, where));
      for await (const rows of result.yieldRowsJs()) {
        for (const [agencyId, province, city, block] of rows) {
          if (typeof agencyId !== 'string' || typeof block !== 'string') throw new Error(`cell block of ${JSON.stringify(agencyId)}: not text`);
          const gz = gzipSync(Buffer.from(block, 'utf8'));
          writeSync(fd, gz);
          places.appendVarchar(agencyId);
          if (typeof province === 'string') places.appendVarchar(province);
          else places.appendNull();
          if (typeof city === 'string') places.appendVarchar(city);
          else places.appendNull();
          places.appendBigInt(BigInt(offset));
          places.appendInteger(gz.length);
          places.endRow();
          offset += gz.length;
        }
      }
    }
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  } finally {
    closeSync(fd);
    places.closeSync();
  }
  await c.run(`CREATE OR REPLACE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_CELL_BLOCKS} AS SELECT * FROM temp.main.blocks ORDER BY province NULLS LAST, city NULLS LAST, agency_id`);
  await c.run('DROP TABLE temp.main.blocks');
  return { path: CELL_BLOCKS_FILE, bytes: statSync(path).size, sha256: await sha256File(path) };
}

/** Narratives fetched per query while the similarities are computed. */
const NARRATIVE_BATCH = 2000;

/**
 * The audit's narrative work for the whole corpus, into the hot file: `narrative_reports` (the
 * reports that have a narrative, what the audit pairs) and `narrative_similarity` (the similarity of
 * every consecutive-year pair, `narrativeSimilarity` over the two texts, as the audit computes it,
 * with both reports' regions and years). The audit then pairs without reading `report_texts` and
 * reads a pair's similarity instead of both texts; a pair not stored (a selection that pairs other
 * reports) is still computed from the texts. When every agency-year lies in one region
 * (`wholeAgencyYears`, the entry's `narrative_region`), a selection by region and year reads its
 * pairs by their columns, unpaired.
 * Over the catalogs `out` (the corpus database) and `hot` (its hot file).
 */
export async function writeNarratives(c: DuckDBConnection): Promise<true> {
  const hot = `hot.${CORPUS_DB_SCHEMA}`;
  await c.run(`CREATE TABLE ${hot}.${CORPUS_DB_NARRATIVE_REPORTS} AS SELECT report_id FROM out.${CORPUS_DB_SCHEMA}.report_texts WHERE narrative IS NOT NULL ORDER BY report_id`);
  // narrativeIdsSql names `report_texts` and `reports`: those of the database being written.
  await c.run(`SET search_path = 'out.${CORPUS_DB_SCHEMA}'`);
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const ids = (await c.runAndReadAll(narrativeIdsSql(EMPTY_FILTERS))).getRowObjectsJS().map((r) => ({
    reportId: text(r.report_id), agencyId: text(r.agency_id), year: typeof r.year === 'number' ? r.year : null,
  }));
  await c.run('RESET search_path');
  const pairs = consecutivePairs(ids);
  // Appended here first, then stored with the current report's region and year, sorted by them.
  await c.run(`CREATE TEMP TABLE pairs (prev_report_id VARCHAR NOT NULL, report_id VARCHAR NOT NULL, score DOUBLE NOT NULL, jaccard DOUBLE NOT NULL, prev_chars INTEGER NOT NULL, chars INTEGER NOT NULL, comparable BOOLEAN NOT NULL)`);
  const out = await c.createAppender('pairs', 'main', 'temp');
  for (let i = 0; i < pairs.length; i += NARRATIVE_BATCH) {
    const batch = pairs.slice(i, i + NARRATIVE_BATCH);
    const wanted = [...new Set(batch.flatMap(([a, b]) => [a.reportId, b.reportId]))];
    const rows = (await c.runAndReadAll(`SELECT report_id, narrative FROM out.${CORPUS_DB_SCHEMA}.report_texts WHERE report_id IN (${wanted.map(lit).join(', ')})`)).getRowObjectsJS();
    const narrative = new Map(rows.map((r) => [text(r.report_id), text(r.narrative)]));
    for (const [prev, cur] of batch) {
      const sim = narrativeSimilarity(narrative.get(prev.reportId) ?? '', narrative.get(cur.reportId) ?? '');
      out.appendVarchar(prev.reportId);
      out.appendVarchar(cur.reportId);
      out.appendDouble(sim.score);
      out.appendDouble(sim.jaccard);
      out.appendInteger(sim.chars[0]);
      out.appendInteger(sim.chars[1]);
      out.appendBoolean(sim.comparable);
      out.endRow();
    }
  }
  out.closeSync();
  await c.run(`CREATE TABLE ${hot}.${CORPUS_DB_NARRATIVE_SIMILARITY} AS ${narrativePairsSelect('temp.main.pairs')}`);
  await c.run('DROP TABLE temp.main.pairs');
  return true;
}

/**
 * The stored narrative pairs (`NARRATIVE_SIMILARITY_COLUMNS`, from `pairs`) with both reports'
 * regions and years and the agency (`NARRATIVE_PAIRS_REGION_COLUMNS` in ./load.ts), sorted by the
 * later report's region, as `narrative_similarity` holds them. Over `out.corpus` (the database).
 */
function narrativePairsSelect(pairs: string): string {
  return `SELECT s.prev_report_id, s.report_id, s.score, s.jaccard, s.prev_chars, s.chars, s.comparable,
  r.province, r.city, r.district, r.year, r.agency_id, p.year AS prev_year, p.province AS prev_province, p.city AS prev_city, p.district AS prev_district
FROM ${pairs} s
JOIN out.${CORPUS_DB_SCHEMA}.reports r ON r.report_id = s.report_id
JOIN out.${CORPUS_DB_SCHEMA}.reports p ON p.report_id = s.prev_report_id
ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.agency_id, r.year, s.report_id`;
}

/**
 * Writes `<dir>/corpus.duckdb` from the corpus's Parquet files (every table in schema `corpus`) and
 * `<dir>/corpus-hot.duckdb`: `reports_wide` (reports ⨝ report_values, what `v_reports` is, sorted by
 * region so the filters skip row groups, followed by the audit's two flags per report),
 * `findings` (the checks that did not pass with their report's columns, `hotFindingsSelect`), when
 * every agency-year lies in one region `identical_tables` (the audit's identical-tables flags over
 * the whole corpus), and the audit's narrative pairs and similarities (`writeNarratives`), both with
 * their reports' regions (the `audit_region` layout, `CorpusHotEntry` in ./load.ts). The hot file
 * is what the dashboard and the audit read on nearly every step; the app
 * fetches it whole and reads it from memory, and the main file by HTTP ranges (bench/SCALE.md,
 * strategy 6). The main file in storage format v1.0.0, the hot file in v1.3.0 (both readable by
 * DuckDB-WASM 1.32's engine, DuckDB 1.4.3). Adds the
 * optional `database` entry to manifest.json. Throws when the folder is not a corpus.
 */
export async function writeCorpusDatabase(dir: string): Promise<CorpusDatabaseEntry> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: 不是语料目录（没有 manifest.json） / not a corpus folder (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { tables?: Record<string, { rows: number } | undefined> } & Record<string, unknown>;
  const listed = manifest.tables ?? {};
  const missing = CORPUS_TABLES.filter((t) => listed[t.name] && !existsSync(join(dir, `${t.name}.parquet`))).map((t) => `${t.name}.parquet`);
  if (missing.length > 0) throw new Error(`缺少 Parquet 文件 / Parquet files missing: ${missing.join(', ')}`);
  const file = join(dir, CORPUS_DB_FILE);
  const hotFile = join(dir, CORPUS_DB_HOT_FILE);
  const remove = (): void => {
    for (const f of [file, hotFile]) for (const x of [f, `${f}.wal`]) rmSync(x, { force: true });
    rmSync(join(dir, CELL_BLOCKS_FILE), { force: true });
  };
  remove();
  // Sorting a national corpus's cells (2×10^8 rows) spills: to a folder beside the corpus, removed
  // afterwards, not to DuckDB's default `.tmp` in whatever folder the command was run from.
  const spill = join(dir, '.duckdb-tmp');
  const inst = await DuckDBInstance.create(':memory:', { threads: '2', temp_directory: resolve(spill) });
  const c = await inst.connect();
  try {
    await c.run(`ATTACH ${lit(resolve(file))} AS out (STORAGE_VERSION 'v1.0.0')`);
    await c.run(`CREATE SCHEMA out.${CORPUS_DB_SCHEMA}`);
    const tables: string[] = [];
    for (const t of CORPUS_TABLES) {
      if (!listed[t.name]) continue;
      const order = tableOrder(t.name, t.columns.map((col) => col.name));
      const parquet = (name: string): string => `read_parquet(${lit(resolve(dir, `${name}.parquet`))})`;
      // cells also carries its report's agency and region, what v_agency_cells reads (year only to sort by).
      const select = t.name === 'cells'
        ? `SELECT c.*, r.agency_id, r.province, r.city FROM ${parquet('cells')} c LEFT JOIN (SELECT report_id, agency_id, province, city, year FROM ${parquet('reports')}) r ON r.report_id = c.report_id${order}`
        : `SELECT * FROM ${parquet(t.name)}${order}`;
      await c.run(`CREATE TABLE out.${CORPUS_DB_SCHEMA}.${t.name} AS ${select}`);
      tables.push(t.name);
    }
    // v1.3.0 storage (DICT_FSST strings) for the hot file: its findings repeat a few long key lists
    // per rule, 54 → 3.4 MB at 105k reports, and it is held in the page's memory whole.
    await c.run(`ATTACH ${lit(resolve(hotFile))} AS hot (STORAGE_VERSION 'v1.3.0')`);
    await c.run(`CREATE SCHEMA hot.${CORPUS_DB_SCHEMA}`);
    // The wide view materialised once: every dashboard query reads it, and a join per query costs more than the table.
    await c.run(`USE out.${CORPUS_DB_SCHEMA}`);
    // With the audit's two flags per report at the end (AUDIT_REPORT_FLAGS): each was a probe per audit.
    const gap = tables.includes('checks') ? `report_id IN (SELECT report_id FROM checks WHERE rule_id = 'STRUCT-TABLES' AND status <> 'pass')` : 'false';
    const narrative = tables.includes('report_texts') ? 'report_id IN (SELECT report_id FROM report_texts WHERE narrative IS NOT NULL)' : 'false';
    await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_WIDE} AS SELECT *, ${gap} AS audit_tables_gap, ${narrative} AS audit_has_narrative
FROM (${WIDE_SELECT_SQL}) ORDER BY province, city, agency_id, year`);
    if (tables.includes('checks')) await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_FINDINGS} AS ${hotFindingsSelect(`out.${CORPUS_DB_SCHEMA}`)}`);
    const rollup = await writeRollup(c);
    const whole = await wholeAgencyYears(c);
    const identical = tables.includes('cells') && whole ? await writeIdenticalTables(c) : false;
    const narratives = tables.includes('report_texts') ? await writeNarratives(c) : false;
    const blocks = tables.includes('cells') ? await writeCellBlocks(c, dir) : null;
    await c.run('USE memory');
    await c.run('DETACH out');
    await c.run('DETACH hot');
    const hot: CorpusHotEntry = {
      path: CORPUS_DB_HOT_FILE, bytes: statSync(hotFile).size, sha256: await sha256File(hotFile),
      ...(identical ? { identical_min_cells: MIN_IDENTICAL_CELLS } : {}), ...(narratives ? { narratives: true } : {}),
      ...(tables.includes('checks') ? { findings_reports: true, findings_by_status: true } : {}), audit_region: true, ...(narratives && whole ? { narrative_region: true } : {}),
      ...(identical ? { identical_key_ids: true } : {}), ...(blocks ? { cell_blocks: { ...blocks } } : {}), rollup,
    };
    const entry: CorpusDatabaseEntry = { path: CORPUS_DB_FILE, bytes: statSync(file).size, sha256: await sha256File(file), tables, wide: CORPUS_DB_WIDE, agency_cells: tables.includes('cells'), hot };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, database: entry }, null, 2));
    return entry;
  } catch (e) {
    remove();
    throw e;
  } finally {
    c.closeSync();
    inst.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}

/**
 * Writes the reports' rollup (`rollupSelectSql` over the wide table) into
 * `hot.corpus.report_rollup`, sorted by its keys, replacing one already there: what
 * `v_report_rollup` reads instead of grouping every report when read (10^6 reports: 7,553 rows).
 * Returns the columns it stores past its keys, for the manifest's hot entry (`CorpusHotEntry.rollup`).
 */
export async function writeRollup(c: DuckDBConnection): Promise<string[]> {
  const table = `hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_ROLLUP}`;
  await c.run(`DROP TABLE IF EXISTS ${table}`);
  await c.run(`CREATE TABLE ${table} AS ${rollupSelectSql(`hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_WIDE}`)}
ORDER BY ${ROLLUP_ROW_KEYS.join(', ')}`);
  return [ROLLUP_SPLIT, ...ROLLUP_PARTS.map(([name]) => name)];
}

/**
 * Gives a corpus database written before it, or before the metric catalogue's current parts, the
 * rollup (`writeRollup`) without writing the rest again: the hot file gains the table, and the
 * manifest's hot entry its new size, hash and rollup columns. Throws when the folder has no
 * database with a hot file.
 */
export async function addRollup(dir: string): Promise<CorpusDatabaseEntry> {
  return addToHotFile(dir, (entry) => (entry.hot ? null : '没有含热文件的语料数据库 / no corpus database with a hot file'), false, async (c) => ({ rollup: await writeRollup(c) }));
}

/**
 * Adds the agency cell blocks (`writeCellBlocks`) to a corpus database written before they
 * existed, without writing the rest again (a national corpus's main file takes half an hour): the
 * main file is read, the hot file gains the blocks' table, and the manifest's hot entry its new
 * size and hash and the blocks file. Throws when the folder has no database with a hot file and cells.
 */
export async function addCellBlocks(dir: string): Promise<CorpusDatabaseEntry> {
  return addToHotFile(dir, (entry) => (entry.hot && entry.tables.includes('cells') ? null : '没有含单元格与热文件的语料数据库 / no corpus database with cells and a hot file'), true,
    async (c) => ({ cell_blocks: { ...(await writeCellBlocks(c, dir)) } }));
}

/**
 * Adds to the hot file of the corpus database in `dir` what `work` writes, in place: `work` runs with
 * the hot file attached as `hot` (and, with `main`, the main file read-only as `out`) and returns
 * what the manifest's hot entry gains; the entry also gets the hot file's new size and hash. Throws
 * `refuse`'s message when it refuses the manifest's database entry (or there is none).
 */
async function addToHotFile(
  dir: string, refuse: (entry: CorpusDatabaseEntry) => string | null, main: boolean, work: (c: DuckDBConnection) => Promise<Partial<CorpusHotEntry>>,
): Promise<CorpusDatabaseEntry> {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { database?: CorpusDatabaseEntry } & Record<string, unknown>;
  const entry = manifest.database;
  const refused = entry ? refuse(entry) : '没有语料数据库 / no corpus database';
  if (!entry?.hot || refused !== null) throw new Error(`${manifestPath}: ${refused ?? '没有热文件 / no hot file'}`);
  const hotFile = join(dir, entry.hot.path);
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await inst.connect();
  let gained: Partial<CorpusHotEntry>;
  try {
    if (main) await c.run(`ATTACH ${lit(resolve(join(dir, entry.path)))} AS out (READ_ONLY)`);
    await c.run(`ATTACH ${lit(resolve(hotFile))} AS hot`);
    gained = await work(c);
    if (main) await c.run('DETACH out');
    await c.run('DETACH hot');
  } finally {
    c.closeSync();
    inst.closeSync();
  }
  const updated: CorpusDatabaseEntry = { ...entry, hot: { ...entry.hot, ...gained, bytes: statSync(hotFile).size, sha256: await sha256File(hotFile) } };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, database: updated }, null, 2));
  return updated;
}

/**
 * Gives a corpus database written before them the audit's latest hot-file columns, without redoing
 * the rest (a national corpus's database takes half an hour): the narrative pairs both reports'
 * regions (`narrative_region`) and the identical-tables flags their keys' numbers
 * (`identical_key_ids`). The hot file is written again (`rewriteHotFile`), those two tables with
 * their new columns. Throws when the folder's database has no hot file with the audit's region layout.
 */
export async function addAuditColumns(dir: string): Promise<CorpusDatabaseEntry> {
  return rewriteHotFile(
    dir,
    (entry) => (entry.hot?.audit_region === true ? null : '没有含审查分区布局的热文件 / no hot file with the audit\'s region layout'),
    (t, old) => {
      if (t === CORPUS_DB_IDENTICAL || t === CORPUS_DB_IDENTICAL_KEYS) return null;
      return t === CORPUS_DB_NARRATIVE_SIMILARITY ? narrativePairsSelect(old) : undefined;
    },
    async (c, hot, tables) => {
      const identical = tables.includes(CORPUS_DB_IDENTICAL);
      if (identical) await writeIdenticalKeyIds(c, `(SELECT ${IDENTICAL_REGION_COLUMNS.join(', ')} FROM old.${CORPUS_DB_SCHEMA}.${CORPUS_DB_IDENTICAL})`);
      const whole = await wholeAgencyYears(c);
      const { narrative_region: _n, identical_key_ids: _k, ...rest } = hot;
      return { ...rest, ...(whole && rest.narratives === true ? { narrative_region: true } : {}), ...(identical ? { identical_key_ids: true } : {}) };
    },
  );
}

/**
 * Sorts the findings of a corpus database written before `findings_by_status` by status first, as
 * `hotFindingsSelect` now writes them, without redoing the rest: the hot file is written again
 * (`rewriteHotFile`), its findings in the new order. Throws when the folder's database has no hot
 * file whose findings carry their report's columns (`findings_reports`).
 */
export async function sortFindingsByStatus(dir: string): Promise<CorpusDatabaseEntry> {
  return rewriteHotFile(
    dir,
    (entry) => (entry.hot?.findings_reports === true ? null : '没有含报告列的检查结果热文件 / no hot file whose findings carry their report\'s columns'),
    (t, old) => (t === CORPUS_DB_FINDINGS ? `SELECT * FROM ${old} ORDER BY ${FINDINGS_ORDER.join(', ')}` : undefined),
    (_c, hot) => Promise.resolve({ ...hot, findings_by_status: true }),
  );
}

/**
 * Writes the hot file of the corpus database in `dir` again and puts it in the old one's place:
 * every table of the old file (attached as `old`) copied in its order into a new file in the storage
 * version `writeCorpusDatabase` gives it (attached as `hot`, with the main file read-only as `out`),
 * each as `select` gives it from the old table's name (undefined: as it is; null: not copied), then
 * `more` (given the old file's tables) writes what else it needs and returns the manifest's new hot
 * entry from the old one. The manifest's entry gets it with the new file's size and hash. Throws
 * `refuse`'s message when it refuses the manifest's database entry (or there is none).
 */
async function rewriteHotFile(
  dir: string,
  refuse: (entry: CorpusDatabaseEntry) => string | null,
  select: (table: string, old: string) => string | null | undefined,
  more: (c: DuckDBConnection, hot: CorpusHotEntry, tables: readonly string[]) => Promise<CorpusHotEntry>,
): Promise<CorpusDatabaseEntry> {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { database?: CorpusDatabaseEntry } & Record<string, unknown>;
  const entry = manifest.database;
  const refused = entry ? refuse(entry) : '没有语料数据库 / no corpus database';
  if (!entry?.hot || refused !== null) throw new Error(`${manifestPath}: ${refused ?? '没有热文件 / no hot file'}`);
  const hotFile = join(dir, entry.hot.path);
  const next = `${hotFile}.new`;
  rmSync(next, { force: true });
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await inst.connect();
  let hot: CorpusHotEntry;
  try {
    await c.run(`ATTACH ${lit(resolve(join(dir, entry.path)))} AS out (READ_ONLY)`);
    await c.run(`ATTACH ${lit(resolve(hotFile))} AS old (READ_ONLY)`);
    await c.run(`ATTACH ${lit(resolve(next))} AS hot (STORAGE_VERSION 'v1.3.0')`);
    await c.run(`CREATE SCHEMA hot.${CORPUS_DB_SCHEMA}`);
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'old' AND schema_name = ${lit(CORPUS_DB_SCHEMA)} ORDER BY table_name`)).getRows().map((r) => String(r[0]));
    for (const t of tables) {
      const old = `old.${CORPUS_DB_SCHEMA}.${t}`;
      const from = select(t, old);
      if (from !== null) await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${t} AS ${from ?? `SELECT * FROM ${old}`}`);
    }
    hot = await more(c, entry.hot, tables);
    for (const db of ['out', 'old', 'hot']) await c.run(`DETACH ${db}`);
  } catch (e) {
    rmSync(next, { force: true });
    throw e;
  } finally {
    c.closeSync();
    inst.closeSync();
  }
  renameSync(next, hotFile);
  const updated: CorpusDatabaseEntry = { ...entry, hot: { ...hot, bytes: statSync(hotFile).size, sha256: await sha256File(hotFile) } };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, database: updated }, null, 2));
  return updated;
}

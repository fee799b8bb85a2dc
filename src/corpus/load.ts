/**
 * Loading a corpus into DuckDB, in the browser and in Node alike (bytes in, no fetch inside).
 *
 * Loading is atomic: every file goes into staging tables, is validated against
 * `src/corpus/schema.ts`, and only then are the live tables (every table of `CORPUS_TABLES`; an
 * optional table the files do not hold becomes empty) replaced, in one transaction. On any error the corpus already loaded stays
 * as it was and the error names the file and the problem in Chinese and English.
 */
import type { DbConnector } from '../db/connector';
import { parseManifest } from './manifest';
import { AGENCY_CELLS_REGION, CORPUS_TABLES, FINDINGS_CHECK_COLUMNS, FINDINGS_REPORT_COLUMNS, FINDINGS_VIEW_COLUMNS, HELPER_VIEWS, INTERNAL_TABLES, INTERNAL_VIEWS, PRECOMPUTED_VIEWS, REPORT_METRICS_VIEW, REPORT_ROLLUP_TABLE, REPORT_ROLLUP_VIEW, REPORTS, type CorpusTableName, type TableSpec } from './schema';
import { REPORT_METRICS_COLUMNS, ROLLUP_PARTS, ROLLUP_ROW_KEYS, ROLLUP_SPLIT, rollupSelectSql } from '../queries/metrics';
import { MIN_IDENTICAL_CELLS } from '../audit/copies';
import { CELL_BLOCK_PLACE_COLUMNS, CELL_BLOCKS_VIEW, CORPUS_DB_CELL_BLOCKS } from './cell-blocks';
import { sqlString } from '../queries/sql';
import { CorpusLoadError, engineMessage, fail, type LoadError } from '../db/staging/messages';
import { columnsOf, detectFormat, q, readCsv, readParquet } from '../db/staging/read';
import { checkReferences, recogniseTable, stageTyped } from '../db/staging/stage';

export interface CorpusSummary {
  /** What the indicator calls the corpus (e.g. 默认语料 or the dropped file names). */
  label: string;
  reports: number;
  agencies: number;
  years: number[];
  /** True when any report is synthetic: the UI must say so. */
  synthetic: boolean;
  /** The files the corpus was loaded from. */
  sources: string[];
}

/** On failure `zh`/`en` describe the problem and `file` names the file it is in (absent when no one file is at fault). */
export type LoadOutcome = { ok: true; summary: CorpusSummary } | { ok: false; error: { zh: string; en: string; file?: string } };

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}

/** What `v_reports` is: every report with its wide values. */
export const WIDE_SELECT_SQL = `SELECT r.*, v.* EXCLUDE (report_id)
FROM reports r
LEFT JOIN report_values v ON v.report_id = r.report_id`;

/**
 * What `v_agency_cells` is over loaded tables: every cell with its report's agency, province and
 * city in front. A prebuilt database stores this very table sorted by province, city and agency,
 * so one agency's cells (filtered by its region too) or one region's are a few row groups there
 * (`attachedViewsSql`).
 */
export const AGENCY_CELLS_SELECT_SQL = `SELECT r.agency_id, r.province, r.city, c.*
FROM cells c
JOIN reports r ON r.report_id = c.report_id`;

/**
 * What `v_findings` is over loaded tables: every check that did not pass, with its report's
 * agency and filter columns (`FINDINGS_VIEW_COLUMNS`); a check whose report is missing is left out,
 * as a join with `reports` leaves it out. A prebuilt database's hot file stores this very table
 * sorted by region and agency (`writeCorpusDatabase` in ./database-node.ts), so the audit and the
 * overview read findings without joining a million reports, and one agency's are one row group.
 */
/** `v_findings`'s columns over `checks c` joined with `reports r` (the view's, and the hot file's before `check_agency_id`). */
export const FINDINGS_SELECT_LIST = `c.report_id, ${FINDINGS_REPORT_COLUMNS.map((n) => `r.${n}`).join(', ')}, c.year AS check_year, ${FINDINGS_CHECK_COLUMNS.map((n) => `c.${n}`).join(', ')}`;

export const FINDINGS_SELECT_SQL = `SELECT ${FINDINGS_SELECT_LIST}
FROM checks c
JOIN reports r ON r.report_id = c.report_id
WHERE c.status <> 'pass'`;

/** `v_report_metrics` over loaded tables: the reports' fields and the figures the metrics read. */
const REPORT_METRICS_SELECT_SQL = `SELECT ${REPORT_METRICS_COLUMNS.map((c) => (REPORTS.columns.some((x) => x.name === c) ? `r.${q(c)}` : `v.${q(c)}`)).join(', ')}
FROM reports r
LEFT JOIN report_values v ON v.report_id = r.report_id`;

/** `v_report_rollup` computed when read, for an attached corpus without a stored rollup (or an older one). */
const ROLLUP_GROUPED_VIEW_SQL = `CREATE OR REPLACE VIEW ${REPORT_ROLLUP_VIEW} AS ${rollupSelectSql(REPORT_METRICS_VIEW)}`;

/** `v_report_rollup` over loaded tables: computed once per change of the corpus (`REPORT_ROLLUP_TABLE`). */
const ROLLUP_TABLE_SQL = `CREATE OR REPLACE TABLE ${REPORT_ROLLUP_TABLE} AS ${rollupSelectSql(REPORT_METRICS_VIEW)};
CREATE OR REPLACE VIEW ${REPORT_ROLLUP_VIEW} AS SELECT * FROM ${REPORT_ROLLUP_TABLE}`;

/** Helper views the query builders use; recreated after every load. */
export const VIEWS_SQL = `CREATE OR REPLACE VIEW v_reports AS
${WIDE_SELECT_SQL};
CREATE OR REPLACE VIEW ${REPORT_METRICS_VIEW} AS
${REPORT_METRICS_SELECT_SQL};
${ROLLUP_TABLE_SQL};
CREATE OR REPLACE VIEW v_agency_cells AS
${AGENCY_CELLS_SELECT_SQL};
CREATE OR REPLACE VIEW v_findings AS
${FINDINGS_SELECT_SQL}`;

const STAGE = '__atlas_stage_';

/** The schema inside a prebuilt `corpus.duckdb` that holds the corpus tables. */
export const CORPUS_DB_SCHEMA = 'corpus';
/** The table of a prebuilt `corpus.duckdb` that holds `v_reports` materialised. */
export const CORPUS_DB_WIDE = 'reports_wide';
/** The catalog name a prebuilt corpus database is attached under (loads add a sequence number). */
export const CORPUS_DB_ALIAS = 'corpus_db';

/** The table of a prebuilt hot file that holds every check whose status is not `pass`. */
export const CORPUS_DB_FINDINGS = 'findings';
/** The table of a prebuilt hot file that holds the reports' rollup (`v_report_rollup`). */
export const CORPUS_DB_ROLLUP = 'report_rollup';
/** The table of a prebuilt hot file that holds the identical-tables flags of the whole corpus. */
export const CORPUS_DB_IDENTICAL = 'identical_tables';
/** The table of a hot file with `identical_key_ids`: every key of the flags, numbered (`id`, `key`). */
export const CORPUS_DB_IDENTICAL_KEYS = 'identical_keys';
/** Tables of a prebuilt hot file with the reports that have a narrative, and each consecutive-year pair's similarity. */
export const CORPUS_DB_NARRATIVE_REPORTS = 'narrative_reports';
export const CORPUS_DB_NARRATIVE_SIMILARITY = 'narrative_similarity';
const NARRATIVE_SIMILARITY_COLUMNS = ['prev_report_id', 'report_id', 'score', 'jaccard', 'prev_chars', 'chars', 'comparable'] as const;
/**
 * What a hot file with `audit_region` adds for the audit: the region and year of each stored pair's
 * report (`AUDIT_REGION_COLUMNS`) and, for identical tables, of its previous report too, so a selection
 * by region and year is a filter on the pairs' own columns instead of a probe into the selection's
 * reports; the identical tables' keys as one space-separated text (a list of strings cost three
 * times the rest of the row to read); and two flags per report in the wide table.
 */
export const AUDIT_REGION_COLUMNS = ['province', 'city', 'district', 'year'] as const;
/** The audit's per-report flags in a hot file's wide table with `audit_region` (`reportContextSql`'s `tables_gap`, `has_narrative`). */
export const AUDIT_REPORT_FLAGS = ['audit_tables_gap', 'audit_has_narrative'] as const;
/** Its columns, those of `identicalTablesSql` (src/audit/sql.ts). */
export const IDENTICAL_COLUMNS = ['report_id', 'prev_report_id', 'agency_id', 'year', 'prev_year', 'table_id', 'keys'] as const;
/** `identical_tables` in a hot file with `audit_region`: `keys` as `keys_text`, and both reports' regions. */
export const IDENTICAL_REGION_COLUMNS = ['report_id', 'prev_report_id', 'agency_id', 'year', 'prev_year', 'table_id', 'keys_text', 'province', 'city', 'district', 'prev_province', 'prev_city', 'prev_district'] as const;
/** `narrative_similarity` in a hot file with `audit_region`: each pair with its current report's region and year. */
export const NARRATIVE_SIMILARITY_REGION_COLUMNS = [...NARRATIVE_SIMILARITY_COLUMNS, ...AUDIT_REGION_COLUMNS] as const;
/**
 * `narrative_similarity` in a hot file with `narrative_region`: each pair also with its agency and
 * its previous report's region and year, as `identical_tables` has them (`IDENTICAL_REGION_COLUMNS`).
 */
export const NARRATIVE_PAIRS_REGION_COLUMNS = [...NARRATIVE_SIMILARITY_REGION_COLUMNS, 'agency_id', 'prev_year', 'prev_province', 'prev_city', 'prev_district'] as const;

/** The columns of a hot file's `narrative_similarity` that its entry announces (and `v_narrative_similarity` offers). */
function narrativeSimilarityColumns(hot: CorpusHotEntry | undefined): readonly string[] {
  if (hot?.audit_region !== true) return NARRATIVE_SIMILARITY_COLUMNS;
  return hot.narrative_region === true ? NARRATIVE_PAIRS_REGION_COLUMNS : NARRATIVE_SIMILARITY_REGION_COLUMNS;
}

/**
 * The optional hot file beside a prebuilt `corpus.duckdb`: what nearly every dashboard and audit
 * statement reads (`v_reports` materialised as `wide`, and the checks that did not pass as
 * `findings`), small enough to be fetched whole and read from memory, where the main file is read
 * by HTTP ranges block by block.
 */
export interface CorpusHotEntry {
  path: string;
  bytes: number;
  sha256: string;
  /**
   * Set when the file holds `identical_tables`: the identical-tables flags of the whole corpus,
   * computed with this minimum of shared cells (the audit uses them only when it is its own).
   */
  identical_min_cells?: number;
  /** True when the file holds `narrative_reports` and `narrative_similarity` (`writeNarratives` in ./database-node.ts). */
  narratives?: boolean;
  /**
   * True when `findings` has the layout of `HOT_FINDINGS_COLUMNS` (each finding with its report's
   * columns, sorted by region and agency; by status first with `findings_by_status`), which
   * `v_findings` reads as it is. Older files hold the `checks` columns only; `v_findings` then joins
   * them with `reports`.
   */
  findings_reports?: boolean;
  /**
   * True when `findings` is sorted by status first, then by region and agency (`hotFindingsSelect` in
   * ./database-node.ts): a statement over one status reads that status's row groups alone (at 10^6
   * reports 28,904 failures among 1.1 million findings, the rest uncertain), and a region's rows of
   * each status are still together. Older files are sorted by region alone and read the same, slower.
   */
  findings_by_status?: boolean;
  /**
   * When the file holds `agency_cell_blocks`: the place of every agency's cells in this file beside
   * it (`writeCellBlocks` in ./database-node.ts, ./cell-blocks.ts), which the live view
   * `v_agency_cell_blocks` names, so the Agency view reads an agency's cells with one range request.
   */
  cell_blocks?: { path: string; bytes: number; sha256: string };
  /**
   * True when the file has the audit's region layout (`writeCorpusDatabase` in ./database-node.ts):
   * the wide table ends with `AUDIT_REPORT_FLAGS`, `identical_tables` has `IDENTICAL_REGION_COLUMNS`
   * and `narrative_similarity` `NARRATIVE_SIMILARITY_REGION_COLUMNS`, both sorted by region. The
   * live views then offer `v_audit_reports` (the reports with their flags) and the pairs' regions.
   */
  audit_region?: boolean;
  /**
   * True when `narrative_similarity` has `NARRATIVE_PAIRS_REGION_COLUMNS` and every agency-year lies
   * in one region (as for the identical-tables flags): a selection by region and year then makes
   * exactly the stored pairs both of whose reports it holds, and the audit reads its pairs by their
   * own columns instead of pairing the selection's reports (`storedRegionNarrativesSql`).
   */
  narrative_region?: boolean;
  /**
   * True when `identical_tables` (with `audit_region`) also has `key_ids`, its keys as their numbers
   * in `identical_keys` (`id`, `key`), which the audit reads instead of `keys_text`.
   */
  identical_key_ids?: boolean;
  /**
   * When the file holds `report_rollup` (`writeRollup` in ./database-node.ts): the columns it stores
   * past `ROLLUP_KEYS` (`ROLLUP_SPLIT`, then the parts). `v_report_rollup` reads it when it has the
   * split agency-years' key and every part the metric catalogue names now (`ROLLUP_PARTS`), and
   * otherwise groups the reports when read.
   */
  rollup?: string[];
}

/**
 * The columns of a hot file's `findings` when its entry says `findings_reports`: `v_findings`'s
 * (the report's `agency_id` and `year` under those names; null when the report is missing) and
 * the check row's own `agency_id` as `check_agency_id`, so `checks` is served exactly as stored.
 */
export const HOT_FINDINGS_COLUMNS = [...FINDINGS_VIEW_COLUMNS, 'check_agency_id'] as const;

/**
 * The optional `database` entry of a corpus manifest: a prebuilt DuckDB file (storage v1.0.0) with
 * every listed table in schema `corpus` and `v_reports` materialised as `wide`. Attached read-only,
 * it is read in blocks on demand instead of being fetched and decoded whole. With `hot`, the wide
 * table and the findings are in the hot file instead, which is fetched whole.
 */
export interface CorpusDatabaseEntry {
  path: string;
  bytes: number;
  sha256: string;
  /** Corpus tables the file holds (`reports` and `report_values` at least). */
  tables: string[];
  wide: string;
  /**
   * True when the file's `cells` table also holds its report's `agency_id`, `province` and `city`
   * and is sorted by them: `v_agency_cells` then reads it directly. Older files lack it.
   */
  agency_cells?: boolean;
  hot?: CorpusHotEntry;
}

function hotEntry(h: unknown): CorpusHotEntry | null {
  if (typeof h !== 'object' || h === null) return null;
  const r = h as Record<string, unknown>;
  if (typeof r.path !== 'string' || r.path === '' || typeof r.bytes !== 'number' || typeof r.sha256 !== 'string') return null;
  const blocks = blocksEntry(r.cell_blocks);
  const rollup = stringList(r.rollup);
  return {
    path: r.path, bytes: r.bytes, sha256: r.sha256,
    ...(typeof r.identical_min_cells === 'number' ? { identical_min_cells: r.identical_min_cells } : {}), ...(r.narratives === true ? { narratives: true } : {}),
    ...(r.findings_reports === true ? { findings_reports: true } : {}), ...(r.findings_by_status === true ? { findings_by_status: true } : {}),
    ...(r.audit_region === true ? { audit_region: true } : {}),
    ...(r.narrative_region === true ? { narrative_region: true } : {}), ...(r.identical_key_ids === true ? { identical_key_ids: true } : {}),
    ...(rollup ? { rollup } : {}),
    ...(blocks ? { cell_blocks: blocks } : {}),
  };
}

/** A list of strings as it is, or null for anything else. */
function stringList(x: unknown): string[] | null {
  if (!Array.isArray(x)) return null;
  const out: string[] = [];
  for (const v of x as unknown[]) {
    if (typeof v !== 'string') return null;
    out.push(v);
  }
  return out;
}

/** The hot entry's `cell_blocks` when it is well formed (a plain file name beside the corpus), else undefined: then no block is read. */
function blocksEntry(b: unknown): CorpusHotEntry['cell_blocks'] {
  if (typeof b !== 'object' || b === null) return undefined;
  const r = b as Record<string, unknown>;
  if (typeof r.path !== 'string' || !/^[\w.-]+$/.test(r.path) || typeof r.bytes !== 'number' || typeof r.sha256 !== 'string') return undefined;
  return { path: r.path, bytes: r.bytes, sha256: r.sha256 };
}

/** Whether the hot file's rollup has every column the metric catalogue's rollups read. */
export function storedRollup(entry: CorpusDatabaseEntry): boolean {
  const stored = new Set(entry.hot?.rollup ?? []);
  return stored.has(ROLLUP_SPLIT) && ROLLUP_PARTS.every(([name]) => stored.has(name));
}

/** Whether the hot file's identical-tables flags are the ones the audit computes (same minimum of cells). */
function usableIdentical(entry: CorpusDatabaseEntry): boolean {
  return entry.hot?.identical_min_cells === MIN_IDENTICAL_CELLS;
}

/** Whether the usable identical-tables flags of a region layout carry their keys' numbers (`identical_key_ids`). */
function keyIds(entry: CorpusDatabaseEntry): boolean {
  return usableIdentical(entry) && entry.hot?.audit_region === true && entry.hot.identical_key_ids === true;
}

/** The manifest's `database` entry when it is well formed, else null (the loader then reads the Parquet files). */
export function corpusDatabaseEntry(manifest: unknown): CorpusDatabaseEntry | null {
  if (typeof manifest !== 'object' || manifest === null || !('database' in manifest)) return null;
  const d: unknown = manifest.database;
  if (typeof d !== 'object' || d === null) return null;
  const r = d as Record<string, unknown>;
  const tables = Array.isArray(r.tables) ? r.tables.filter((t): t is string => typeof t === 'string') : [];
  if (typeof r.path !== 'string' || r.path === '' || typeof r.bytes !== 'number' || typeof r.sha256 !== 'string' || typeof r.wide !== 'string') return null;
  if (!tables.includes('reports') || !tables.includes('report_values')) return null;
  const hot = r.hot === undefined ? undefined : hotEntry(r.hot);
  // A hot entry that is there but malformed: the wide table is in no file the loader can name.
  if (hot === null) return null;
  return { path: r.path, bytes: r.bytes, sha256: r.sha256, tables, wide: r.wide, ...(r.agency_cells === true ? { agency_cells: true } : {}), ...(hot ? { hot } : {}) };
}

/**
 * The live objects over an attached corpus database: one view per corpus table (columns in schema
 * order, so a query reads only the columns it names), an empty table for a table the file lacks,
 * and `v_reports` over the materialised wide table. With a hot file attached as `hotAlias`,
 * `v_reports` and `reports` read its wide table, and `checks` is its findings followed by the main
 * file's passed checks (stored first-by-status there, so the `pass` filter skips every other row
 * group and a filter on another status reads none of them); `v_identical_tables` reads its
 * identical-tables flags when they were computed as the audit computes them, and
 * `v_narrative_reports` / `v_narrative_similarity` its narrative pairs when it has them.
 */
export function attachedViewsSql(entry: CorpusDatabaseEntry, alias: string = CORPUS_DB_ALIAS, hotAlias?: string): string[] {
  const src = (name: string): string => `${q(alias)}.${q(CORPUS_DB_SCHEMA)}.${q(name)}`;
  const hot = entry.hot !== undefined && hotAlias !== undefined ? (name: string): string => `${q(hotAlias)}.${q(CORPUS_DB_SCHEMA)}.${q(name)}` : null;
  const cols = (t: TableSpec): string => t.columns.map((c) => q(c.name)).join(', ');
  const out = CORPUS_TABLES.map((t) => {
    if (hot && t.name === 'reports') return `CREATE OR REPLACE VIEW ${q(t.name)} AS SELECT ${cols(t)} FROM ${hot(entry.wide)}`;
    if (hot && t.name === 'checks' && entry.tables.includes('checks')) {
      // The hot findings name the check row's agency and year apart from its report's.
      const stored = entry.hot?.findings_reports === true
        ? t.columns.map((c) => (c.name === 'agency_id' ? `check_agency_id AS agency_id` : c.name === 'year' ? `check_year AS year` : q(c.name))).join(', ')
        : cols(t);
      return `CREATE OR REPLACE VIEW ${q(t.name)} AS SELECT ${stored} FROM ${hot(CORPUS_DB_FINDINGS)} UNION ALL SELECT ${cols(t)} FROM ${src(t.name)} WHERE status = 'pass'`;
    }
    return entry.tables.includes(t.name) ? `CREATE OR REPLACE VIEW ${q(t.name)} AS SELECT ${cols(t)} FROM ${src(t.name)}` : emptyTableSql(t);
  });
  const region = hot !== null && entry.hot?.audit_region === true;
  // The audit's flags stay out of v_reports, which has the same columns however the corpus was loaded.
  out.push(`CREATE OR REPLACE VIEW v_reports AS SELECT *${region ? ` EXCLUDE (${AUDIT_REPORT_FLAGS.map(q).join(', ')})` : ''} FROM ${(hot ?? src)(entry.wide)}`);
  out.push(`CREATE OR REPLACE VIEW ${REPORT_METRICS_VIEW} AS SELECT ${REPORT_METRICS_COLUMNS.map(q).join(', ')} FROM ${(hot ?? src)(entry.wide)}`);
  out.push(hot && storedRollup(entry)
    ? `CREATE OR REPLACE VIEW ${REPORT_ROLLUP_VIEW} AS SELECT ${[...ROLLUP_ROW_KEYS, ...ROLLUP_PARTS.map(([name]) => name)].map(q).join(', ')} FROM ${hot(CORPUS_DB_ROLLUP)}`
    : ROLLUP_GROUPED_VIEW_SQL);
  if (hot && region) {
    const reports = CORPUS_TABLES.find((t) => t.name === 'reports');
    out.push(`CREATE OR REPLACE VIEW v_audit_reports AS SELECT ${[...(reports?.columns.map((c) => c.name) ?? []), ...AUDIT_REPORT_FLAGS].map(q).join(', ')} FROM ${hot(entry.wide)}`);
  }
  if (hot && entry.hot?.narratives === true) {
    out.push(`CREATE OR REPLACE VIEW v_narrative_reports AS SELECT report_id FROM ${hot(CORPUS_DB_NARRATIVE_REPORTS)}`);
    out.push(`CREATE OR REPLACE VIEW v_narrative_similarity AS SELECT ${narrativeSimilarityColumns(entry.hot).map(q).join(', ')} FROM ${hot(CORPUS_DB_NARRATIVE_SIMILARITY)}`);
  }
  const blocks = entry.hot?.cell_blocks;
  if (hot && blocks) {
    // With the file's name, so an answer says where its block is.
    out.push(`CREATE OR REPLACE VIEW ${CELL_BLOCKS_VIEW} AS SELECT agency_id, province, city, ${sqlString(blocks.path)} AS file, byte_offset, byte_length FROM ${hot(CORPUS_DB_CELL_BLOCKS)}`);
  }
  if (hot && usableIdentical(entry)) {
    // The keys as the list they are elsewhere; the audit reads `keys_text` as stored, or `key_ids`
    // (the keys' numbers in `v_identical_keys`) where the file has them.
    const cols = region ? IDENTICAL_REGION_COLUMNS.map((c) => (c === 'keys_text' ? `string_split(keys_text, ' ') AS keys, keys_text` : q(c))) : IDENTICAL_COLUMNS.map(q);
    const ids = keyIds(entry);
    out.push(`CREATE OR REPLACE VIEW v_identical_tables AS SELECT ${[...cols, ...(ids ? ['key_ids'] : [])].join(', ')} FROM ${hot(CORPUS_DB_IDENTICAL)}`);
    if (ids) out.push(`CREATE OR REPLACE VIEW v_identical_keys AS SELECT id, key FROM ${hot(CORPUS_DB_IDENTICAL_KEYS)}`);
  }
  const cells = CORPUS_TABLES.find((t) => t.name === 'cells');
  out.push(
    entry.agency_cells === true && cells
      ? `CREATE OR REPLACE VIEW v_agency_cells AS SELECT ${[...AGENCY_CELLS_REGION, ...cells.columns.map((c) => c.name)].map(q).join(', ')} FROM ${src('cells')}`
      : `CREATE OR REPLACE VIEW v_agency_cells AS ${AGENCY_CELLS_SELECT_SQL}`,
  );
  // agency_id is never null in `reports`: null here is a finding whose report is missing.
  out.push(
    hot && entry.hot?.findings_reports === true && entry.tables.includes('checks')
      ? `CREATE OR REPLACE VIEW v_findings AS SELECT ${FINDINGS_VIEW_COLUMNS.map(q).join(', ')} FROM ${hot(CORPUS_DB_FINDINGS)} WHERE agency_id IS NOT NULL`
      : `CREATE OR REPLACE VIEW v_findings AS ${FINDINGS_SELECT_SQL}`,
  );
  return out;
}

/** Drops the live corpus objects (tables or views: an attached corpus makes them views). */
async function dropLive(db: DbConnector): Promise<void> {
  const names = [...CORPUS_TABLES.map((t) => t.name), ...HELPER_VIEWS, ...INTERNAL_VIEWS, ...INTERNAL_TABLES, ...PRECOMPUTED_VIEWS];
  const r = await db.query(
    `SELECT table_name, table_type FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name IN (${names.map((n) => `'${n}'`).join(', ')})`,
  );
  // Views first: v_reports depends on the tables.
  const rows = [...r.rows].sort((a, b) => (a.table_type === 'VIEW' ? 0 : 1) - (b.table_type === 'VIEW' ? 0 : 1));
  for (const row of rows) await db.exec(`DROP ${row.table_type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${q(String(row.table_name))}`);
}

/**
 * What each database has attached for its live corpus (the main file's catalog, and the hot file's
 * catalog and registered buffer), to detach and free them when another corpus replaces it.
 */
interface Attached {
  readonly alias: string;
  readonly hot?: { readonly alias: string; readonly name: string };
}
const attachedBy = new WeakMap<DbConnector, Attached>();
let attachSeq = 0;

async function detach(db: DbConnector, a: Attached): Promise<void> {
  await db.exec(`DETACH DATABASE IF EXISTS ${q(a.alias)}`).catch(() => undefined);
  if (a.hot) {
    await db.exec(`DETACH DATABASE IF EXISTS ${q(a.hot.alias)}`).catch(() => undefined);
    await db.dropFile?.(a.hot.name).catch(() => undefined);
  }
}

async function detachPrevious(db: DbConnector, keep?: string): Promise<void> {
  const prev = attachedBy.get(db);
  if (prev === undefined || prev.alias === keep) return;
  await detach(db, prev);
  attachedBy.delete(db);
}

function emptyTableSql(t: TableSpec): string {
  return `CREATE OR REPLACE TABLE ${q(t.name)} (${t.columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`;
}

/** Creates empty live tables and views when none exist, so queries bind before any corpus is loaded. */
export async function ensureCorpusTables(db: DbConnector): Promise<void> {
  const r = await db.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'reports'`);
  if (Number(r.rows[0]?.n ?? 0) > 0) return;
  for (const t of CORPUS_TABLES) await db.exec(emptyTableSql(t));
  await db.exec(VIEWS_SQL);
}

/**
 * Runs `job` after every earlier job on the same database: loads, attaches, import acceptances and
 * undos all replace or append corpus tables and share staging names, so they never interleave.
 */
const queues = new WeakMap<DbConnector, Promise<unknown>>();
export function withCorpusLock<T>(db: DbConnector, job: () => Promise<T>): Promise<T> {
  const prev = queues.get(db) ?? Promise.resolve();
  const p = prev.then(job, job);
  queues.set(db, p.catch(() => undefined));
  return p;
}

function toOutcomeError(e: unknown): LoadOutcome {
  if (e instanceof CorpusLoadError) return { ok: false, error: e.detail };
  const m = engineMessage(e);
  return { ok: false, error: { zh: `载入语料失败：${m}`, en: `Loading the corpus failed: ${m}` } };
}

async function dropStaging(db: DbConnector): Promise<void> {
  const r = await db.query(`SELECT table_name FROM information_schema.tables WHERE starts_with(table_name, '${STAGE}')`);
  for (const row of r.rows) await db.exec(`DROP TABLE IF EXISTS ${q(String(row.table_name))}`);
}

/** What the corpus indicator shows about the live tables (counts, years, synthetic), under `label`. */
export async function summarise(db: DbConnector, label: string, sources: string[]): Promise<CorpusSummary> {
  const r = await db.query(
    `SELECT count(*) AS reports, count(DISTINCT agency_id) AS agencies, coalesce(bool_or(synthetic), false) AS synthetic,
       coalesce(list_sort(list(DISTINCT year) FILTER (WHERE year IS NOT NULL)), []) AS years
     FROM reports`,
  );
  const row = r.rows[0] ?? {};
  const years = Array.isArray(row.years) ? row.years.map(Number) : [];
  return { label, reports: Number(row.reports ?? 0), agencies: Number(row.agencies ?? 0), years, synthetic: row.synthetic === true, sources };
}

async function loadAll(db: DbConnector, files: readonly CorpusFile[], label: string, expectedRows?: Partial<Record<CorpusTableName, number>>): Promise<CorpusSummary> {
  if (files.length === 0) fail(undefined, '没有选择文件', 'No files were given');
  const staged = new Map<CorpusTableName, { file: string; table: string }>();
  await dropStaging(db);
  try {
    for (const [i, f] of files.entries()) {
      const format = detectFormat(f.name, f.bytes);
      if (!format) fail(f.name, '不支持的文件格式（需要 .parquet 或 .csv）', 'unsupported file format (expected .parquet or .csv)');
      const raw = `${STAGE}raw_${String(i)}`;
      if (format === 'csv') await readCsv(db, f.name, f.bytes, raw);
      else await readParquet(db, f.name, f.bytes, raw);
      const cols = await columnsOf(db, raw);
      const spec = recogniseTable(f.name, cols);
      const prior = staged.get(spec.name);
      if (prior) fail(f.name, `与 ${prior.file} 同为 ${spec.name} 表，一次只能载入一个`, `holds the ${spec.name} table, as ${prior.file} does; load one per table`);
      const typed = `${STAGE}${spec.name}`;
      await stageTyped(db, f.name, spec, raw, typed);
      await db.exec(`DROP TABLE ${q(raw)}`);
      staged.set(spec.name, { file: f.name, table: typed });
      const want = expectedRows?.[spec.name];
      if (want !== undefined) {
        const n = Number((await db.query(`SELECT count(*) AS n FROM ${q(typed)}`)).rows[0]?.n ?? -1);
        if (n !== want) fail(f.name, `应有 ${String(want)} 行，实有 ${String(n)} 行`, `expected ${String(want)} rows, found ${String(n)}`);
      }
    }
    if (!staged.has('reports')) {
      fail(undefined, '缺少 reports 表（每份年报一行），其他表无法单独载入', 'The reports table (one row per report) is missing; other tables cannot be loaded without it');
    }
    await checkReferences(db, staged);

    await db.exec('BEGIN TRANSACTION');
    try {
      await dropLive(db);
      for (const t of CORPUS_TABLES) {
        const s = staged.get(t.name);
        await db.exec(s ? `CREATE OR REPLACE TABLE ${q(t.name)} AS SELECT * FROM ${q(s.table)}` : emptyTableSql(t));
      }
      await db.exec(VIEWS_SQL);
      await db.exec('COMMIT');
    } catch (e) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw e;
    }
    await detachPrevious(db);
  } finally {
    await dropStaging(db).catch(() => undefined);
  }
  return summarise(db, label, files.map((f) => f.name));
}

/**
 * Loads files the user dropped or picked (Parquet or CSV of the corpus schema; one file per table,
 * `reports` required). The label of the result lists the file names.
 */
export function loadCorpusFiles(db: DbConnector, files: readonly CorpusFile[]): Promise<LoadOutcome> {
  return withCorpusLock(db, async () => {
    try {
      const summary = await loadAll(db, files, files.map((f) => f.name).join(', '));
      return { ok: true as const, summary };
    } catch (e) {
      return toOutcomeError(e);
    }
  });
}

async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  // crypto.subtle exists only in secure contexts (https, localhost); an intranet http page skips the hash check.
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
  if (!subtle) return null;
  const d = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Loads the corpus a `manifest.json` describes: `fetchBytes` is given paths relative to the
 * manifest's folder (`manifest.json`, then each table's Parquet file). Sizes, hashes (where the
 * platform can compute them) and row counts are checked against the manifest.
 */
export function loadCorpusFromManifest(db: DbConnector, fetchBytes: (path: string) => Promise<Uint8Array>, label: string): Promise<LoadOutcome> {
  return withCorpusLock(db, async () => {
    try {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(await fetchBytes('manifest.json')));
      } catch (e) {
        fail('manifest.json', `无法读取语料清单（${engineMessage(e)}）`, `the corpus manifest could not be read (${engineMessage(e)})`);
      }
      const parsed = parseManifest(json);
      if (!parsed.ok) fail('manifest.json', parsed.message.zh, parsed.message.en);
      const m = parsed.manifest;
      const files: CorpusFile[] = [];
      const rows: Partial<Record<CorpusTableName, number>> = {};
      const present: string[] = [];
      for (const t of CORPUS_TABLES) {
        const entry = m.tables[t.name];
        // Optional tables (narratives, diagnostics) are absent from manifests written before them.
        if (entry === undefined) continue;
        present.push(entry.parquet.path);
        const path = entry.parquet.path;
        let bytes: Uint8Array;
        try {
          bytes = await fetchBytes(path);
        } catch (e) {
          fail(path, `无法读取（${engineMessage(e)}）`, `could not be fetched (${engineMessage(e)})`);
        }
        if (bytes.length !== entry.parquet.bytes) {
          fail(path, `大小为 ${String(bytes.length)} 字节，清单写的是 ${String(entry.parquet.bytes)}`, `is ${String(bytes.length)} bytes; the manifest says ${String(entry.parquet.bytes)}`);
        }
        const hash = await sha256Hex(bytes);
        if (hash !== null && hash !== entry.parquet.sha256) fail(path, '内容哈希与清单不符（文件已损坏或被替换）', 'content hash differs from the manifest (corrupt or replaced file)');
        // Name the file after its table so recognition never depends on how the CLI named it.
        files.push({ name: `${t.name}.parquet`, bytes });
        rows[t.name] = entry.rows;
      }
      const summary = await loadAll(db, files, label, rows);
      summary.sources = present;
      summary.synthetic = summary.synthetic || m.synthetic;
      return { ok: true as const, summary };
    } catch (e) {
      return toOutcomeError(e);
    }
  });
}

/**
 * How a loader reaches a prebuilt database file: `ranges`, read block by block as queries need them
 * (the main file; in the browser an HTTP URL read with range requests); `whole`, fetched and held in
 * memory (the hot file; the caller checks its size and hash). Returns the name SQL attaches.
 */
export type RegisterDatabaseFile = (path: string, how: 'ranges' | 'whole') => Promise<string>;

/** Attaches `name` read-only as `alias`; a file DuckDB cannot open fails with the file named. */
async function attachFile(db: DbConnector, name: string, alias: string, path: string): Promise<void> {
  try {
    await db.exec(`ATTACH '${name.replace(/'/g, "''")}' AS ${q(alias)} (READ_ONLY)`);
  } catch (e) {
    fail(path, `不是可读的 DuckDB 数据库（${engineMessage(e)}）`, `not a readable DuckDB database (${engineMessage(e)})`);
  }
}

/** The tables (and their columns) in schema `corpus` of the attached catalog `alias`. */
async function attachedColumns(db: DbConnector, alias: string): Promise<Map<string, Set<string>>> {
  const cols = await db.query(
    `SELECT table_name, list(column_name) AS cols FROM information_schema.columns
     WHERE table_catalog = '${alias}' AND table_schema = '${CORPUS_DB_SCHEMA}' GROUP BY table_name`,
  );
  return new Map(cols.rows.map((r) => [String(r.table_name), new Set(Array.isArray(r.cols) ? r.cols.map(String) : [])]));
}

function requireColumns(have: Map<string, Set<string>>, table: string, columns: readonly string[], path: string): void {
  const c = have.get(table);
  if (!c) fail(path, `缺少 ${table} 表`, `lacks the ${table} table`);
  const missing = columns.filter((x) => !c.has(x));
  if (missing.length > 0) fail(path, `${table} 表缺少列 ${missing.join(', ')}`, `table ${table} lacks columns ${missing.join(', ')}`);
}

async function requireRows(db: DbConnector, alias: string, table: string, want: number, path: string): Promise<void> {
  const n = Number((await db.query(`SELECT count(*) AS n FROM ${q(alias)}.${q(CORPUS_DB_SCHEMA)}.${q(table)}`)).rows[0]?.n ?? -1);
  if (n !== want) fail(path, `${table} 表应有 ${String(want)} 行，实有 ${String(n)} 行`, `table ${table}: expected ${String(want)} rows, found ${String(n)}`);
}

/**
 * Loads the corpus a manifest with a `database` entry describes by attaching the prebuilt DuckDB
 * file read-only, and its hot file when the entry names one (see `RegisterDatabaseFile`). The
 * files' tables are checked against the schema and the manifest's row counts for reports and
 * report_values; the main file's size is checked by the caller (its hash is not: that would mean
 * reading the whole file, which this strategy exists to avoid). Atomic like the other loaders: on
 * failure the corpus already live stays.
 */
export function loadCorpusFromDatabase(db: DbConnector, manifestJson: unknown, register: RegisterDatabaseFile, label: string): Promise<LoadOutcome> {
  return withCorpusLock(db, async () => {
    let pending: { alias: string; hot?: { alias: string; name: string } } | null = null;
    try {
      const parsed = parseManifest(manifestJson);
      if (!parsed.ok) fail('manifest.json', parsed.message.zh, parsed.message.en);
      const entry = corpusDatabaseEntry(manifestJson);
      if (!entry) fail('manifest.json', '清单没有可用的 database 条目', 'the manifest has no usable database entry');
      const registered = async (path: string, how: 'ranges' | 'whole'): Promise<string> => {
        try {
          return await register(path, how);
        } catch (e) {
          fail(path, `无法读取（${engineMessage(e)}）`, `could not be read (${engineMessage(e)})`);
        }
      };
      const name = await registered(entry.path, 'ranges');
      attachSeq += 1;
      const alias = `${CORPUS_DB_ALIAS}_${String(attachSeq)}`;
      await attachFile(db, name, alias, entry.path);
      pending = { alias };
      const have = await attachedColumns(db, alias);
      for (const t of CORPUS_TABLES) if (entry.tables.includes(t.name)) requireColumns(have, t.name, t.columns.map((c) => c.name), entry.path);
      for (const t of ['reports', 'report_values'] as const) await requireRows(db, alias, t, parsed.manifest.tables[t].rows, entry.path);
      let hotAlias: string | undefined;
      if (entry.hot) {
        const hot = entry.hot;
        const hotName = await registered(hot.path, 'whole');
        hotAlias = `${alias}_hot`;
        pending = { alias, hot: { alias: hotAlias, name: hotName } };
        await attachFile(db, hotName, hotAlias, hot.path);
        const hotHave = await attachedColumns(db, hotAlias);
        if (!hotHave.has(entry.wide)) fail(hot.path, `缺少 ${entry.wide} 表`, `lacks the ${entry.wide} table`);
        await requireRows(db, hotAlias, entry.wide, parsed.manifest.tables.reports.rows, hot.path);
        if (hot.audit_region === true) requireColumns(hotHave, entry.wide, AUDIT_REPORT_FLAGS, hot.path);
        const checks = CORPUS_TABLES.find((t) => t.name === 'checks');
        if (checks && entry.tables.includes('checks')) requireColumns(hotHave, CORPUS_DB_FINDINGS, hot.findings_reports === true ? HOT_FINDINGS_COLUMNS : checks.columns.map((c) => c.name), hot.path);
        if (hot.narratives === true) {
          const need: [string, readonly string[]][] = [[CORPUS_DB_NARRATIVE_REPORTS, ['report_id']], [CORPUS_DB_NARRATIVE_SIMILARITY, narrativeSimilarityColumns(hot)]];
          for (const [table, cols] of need) {
            const missing = cols.filter((c) => !hotHave.get(table)?.has(c));
            if (missing.length > 0) fail(hot.path, `${table} 表缺少列 ${missing.join(', ')}`, `table ${table} lacks columns ${missing.join(', ')}`);
          }
        }
        if (hot.cell_blocks) requireColumns(hotHave, CORPUS_DB_CELL_BLOCKS, CELL_BLOCK_PLACE_COLUMNS, hot.path);
        if (usableIdentical(entry)) {
          const have = hotHave.get(CORPUS_DB_IDENTICAL);
          const missing = [...(hot.audit_region === true ? IDENTICAL_REGION_COLUMNS : IDENTICAL_COLUMNS), ...(keyIds(entry) ? ['key_ids'] : [])].filter((c) => !have?.has(c));
          if (missing.length > 0) fail(hot.path, `${CORPUS_DB_IDENTICAL} 表缺少列 ${missing.join(', ')}`, `table ${CORPUS_DB_IDENTICAL} lacks columns ${missing.join(', ')}`);
          if (keyIds(entry)) requireColumns(hotHave, CORPUS_DB_IDENTICAL_KEYS, ['id', 'key'], hot.path);
        }
      } else if (!have.has(entry.wide)) {
        fail(entry.path, `缺少 ${entry.wide} 表`, `lacks the ${entry.wide} table`);
      }
      await db.exec('BEGIN TRANSACTION');
      try {
        await dropLive(db);
        for (const s of attachedViewsSql(entry, alias, hotAlias)) await db.exec(s);
        await db.exec('COMMIT');
      } catch (e) {
        await db.exec('ROLLBACK').catch(() => undefined);
        throw e;
      }
      await detachPrevious(db, alias);
      attachedBy.set(db, pending);
      pending = null;
      const summary = await summarise(db, label, entry.hot ? [entry.path, entry.hot.path] : [entry.path]);
      summary.synthetic = summary.synthetic || parsed.manifest.synthetic;
      return { ok: true as const, summary };
    } catch (e) {
      if (pending !== null) await detach(db, pending);
      return toOutcomeError(e);
    }
  });
}

export type { LoadError };

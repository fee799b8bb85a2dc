/**
 * The prebuilt-database layout of a corpus (Node only, native DuckDB): `corpus.duckdb` beside the
 * Parquet files, which the app attaches read-only over HTTP range reads instead of decoding every
 * table in JS (`loadCorpusFromDatabase` in ./load.ts). This is the loading strategy for corpora of
 * 10^5–10^6 reports; see bench/SCALE.md for what it was measured against.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { MIN_IDENTICAL_CELLS } from '../audit/copies';
import { identicalTablesSql } from '../audit/sql';
import { EMPTY_FILTERS } from '../queries/filters';
import { CORPUS_DB_FINDINGS, CORPUS_DB_IDENTICAL, CORPUS_DB_SCHEMA, CORPUS_DB_WIDE, WIDE_SELECT_SQL, type CorpusDatabaseEntry, type CorpusHotEntry } from './load';
import { CORPUS_TABLES } from './schema';

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
 * table from ~330 to ~33 bytes a row (10k synthetic reports: 224 MB → 23 MB); the few failed and
 * uncertain rows the audit reads also end up in a handful of row groups its zone maps can pick.
 */
export function tableOrder(name: string, columns: readonly string[]): string {
  if (name === 'checks') return ' ORDER BY status, rule_id, scope, report_id';
  // Over the join in writeCorpusDatabase: cells c with its report r.
  if (name === 'cells') return ' ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.agency_id NULLS LAST, r.year NULLS LAST, c.report_id, c.key';
  return columns.includes('report_id') ? ' ORDER BY report_id' : '';
}

/**
 * Whether every agency-year's reports share one province, city and district. Then a selection by
 * region and year holds all or none of each agency-year's reports, and the identical-tables flags
 * of such a selection are exactly the whole corpus's flags whose two reports it holds (the audit's
 * `storedIdenticalTablesSql`). Over `out.corpus` (the database being written).
 */
async function wholeAgencyYears(c: DuckDBConnection): Promise<boolean> {
  const r = await c.runAndReadAll(`SELECT count(*) AS n FROM (
  SELECT 1 FROM out.${CORPUS_DB_SCHEMA}.reports WHERE year IS NOT NULL AND agency_id IS NOT NULL
  GROUP BY agency_id, year HAVING count(DISTINCT [province, city, district]) > 1
)`);
  return Number(r.getRows()[0]?.[0] ?? -1) === 0;
}

/**
 * Computes the audit's identical-tables flags over the whole corpus (`identicalTablesSql` with no
 * filter, the cells read from the stored `cells`, which carry their agency and region) into the hot
 * file's `identical_tables`: the audit then reads a region's flags instead of comparing its cells.
 */
async function writeIdenticalTables(c: DuckDBConnection): Promise<true> {
  // identicalTablesSql names `reports` (the database being written) and `v_agency_cells`.
  await c.run(`CREATE OR REPLACE VIEW memory.main.v_agency_cells AS SELECT * FROM out.${CORPUS_DB_SCHEMA}.cells`);
  await c.run(`SET search_path = 'out.${CORPUS_DB_SCHEMA},memory.main'`);
  await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_IDENTICAL} AS ${identicalTablesSql(EMPTY_FILTERS, MIN_IDENTICAL_CELLS)}`);
  await c.run(`RESET search_path`);
  await c.run('DROP VIEW memory.main.v_agency_cells');
  return true;
}

/**
 * Writes `<dir>/corpus.duckdb` from the corpus's Parquet files (every table in schema `corpus`) and
 * `<dir>/corpus-hot.duckdb`: `reports_wide` (reports ⨝ report_values, what `v_reports` is, sorted by
 * region so the filters skip row groups), `findings` (the checks that did not pass, in the order
 * of `checks`) and, when every agency-year lies in one region, `identical_tables` (the audit's
 * identical-tables flags over the whole corpus). The hot file is what the dashboard and the audit read on nearly every step; the app
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
    await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_WIDE} AS SELECT * FROM (${WIDE_SELECT_SQL}) ORDER BY province, city, agency_id, year`);
    if (tables.includes('checks')) {
      await c.run(`CREATE TABLE hot.${CORPUS_DB_SCHEMA}.${CORPUS_DB_FINDINGS} AS SELECT * FROM out.${CORPUS_DB_SCHEMA}.checks WHERE status IS DISTINCT FROM 'pass'${tableOrder('checks', ['status'])}`);
    }
    const identical = tables.includes('cells') && (await wholeAgencyYears(c)) ? await writeIdenticalTables(c) : false;
    await c.run('USE memory');
    await c.run('DETACH out');
    await c.run('DETACH hot');
    const hot: CorpusHotEntry = {
      path: CORPUS_DB_HOT_FILE, bytes: statSync(hotFile).size, sha256: await sha256File(hotFile), ...(identical ? { identical_min_cells: MIN_IDENTICAL_CELLS } : {}),
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

/** Shared helpers of the import tests: the shared corpus' files and manifest, the committed corpus in DuckDB. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_IDENTICAL_CELLS } from '../../src/audit/copies';
import { identicalTablesSql } from '../../src/audit/sql';
import { cleanMetaText, mapAgencyType } from '../../src/corpus/agency';
import { loadCorpusFromManifest } from '../../src/corpus/load';
import { parseMetaCsv, type MetaRow } from '../../src/corpus/meta';
import { CORPUS_TABLES, INTERNAL_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { applyEdits, parseImportFile, type ImportEnv } from '../../src/import/pipeline';
import type { ImportFile, ParsedImport } from '../../src/import/types';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { CORPUS_DIR, REPO_ROOT } from '../shared';

export const DATA_DIR = join(REPO_ROOT, 'data');

const meta = parseMetaCsv(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8')).index;

/** The shared manifest's row of a report. */
export function metaRow(id: string): MetaRow {
  const r = meta.byId.get(id);
  if (!r) throw new Error(`no manifest row ${id}`);
  return r;
}

/** A report of the shared corpus as the user would drop it (its bare file name). */
export function reportFile(id: string): ImportFile {
  const file = metaRow(id).file;
  if (file === null) throw new Error(`manifest row ${id} names no file`);
  return { relPath: file.split('/').pop() ?? file, bytes: new Uint8Array(readFileSync(join(CORPUS_DIR, file))) };
}

const cache = new Map<string, Promise<ParsedImport>>();

/** Parses a corpus report through the import pipeline (once per id and env; the result is immutable); throws when it did not parse. */
export function parsed(id: string, env: ImportEnv = {}): Promise<ParsedImport> {
  const key = `${id}|${JSON.stringify(env)}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = parseImportFile(reportFile(id), 0, env).then((item) => {
      if (!item.parsed) throw new Error(`${id} did not parse: ${item.failure?.message.en ?? '?'}`);
      return item.parsed;
    });
    cache.set(key, p);
  }
  return p;
}

/** Parses a corpus report and corrects its identity to what the shared manifest says (as a reviewer would). */
export async function parsedAsManifest(id: string, env: ImportEnv = {}): Promise<ParsedImport> {
  const m = metaRow(id);
  return applyEdits(await parsed(id, env), {
    agencyName: cleanMetaText(m.agency) ?? '',
    province: cleanMetaText(m.province),
    city: cleanMetaText(m.city),
    district: cleanMetaText(m.district),
    agencyType: mapAgencyType(m.agency_type) ?? undefined,
    year: m.year,
  });
}

/** Loads the committed default corpus (data/) into `db`. */
export async function loadDefault(db: DbConnector): Promise<void> {
  const out = await loadCorpusFromManifest(db, async (p) => new Uint8Array(await readFile(join(DATA_DIR, p))), 'default');
  if (!out.ok) throw new Error(out.error.en);
}

/** Every corpus table's full content in a fixed order, for before/after comparisons. */
export async function dump(db: DbConnector): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of CORPUS_TABLES) out[t.name] = (await db.query(`SELECT * FROM ${t.name} ORDER BY ALL`)).rows;
  return out;
}

/** Names of tables that are not corpus tables (scratch, staging, log). */
export async function otherTables(db: DbConnector): Promise<string[]> {
  const r = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name`);
  const corpus = new Set<string>([...CORPUS_TABLES.map((t) => t.name), ...INTERNAL_TABLES]);
  return r.rows.map((x) => String(x.table_name)).filter((n) => !corpus.has(n));
}

/** Deletes reports from every corpus table, as if the corpus had been built without them. */
export async function removeReports(db: DbConnector, ids: readonly string[]): Promise<void> {
  const list = ids.map((i) => `'${i}'`).join(', ');
  for (const t of CORPUS_TABLES) await db.exec(`DELETE FROM ${t.name} WHERE report_id IN (${list})`);
}

/**
 * Serves the loaded corpus the way an attached prebuilt `.duckdb` file does: every corpus table a
 * view over a table of another catalog, `v_reports` a view over a materialised wide table, and
 * `v_identical_tables` over flags computed beforehand.
 */
export async function serveAsViews(db: DbConnector): Promise<void> {
  await db.exec(`ATTACH ':memory:' AS src`);
  await db.exec('CREATE SCHEMA src.corpus');
  await db.exec('CREATE TABLE src.corpus.wide AS SELECT * FROM v_reports');
  await db.exec('DROP VIEW v_reports');
  for (const t of CORPUS_TABLES) {
    await db.exec(`CREATE TABLE src.corpus.${t.name} AS SELECT * FROM ${t.name}`);
    await db.exec(`DROP TABLE ${t.name}`);
    await db.exec(`CREATE VIEW ${t.name} AS SELECT * FROM src.corpus.${t.name}`);
  }
  await db.exec('CREATE VIEW v_reports AS SELECT * FROM src.corpus.wide');
  // And the flags a prebuilt database computes when it is written.
  await db.exec(`CREATE TABLE src.corpus.identical_tables AS ${identicalTablesSql(EMPTY_FILTERS, MIN_IDENTICAL_CELLS)}`);
  await db.exec('CREATE VIEW v_identical_tables AS SELECT * FROM src.corpus.identical_tables');
}
